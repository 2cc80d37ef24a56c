/**
 * Wire format between the service node and data nodes: one message = a u32-LE length, that many bytes of
 * JSON (engine JSON: BigInt and NaN safe), then the raw bytes of every Uint8Array in the message, which the
 * JSON refers to as {"$bytes": [offset, length]} — chunk data crosses without base64 or copies into text.
 */
import { parseJson, stringifyJson } from '../../core/json.js';

const BYTES = '$bytes';

/** Assignment that keeps "__proto__" an ordinary member (link and attribute names can be anything). */
function put(obj: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

export function encodeFrame(value: unknown): Uint8Array {
  const parts: Uint8Array[] = [];
  let tail = 0;
  const strip = (v: unknown): unknown => {
    if (v instanceof Uint8Array) {
      parts.push(v);
      const ref = { [BYTES]: [tail, v.length] };
      tail += v.length;
      return ref;
    }
    if (Array.isArray(v)) return v.map(strip);
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) if (x !== undefined) put(out, k, strip(x));
      return out;
    }
    return v;
  };
  const json = new TextEncoder().encode(stringifyJson(strip(value)));
  const out = new Uint8Array(4 + json.length + tail);
  new DataView(out.buffer).setUint32(0, json.length, true);
  out.set(json, 4);
  let o = 4 + json.length;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export function decodeFrame(frame: Uint8Array): unknown {
  if (frame.length < 4) throw new Error('truncated data-node message');
  const n = new DataView(frame.buffer, frame.byteOffset, frame.byteLength).getUint32(0, true);
  if (4 + n > frame.length) throw new Error('truncated data-node message');
  const base = 4 + n;
  const restore = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(restore);
    if (v && typeof v === 'object') {
      const ref = (v as Record<string, unknown>)[BYTES];
      if (Array.isArray(ref) && Object.keys(v).length === 1) {
        const [offset, length] = ref as [number, number];
        if (base + offset + length > frame.length) throw new Error('data-node message refers past its end');
        return frame.subarray(base + offset, base + offset + length);
      }
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) put(out, k, restore(x));
      return out;
    }
    return v;
  };
  return restore(parseJson(new TextDecoder().decode(frame.subarray(4, base))));
}
