/**
 * Which input columns a browser-side transform reads, and whether its output keeps the
 * input's other columns: used to push a projection through client pipelines to the
 * server dataset they read.
 */
import { splitAccessPath } from 'vega-util';
import { analyzeExpression } from './expression-refs.js';
import { isObject, type JsonObject } from './json.js';

/** A set of columns, or every column (a usage that cannot be listed). */
export type Columns = Set<string> | 'all';

/** Transforms whose rows keep every input column (they add or filter). */
const PRESERVING: Record<string, string[]> = {
  filter: [], formula: [], collect: ['sort'], extent: ['field'], bin: ['field'], timeunit: ['field'],
  window: ['groupby', 'fields', 'sort'], joinaggregate: ['groupby', 'fields'], stack: ['field', 'groupby', 'sort'],
  identifier: [], impute: ['field', 'key', 'groupby'], lookup: ['fields'], sample: [], flatten: ['fields'],
  fold: ['fields'], crossfilter: ['fields'], resolvefilter: [],
  // Each contour row copies its grid row's fields.
  isocontour: ['field'],
};
/** Transforms whose rows hold only what they compute from the columns they read. */
const RESHAPING: Record<string, string[]> = {
  aggregate: ['groupby', 'fields'], project: ['fields'], pivot: ['groupby', 'field', 'value'],
  kde: ['field', 'groupby'], regression: ['x', 'y', 'groupby'], loess: ['x', 'y', 'groupby'],
  quantile: ['field', 'groupby'], sequence: [], density: [],
  kde2d: ['x', 'y', 'weight', 'groupby'], contour: ['x', 'y', 'weight'],
};
const WHOLE_ROW_OPS = new Set(['argmin', 'argmax', 'values']);
/** Transforms whose `as` columns replace same-named input columns (impute fills in place). */
const WRITES_AS = new Set(['formula', 'bin', 'timeunit', 'window', 'joinaggregate', 'stack', 'identifier', 'lookup', 'fold', 'flatten']);

/** A Vega field string as a property path; undefined when it is malformed. */
export function accessPath(field: string): string[] | undefined {
  try {
    return splitAccessPath(field);
  } catch {
    return undefined;
  }
}

/** The top-level column a Vega field string reads ("a.b" reads "a"; "a\\.b" reads "a.b"). */
export function fieldColumn(field: string): string | undefined {
  try {
    return splitAccessPath(field)[0];
  } catch {
    return undefined;
  }
}

/** Adds `more` to `into`; 'all' absorbs everything. */
export function unionColumns(into: Columns, more: Columns): Columns {
  if (into === 'all' || more === 'all') return 'all';
  for (const c of more) into.add(c);
  return into;
}

/** Columns read by a field-typed parameter value (string, field object, array, sort spec). */
function fieldParamColumns(value: unknown, out: Set<string>): boolean {
  if (value === null || value === undefined) return true;
  if (typeof value === 'string') {
    const col = fieldColumn(value);
    if (col === undefined) return false;
    out.add(col);
    return true;
  }
  if (Array.isArray(value)) return value.every((v) => fieldParamColumns(v, out));
  if (isObject(value)) {
    if (typeof value.expr === 'string') return exprColumns(value.expr, out);
    if ('signal' in value || 'datum' in value || 'parent' in value || 'group' in value) return false;
    if ('field' in value) return fieldParamColumns(value.field, out);
  }
  return false;
}

function exprColumns(source: string, out: Set<string>): boolean {
  const refs = analyzeExpression(source);
  if (refs.error !== undefined || refs.opaqueDatum) return false;
  for (const f of refs.fields) out.add(f);
  return true;
}

function asNames(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/**
 * Columns of its input that transform `t` needs, given the columns its output must hold.
 */
export function columnsBefore(t: JsonObject, after: Columns): Columns {
  const type = typeof t.type === 'string' ? t.type : '';
  const preserving = PRESERVING[type];
  const params = preserving ?? RESHAPING[type];
  if (!params) return 'all';
  // argmin/argmax/values output whole input rows: any column may be read downstream.
  if (asNames(t.ops).some((op) => WHOLE_ROW_OPS.has(op))) return 'all';
  const reads = new Set<string>();
  for (const p of params) if (!fieldParamColumns(t[p], reads)) return 'all';
  if ((type === 'filter' || type === 'formula') && typeof t.expr === 'string' && !exprColumns(t.expr, reads)) return 'all';
  if (!preserving) return reads;
  let out: Columns = after;
  if (out !== 'all' && WRITES_AS.has(type)) {
    out = new Set(out);
    for (const name of asNames(t.as)) out.delete(name);
  }
  return unionColumns(out === after && out !== 'all' ? new Set(out) : out, reads);
}
