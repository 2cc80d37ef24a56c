/**
 * Attributes of the source's objects → the domain, many objects per request (PUT …/attributes with an
 * `obj_ids` dict). Fixed-size values travel as base64 of their binary form (exact for NaN, -0.0 and 64-bit
 * integers), variable-length ones as JSON; attributes whose type is a committed datatype refer to it by id.
 */
import { decodeValues, nest } from '../../core/codec.js';
import { isVariable, type TypeJson } from '../../core/types.js';
import { restType } from '../../h5file/h5-rest-types.js';
import type { LoadRun } from './load-run.js';

/** Keep bulk bodies under HSDS's 1 MiB JSON limit (a bigger single attribute goes alone). */
const MAX_BATCH_BYTES = 900 * 1024;

type AttributeBody = { type: TypeJson | string; shape: number[] | 'H5S_NULL'; value?: unknown; encoding?: 'base64' };

/** The PUT body of one attribute, or undefined (with a warning) when it cannot be copied. */
function attributeBody(run: LoadRun, path: string, name: string, committed: Map<string, bigint>): AttributeBody | undefined {
  const md = run.reader.attribute(path, name);
  let type: TypeJson;
  try {
    type = restType(md);
  } catch (e) {
    run.warn(`attribute '${name}' of ${path} not copied: ${(e as Error).message}`);
    return undefined;
  }
  const committedAddress = committed.get(name);
  const typeRef = committedAddress !== undefined ? run.ids.get(committedAddress) : undefined;
  const body: AttributeBody = { type: typeRef ?? type, shape: md.shape ?? 'H5S_NULL' };
  const wire = run.reader.readAttribute(path, name, md, run);
  if (wire === null || md.shape === null) return body;
  if (!isVariable(type)) return { ...body, value: Buffer.from(wire).toString('base64'), encoding: 'base64' };
  try {
    const flat = decodeValues(type, wire, md.total_size);
    return { ...body, value: md.shape.length === 0 ? flat[0] : nest(flat, md.shape) };
  } catch (e) {
    run.warn(`attribute '${name}' of ${path} not copied: ${(e as Error).message}`);
    return undefined;
  }
}

/** Copies the attributes of the given objects (address → source path). */
export async function copyAttributes(run: LoadRun, objects: { address: bigint; path: string }[]): Promise<void> {
  let batch: Record<string, { attributes: Record<string, AttributeBody> }> = {};
  let batchBytes = 0;
  const flush = async () => {
    if (batchBytes === 0) return;
    const body = { obj_ids: batch };
    batch = {};
    batchBytes = 0;
    await run.session.request({ method: 'PUT', path: `/groups/${run.session.rootId}/attributes`, query: { replace: 1 }, json: body, what: 'attributes' });
  };
  for (const { address, path } of objects) {
    const names = run.reader.attributeNames(path);
    if (names.length === 0) continue;
    const id = run.ids.get(address);
    if (!id) continue;
    const committed = await run.props.attributeTypes(address);
    const attributes: Record<string, AttributeBody> = {};
    let bytes = 0;
    for (const name of names) {
      const body = attributeBody(run, path, name, committed);
      if (!body) continue;
      attributes[name] = body;
      bytes += name.length + 64 + (typeof body.value === 'string' ? body.value.length : JSON.stringify(body.value ?? null, (_, v) => (typeof v === 'bigint' ? 0 : v)).length);
    }
    if (bytes === 0) continue;
    if (batchBytes > 0 && batchBytes + bytes > MAX_BATCH_BYTES) await flush();
    batch[id] = { attributes };
    batchBytes += bytes;
    run.progress.attributes(names.length);
  }
  await flush();
}
