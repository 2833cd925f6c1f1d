/**
 * Reading a bucketed index's rows: the per-row columns computed in SQL, read as typed
 * arrays, the group keys numbered into groups, the sums checked for exactness.
 */
import { ident } from '../sql.js';
import type { SqlEngine } from '../duckdb.js';
import { ORDER_SQL } from '../transforms/field-sql.js';
import { NANS, NULLS } from './box-filter.js';
import { isCoded, MAX_GROUPS, type BucketedLayout } from './bucketed-layout.js';

const EXACT_SUM_LIMIT = 2 ** 53;

/** A key column as read: numbers (NaN where NULL, told apart by `nulls`). */
export interface KeyColumn {
  values: Float64Array;
  nulls?: Uint8Array;
}

/**
 * Each row's group (numbered in order of first appearance in the read) and each group's
 * values of the dimensions kept per group. Keys equal as GROUP BY groups them (NaN with
 * NaN, -0 with 0; NULL apart) share a group.
 */
export function numberGroups(
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

export function normalize(v: unknown): unknown {
  return typeof v === 'bigint' ? Number(v) : v;
}

/** Names of the per-row columns, in the order rowColumns computes them. */
export function rowColumnNames(layout: BucketedLayout): string[] {
  return [
    ...layout.dims.map((_, i) => `__vf_v${i}`), '__vf_o',
    ...layout.inputs.map((_, i) => `__vf_in${i}`), ...layout.firstDims.map((_, i) => `__vf_f${i}`),
  ];
}

/** The per-row columns read after the group id. */
export function rowColumns(layout: BucketedLayout): string[] {
  return [
    ...layout.dims.map((d, i) => `${isCoded(d) ? ident(d.name) : d.type === 'date' ? `CAST(epoch_ms(${ident(d.name)}) AS DOUBLE)` : `CAST(${ident(d.name)} AS DOUBLE)`} AS "__vf_v${i}"`),
    `${ORDER_SQL} AS "__vf_o"`,
    ...layout.inputs.map((inp, i) => `${inp.sql} AS "__vf_in${i}"`),
    ...layout.firstDims.map((f, i) => `${f} AS "__vf_f${i}"`),
  ];
}

export interface ReadRows {
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

export async function readRows(engine: SqlEngine, sql: string, layout: BucketedLayout, signal?: AbortSignal): Promise<ReadRows | { reason: string }> {
  if (!engine.queryColumns) return { reason: 'the engine cannot read columns as typed arrays' };
  const out = await engine.queryColumns(sql, signal);
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

/**
 * The layout with each sum that could round when added in another order (values that are
 * not integers, or magnitudes reaching 2^53) folded instead, in Vega's row order, as Vega
 * adds them.
 */
export function foldInexactSums(layout: BucketedLayout, inputs: (Float64Array | Uint8Array)[]): BucketedLayout {
  const inexact = new Set<number>();
  for (const { input } of layout.sums) {
    const v = inputs[input];
    let magnitude = 0;
    let exact = true;
    for (let r = 0; r < v.length; r++) {
      const x = v[r];
      if (Number.isNaN(x)) continue;
      if (!Number.isInteger(x)) {
        exact = false;
        break;
      }
      magnitude += Math.abs(x);
    }
    if (!exact || !(magnitude < EXACT_SUM_LIMIT)) inexact.add(input);
  }
  if (inexact.size === 0) return layout;
  return {
    ...layout,
    sums: layout.sums.filter((s) => !inexact.has(s.input)),
    folds: [...new Set([...layout.folds, ...inexact])],
    outputs: layout.outputs.map((o) => (o.from === 'sum' && inexact.has(o.input) ? { name: o.name, type: o.type, from: 'fold', op: 'sum', input: o.input } : o)),
  };
}
