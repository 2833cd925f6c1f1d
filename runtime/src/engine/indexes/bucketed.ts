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
 * buckets of rows. Built from one pass over the base (keys and rows read together).
 *
 * Exact for the aggregate ops that decompose: count, valid, missing, min and max (numbers
 * and dates), and sum of integers below 2^53 in magnitude (then every partial sum is exact
 * and the order of the additions cannot change the result). The ops Vega folds row by row
 * (mean, the variance family, product, and sums that could round) are exact too: their
 * values are also kept in Vega's row order, and an answer marks the kept rows in a bitmap
 * and folds them in that order, as Vega does (a pass over the bitmap and the kept rows). Groups keep Vega's order, the
 * least row order of their kept rows; a dimension that Vega takes from a group's first row
 * (dates, grouped by the second) is read per row. What does not fit is refused, with why.
 */
import { ident } from '../sql.js';
import { nextTurn } from '../turns.js';
import type { SqlEngine } from '../duckdb.js';
import type { Column, Relation } from '../types.js';
import { isCoded, MAX_CODES, MAX_GROUPS, type BucketedIndex, type BucketedLayout } from './bucketed-layout.js';
import { foldInexactSums, normalize, numberGroups, readRows, rowColumnNames, rowColumns } from './bucketed-rows.js';
import { foldOnly, sortIntoBoxes } from './bucketed-boxes.js';

export * from './bucketed-layout.js';
export { bucketer } from './bucketed-boxes.js';

export interface BucketedBuildOptions {
  /** An index larger than this is refused (bytes of its arrays). */
  maxBytes: number;
  /** Table-name suffix unique to this build. */
  key: string;
  /** The base's rows, when known: an index sure to exceed maxBytes is refused before it is built. */
  rows?: number;
  /** Cells (boxes times groups) to aim for. Default: balanced against the rows of cut boxes. */
  targetCells?: number;
  /**
   * Claims memory for the build's peak (the rows read, the sort's scratch and the index),
   * once its size is known; false refuses the build. Unclaimed when absent.
   */
  reserve?(bytes: number): boolean;
  /** Stops the build (its statements interrupted, its sort at its next turn) when it aborts. */
  signal?: AbortSignal;
}

/**
 * A build's peak in JS arrays over the index it makes: the rows as read (about the index's
 * size), each row's box and place (8 bytes a row), and the columns in box order, the read
 * ones let go as they are copied. Estimated from the arrays' sizes; the process holds more
 * (DuckDB's result of the read, garbage not yet collected): at 10M rows its resident
 * memory grew by about 3x the first index.
 */
const BUILD_PEAK = 1.6;

/** Builds the index of `layout` over `base`; a reason instead where it cannot be exact or is too large. */
export async function buildBucketedIndex(
  engine: SqlEngine, base: Relation, layout: BucketedLayout, options: BucketedBuildOptions,
): Promise<BucketedIndex | { reason: string }> {
  const started = performance.now();
  if (options.rows !== undefined) {
    const estimate = options.rows * bytesPerRow(layout);
    if (estimate > options.maxBytes) return { reason: `the index would take about ${estimate} bytes, over its budget of ${options.maxBytes}` };
    if (options.reserve && !options.reserve(BUILD_PEAK * estimate)) return { reason: `building the index would hold about ${BUILD_PEAK * estimate} bytes, over the indexes' budget` };
  }
  const tables: string[] = [];
  try {
    // One pass over the base (which may be a pipeline): the keys and the rows' columns.
    // Strings (and booleans, and nested keys) are numbered through dictionaries of their
    // values, joined in; numbers and dates are read as they are and numbered in JS.
    const inner = `SELECT ${[...layout.keys.map((k, i) => `${k} AS "__vf_k${i}"`), ...rowColumns(layout)].join(', ')} FROM (${base.sql}) AS "__vf_base"`;
    const dictionary = async (column: string, type: Column['type'], max: number, what: string): Promise<{ values: unknown[]; join: string } | { reason: string }> => {
      const found = await engine.query(`SELECT DISTINCT ${column} AS v FROM (${inner}) AS b WHERE ${column} IS NOT NULL LIMIT ${max + 1}`, options.signal);
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
    const out = await readRows(engine, `SELECT ${select.join(', ')} FROM ${from}`, layout, options.signal);
    if ('reason' in out) return out;
    const read = performance.now();
    // Sums that could round in another order are folded in Vega's order instead.
    const used = foldInexactSums(layout, out.inputs);
    const estimate = out.rows * bytesPerRow(used);
    if (estimate > options.maxBytes) return { reason: `the index would take about ${estimate} bytes, over its budget of ${options.maxBytes}` };
    if (options.reserve && !options.reserve(BUILD_PEAK * estimate)) return { reason: `building the index would hold about ${BUILD_PEAK * estimate} bytes, over the indexes' budget` };
    const numbered = numberGroups(out.rows, out.keys, keyValues, layout);
    if ('reason' in numbered) return numbered;
    await nextTurn(options.signal);
    const index = await sortIntoBoxes(used, { ...out, group: numbered.group }, numbered.values, codes, options.targetCells, options.signal);
    if (index.bytes > options.maxBytes) return { reason: `the index takes ${index.bytes} bytes, over its budget of ${options.maxBytes}` };
    index.buildMs = performance.now() - started;
    index.phases = { ...index.phases, groupsMs: grouped - started, readMs: read - grouped, sortMs: performance.now() - read };
    return index;
  } finally {
    for (const t of tables) await engine.exec(`DROP TABLE IF EXISTS ${ident(t)}`);
  }
}

/** Bytes an index keeps per row (its columns in box order, and the folded values in Vega's order). */
function bytesPerRow(layout: BucketedLayout): number {
  const folds = layout.folds.length > 0 ? 4 + 2 + 8 * layout.folds.length : 0;
  return 8 * (layout.dims.length + layout.firstDims.length) + 4 + 2 + folds
    + layout.inputs.reduce((n, i, k) => n + (i.kind === 'flag' ? 1 : foldOnly(layout).has(k) ? 0 : 8), 0);
}
