/**
 * What a bucketed index keeps and computes, planned from the aggregate and the base's
 * schema (bucketed-layout), and the built index's shape.
 */
import { planDimensions } from '../transforms/aggregate.js';
import { planMeasures, type Measure } from '../transforms/aggregate-ops.js';
import { toNumberSql, validSql, missingSql } from '../transforms/field-sql.js';
import { isFoldOp, type FoldOp } from '../transforms/vega-folds.js';
import type { Column, Relation, TransformSpec } from '../types.js';

/** A per-row input of the measures: a 0/1 flag, or a number (NaN where the row has no valid value). */
export interface RowInput {
  kind: 'flag' | 'value';
  sql: string;
}

/** How one output column is made from the combined partials of a group. */
export type BucketedOutput =
  | { name: string; type: Column['type']; from: 'group'; dim: number }
  | { name: string; type: Column['type']; from: 'first'; first: number }
  | { name: string; type: Column['type']; from: 'count' }
  | { name: string; type: Column['type']; from: 'flags'; input: number }
  | { name: string; type: Column['type']; from: 'sum'; input: number }
  | { name: string; type: Column['type']; from: 'min' | 'max'; input: number }
  /** Folded over the kept rows in Vega's order (mean, the variance family, product, inexact sums). */
  | { name: string; type: Column['type']; from: 'fold'; op: FoldOp; input: number };

/** What an index keeps and computes, planned from the aggregate and the base's schema. */
export interface BucketedLayout {
  /** The filtered columns (numbers or dates), in the order box slots use. */
  dims: Column[];
  /** Group key SQL (the aggregate's keys) and the type of each key's values. */
  keys: string[];
  keyTypes: Column['type'][];
  /** For each of groupDims, the key it is read from (its own key). */
  groupDimKeys: number[];
  /** SQL of the dimensions' values taken per group (any row's). */
  groupDims: string[];
  /** SQL (milliseconds) of the dimensions taken from each group's first row. */
  firstDims: string[];
  inputs: RowInput[];
  /** Output columns in Vega's write order; a later write of a name keeps the first slot. */
  outputs: BucketedOutput[];
  /** Number inputs whose sums are exact in any order when they hold integers below 2^53: index into `inputs`, and the field. */
  sums: { input: number; field: string }[];
  /** Number inputs folded in Vega's row order (index into `inputs`); an index keeps them per row in that order. */
  folds: number[];
}

export type BucketedLayoutOutcome = { layout: BucketedLayout } | { reason: string };

/** Filtered columns these indexes bucket: their values are numbers once read. */
const BUCKETED_TYPES: ReadonlySet<Column['type']> = new Set(['number', 'date', 'string', 'boolean']);

/** Whether a filtered column is read through a dictionary (its values numbered, one box each). */
export function isCoded(col: Column): boolean {
  return col.type === 'string' || col.type === 'boolean';
}

/** Most distinct values a dictionary-coded filtered column may hold. */
export const MAX_CODES = 4096;

/** Most output groups a bucketed index keeps. */
export const MAX_GROUPS = 1 << 20;

/** Lays out a bucketed index for `aggregate` (parameters resolved) over `schema`, filtered through `filterColumns`. */
export function planBucketedLayout(aggregate: TransformSpec, base: Relation, filterColumns: readonly string[]): BucketedLayoutOutcome {
  if (aggregate.cross === true && Array.isArray(aggregate.groupby) && aggregate.groupby.length > 1) {
    return { reason: 'aggregate with "cross" makes cells for combinations without rows' };
  }
  if (aggregate.drop === false) return { reason: 'aggregate with "drop: false" keeps empty groups' };
  if (aggregate.key !== undefined && aggregate.key !== null) return { reason: 'aggregate with a "key" field groups by it instead of its fields' };
  const dims: Column[] = [];
  for (const name of [...new Set(filterColumns)].sort()) {
    const col = base.schema.find((c) => c.name === name);
    if (!col) return { reason: `the filter reads "${name}", which is not a column of the data` };
    if (!BUCKETED_TYPES.has(col.type)) return { reason: `the filter reads "${name}", which holds ${col.type} values, not numbers, dates, strings or booleans` };
    dims.push(col);
  }
  if (dims.length === 0 || dims.length > 3) return { reason: `a bucketed index serves one to three filtered columns, not ${dims.length}` };
  const { dims: groupDimensions, keys } = planDimensions(aggregate, base);
  const groupDims: string[] = [];
  const groupDimKeys: number[] = [];
  const firstDims: string[] = [];
  const outputs: BucketedOutput[] = [];
  // Each dimension is its own key (a `key` parameter was refused above).
  const keyTypes = groupDimensions.map((d) => d.ref.type);
  for (const [index, d] of groupDimensions.entries()) {
    if (!d.firstValue) {
      outputs.push({ name: d.ref.name, type: d.ref.type, from: 'group', dim: groupDims.length });
      groupDims.push(d.ref.sql);
      groupDimKeys.push(index);
    } else if (d.ref.type === 'date') {
      outputs.push({ name: d.ref.name, type: 'date', from: 'first', first: firstDims.length });
      firstDims.push(`CAST(epoch_ms(${d.ref.sql}) AS DOUBLE)`);
    } else {
      return { reason: `the group field "${d.ref.name}" takes its value from each group's first row` };
    }
  }
  const inputs: RowInput[] = [];
  const sums: BucketedLayout['sums'] = [];
  const folds: number[] = [];
  const inputOf = (kind: RowInput['kind'], sql: string): number => {
    const found = inputs.findIndex((i) => i.kind === kind && i.sql === sql);
    if (found >= 0) return found;
    inputs.push({ kind, sql });
    return inputs.length - 1;
  };
  for (const m of planMeasures(aggregate, base.schema, 'aggregate')) {
    const out = measureOutput(m, inputOf, sums, folds);
    if ('reason' in out) return out;
    outputs.push(out);
  }
  // Vega writes groups' fields first, then measures; a later write of a name keeps its slot.
  const byName = new Map<string, BucketedOutput>();
  for (const o of outputs) byName.set(o.name, o);
  return { layout: { dims, keys, keyTypes, groupDimKeys, firstDims, groupDims, inputs, outputs: [...byName.values()], sums, folds } };
}

