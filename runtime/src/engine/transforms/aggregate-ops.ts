/**
 * Vega's aggregate operations (vega-transforms AggregateOps) as SQL aggregate calls. The
 * same call serves GROUP BY (aggregate), partitions (joinaggregate) and frames (window):
 * the caller wraps each aggregate call, e.g. with an OVER clause.
 *
 * Semantics kept from Vega: `count` counts rows; a value is missing when null, undefined
 * or '' and valid when neither missing nor NaN; numeric ops coerce with unary plus over
 * valid values; quartiles use the R-7 definition over values that are numbers after
 * coercion (DuckDB's quantile_cont); `distinct` counts String(value) keys over all rows,
 * null included; argmin/argmax are the first row (in order) holding the extreme valid value,
 * or {} when there is none; `values` lists every row of the group in order.
 *
 * The arithmetic ops (sum, product, mean and the variance family) fold the valid values in
 * Vega's order with Vega's own updates (vega-folds.ts), so their doubles are Vega's to the
 * last bit; where Vega leaves them undefined (no valid value) they are NaN.
 */
import { TransformError } from '../../errors.js';
import { nullOf, stringLiteral } from '../sql.js';
import type { Schema, ValueType } from '../types.js';
import {
  ORDER_SQL, groupKeySql, missingSql, resolveFieldRef, toNumberSql, validSql, type FieldRef,
} from './field-sql.js';
import { FOLD_FUNCTION } from './fold-functions.js';
import { isFoldOp } from './vega-folds.js';

/** The aggregate ops the engine computes exactly (ci0/ci1 are bootstrap: random). */
export const AGGREGATE_OP_NAMES = [
  'count', 'valid', 'missing', 'distinct', 'sum', 'product', 'mean', 'average', 'variance',
  'variancep', 'stdev', 'stdevp', 'stderr', 'median', 'q1', 'q3', 'min', 'max', 'argmin',
  'argmax', 'values',
] as const;

export type AggregateOp = (typeof AGGREGATE_OP_NAMES)[number];

/** Ops whose value holds row objects that Vega shares by reference with its output rows. */
export const ROW_OBJECT_OPS: readonly AggregateOp[] = ['argmin', 'argmax', 'values'];

export function isAggregateOp(op: unknown): op is AggregateOp {
  return typeof op === 'string' && (AGGREGATE_OP_NAMES as readonly string[]).includes(op);
}

// Output order within one field's measures in Vega (`idx` of each op).
const OP_INDEX: Record<AggregateOp, number> = {
  values: -1, count: 0, missing: 0, valid: 0, sum: 0, product: 0, mean: 0, average: 1, variance: 1,
  variancep: 2, stdev: 2, stdevp: 2, stderr: 2, distinct: 3, median: 3, q1: 3, q3: 3, argmin: 3,
  argmax: 3, min: 4, max: 4,
};

/** One requested measure. `ref` is null only for `count` without a field. */
export interface Measure {
  op: AggregateOp;
  ref: FieldRef | null;
  name: string;
}

/** Wraps an aggregate call (e.g. appends an OVER clause); identity for GROUP BY. */
export type AggregateWrap = (call: string) => string;

export interface MeasureContext {
  /** JSON object SQL of the current row (argmin, argmax, values). */
  row: string;
  wrap: AggregateWrap;
  /** ORDER BY terms of the order Vega adds values in (default: row order). */
  order?: string;
  /** The calls aggregate whole groups (GROUP BY), so a group's values may be listed. */
  grouped?: boolean;
}

/**
 * Reads `fields`, `ops` and `as` the way Vega's Aggregate does and returns the measures in
 * Vega's write order (counts first, then each field's measures by op index).
 */
export function planMeasures(spec: Record<string, unknown>, schema: Schema, transform: string): Measure[] {
  const fields = (spec.fields as unknown[] | undefined) ?? [null];
  const ops = (spec.ops as unknown[] | undefined) ?? ['count'];
  const as = (spec.as as unknown[] | undefined) ?? [];
  if (!Array.isArray(fields) || !Array.isArray(ops) || !Array.isArray(as)) {
    throw new TransformError('bad_transform', `Parameters "fields", "ops" and "as" of ${transform} must be arrays`);
  }
  if (fields.length !== ops.length) {
    throw new TransformError('bad_transform', `Unmatched number of fields (${fields.length}) and aggregate ops (${ops.length}) in ${transform}`);
  }
  const counts: Measure[] = [];
  const byField = new Map<string, Measure[]>();
  ops.forEach((op, i) => {
    if (!isAggregateOp(op)) {
      throw new TransformError('unsupported_transform', `Unsupported aggregate op ${JSON.stringify(op)} in ${transform}`);
    }
    const field = fields[i];
    if ((field === null || field === undefined) && op !== 'count') {
      throw new TransformError('bad_transform', `Aggregate op "${op}" of ${transform} needs a field`);
    }
    const ref = field === null || field === undefined ? null : resolveFieldRef(field, schema);
    const alias = as[i];
    const name = typeof alias === 'string' && alias ? alias : ref ? `${op}_${ref.name}` : op;
    const measure: Measure = { op, ref, name };
    if (op === 'count') {
      counts.push(measure);
      return;
    }
    const list = byField.get(ref!.name) ?? [];
    list.push(measure);
    byField.set(ref!.name, list);
  });
  const rest = [...byField.values()].flatMap((list) => list.slice().sort((a, b) => OP_INDEX[a.op] - OP_INDEX[b.op]));
  return [...counts, ...rest];
}

