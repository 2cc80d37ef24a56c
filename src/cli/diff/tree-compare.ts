/**
 * Compares two trees object by object, as h5pyd's hsdiff does: the links of every group (names, kinds,
 * soft and external targets), dataset types and shapes, committed datatypes, attributes (unless noattr)
 * and dataset values page by page (unless nodata). Values are compared byte for byte in the REST binary
 * form (so NaN equals NaN and -0.0 differs from 0.0); object references by the path they lead to. Values
 * are compared after the structure, several datasets at a time; differences are reported as found.
 */
import { fixedSize, isVariable, normalizeNested, type TypeJson } from '../../core/types.js';
import { pageAt, planPages } from '../common/page-plan.js';
import { comparableValues, type DiffAttribute, type DiffTree } from './diff-tree.js';

export interface CompareOptions {
  nodata: boolean;
  noattr: boolean;
  /** Called for each difference found. */
  report(message: string): void;
}

const VARIABLE_ITEM_ESTIMATE = 64;
/** Datasets whose values are compared at once (each reads a page at a time from both sides). */
const VALUE_CHECKS_AT_ONCE = 8;

/** Type JSON with the keys that do not change the type dropped and the rest in a fixed order. */
function canonicalType(input: TypeJson): unknown {
  const t = normalizeNested(input) as unknown as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(t).sort()) {
    if (key === 'id' || (key === 'size' && t.class === 'H5T_VLEN') || (key === 'tag' && t[key] === '')) continue;
    const v = t[key];
    if (key === 'base' && typeof v === 'object') out[key] = canonicalType(v as TypeJson);
    else if (key === 'fields') out[key] = (v as { name: string; type: TypeJson }[]).map((f) => ({ name: f.name, type: canonicalType(f.type) }));
    else out[key] = v;
  }
  return out;
}

const sameType = (a: TypeJson, b: TypeJson) => JSON.stringify(canonicalType(a)) === JSON.stringify(canonicalType(b));

