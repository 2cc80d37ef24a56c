/**
 * Boolean expressions of the HDF REST API's queries: `GET /domains?query=` (over root-group attributes) and
 * `GET /datasets/{id}/value?query=` (over compound fields), e.g. `(temp > 32.0) & (dir == b'N')`,
 * `x1 == "hi" AND y2 > 42`, `open < 4000 where sym in (b'AAPL', b'EBAY')`.
 */
export class QueryError extends Error {}

type Tok =
  | { t: 'num'; v: number }
  | { t: 'str'; v: string }
  | { t: 'id'; v: string }
  | { t: 'op'; v: string };

export type Expr =
  | { k: 'lit'; v: number | string }
  | { k: 'var'; name: string }
  | { k: 'cmp'; op: string; a: Expr; b: Expr }
  | { k: 'and' | 'or'; a: Expr; b: Expr }
  | { k: 'not'; a: Expr };

export interface Query {
  expr?: Expr;
  /** `where field in (v1, v2, …)` */
  where?: { field: string; values: (number | string)[] };
}

function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const two = src.slice(i, i + 2);
    if (['==', '!=', '<=', '>='].includes(two)) {
      out.push({ t: 'op', v: two });
      i += 2;
      continue;
    }
    if ('<>()&|~,'.includes(c)) {
      out.push({ t: 'op', v: c });
      i++;
      continue;
    }
    const strStart = (c === 'b' || c === 'B') && (src[i + 1] === "'" || src[i + 1] === '"') ? i + 1 : c === "'" || c === '"' ? i : -1;
    if (strStart >= 0) {
      const q = src[strStart];
      const end = src.indexOf(q, strStart + 1);
      if (end < 0) throw new QueryError('unterminated string in query');
      out.push({ t: 'str', v: src.slice(strStart + 1, end) });
      i = end + 1;
      continue;
    }
    const num = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?/.exec(src.slice(i));
    if (num && (out.length === 0 || out[out.length - 1].t === 'op')) {
      out.push({ t: 'num', v: Number(num[0]) });
      i += num[0].length;
      continue;
    }
    const id = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(src.slice(i));
    if (id) {
      out.push({ t: 'id', v: id[0] });
      i += id[0].length;
      continue;
    }
    throw new QueryError(`unexpected character '${c}' in query`);
  }
  return out;
}

class Parser {
  private i = 0;
  constructor(private readonly toks: Tok[]) {}
  private peek(): Tok | undefined {
    return this.toks[this.i];
  }
  private isOp(v: string): boolean {
    const t = this.peek();
    return !!t && t.t === 'op' && t.v === v;
  }
  private isWord(...words: string[]): boolean {
    const t = this.peek();
    return !!t && t.t === 'id' && words.includes(t.v.toLowerCase());
  }
  private expect(v: string): void {
    if (!this.isOp(v)) throw new QueryError(`expected '${v}' in query`);
    this.i++;
  }

  parse(): Query {
    const q: Query = {};
    if (!this.isWord('where')) q.expr = this.or();
    if (this.isWord('where')) {
      this.i++;
      const f = this.peek();
      if (!f || f.t !== 'id') throw new QueryError('expected a field name after where');
      this.i++;
      if (!this.isWord('in')) throw new QueryError("expected 'in' after the where field");
      this.i++;
      this.expect('(');
      const values: (number | string)[] = [];
      for (;;) {
        const t = this.peek();
        if (!t || (t.t !== 'num' && t.t !== 'str')) throw new QueryError('expected a literal in the where list');
        values.push(t.v);
        this.i++;
        if (this.isOp(',')) this.i++;
        else break;
      }
      this.expect(')');
      q.where = { field: f.v, values };
    }
    if (this.i !== this.toks.length) throw new QueryError('unexpected trailing tokens in query');
    if (!q.expr && !q.where) throw new QueryError('empty query');
    if (q.expr && (q.expr.k === 'var' || q.expr.k === 'lit')) throw new QueryError('query must be a comparison');
    return q;
  }

  private or(): Expr {
    let a = this.and();
    while (this.isOp('|') || this.isWord('or')) {
      this.i++;
      a = { k: 'or', a, b: this.and() };
    }
    return a;
  }
  private and(): Expr {
    let a = this.not();
    while (this.isOp('&') || this.isWord('and')) {
      this.i++;
      a = { k: 'and', a, b: this.not() };
    }
    return a;
  }
  private not(): Expr {
    if (this.isOp('~') || this.isWord('not')) {
      this.i++;
      return { k: 'not', a: this.not() };
    }
    return this.cmp();
  }
  private cmp(): Expr {
    const a = this.operand();
    const t = this.peek();
    if (t && t.t === 'op' && ['==', '!=', '<', '<=', '>', '>='].includes(t.v)) {
      this.i++;
      return { k: 'cmp', op: t.v, a, b: this.operand() };
    }
    return a;
  }
  private operand(): Expr {
    const t = this.peek();
    if (!t) throw new QueryError('unexpected end of query');
    if (t.t === 'op' && t.v === '(') {
      this.i++;
      const e = this.or();
      this.expect(')');
      return e;
    }
    this.i++;
    if (t.t === 'num' || t.t === 'str') return { k: 'lit', v: t.v };
    if (t.t === 'id') return { k: 'var', name: t.v };
    throw new QueryError(`unexpected '${t.v}' in query`);
  }
}

export function parseQuery(src: string): Query {
  return new Parser(tokenize(src)).parse();
}

/** Names of the variables an expression reads. */
export function variablesOf(q: Query): string[] {
  const names = new Set<string>();
  const walk = (e?: Expr): void => {
    if (!e) return;
    if (e.k === 'var') names.add(e.name);
    else if (e.k === 'cmp' || e.k === 'and' || e.k === 'or') {
      walk(e.a);
      walk(e.b);
    } else if (e.k === 'not') walk(e.a);
  };
  walk(q.expr);
  if (q.where) names.add(q.where.field);
  return [...names];
}

type Value = number | string | boolean | bigint;

function compare(op: string, x: Value, y: Value): boolean {
  if (typeof x === 'bigint' || typeof y === 'bigint') {
    x = typeof x === 'bigint' ? x : BigInt(Math.trunc(Number(x)));
    y = typeof y === 'bigint' ? y : BigInt(Math.trunc(Number(y)));
  }
  if (typeof x !== typeof y && !(typeof x === 'boolean' || typeof y === 'boolean'))
    throw new QueryError(`cannot compare ${typeof x} with ${typeof y}`);
  switch (op) {
    case '==':
      return x === y;
    case '!=':
      return x !== y;
    case '<':
      return x < y;
    case '<=':
      return x <= y;
    case '>':
      return x > y;
    default:
      return x >= y;
  }
}

export function evaluate(q: Query, env: (name: string) => Value): boolean {
  const ev = (e: Expr): Value => {
    switch (e.k) {
      case 'lit':
        return e.v;
      case 'var':
        return env(e.name);
      case 'cmp':
        return compare(e.op, ev(e.a), ev(e.b));
      case 'and':
        return Boolean(ev(e.a)) && Boolean(ev(e.b));
      case 'or':
        return Boolean(ev(e.a)) || Boolean(ev(e.b));
      case 'not':
        return !ev(e.a);
    }
  };
  if (q.where && !q.where.values.some((v) => v === env(q.where!.field))) return false;
  return q.expr ? Boolean(ev(q.expr)) : true;
}