/** The Vega type a measure's values have. */
export function measureType(m: Measure): ValueType {
  if (m.op === 'min' || m.op === 'max') return m.ref!.type;
  if (ROW_OBJECT_OPS.includes(m.op)) return 'object';
  return 'number';
}

function requireTyped(m: Measure, ref: FieldRef): void {
  if (ref.type === 'object' && !['count', 'valid', 'missing', 'distinct', 'values'].includes(m.op)) {
    throw new TransformError('unsupported_transform', `Aggregate op "${m.op}" over field "${ref.name}" of mixed or nested values is not supported`);
  }
}

/** SQL computing the measure over the rows the wrapped aggregate calls see. */
export function measureSql(m: Measure, ctx: MeasureContext): string {
  const a = ctx.wrap;
  if (m.op === 'count') return `CAST(${a('count(*)')} AS DOUBLE)`;
  if (m.op === 'values') return `COALESCE(to_json(${a(`list(${ctx.row} ORDER BY ${ORDER_SQL})`)}), '[]'::JSON)`;
  const ref = m.ref!;
  requireTyped(m, ref);
  const v = ref.sql;
  const valid = validSql(v, ref.type);
  switch (m.op) {
    case 'valid': return `CAST(${a(`count(CASE WHEN ${valid} THEN 1 END)`)} AS DOUBLE)`;
    case 'missing': return `CAST(${a(`count(CASE WHEN ${missingSql(v, ref.type)} THEN 1 END)`)} AS DOUBLE)`;
    case 'distinct':
      // String(null) is a key like any other, so a null counts once.
      return `CAST(${a(`count(DISTINCT ${groupKeySql(v, ref.type)})`)} + COALESCE(${a(`max(CASE WHEN ${v} IS NULL THEN 1 ELSE 0 END)`)}, 0) AS DOUBLE)`;
    case 'min': return a(`min(CASE WHEN ${valid} THEN ${v} END)`);
    case 'max': return a(`max(CASE WHEN ${valid} THEN ${v} END)`);
    case 'argmin':
      return `COALESCE(${a(`arg_min(${ctx.row}, CASE WHEN ${valid} THEN {'v': ${v}, 'o': ${ORDER_SQL}} END)`)}, '{}'::JSON)`;
    case 'argmax':
      return `COALESCE(${a(`arg_max(${ctx.row}, CASE WHEN ${valid} THEN {'v': ${v}, 'o': -${ORDER_SQL}} END)`)}, '{}'::JSON)`;
    default:
      break;
  }
  const n = toNumberSql(v, ref.type);
  if (isFoldOp(m.op)) {
    // The valid values in order, folded the way Vega adds them; no valid value gives a
    // NULL list, which Vega reports as undefined (NaN here).
    const values = a(`list(${n} ORDER BY ${ctx.order ?? ORDER_SQL}) FILTER (WHERE ${valid})`);
    return `COALESCE(${FOLD_FUNCTION}(${values}, ${stringLiteral(m.op)}), 'NaN'::DOUBLE)`;
  }
  // Quartiles read numbers after coercion, so a string that is not a number drops out.
  const q = `CASE WHEN ${valid} AND NOT isnan(${n}) THEN ${n} END`;
  const p = m.op === 'q1' ? '0.25' : m.op === 'q3' ? '0.75' : '0.5';
  // Over frames DuckDB's windowed quantile is kept (a list per row would be quadratic);
  // its interpolation may differ from Vega's in the last bits.
  if (!ctx.grouped) return a(`quantile_cont(${q}, ${p})`);
  return quantileSorted(a(`list(${q} ORDER BY ${q}) FILTER (WHERE ${q} IS NOT NULL)`), p);
}

/**
 * d3-array's quantileSorted, which Vega's quartiles use: at position i = (n - 1) * p of the
 * sorted numbers, v[i0] + (v[i0 + 1] - v[i0]) * (i - i0). Undefined (NaN) without numbers.
 */
function quantileSorted(sortedList: string, p: string): string {
  const n = `len(${sortedList})`;
  const i = `((${n} - 1) * ${p}::DOUBLE)`;
  const i0 = `CAST(floor(${i}) AS BIGINT)`;
  const v0 = `${sortedList}[${i0} + 1]`;
  const v1 = `${sortedList}[${i0} + 2]`;
  return `COALESCE(CASE WHEN ${n} < 2 THEN ${sortedList}[1] ELSE ${v0} + (${v1} - ${v0}) * (${i} - floor(${i})) END, 'NaN'::DOUBLE)`;
}

