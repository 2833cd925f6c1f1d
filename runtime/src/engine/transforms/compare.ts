/**
 * Vega `compare` parameters ({field, order}) as SQL ORDER BY terms with vega-util's
 * `ascending` semantics: null and undefined sort first, then NaN, then values; descending
 * reverses all of it. Two rows whose terms are all equal are peers (the comparator is 0),
 * which is what window ranks and frames use.
 */
import { TransformError } from '../../errors.js';
import type { Schema } from '../types.js';
import { resolveFieldRef, type FieldRef } from './field-sql.js';

export interface SortKey {
  ref: FieldRef;
  descending: boolean;
}

function asArray(v: unknown): unknown[] {
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? v : [v];
}

/** Parses a compare parameter; fields given as null are skipped, as vega-util does. */
export function parseCompare(param: unknown, schema: Schema): SortKey[] {
  if (param === undefined || param === null) return [];
  if (typeof param !== 'object' || Array.isArray(param)) {
    throw new TransformError('bad_transform', `Not a sort comparator: ${JSON.stringify(param)}`);
  }
  const { field, order } = param as { field?: unknown; order?: unknown };
  const orders = asArray(order);
  const keys: SortKey[] = [];
  asArray(field).forEach((f, i) => {
    if (f === null || f === undefined) return;
    const ref = resolveFieldRef(f, schema);
    if (ref.type === 'object') {
      throw new TransformError('unsupported_transform', `Sorting by field "${ref.name}" of mixed or nested values is not supported`);
    }
    keys.push({ ref, descending: orders[i] === 'descending' });
  });
  return keys;
}

/** ORDER BY terms for the keys (without a tie-break). */
export function orderTerms(keys: SortKey[]): string[] {
  const terms: string[] = [];
  for (const { ref, descending } of keys) {
    const dir = descending ? 'DESC' : 'ASC';
    if (ref.type === 'number') {
      terms.push(`(CASE WHEN ${ref.sql} IS NULL THEN 0 WHEN isnan(${ref.sql}) THEN 1 ELSE 2 END) ${dir}`);
    }
    terms.push(`${ref.sql} ${dir} NULLS ${descending ? 'LAST' : 'FIRST'}`);
  }
  return terms;
}
