/**
 * The largest dataset extent the engine accepts: every element must have an exact integer offset, so the
 * element count is limited to 2^53 − 1 (JavaScript's safe integers). Larger shapes are refused with 400
 * rather than silently losing precision in chunk and selection arithmetic.
 */
import { badRequest } from '../http/errors.js';

export function checkExtent(dims: readonly number[], what = 'shape'): void {
  let count = 1;
  for (const n of dims) {
    if (n > Number.MAX_SAFE_INTEGER) throw badRequest(`${what} extent ${n} is too large`);
    count *= n;
    if (count > Number.MAX_SAFE_INTEGER) throw badRequest(`${what} [${dims.join(', ')}] has more than 2^53 elements`);
  }
}
