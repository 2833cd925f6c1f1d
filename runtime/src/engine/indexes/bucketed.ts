/**
 * A bucketed index for brushes over continuous columns of any cardinality (floats,
 * timestamps), one or several at once (2-D brushes): the rows that an aggregate reads,
 * held as typed arrays sorted by box. A box is one bucket of each filtered column
 * (quantile buckets, so each holds about as many rows; nulls and NaN in buckets of their
 * own); each box keeps the true least and greatest value of each column over its rows, and
 * its cells: the partial aggregates of its rows per output group.
 *
 * A selection's answer combines the cells of the boxes the filter keeps whole, and the
 * rows, one by one, of the boxes it cuts (at a brush's edges): so the answer is exact at
 * any brush position, never snapped to buckets, while each update reads only a few
 * buckets of rows. Built with one statement grouping the keys and one reading the rows.
 *
 * Exact for the aggregate ops that decompose: count, valid, missing, min and max (numbers
 * and dates), and sum of integers below 2^53 in magnitude (then every partial sum is exact
 * and the order of the additions cannot change the result). Groups keep Vega's order, the
 * least row order of their kept rows; a dimension that Vega takes from a group's first row
 * (dates, grouped by the second) is read per row. What does not fit is refused, with why.
 */
import { ident } from '../sql.js';
import { nextTurn } from '../turns.js';
import type { SqlEngine } from '../duckdb.js';
import { planDimensions } from '../transforms/aggregate.js';
import { planMeasures, type Measure } from '../transforms/aggregate-ops.js';
import { ORDER_SQL, toNumberSql, validSql, missingSql } from '../transforms/field-sql.js';
import type { Column, Relation, TransformSpec } from '../types.js';
import { NANS, NULLS, RANGE } from './box-filter.js';

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
  | { name: string; type: Column['type']; from: 'min' | 'max'; input: number };

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
  /** Number inputs whose sums must be exact: index into `inputs`, and the field named in a refusal. */
  sums: { input: number; field: string }[];
}

export type BucketedLayoutOutcome = { layout: BucketedLayout } | { reason: string };

/** Filtered columns these indexes bucket: their values are numbers once read. */
const BUCKETED_TYPES: ReadonlySet<Column['type']> = new Set(['number', 'date', 'string', 'boolean']);

/** Whether a filtered column is read through a dictionary (its values numbered, one box each). */
export function isCoded(col: Column): boolean {
  return col.type === 'string' || col.type === 'boolean';
}

/** Most distinct values a dictionary-coded filtered column may hold. */
const MAX_CODES = 4096;

/** Most output groups a bucketed index keeps. */
const MAX_GROUPS = 1 << 20;

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
  const inputOf = (kind: RowInput['kind'], sql: string): number => {
    const found = inputs.findIndex((i) => i.kind === kind && i.sql === sql);
    if (found >= 0) return found;
    inputs.push({ kind, sql });
    return inputs.length - 1;
  };
  for (const m of planMeasures(aggregate, base.schema, 'aggregate')) {
    const out = measureOutput(m, inputOf, sums);
    if ('reason' in out) return out;
    outputs.push(out);
  }
  // Vega writes groups' fields first, then measures; a later write of a name keeps its slot.
  const byName = new Map<string, BucketedOutput>();
  for (const o of outputs) byName.set(o.name, o);
  return { layout: { dims, keys, keyTypes, groupDimKeys, firstDims, groupDims, inputs, outputs: [...byName.values()], sums } };
}