/** The measure's value for a cell without rows (cells made by `cross`). */
export function emptyMeasureSql(m: Measure): string {
  switch (m.op) {
    case 'count': case 'valid': case 'missing': case 'distinct': return '0::DOUBLE';
    case 'values': return `'[]'::JSON`;
    case 'argmin': case 'argmax': return `'{}'::JSON`;
    case 'median': case 'q1': case 'q3': return `'NaN'::DOUBLE`;
    default: return isFoldOp(m.op) ? `'NaN'::DOUBLE` : nullOf(measureType(m));
  }
}

/** Largest integer below which every sum of integers is exact in a double. */
const EXACT_SUM_LIMIT = 2 ** 53;

/** A condition partial aggregates must meet for their combination to be exact. */
export interface ExactnessCheck {
  /** Aggregate over the partials that is TRUE when the condition holds. */
  holds: string;
  /** What fails when it does not hold. */
  what: string;
}

/** Adds a column of partial aggregates (SQL over the rows) and returns its name as SQL. */
export type AddPartial = (sql: string, type: ValueType) => string;

/**
 * How combineMeasure combines partials, for evaluators that combine them without SQL
 * (`of` and `count` are what `add` returned): `count` sums partial counts; `min` and `max`
 * take the least or greatest non-NULL partial (NULL when there is none); `sum` adds the
 * partial sums of the cells that counted values (NaN when none did).
 */
export type PartialCombine =
  | { op: 'count' | 'min' | 'max'; of: string }
  | { op: 'sum'; of: string; count: string };

/**
 * A measure as partial aggregates over groups of rows and their combination: the
 * combining SQL (over the partials `add` makes), or why the measure does not decompose
 * exactly. Decomposable: count, valid, missing, min and max (of numbers and dates), and
 * sum when `checks` hold over the partials (every valid value an integer and the absolute
 * values summing below 2^53: then each partial sum is exact whatever the order).
 */
export function combineMeasure(
  m: Measure, add: AddPartial, checks: ExactnessCheck[], describe?: (c: PartialCombine) => void,
): string | { reason: string } {
  const counts = (partial: string) => {
    describe?.({ op: 'count', of: partial });
    return `CAST(sum(${partial}) AS DOUBLE)`;
  };
  if (m.op === 'count') return counts(add('count(*)', 'number'));
  const ref = m.ref;
  if (!ref) return { reason: `aggregate op "${m.op}" has no field` };
  const v = ref.sql;
  const valid = validSql(v, ref.type);
  switch (m.op) {
    case 'valid':
      return counts(add(`count(CASE WHEN ${valid} THEN 1 END)`, 'number'));
    case 'missing':
      return counts(add(`count(CASE WHEN ${missingSql(v, ref.type)} THEN 1 END)`, 'number'));
    case 'min': case 'max': {
      if (ref.type !== 'number' && ref.type !== 'date') return { reason: `aggregate op "${m.op}" over "${ref.name}", which is not numbers or dates` };
      const partial = add(`${m.op}(CASE WHEN ${valid} THEN ${v} END)`, ref.type);
      describe?.({ op: m.op, of: partial });
      return `${m.op}(${partial})`;
    }
    case 'sum': {
      if (ref.type !== 'number') return { reason: `aggregate op "sum" over "${ref.name}", which is not numbers` };
      const n = toNumberSql(v, ref.type);
      const total = add(`sum(CASE WHEN ${valid} THEN ${n} END)`, 'number');
      const count = add(`count(CASE WHEN ${valid} THEN 1 END)`, 'number');
      const integral = `bool_and(${n} = trunc(${n})) FILTER (WHERE ${valid})`;
      const magnitude = `sum(abs(${n})) FILTER (WHERE ${valid})`;
      checks.push(
        { holds: `COALESCE(bool_and(${add(integral, 'boolean')}), TRUE)`, what: `the sum of "${ref.name}" holds values that are not integers, so its value depends on the order of additions` },
        { holds: `COALESCE(sum(${add(magnitude, 'number')}), 0) < ${EXACT_SUM_LIMIT}`, what: `the sum of "${ref.name}" reaches 2^53, beyond which additions round` },
      );
      describe?.({ op: 'sum', of: total, count });
      // + 0.0 turns a sum of negative zeros into Vega's 0 (it starts from 0).
      return `CASE WHEN sum(${count}) > 0 THEN sum(${total}) + 0.0 ELSE 'NaN'::DOUBLE END`;
    }
    default:
      return { reason: `aggregate op "${m.op}" ${FOLDS.has(m.op) ? 'folds the values in row order' : 'needs the values themselves'}, so partial aggregates cannot reproduce it exactly` };
  }
}

const FOLDS = new Set(['mean', 'average', 'variance', 'variancep', 'stdev', 'stdevp', 'stderr', 'product']);
