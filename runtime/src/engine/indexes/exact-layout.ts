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
import { planDimensions, outputColumns } from '../transforms/aggregate.js';
import {
  combineMeasure, measureType, planMeasures, type ExactnessCheck, type PartialCombine,
} from '../transforms/aggregate-ops.js';
import { ORDER_SQL } from '../transforms/field-sql.js';
import { ident } from '../sql.js';
import type { Column, Schema, TransformSpec } from '../types.js';

/** A column of the index table and the SQL computing it from the base rows. */
export type { ExactnessCheck };

export interface IndexColumn {
  name: string;
  sql: string;
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
  /** The same combination for evaluating the cells without SQL; absent where only SQL does it. */
  cells?: CellCombine;
}

/**
 * How the cells a filter keeps combine into the aggregate's rows, by index column name:
 * cells with equal `keys` form one output row, which takes its place by the least order
 * of its cells; each output is a dimension's value or a measure's combined partials.
 */
export interface CellCombine {
  keys: string[];
  outputs: { name: string; type: Column['type']; from: { op: 'value'; of: string } | PartialCombine }[];
}

/** Types whose values an evaluator without SQL holds as Vega does (not nested or mixed values). */
const CELL_TYPES: ReadonlySet<Column['type']> = new Set(['number', 'string', 'boolean', 'date']);

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
  const names = new Map<string, string>();
  const add = (sql: string, type: Column['type']): string => {
    const name = `__vf_i${columns.length}`;
    columns.push({ name, sql });
    extra.push({ name, type });
    names.set(ident(name), name);
    return ident(name);
  };
  const raw = (quoted: string): string => names.get(quoted) ?? quoted;
  const keyCols = keys.map((k) => add(k, 'string'));
  const dimCols = dims.map((d) => add(d.firstValue ? `arg_min(${d.ref.sql}, ${ORDER_SQL})` : `any_value(${d.ref.sql})`, d.ref.type));
  const checks: ExactnessCheck[] = [];
  type Entry = { name: string; type: Column['type']; sql: string; from?: CellCombine['outputs'][number]['from'] };
  const entries: Entry[] = dims.map((d, i) => ({
    name: d.ref.name, type: d.ref.type,
    sql: d.firstValue ? `arg_min(${dimCols[i]}, ${ident('__vf_order')})` : `any_value(${dimCols[i]})`,
    // The value of the group's first cell: each cell holds its own first value (arg_min)
    // or the value every cell of the group shares.
    from: { op: 'value', of: raw(dimCols[i]) },
  }));
  for (const m of measures) {
    let from: PartialCombine | undefined;
    const combined = combineMeasure(m, add, checks, (c) => {
      from = c.op === 'sum' ? { op: 'sum', of: raw(c.of), count: raw(c.count) } : { op: c.op, of: raw(c.of) };
    });
    if (typeof combined !== 'string') return combined;
    entries.push({ name: m.name, type: measureType(m), sql: combined, from });
  }
  const out = outputColumns(entries);
  const cellOutputs = out.entries;
  const cells: CellCombine | undefined = cellOutputs.every((e) => e.from && CELL_TYPES.has(e.type)) && filterCols.every((c) => CELL_TYPES.has(c.type))
    ? { keys: keyCols.map(raw), outputs: cellOutputs.map((e) => ({ name: e.name, type: e.type, from: e.from! })) }
    : undefined;
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
      cells,
    },
  };
}