function measureOutput(
  m: Measure, inputOf: (kind: RowInput['kind'], sql: string) => number, sums: BucketedLayout['sums'],
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
    default:
      return { reason: `aggregate op "${m.op}" ${['mean', 'average', 'variance', 'variancep', 'stdev', 'stdevp', 'stderr', 'product'].includes(m.op) ? 'folds the values in row order (Vega rounds after each row)' : 'needs the values themselves'}, so partial aggregates cannot reproduce it exactly` };
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
  /** Per row, in box order. */
  values: Float64Array[];
  /** Per column, each row's kind; absent when every value is a number. */
  kinds: (Uint8Array | undefined)[];
  /** Each row's group (16 bits where the groups allow). */
  group: Int32Array | Uint16Array;
  /** Each row's order (32-bit integers where every order is one). */
  order: Float64Array | Int32Array;
  inputs: (Float64Array | Uint8Array)[];
  firsts: Float64Array[];
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

export interface BucketedBuildOptions {
  /** An index larger than this is refused (bytes of its arrays). */
  maxBytes: number;
  /** Table-name suffix unique to this build. */
  key: string;
  /** The base's rows, when known: an index sure to exceed maxBytes is refused before it is built. */
  rows?: number;
  /** Cells (boxes times groups) to aim for. Default: balanced against the rows of cut boxes. */
  targetCells?: number;
}

/** What testing a row of a cut box costs, in cells added (measured: about 8). */
const ROW_COST = 8;

/** Most cells (boxes times groups) an index plans for. */
const MAX_CELLS = 1 << 21;
const MIN_BUCKETS = 8;
const MAX_BUCKETS = 4096;
const SAMPLE = 1 << 16;
const EXACT_SUM_LIMIT = 2 ** 53;
/** Rows a build's loops handle between turns of the event loop (a power of two). */
const ROWS_PER_TURN = 1 << 20;
/** (box, group) pairs numbered through an array up to this many; beyond, through a Map. */
const DENSE_CELLS = 1 << 22;

/** Builds the index of `layout` over `base`; a reason instead where it cannot be exact or is too large. */
export async function buildBucketedIndex(
  engine: SqlEngine, base: Relation, layout: BucketedLayout, options: BucketedBuildOptions,
): Promise<BucketedIndex | { reason: string }> {
  const started = performance.now();
  if (options.rows !== undefined) {
    const estimate = options.rows * bytesPerRow(layout);
    if (estimate > options.maxBytes) return { reason: `the index would take about ${estimate} bytes, over its budget of ${options.maxBytes}` };
  }
  const tables: string[] = [];
  try {
    // One pass over the base (which may be a pipeline): the keys and the rows' columns.
    // Strings (and booleans, and nested keys) are numbered through dictionaries of their
    // values, joined in; numbers and dates are read as they are and numbered in JS.
    const inner = `SELECT ${[...layout.keys.map((k, i) => `${k} AS "__vf_k${i}"`), ...rowColumns(layout)].join(', ')} FROM (${base.sql}) AS "__vf_base"`;
    const dictionary = async (column: string, type: Column['type'], max: number, what: string): Promise<{ values: unknown[]; join: string } | { reason: string }> => {
      const found = await engine.query(`SELECT DISTINCT ${column} AS v FROM (${inner}) AS b WHERE ${column} IS NOT NULL LIMIT ${max + 1}`);
      const values = (found.columns[0] ?? []).map(normalize);
      if (values.length > max) return { reason: `${what} holds more than ${max} distinct values` };
      const table = `vf_idxd${tables.length}_${options.key}`;
      tables.push(table);
      await engine.createTableFromRows(table, values.map((value) => ({ v: value })), [{ name: 'v', type }]);
      return { values, join: ` LEFT JOIN ${ident(table)} AS d${tables.length} ON b.${column} = d${tables.length}.v` };
    };
    let from = `(${inner}) AS b`;
    const select: string[] = [];
    const keyValues: (unknown[] | undefined)[] = [];
    for (let i = 0; i < layout.keys.length; i++) {
      const column = ident(`__vf_k${i}`);
      const type = layout.keyTypes[i];
      if (type === 'number') {
        select.push(`CAST(b.${column} AS DOUBLE)`);
        keyValues.push(undefined);
      } else if (type === 'date') {
        select.push(`CAST(epoch_ms(b.${column}) AS DOUBLE)`);
        keyValues.push(undefined);
      } else {
        const dict = await dictionary(column, type === 'boolean' ? 'boolean' : 'string', MAX_GROUPS, 'the aggregate\'s group key');
        if ('reason' in dict) return dict;
        from += dict.join;
        select.push(`CAST(d${tables.length}."__vf_order" AS DOUBLE)`);
        keyValues.push(dict.values);
      }
    }
    // Strings and booleans filtered by: numbered through a dictionary of their values.
    const codes: (unknown[] | undefined)[] = [];
    const names = rowColumnNames(layout);
    for (let i = 0; i < layout.dims.length; i++) {
      const column = ident(names[i]);
      if (!isCoded(layout.dims[i])) {
        codes.push(undefined);
        select.push(`b.${column}`);
        continue;
      }
      const dict = await dictionary(column, layout.dims[i].type, MAX_CODES, `the filtered column "${layout.dims[i].name}"`);
      if ('reason' in dict) return dict;
      codes.push(dict.values);
      from += dict.join;
      select.push(`CAST(d${tables.length}."__vf_order" AS DOUBLE)`);
    }
    select.push(...names.slice(layout.dims.length).map((n) => `b.${ident(n)}`));
    const grouped = performance.now();
    const out = await readRows(engine, `SELECT ${select.join(', ')} FROM ${from}`, layout);
    if ('reason' in out) return out;
    const read = performance.now();
    const exact = checkSums(layout, out.inputs);
    if (exact) return exact;
    const estimate = out.rows * bytesPerRow(layout);
    if (estimate > options.maxBytes) return { reason: `the index would take about ${estimate} bytes, over its budget of ${options.maxBytes}` };
    const numbered = numberGroups(out.rows, out.keys, keyValues, layout);
    if ('reason' in numbered) return numbered;
    await nextTurn();
    const index = await sortIntoBoxes(layout, { ...out, group: numbered.group }, numbered.values, codes, options.targetCells);
    if (index.bytes > options.maxBytes) return { reason: `the index takes ${index.bytes} bytes, over its budget of ${options.maxBytes}` };
    index.buildMs = performance.now() - started;
    index.phases = { ...index.phases, groupsMs: grouped - started, readMs: read - grouped, sortMs: performance.now() - read };
    return index;
  } finally {
    for (const t of tables) await engine.exec(`DROP TABLE IF EXISTS ${ident(t)}`);
  }
}

/** Bytes an index keeps per row (its columns in box order). */
function bytesPerRow(layout: BucketedLayout): number {
  return 8 * (layout.dims.length + layout.firstDims.length) + 4 + 2 + layout.inputs.reduce((n, i) => n + (i.kind === 'flag' ? 1 : 8), 0);
}

/** A key column as read: numbers (NaN where NULL, told apart by `nulls`). */
interface KeyColumn {
  values: Float64Array;
  nulls?: Uint8Array;
}

/**
 * Each row's group (numbered in order of first appearance in the read) and each group's
 * values of the dimensions kept per group. Keys equal as GROUP BY groups them (NaN with
 * NaN, -0 with 0; NULL apart) share a group.
 */
function numberGroups(
  rows: number, keys: KeyColumn[], keyValues: (unknown[] | undefined)[], layout: BucketedLayout,
): { group: Int32Array; values: unknown[][] } | { reason: string } {
  if (keys.length === 0) return { group: new Int32Array(rows), values: [[]] };
  // Each key column's values numbered; a row's group is its tuple of numbers.
  const codes = keys.map((k) => {
    const ids = new Map<number, number>();
    const code = new Int32Array(rows);
    for (let r = 0; r < rows; r++) {
      if (k.nulls && k.nulls[r] === 1) {
        code[r] = -1;
        continue;
      }
      const v = k.values[r];
      let id = ids.get(v);
      if (id === undefined) ids.set(v, (id = ids.size));
      code[r] = id;
    }
    return { code, size: ids.size + 1 };
  });
  const group = new Int32Array(rows);
  const firstRow: number[] = [];
  const tuple = new Map<number, number>();
  let radix = 1;
  for (const c of codes) radix *= c.size;
  if (radix > Number.MAX_SAFE_INTEGER) return { reason: 'the group keys take too many combinations' };
  for (let r = 0; r < rows; r++) {
    let t = 0;
    for (const c of codes) t = t * c.size + (c.code[r] + 1);
    let g = tuple.get(t);
    if (g === undefined) {
      tuple.set(t, (g = tuple.size));
      firstRow.push(r);
    }
    group[r] = g;
  }
  if (tuple.size > MAX_GROUPS) return { reason: `the aggregate makes more than ${MAX_GROUPS} groups` };
  const values = firstRow.map((r) => layout.groupDimKeys.map((k) => {
    const key = keys[k];
    if (key.nulls && key.nulls[r] === 1) return null;
    const dict = keyValues[k];
    return dict ? dict[key.values[r]] : key.values[r];
  }));
  return { group, values };
}

function normalize(v: unknown): unknown {
  return typeof v === 'bigint' ? Number(v) : v;
}

/** Names of the per-row columns, in the order rowColumns computes them. */
function rowColumnNames(layout: BucketedLayout): string[] {
  return [
    ...layout.dims.map((_, i) => `__vf_v${i}`), '__vf_o',
    ...layout.inputs.map((_, i) => `__vf_in${i}`), ...layout.firstDims.map((_, i) => `__vf_f${i}`),
  ];
}

/** The per-row columns read after the group id. */
function rowColumns(layout: BucketedLayout): string[] {
  return [
    ...layout.dims.map((d, i) => `${isCoded(d) ? ident(d.name) : d.type === 'date' ? `CAST(epoch_ms(${ident(d.name)}) AS DOUBLE)` : `CAST(${ident(d.name)} AS DOUBLE)`} AS "__vf_v${i}"`),
    `${ORDER_SQL} AS "__vf_o"`,
    ...layout.inputs.map((inp, i) => `${inp.sql} AS "__vf_in${i}"`),
    ...layout.firstDims.map((f, i) => `${f} AS "__vf_f${i}"`),
  ];
}

interface ReadRows {
  rows: number;
  keys: KeyColumn[];
  /** Each row's group (numbered from `keys` after the read). */
  group: Int32Array;
  values: Float64Array[];
  kinds: (Uint8Array | undefined)[];
  order: Float64Array;
  inputs: (Float64Array | Uint8Array)[];
  firsts: Float64Array[];
}

async function readRows(engine: SqlEngine, sql: string, layout: BucketedLayout): Promise<ReadRows | { reason: string }> {
  if (!engine.queryColumns) return { reason: 'the engine cannot read columns as typed arrays' };
  const out = await engine.queryColumns(sql);
  const rows = out.rows;
  const k = layout.keys.length;
  // Columns after the keys.
  const at = (j: number) => out.columns[j - 1 + k];
  const keys: KeyColumn[] = [];
  for (let i = 0; i < k; i++) {
    const col = out.columns[i];
    if (col.kind !== 'double') return { reason: 'group keys were not read as numbers' };
    let nulls: Uint8Array | undefined;
    if (col.valid) {
      nulls = new Uint8Array(rows);
      for (let r = 0; r < rows; r++) if ((col.valid[r >> 3] & (1 << (r & 7))) === 0) nulls[r] = 1;
    }
    keys.push({ values: col.values, nulls });
  }
  const doubles = (j: number): Float64Array | undefined => {
    const c = at(j);
    if (c.kind === 'double') return c.values;
    if (c.kind === 'int') return Float64Array.from(c.values);
    return undefined;
  };
  const values: Float64Array[] = [];
  const kinds: (Uint8Array | undefined)[] = [];
  for (let i = 0; i < layout.dims.length; i++) {
    const col = at(1 + i);
    const v = doubles(1 + i);
    if (!v || col.kind === 'js') return { reason: `the filtered column "${layout.dims[i].name}" was not read as numbers` };
    let kind: Uint8Array | undefined;
    for (let r = 0; r < rows; r++) {
      const isNull = col.valid !== undefined && (col.valid[r >> 3] & (1 << (r & 7))) === 0;
      if (isNull || Number.isNaN(v[r])) {
        kind ??= new Uint8Array(rows);
        kind[r] = isNull ? NULLS : NANS;
      }
    }
    values.push(v);
    kinds.push(kind);
  }
  const base = 1 + layout.dims.length;
  const order = doubles(base);
  if (!order) return { reason: 'the order column was not read as numbers' };
  const inputs: (Float64Array | Uint8Array)[] = [];
  for (let i = 0; i < layout.inputs.length; i++) {
    const col = at(base + 1 + i);
    if (layout.inputs[i].kind === 'flag') {
      if (col.kind !== 'int') return { reason: 'a count input was not read as integers' };
      inputs.push(Uint8Array.from(col.values));
    } else {
      const v = doubles(base + 1 + i);
      if (!v) return { reason: 'a measure input was not read as numbers' };
      inputs.push(v);
    }
  }
  const firsts: Float64Array[] = [];
  for (let i = 0; i < layout.firstDims.length; i++) {
    const j = base + 1 + layout.inputs.length + i;
    const col = at(j);
    const v = doubles(j);
    if (!v) return { reason: 'a group field was not read as dates' };
    // A NULL date reads as NaN: no valid date is NaN.
    if (col.kind !== 'js' && col.valid) for (let r = 0; r < rows; r++) if ((col.valid[r >> 3] & (1 << (r & 7))) === 0) v[r] = NaN;
    firsts.push(v);
  }
  return { rows, keys, group: new Int32Array(0), values, kinds, order, inputs, firsts };
}

/** Why a sum could round when added in another order, or undefined when every sum is exact. */
function checkSums(layout: BucketedLayout, inputs: (Float64Array | Uint8Array)[]): { reason: string } | undefined {
  for (const { input, field } of layout.sums) {
    const v = inputs[input];
    let magnitude = 0;
    for (let r = 0; r < v.length; r++) {
      const x = v[r];
      if (Number.isNaN(x)) continue;
      if (!Number.isInteger(x)) return { reason: `the sum of "${field}" holds values that are not integers, so its value depends on the order of additions` };
      magnitude += Math.abs(x);
    }
    if (!(magnitude < EXACT_SUM_LIMIT)) return { reason: `the sum of "${field}" reaches 2^53, beyond which additions round` };
  }
  return undefined;
}

/** Bucket boundaries of one column: cut points at quantiles of a sample of its numbers. */
function cutsOf(values: Float64Array, kinds: Uint8Array | undefined, buckets: number): Float64Array {
  const n = values.length;
  const step = Math.max(1, Math.floor(n / SAMPLE));
  const sample: number[] = [];
  for (let r = 0; r < n; r += step) if (!kinds || kinds[r] === RANGE) sample.push(values[r]);
  sample.sort((a, b) => a - b);
  const cuts: number[] = [];
  for (let i = 1; i < buckets; i++) {
    const c = sample[Math.floor((i * sample.length) / buckets)];
    if (c !== undefined && (cuts.length === 0 || c > cuts[cuts.length - 1])) cuts.push(c);
  }
  return Float64Array.from(cuts);
}

/**
 * Buckets per column. An update costs about the cells of the boxes it keeps whole (up to
 * B^d boxes times G groups) plus the rows of the boxes it cuts (about 2d N / B at a brush's
 * edges), a row costing about ROW_COST cells (it is tested, a cell only added):
 * B = (2 ROW_COST N / G)^(1 / (d + 1)) balances the two. Given `targetCells`, the boxes
 * times groups aim at it instead (tests use it to put many rows in each box). Bounded so
 * the cells stay within MAX_CELLS.
 */
function bucketsPerColumn(rows: number, groups: number, d: number, targetCells?: number): number {
  const g = Math.min(groups, 4096);
  const balanced = targetCells !== undefined ? (targetCells / g) ** (1 / d) : ((2 * ROW_COST * rows) / g) ** (1 / (d + 1));
  const bounded = Math.min(balanced, (MAX_CELLS / g) ** (1 / d));
  return Math.max(MIN_BUCKETS, Math.min(MAX_BUCKETS, Math.floor(bounded)));
}

/** Slots of the guess table a bucketer keeps (a lookup instead of a search per row). */
const GUESS_SLOTS = 1 << 16;

/**
 * The bucket of a number: how many cuts are at most it (equal values share a bucket). A
 * table over equal slices of the cuts' range gives a first guess, corrected by a step or
 * two, so rounding in the slice arithmetic cannot make it wrong.
 */
export function bucketer(cuts: Float64Array): (v: number) => number {
  const n = cuts.length;
  if (n === 0) return () => 0;
  const first = cuts[0];
  const last = cuts[n - 1];
  const scale = GUESS_SLOTS / (last - first);
  if (!(last > first) || !Number.isFinite(last - first) || !Number.isFinite(scale)) {
    // Infinite cuts, or a range too narrow to slice: a binary search.
    return (v) => {
      let lo = 0;
      let hi = n;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cuts[mid] <= v) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    };
  }
  const guess = new Int32Array(GUESS_SLOTS + 1);
  for (let s = 0, b = 0; s <= GUESS_SLOTS; s++) {
    const left = first + s / scale;
    while (b < n && cuts[b] <= left) b++;
    guess[s] = b;
  }
  return (v) => {
    if (v < first) return 0;
    if (v >= last) return n;
    let b = guess[Math.min(GUESS_SLOTS, Math.floor((v - first) * scale))];
    while (b > 0 && cuts[b - 1] > v) b--;
    while (b < n && cuts[b] <= v) b++;
    return b;
  };
}