function hasReference(input: TypeJson): boolean {
  const t = normalizeNested(input);
  if (t.class === 'H5T_REFERENCE') return true;
  if (t.class === 'H5T_COMPOUND') return t.fields.some((f) => hasReference(f.type));
  if (t.class === 'H5T_ARRAY' || t.class === 'H5T_VLEN') return hasReference(t.base);
  return false;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

const describe = (dims: number[] | null) => (dims === null ? 'null' : `(${dims.join(', ')})`);

/** Number of differences between the trees. */
export async function compareTrees(a: DiffTree, b: DiffTree, options: CompareOptions): Promise<number> {
  let differences = 0;
  const differ = (message: string) => {
    differences++;
    options.report(message);
  };
  const seen = new Map<string, string>();
  /** Value comparisons, run after the structure walk, several datasets at a time. */
  const valueChecks: (() => Promise<void>)[] = [];

  const sameValues = (type: TypeJson, wa: Uint8Array, wb: Uint8Array, count: number) =>
    hasReference(type)
      ? JSON.stringify(comparableValues(a, type, wa, count), jsonSafe) === JSON.stringify(comparableValues(b, type, wb, count), jsonSafe)
      : sameBytes(wa, wb);

  const compareAttributes = async (keyA: string, keyB: string, path: string) => {
    const [attrsA, attrsB] = await Promise.all([a.attributes(keyA, path), b.attributes(keyB, path)]);
    for (const name of attrsA.keys()) if (!attrsB.has(name)) differ(`<${path}> has attribute ${name} not found in ${b.label}`);
    for (const name of attrsB.keys()) if (!attrsA.has(name)) differ(`<${path}> in ${b.label} has attribute ${name} not found in ${a.label}`);
    for (const [name, x] of attrsA) {
      const y = attrsB.get(name) as DiffAttribute | undefined;
      if (!y) continue;
      if (!sameType(x.type, y.type)) differ(`type of attribute ${name} of <${path}> is different`);
      else if (describe(x.dims) !== describe(y.dims)) differ(`shape of attribute ${name} of <${path}> is different`);
      else if (x.wire && y.wire && !sameValues(x.type, x.wire, y.wire, x.dims ? x.dims.reduce((p, q) => p * q, 1) : 0)) differ(`values for attribute ${name} of <${path}> differ`);
      else if ((x.wire === null) !== (y.wire === null)) differ(`values for attribute ${name} of <${path}> differ`);
    }
  };

  const compareValues = async (keyA: string, keyB: string, path: string) => {
    const ds = a.dataset(keyA, path);
    const dsB = b.dataset(keyB, path);
    if (!ds.dims) return;
    const count = ds.dims.reduce((p, q) => p * q, 1);
    if (count === 0) return;
    const size = isVariable(ds.type) ? VARIABLE_ITEM_ESTIMATE : fixedSize(ds.type);
    const plan = planPages(ds.dims, size, ds.chunks, dsB.chunks);
    for (let i = 0; i < plan.total; i++) {
      const page = pageAt(plan, ds.dims, i);
      const [wa, wb] = await Promise.all([a.read(keyA, path, ds, page.start, page.count), b.read(keyB, path, dsB, page.start, page.count)]);
      if (!sameValues(ds.type, wa, wb, page.count.reduce((p, q) => p * q, 1))) {
        differ(`values for dataset <${path}> differ${page.start.length ? ` in [${page.start.map((s, d) => `${s}:${s + page.count[d]}`).join(',')}]` : ''}`);
        return;
      }
    }
  };

  const compareObject = async (kind: 'group' | 'dataset' | 'datatype', keyA: string, keyB: string, path: string): Promise<void> => {
    const first = seen.get(keyA);
    if (first !== undefined) return;
    seen.set(keyA, path);
    if (kind === 'dataset') {
      const x = a.dataset(keyA, path);
      const y = b.dataset(keyB, path);
      if (!sameType(x.type, y.type)) differ(`type of <${path}> is different`);
      else if (describe(x.dims) !== describe(y.dims)) differ(`shape of <${path}> is different: ${describe(x.dims)} vs ${describe(y.dims)}`);
      else if (!options.nodata) valueChecks.push(() => compareValues(keyA, keyB, path));
    } else if (kind === 'datatype') {
      if (!sameType(a.datatype(keyA, path), b.datatype(keyB, path))) differ(`type of <${path}> is different`);
    } else {
      await compareGroup(keyA, keyB, path);
    }
    if (!options.noattr) await compareAttributes(keyA, keyB, path);
  };

  const compareGroup = async (keyA: string, keyB: string, path: string) => {
    const linksA = a.links(keyA, path);
    const linksB = b.links(keyB, path);
    for (const name of linksB.keys()) if (!linksA.has(name)) differ(`<${path}> in ${b.label} has link ${name} not found in ${a.label}`);
    for (const [name, x] of linksA) {
      const child = path === '/' ? `/${name}` : `${path}/${name}`;
      const y = linksB.get(name);
      if (!y) differ(`<${path}> has link ${name} not found in ${b.label}`);
      else if (x.kind !== y.kind) differ(`link <${child}> is a ${x.kind} link in ${a.label} but a ${y.kind} link in ${b.label}`);
      else if (x.kind === 'soft' && y.kind === 'soft' && x.path !== y.path) differ(`soft link <${child}> leads to ${x.path} in ${a.label} but to ${y.path} in ${b.label}`);
      else if (x.kind === 'external' && y.kind === 'external' && (x.file !== y.file || x.path !== y.path))
        differ(`external link <${child}> leads to ${x.file}:${x.path} in ${a.label} but to ${y.file}:${y.path} in ${b.label}`);
      else if (x.kind === 'hard' && y.kind === 'hard') {
        if (x.objectKind !== y.objectKind) differ(`<${child}> is a ${x.objectKind} in ${a.label} but a ${y.objectKind} in ${b.label}`);
        else await compareObject(x.objectKind, x.key, y.key, child);
      }
    }
  };

  await compareObject('group', a.rootKey, b.rootKey, '/');
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(VALUE_CHECKS_AT_ONCE, valueChecks.length) }, async () => {
      while (next < valueChecks.length) await valueChecks[next++]();
    }),
  );
  return differences;
}

function jsonSafe(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return value;
}