function measureOutput(
  m: Measure, inputOf: (kind: RowInput['kind'], sql: string) => number, sums: BucketedLayout['sums'], folds: number[],
): BucketedOutput | { reason: string } {
  const { name } = m;
  if (m.op === 'count') return { name, type: 'number', from: 'count' };
  const ref = m.ref;
  if (!ref) return { reason: `aggregate op "${m.op}" has no field` };
  const valid = validSql(ref.sql, ref.type);
  switch (m.op) {
    case 'valid':
      return { name, type: 'number', from: 'flags', input: inputOf('flag', `CAST(${valid} AS INTEGER)`) };
    case 'missing':
      return { name, type: 'number', from: 'flags', input: inputOf('flag', `CAST(${missingSql(ref.sql, ref.type)} AS INTEGER)`) };
    case 'min': case 'max':
      if (ref.type !== 'number' && ref.type !== 'date') return { reason: `aggregate op "${m.op}" over "${ref.name}", which is not numbers or dates` };
      return { name, type: ref.type, from: m.op, input: inputOf('value', `CASE WHEN ${valid} THEN ${toNumberSql(ref.sql, ref.type)} ELSE 'NaN'::DOUBLE END`) };
    case 'sum': {
      if (ref.type !== 'number') return { reason: `aggregate op "sum" over "${ref.name}", which is not numbers` };
      const input = inputOf('value', `CASE WHEN ${valid} THEN ${ref.sql} ELSE 'NaN'::DOUBLE END`);
      sums.push({ input, field: ref.name });
      return { name, type: 'number', from: 'sum', input };
    }
    default: {
      if (!isFoldOp(m.op)) return { reason: `aggregate op "${m.op}" needs the values themselves, so partial aggregates cannot reproduce it exactly` };
      // Vega folds a number or date (as milliseconds) row by row; NaN then marks a value it skips.
      if (ref.type !== 'number' && ref.type !== 'date') return { reason: `aggregate op "${m.op}" over "${ref.name}", which is not numbers or dates` };
      const input = inputOf('value', `CASE WHEN ${valid} THEN ${toNumberSql(ref.sql, ref.type)} ELSE 'NaN'::DOUBLE END`);
      if (!folds.includes(input)) folds.push(input);
      return { name, type: 'number', from: 'fold', op: m.op, input };
    }
  }
}

/** The built index: rows and cells sorted by box, and each box's extent per column. */
export interface BucketedIndex {
  layout: BucketedLayout;
  rows: number;
  groups: number;
  /** Per group, the values of `layout.groupDims`. */
  groupValues: unknown[][];
  /** Per filtered column, its values by code where it is coded (strings, booleans). */
  codes: (unknown[] | undefined)[];
  boxes: number;
  /** Rows of box b: [rowStart[b], rowStart[b + 1]); cells of box b likewise by cellStart. */
  rowStart: Int32Array;
  cellStart: Int32Array;
  /** Per column: each box's kind (RANGE, NULLS, NANS) and its rows' least and greatest value. */
  boxKind: Uint8Array[];
  boxLo: Float64Array[];
  boxHi: Float64Array[];
  /** Each box's sub-boxes (rows only, no cells): box b's are [b * subsPerBox, (b + 1) * subsPerBox), their rows by fineStart, their extents likewise. */
  subsPerBox: number;
  fineStart: Int32Array;
  fineKind: Uint8Array[];
  fineLo: Float64Array[];
  fineHi: Float64Array[];
  /** Per row, in box order. */
  values: Float64Array[];
  /** Per column, each row's kind; absent when every value is a number. */
  kinds: (Uint8Array | undefined)[];
  /** Each row's group (16 bits where the groups allow). */
  group: Int32Array | Uint16Array;
  /** Each row's order (32-bit integers where every order is one). */
  order: Float64Array | Int32Array;
  /** Per row, each input in box order (empty for an input only folded). */
  inputs: (Float64Array | Uint8Array)[];
  firsts: Float64Array[];
  /** With folded inputs: each row's place in Vega's order (per row in box order), and in that order each row's group and folded values (by input). */
  foldRank?: Int32Array;
  foldGroup?: Int32Array | Uint16Array;
  foldValues?: (Float64Array | undefined)[];
  /** Per cell: group, row count, least order, the row holding it, each input's partial. */
  cellGroup: Int32Array;
  cellCount: Float64Array;
  cellOrder: Float64Array;
  cellFirst: Int32Array;
  /** Flags: sums. Values: sums of valid values (or least/greatest, both kept). */
  cellSum: Float64Array[];
  cellValid: Float64Array[];
  cellMin: Float64Array[];
  cellMax: Float64Array[];
  bytes: number;
  buildMs: number;
  /** Where the build's time went: grouping the keys, reading the rows, sorting them into boxes. */
  phases?: { groupsMs: number; readMs: number; sortMs: number; bucketsMs?: number; permMs?: number; cellsMs?: number };
}