/**
 * Sorts the rows into boxes and sums their cells. Every pass streams over the rows (the
 * cells summed in read order, then each column copied into box order, one run per box);
 * the event loop gets a turn between passes.
 */
async function sortIntoBoxes(
  layout: BucketedLayout, read: ReadRows, groupValues: unknown[][], codes: (unknown[] | undefined)[], targetCells: number | undefined,
): Promise<BucketedIndex> {
  const { rows } = read;
  const d = layout.dims.length;
  const groups = Math.max(1, groupValues.length);
  const perColumn = bucketsPerColumn(rows, groups, d, targetCells);
  // Per column: the numeric buckets, then one for nulls and one for NaN.
  // A coded column gets a bucket per value: its boxes are always decided exactly.
  const cuts = read.values.map((v, i) => (codes[i] ? Float64Array.from({ length: Math.max(0, codes[i]!.length - 1) }, (_, c) => c + 1) : cutsOf(v, read.kinds[i], perColumn)));
  const sizes = cuts.map((c) => c.length + 3);
  const strides = sizes.map((_, i) => sizes.slice(i + 1).reduce((a, b) => a * b, 1));
  const boxes = sizes.reduce((a, b) => a * b, 1);
  const t0 = performance.now();
  const boxOf = new Int32Array(rows);
  for (let i = 0; i < d; i++) {
    await nextTurn();
    const v = read.values[i];
    const k = read.kinds[i];
    const c = cuts[i];
    const bucketOf = bucketer(c);
    const nullBucket = c.length + 1;
    const s = strides[i];
    for (let r = 0; r < rows; r++) {
      const kind = k ? k[r] : RANGE;
      boxOf[r] += s * (kind === RANGE ? bucketOf(v[r]) : kind === NULLS ? nullBucket : nullBucket + 1);
    }
  }
  // Counting sort by box, stable (rows of a box keep their read order).
  await nextTurn();
  const t1 = performance.now();
  const rowStart = new Int32Array(boxes + 1);
  for (let r = 0; r < rows; r++) rowStart[boxOf[r] + 1]++;
  for (let b = 0; b < boxes; b++) rowStart[b + 1] += rowStart[b];
  // Each row's place in box order.
  const pos = new Int32Array(rows);
  const next = rowStart.slice(0, boxes);
  for (let r = 0; r < rows; r++) pos[r] = next[boxOf[r]]++;

  // Each box's extent per column.
  await nextTurn();
  const boxKind = layout.dims.map(() => new Uint8Array(boxes));
  const boxLo = layout.dims.map(() => new Float64Array(boxes).fill(Infinity));
  const boxHi = layout.dims.map(() => new Float64Array(boxes).fill(-Infinity));
  for (let i = 0; i < d; i++) boxExtents(read.values[i], read.kinds[i], boxOf, boxKind[i], boxLo[i], boxHi[i]);

  // Cells: the partials of each (box, group), numbered in order of first appearance.
  await nextTurn();
  const t2 = performance.now();
  const group = read.group;
  const order = read.order;
  const inputs = read.inputs;
  const dense = boxes * groups <= DENSE_CELLS;
  const cellIndex = dense ? new Int32Array(boxes * groups).fill(-1) : undefined;
  const cellMap = dense ? undefined : new Map<number, number>();
  const most = Math.min(rows, boxes * groups);
  const flags = layout.inputs.map((inp) => inp.kind === 'flag');
  let cap = Math.min(most, 1 << 16);
  let cellBox = new Int32Array(cap);
  let cellGroup = new Int32Array(cap);
  let cellCount = new Float64Array(cap);
  let cellOrder = new Float64Array(cap);
  let cellFirst = new Int32Array(cap);
  let cellSum = inputs.map(() => new Float64Array(cap));
  let cellValid = inputs.map((_, k) => new Float64Array(flags[k] ? 0 : cap));
  let cellMin = inputs.map((_, k) => new Float64Array(flags[k] ? 0 : cap));
  let cellMax = inputs.map((_, k) => new Float64Array(flags[k] ? 0 : cap));
  const grow = <T extends Float64Array | Int32Array>(a: T, n: number): T => {
    const out = new (a.constructor as new (n: number) => T)(n);
    out.set(a);
    return out;
  };
  let cells = 0;
  for (let r = 0; r < rows; r++) {
    if ((r & (ROWS_PER_TURN - 1)) === ROWS_PER_TURN - 1) await nextTurn();
    const g = group[r];
    const key = boxOf[r] * groups + g;
    let c = dense ? cellIndex![key] : cellMap!.get(key) ?? -1;
    if (c < 0) {
      if (cells === cap) {
        cap = Math.min(most, cap * 2);
        cellBox = grow(cellBox, cap); cellGroup = grow(cellGroup, cap); cellCount = grow(cellCount, cap);
        cellOrder = grow(cellOrder, cap); cellFirst = grow(cellFirst, cap);
        cellSum = cellSum.map((a) => grow(a, cap));
        cellValid = cellValid.map((a, k) => (flags[k] ? a : grow(a, cap)));
        cellMin = cellMin.map((a, k) => (flags[k] ? a : grow(a, cap)));
        cellMax = cellMax.map((a, k) => (flags[k] ? a : grow(a, cap)));
      }
      c = cells++;
      if (dense) cellIndex![key] = c;
      else cellMap!.set(key, c);
      cellBox[c] = boxOf[r];
      cellGroup[c] = g;
      cellOrder[c] = Infinity;
      for (let k = 0; k < inputs.length; k++) if (!flags[k]) { cellMin[k][c] = NaN; cellMax[k][c] = NaN; }
    }
    cellCount[c]++;
    if (order[r] < cellOrder[c]) {
      cellOrder[c] = order[r];
      cellFirst[c] = r;
    }
    for (let k = 0; k < inputs.length; k++) {
      const x = inputs[k][r];
      if (flags[k]) {
        cellSum[k][c] += x;
        continue;
      }
      if (Number.isNaN(x)) continue;
      cellSum[k][c] += x;
      cellValid[k][c]++;
      if (!(x >= cellMin[k][c])) cellMin[k][c] = x;
      if (!(x <= cellMax[k][c])) cellMax[k][c] = x;
    }
  }
  // The cells grouped by box (counting sort of the cells, which are few).
  await nextTurn();
  const t3 = performance.now();
  const cellStart = new Int32Array(boxes + 1);
  for (let c = 0; c < cells; c++) cellStart[cellBox[c] + 1]++;
  for (let b = 0; b < boxes; b++) cellStart[b + 1] += cellStart[b];
  const at = cellStart.slice(0, boxes);
  const cellPerm = new Int32Array(cells);
  for (let c = 0; c < cells; c++) cellPerm[at[cellBox[c]]++] = c;
  const byBox = <T extends Float64Array | Int32Array>(a: T): T => {
    const out = new (a.constructor as new (n: number) => T)(cells);
    for (let j = 0; j < cells; j++) out[j] = a[cellPerm[j]];
    return out;
  };
  // The rows' columns in box order, so an update reads a cut box's rows in sequence. Each
  // copy streams over the rows and writes one run per box.
  await nextTurn();
  const scatter = <T extends Float64Array | Int32Array | Uint16Array | Uint8Array>(src: ArrayLike<number>, out: T): T => {
    for (let r = 0; r < rows; r++) out[pos[r]] = src[r];
    return out;
  };
  const firstRows = byBox(cellFirst);
  for (let c = 0; c < cells; c++) firstRows[c] = pos[firstRows[c]];
  const index: BucketedIndex = {
    layout, rows, groups: groupValues.length, groupValues, codes, boxes, rowStart, cellStart, boxKind, boxLo, boxHi,
    values: read.values.map((v) => scatter(v, new Float64Array(rows))),
    kinds: read.kinds.map((k) => (k ? scatter(k, new Uint8Array(rows)) : undefined)),
    group: groupValues.length <= 0xffff ? scatter(group, new Uint16Array(rows)) : scatter(group, new Int32Array(rows)),
    order: wholeOrders(order) ? scatter(order, new Int32Array(rows)) : scatter(order, new Float64Array(rows)),
    inputs: inputs.map((v) => (v instanceof Uint8Array ? scatter(v, new Uint8Array(rows)) : scatter(v, new Float64Array(rows)))),
    firsts: read.firsts.map((v) => scatter(v, new Float64Array(rows))),
    cellGroup: byBox(cellGroup), cellCount: byBox(cellCount), cellOrder: byBox(cellOrder), cellFirst: firstRows,
    cellSum: cellSum.map(byBox), cellValid: cellValid.map((a, k) => (flags[k] ? a : byBox(a))),
    cellMin: cellMin.map((a, k) => (flags[k] ? a : byBox(a))), cellMax: cellMax.map((a, k) => (flags[k] ? a : byBox(a))),
    bytes: 0, buildMs: 0,
  };
  index.bytes = bytesOf(index);
  index.phases = { groupsMs: 0, readMs: 0, sortMs: 0, bucketsMs: t1 - t0, permMs: t2 - t1, cellsMs: t3 - t2 };
  return index;
}

