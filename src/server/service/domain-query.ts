/**
 * `GET /domains?query=…`: keep domains whose root group's scalar integer, float or string attributes
 * satisfy the expression; domains lacking a named attribute are left out.
 */
import type { AttributeJson } from '../model.js';
import { badRequest } from '../http/errors.js';
import { evaluate, parseQuery, Query, QueryError, variablesOf } from '../query/expression.js';

const PRIMITIVE = new Set(['H5T_INTEGER', 'H5T_FLOAT', 'H5T_STRING']);

export function evaluateAttributeQuery(query: string, attributes: Record<string, AttributeJson>): boolean {
  let q: Query;
  try {
    q = parseQuery(query);
  } catch (e) {
    throw badRequest(`Invalid query expression: ${(e as Error).message}`);
  }
  const values: Record<string, number | string> = {};
  for (const name of variablesOf(q)) {
    const a = attributes[name];
    if (!a || !PRIMITIVE.has(a.type.class) || a.shape.class !== 'H5S_SCALAR') return false;
    values[name] = a.value as number | string;
  }
  try {
    return evaluate(q, (n) => values[n]);
  } catch (e) {
    if (e instanceof QueryError) return false;
    throw e;
  }
}
