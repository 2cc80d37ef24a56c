/**
 * JSON as HSDS speaks it: Python's json module writes NaN, Infinity and -Infinity as bare tokens (in responses
 * and in stored objects), and 64-bit integers can exceed 2^53. `JSON.parse` accepts neither, so parsing first
 * tries the native parser and falls back to a small tolerant parser only when needed.
 */

/** Integers beyond ±2^53 parse to BigInt so int64/uint64 values survive a round trip. */
export function parseJson(text: string): unknown {
  if (!needsTolerantParse(text)) {
    return JSON.parse(text);
  }
  return new TolerantParser(text).parseDocument();
}

// Cheap pre-check: only NaN/Infinity tokens or long digit runs need the slow path.
function needsTolerantParse(text: string): boolean {
  return /NaN|Infinity|\d{16,}/.test(text);
}

export class JsonSyntaxError extends SyntaxError {}

class TolerantParser {
  private pos = 0;
  constructor(private readonly s: string) {}

  parseDocument(): unknown {
    const v = this.value();
    this.ws();
    if (this.pos !== this.s.length) this.error('unexpected trailing characters');
    return v;
  }

  private error(msg: string): never {
    throw new JsonSyntaxError(`${msg} at position ${this.pos}`);
  }

  private ws(): void {
    const s = this.s;
    while (this.pos < s.length) {
      const c = s.charCodeAt(this.pos);
      if (c === 32 || c === 9 || c === 10 || c === 13) this.pos++;
      else break;
    }
  }

  private value(): unknown {
    this.ws();
    const c = this.s[this.pos];
    switch (c) {
      case '{':
        return this.object();
      case '[':
        return this.array();
      case '"':
        return this.string();
      case 't':
        return this.literal('true', true);
      case 'f':
        return this.literal('false', false);
      case 'n':
        return this.literal('null', null);
      case 'N':
        return this.literal('NaN', NaN);
      case 'I':
        return this.literal('Infinity', Infinity);
      default:
        if (c === '-' && this.s.startsWith('-Infinity', this.pos)) return this.literal('-Infinity', -Infinity);
        if (c === '-' || (c >= '0' && c <= '9')) return this.number();
        return this.error('unexpected character');
    }
  }

  private literal<T>(word: string, v: T): T {
    if (!this.s.startsWith(word, this.pos)) this.error(`invalid token`);
    this.pos += word.length;
    return v;
  }

  private number(): number | bigint {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(this.s.slice(this.pos, this.pos + 400));
    if (!m) return this.error('invalid number');
    this.pos += m[0].length;
    const isInteger = m[2] === undefined && m[3] === undefined;
    if (isInteger) {
      const n = Number(m[0]);
      if (!Number.isSafeInteger(n)) return BigInt(m[0]);
      return n;
    }
    return Number(m[0]);
  }

  private string(): string {
    // Find the closing quote, then let the native parser decode escapes.
    const start = this.pos;
    let i = start + 1;
    const s = this.s;
    while (i < s.length) {
      const c = s.charCodeAt(i);
      if (c === 92) i += 2;
      else if (c === 34) break;
      else i++;
    }
    if (i >= s.length) this.error('unterminated string');
    this.pos = i + 1;
    return JSON.parse(s.slice(start, i + 1)) as string;
  }

  private array(): unknown[] {
    this.pos++;
    const out: unknown[] = [];
    this.ws();
    if (this.s[this.pos] === ']') {
      this.pos++;
      return out;
    }
    for (;;) {
      out.push(this.value());
      this.ws();
      const c = this.s[this.pos++];
      if (c === ']') return out;
      if (c !== ',') this.error("expected ',' or ']'");
    }
  }

  private object(): Record<string, unknown> {
    this.pos++;
    const out: Record<string, unknown> = {};
    this.ws();
    if (this.s[this.pos] === '}') {
      this.pos++;
      return out;
    }
    for (;;) {
      this.ws();
      if (this.s[this.pos] !== '"') this.error('expected a property name');
      const key = this.string();
      this.ws();
      if (this.s[this.pos++] !== ':') this.error("expected ':'");
      const v = this.value();
      // A "__proto__" member is data, not the object's prototype.
      if (key === '__proto__') Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
      else out[key] = v;
      this.ws();
      const c = this.s[this.pos++];
      if (c === '}') return out;
      if (c !== ',') this.error("expected ',' or '}'");
    }
  }
}

/**
 * Serializes like Python's json.dumps(allow_nan=True): NaN/±Infinity as bare tokens (or null when
 * `ignoreNan`), BigInt as plain integers, `undefined` members dropped.
 */
export function stringifyJson(value: unknown, ignoreNan = false): string {
  if (!needsExtendedJson(value)) return JSON.stringify(value) ?? 'null';
  const parts: string[] = [];
  write(value, parts, ignoreNan);
  return parts.join('');
}

function write(v: unknown, out: string[], ignoreNan: boolean): void {
  switch (typeof v) {
    case 'number':
      // -0 keeps its sign, as Python writes it (JSON.stringify would drop it).
      if (Object.is(v, -0)) out.push('-0.0');
      else if (Number.isFinite(v)) out.push(String(v));
      else if (ignoreNan) out.push('null');
      else out.push(Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity');
      return;
    case 'bigint':
      out.push(v.toString());
      return;
    case 'string':
      out.push(JSON.stringify(v));
      return;
    case 'boolean':
      out.push(v ? 'true' : 'false');
      return;
    case 'object':
      if (v === null) {
        out.push('null');
      } else if (Array.isArray(v)) {
        writeArray(v, out, ignoreNan);
      } else if (ArrayBuffer.isView(v)) {
        writeArray(Array.from(v as unknown as ArrayLike<number | bigint>), out, ignoreNan);
      } else {
        out.push('{');
        let first = true;
        for (const [k, item] of Object.entries(v)) {
          if (item === undefined) continue;
          if (!first) out.push(',');
          first = false;
          out.push(JSON.stringify(k), ':');
          write(item, out, ignoreNan);
        }
        out.push('}');
      }
      return;
    default:
      out.push('null');
  }
}

function writeArray(v: readonly unknown[], out: string[], ignoreNan: boolean): void {
  out.push('[');
  for (let i = 0; i < v.length; i++) {
    if (i > 0) out.push(',');
    write(v[i], out, ignoreNan);
  }
  out.push(']');
}

/** True when the value (deeply) contains a non-finite number or a BigInt, i.e. JSON.stringify would be wrong. */
export function needsExtendedJson(v: unknown): boolean {
  if (typeof v === 'number') return !Number.isFinite(v) || Object.is(v, -0);
  if (typeof v === 'bigint') return true;
  if (Array.isArray(v)) return v.some(needsExtendedJson);
  if (ArrayBuffer.isView(v)) return true;
  if (v && typeof v === 'object') return Object.values(v).some(needsExtendedJson);
  return false;
}