/** One column's kind and least and greatest number in each box (one pass over the rows). */
function boxExtents(v: Float64Array, k: Uint8Array | undefined, boxOf: Int32Array, kind: Uint8Array, lo: Float64Array, hi: Float64Array): void {
  for (let r = 0; r < v.length; r++) {
    const b = boxOf[r];
    if (k !== undefined && k[r] !== RANGE) {
      kind[b] = k[r];
      continue;
    }
    const x = v[r];
    if (x < lo[b]) lo[b] = x;
    if (x > hi[b]) hi[b] = x;
  }
}

/** Whether every order is a 32-bit integer (row numbers of a file or table), kept in half the bytes. */
function wholeOrders(order: Float64Array): boolean {
  for (let j = 0; j < order.length; j++) {
    const o = order[j];
    if (!Number.isInteger(o) || o > 0x7fffffff || o < -0x80000000) return false;
  }
  return true;
}

function bytesOf(index: BucketedIndex): number {
  const arrays: ArrayBufferView[] = [
    index.rowStart, index.cellStart, ...index.boxKind, ...index.boxLo, ...index.boxHi, ...index.values,
    ...index.kinds.filter((k): k is Uint8Array => k !== undefined), index.group, index.order, ...index.inputs, ...index.firsts,
    index.cellGroup, index.cellCount, index.cellOrder, index.cellFirst, ...index.cellSum, ...index.cellValid, ...index.cellMin, ...index.cellMax,
  ];
  return 1024 + arrays.reduce((s, a) => s + a.byteLength, 0) + index.groups * 32 * Math.max(1, index.layout.groupDims.length);
}
