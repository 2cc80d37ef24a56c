/**
 * Row queries over the compound elements of one chunk (HSDS `query=`): each matching row comes back as
 * `[index, field values…]`, and with an update the matching rows are modified in place under the chunk's
 * lock. Runs on the data node that owns the chunk, next to the data.
 */
import { ByteReader, ByteWriter, codecFor } from '../../core/codec.js';
import type { SliceSel } from '../../core/selection.js';
import { CompoundType, TypeJson } from '../../core/types.js';
import { evaluate, parseQuery, Query, QueryError } from '../query/expression.js';
import type { ChunkData, ChunkSpec, ChunkStore } from './chunk-store.js';

export interface ChunkQuery {
  query: string;
  /** Output fields (all when absent). */
  fields?: string[];
  /** Rows to return at most from this chunk (0 = no limit). */
  limit: number;
  /** Field values to set on matching rows. */
  update?: Record<string, unknown>;
}

/** Result row type: the selected fields prefixed with a uint64 `index` (`_index` if `index` is a field). */
export function queryResultType(type: CompoundType, fields?: string[]): CompoundType {
  const names = fields ?? type.fields.map((f) => f.name);
  const indexName = type.fields.some((f) => f.name === 'index') ? '_index' : 'index';
  return {
    class: 'H5T_COMPOUND',
    fields: [
      { name: indexName, type: { class: 'H5T_INTEGER', base: 'H5T_STD_U64LE' } },
      ...names.map((n) => type.fields.find((f) => f.name === n)!),
    ],
  };
}

/** Parses and checks a query against the field names; throws QueryError. */
export function checkQuery(type: TypeJson, query: string, update?: Record<string, unknown>): Query {
  if (type.class !== 'H5T_COMPOUND') throw new QueryError('queries need a compound dataset type');
  const q = parseQuery(query);
  const names = new Set(type.fields.map((f) => f.name));
  const check = (n: string) => {
    if (!names.has(n)) throw new QueryError(`unknown field ${n} in query`);
  };
  const walk = (e: unknown): void => {
    const x = e as { k: string; name?: string; a?: unknown; b?: unknown };
    if (!x) return;
    if (x.k === 'var') check(x.name!);
    walk(x.a);
    walk(x.b);
  };
  walk(q.expr);
  if (q.where) check(q.where.field);
  for (const k of Object.keys(update ?? {})) check(k);
  return q;
}

type Row = unknown[];

function matches(q: Query, names: string[], row: Row): boolean {
  return evaluate(q, (n) => {
    const i = names.indexOf(n);
    if (i < 0) throw new QueryError(`unknown field ${n} in query`);
    return row[i] as number | string | boolean | bigint;
  });
}

/**
 * Runs the query over the rows `sel` of a 1-D chunk whose first element has dataset index `base`.
 * Returns matching rows as `[index, ...fields]` (after the update, if any).
 */
export async function queryChunk(
  chunks: ChunkStore,
  bucket: string,
  spec: ChunkSpec,
  chunkIndex: number[],
  sel: SliceSel,
  base: number,
  req: ChunkQuery,
): Promise<Row[]> {
  const type = spec.type as CompoundType;
  const q = checkQuery(type, req.query, req.update);
  const names = type.fields.map((f) => f.name);
  const outIdx = (req.fields ?? names).map((n) => names.indexOf(n));
  const codec = codecFor(type);
  const run = (chunk: ChunkData, write: boolean): { rows: Row[]; changed: boolean } => {
    const rows: Row[] = [];
    let changed = false;
    for (let i = sel.start; i < sel.stop; i += sel.step) {
      const bytes = chunk instanceof Uint8Array ? chunk : chunk[i];
      const r = new ByteReader(bytes, chunk instanceof Uint8Array ? i * (codec.size as number) : 0);
      const row = codec.read(r) as Row;
      if (!matches(q, names, row)) continue;
      if (write && req.update) {
        for (const [k, v] of Object.entries(req.update)) row[names.indexOf(k)] = v;
        const w = new ByteWriter(64);
        codec.write(w, row);
        const enc = w.result();
        if (chunk instanceof Uint8Array) chunk.set(enc, i * (codec.size as number));
        else chunk[i] = enc.slice();
        // Re-read so the answer shows stored (converted) values.
        const again = codec.read(new ByteReader(enc)) as Row;
        row.splice(0, row.length, ...again);
        changed = true;
      }
      rows.push([base + i, ...outIdx.map((j) => row[j])]);
      if (req.limit > 0 && rows.length >= req.limit) break;
    }
    return { rows, changed };
  };
  if (!req.update) {
    const chunk = await chunks.load(bucket, spec, chunkIndex);
    if (chunk) return run(chunk, false).rows;
    // Unwritten chunk: every row holds the fill value.
    return run(chunks.fillChunkFor(spec), false).rows;
  }
  let result: Row[] = [];
  await chunks.transform(bucket, spec, chunkIndex, (chunk) => {
    result = run(chunk, true).rows;
    return chunk;
  });
  return result;
}
