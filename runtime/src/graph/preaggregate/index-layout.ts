/**
 * The layout of a pre-aggregated index: which partial aggregates it keeps per (output
 * group, value of each filtered column), and how they combine back into Vega's aggregate.
 *
 * Exactness: the filter reads a row only through the filtered columns, so it keeps or
 * drops all rows of an index cell together, and an aggregate that decomposes over cells
 * gives what the plain query gives. Decomposable here: count, valid, missing, min and max
 * (of numbers and dates), and sum when every valid value is an integer and the absolute
 * values sum below 2^53 (then every partial sum is exact in a double, so the order of the
 * additions, which Vega fixes, cannot change the result). Groups keep Vega's order: each
 * cell keeps its first row's position and a group's position is its cells' least.
 * Everything else (mean and the variance family fold values in row order, quartiles and
 * distinct need the values) is refused with the reason, and the plain query runs instead.
 */
import { planDimensions, outputColumns } from '../../engine/transforms/aggregate.js';
import { measureType, planMeasures, type Measure } from '../../engine/transforms/aggregate-ops.js';
import { ORDER_SQL, toNumberSql, validSql, missingSql } from '../../engine/transforms/field-sql.js';
import { ident } from '../../engine/sql.js';
import type { Column, Schema, TransformSpec } from '../../engine/types.js';

/** Largest integer below which every sum of integers is exact in a double. */
const EXACT_SUM_LIMIT = 2 ** 53;

/** A column of the index table and the SQL computing it from the base rows. */
export interface IndexColumn {
  name: string;
  sql: string;
}

/** A condition the built index must meet for its sums to be exact. */
export interface ExactnessCheck {
  /** Aggregate over the index cells that is TRUE when the condition holds. */
  holds: string;
  /** What fails when it does not hold. */
  what: string;
}

export interface IndexLayout {
  /** GROUP BY terms over the base: the aggregate's keys, then the filtered columns. */
  groupBy: string[];
  /** Columns of the index table besides the filtered columns and the order column. */
  columns: IndexColumn[];
  /** The filtered columns, kept under their own names and types. */
  filterColumns: Column[];
  /** Types of the index's extra columns, so the filter can compile over the index. */
  extraSchema: Schema;
  checks: ExactnessCheck[];
  /** SELECT list (over the filtered index) of the aggregate's output, in Vega's order. */
  outputs: string[];
  outputSchema: Schema;
  /** GROUP BY terms over the filtered index. */
  combineGroupBy: string[];
  /** The parts the index's identity depends on (with the base's state). */
  signature: unknown;
}

export type LayoutOutcome = { layout: IndexLayout } | { reason: string };

const INDEXABLE_TYPES: ReadonlySet<Column['type']> = new Set(['number', 'string', 'boolean', 'date']);

/**
 * Lays out the index for `aggregate` (parameters resolved) over base rows of `schema`,
 * filtered by a predicate that reads `filterColumns` only.
 */
export function planIndexLayout(aggregate: TransformSpec, schema: Schema, filterColumns: string[]): LayoutOutcome {
  if (aggregate.cross === true && Array.isArray(aggregate.groupby) && aggregate.groupby.length > 1) {
    return { reason: 'aggregate with "cross" makes cells for combinations without rows' };
  }
  const filterCols: Column[] = [];
  for (const name of [...new Set(filterColumns)].sort()) {
    const col = schema.find((c) => c.name === name);
    if (!col) return { reason: `the filter reads "${name}", which is not a column of the data` };
    if (!INDEXABLE_TYPES.has(col.type)) return { reason: `the filter reads "${name}", whose values are nested or mixed` };
    filterCols.push(col);
  }
  const { dims, keys } = planDimensions(aggregate, { sql: '', schema });
  const measures = planMeasures(aggregate, schema, 'aggregate');

  const columns: IndexColumn[] = [];
  const extra: Column[] = [];
  const add = (sql: string, type: Column['type']): string => {
    const name = `__vf_i${columns.length}`;
    columns.push({ name, sql });
    extra.push({ name, type });
    return ident(name);
  };
  const keyCols = keys.map((k) => add(k, 'string'));
  const dimCols = dims.map((d) => add(d.firstValue ? `arg_min(${d.ref.sql}, ${ORDER_SQL})` : `any_value(${d.ref.sql})`, d.ref.type));
  const checks: ExactnessCheck[] = [];
  const entries: { name: string; type: Column['type']; sql: string }[] = dims.map((d, i) => ({
    name: d.ref.name, type: d.ref.type,
    sql: d.firstValue ? `arg_min(${dimCols[i]}, ${ident('__vf_order')})` : `any_value(${dimCols[i]})`,
  }));
  for (const m of measures) {
    const combined = combineMeasure(m, add, checks);
    if (typeof combined !== 'string') return combined;
    entries.push({ name: m.name, type: measureType(m), sql: combined });
  }
  const out = outputColumns(entries);
  // Key columns hold typed values; the schema only feeds the filter compiler, which never reads them.
  for (let i = 0; i < keyCols.length; i++) extra[i] = { name: columns[i].name, type: 'object' };
  return {
    layout: {
      groupBy: [...keys, ...filterCols.map((c) => ident(c.name))],
      columns,
      filterColumns: filterCols,
      extraSchema: extra,
      checks,
      outputs: out.sql,
      outputSchema: out.schema,
      combineGroupBy: keyCols,
      signature: { groupBy: keys, columns, filter: filterCols },
    },
  };
}

type AddColumn = (sql: string, type: Column['type']) => string;

/** The combining SQL of one measure (adding its partial columns), or why it cannot combine. */
function combineMeasure(m: Measure, add: AddColumn, checks: ExactnessCheck[]): string | { reason: string } {
  if (m.op === 'count') return `CAST(sum(${add('count(*)', 'number')}) AS DOUBLE)`;
  const ref = m.ref;
  if (!ref) return { reason: `aggregate op "${m.op}" has no field` };
  const v = ref.sql;
  const valid = validSql(v, ref.type);
  switch (m.op) {
    case 'valid':
      return `CAST(sum(${add(`count(CASE WHEN ${valid} THEN 1 END)`, 'number')}) AS DOUBLE)`;
    case 'missing':
      return `CAST(sum(${add(`count(CASE WHEN ${missingSql(v, ref.type)} THEN 1 END)`, 'number')}) AS DOUBLE)`;
    case 'min': case 'max':
      if (ref.type !== 'number' && ref.type !== 'date') return { reason: `aggregate op "${m.op}" over "${ref.name}", which is not numbers or dates` };
      return `${m.op}(${add(`${m.op}(CASE WHEN ${valid} THEN ${v} END)`, ref.type)})`;
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
      // + 0.0 turns a sum of negative zeros into Vega's 0 (it starts from 0).
      return `CASE WHEN sum(${count}) > 0 THEN sum(${total}) + 0.0 ELSE 'NaN'::DOUBLE END`;
    }
    default:
      return { reason: `aggregate op "${m.op}" ${FOLDS.has(m.op) ? 'folds the values in row order' : 'needs the values themselves'}, so partial aggregates cannot reproduce it exactly` };
  }
}

const FOLDS = new Set(['mean', 'average', 'variance', 'variancep', 'stdev', 'stdevp', 'stderr', 'product']);
