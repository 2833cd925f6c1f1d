/**
 * The shared store of pre-aggregated indexes: one DuckDB table per index, cached by a
 * fingerprint of what it summarizes (the base node's state and the index layout), shared
 * by every session and built once however many requests ask at the same time. A table
 * leaves with its cache entry. An index found not worth keeping (too large) or not exact
 * (sums that could round) is remembered as refused, so it is not rebuilt on every update.
 */
import { createValueCache, type CacheStats } from '../../cache/index.js';
import type { SqlEngine } from '../../engine/duckdb.js';
import { ident } from '../../engine/sql.js';
import { ORDER_COLUMN, type Relation } from '../../engine/types.js';
import type { Logger } from '../../logger.js';
import type { BucketedIndex } from '../../engine/indexes/index.js';
import type { IndexLayout } from './index-layout.js';

/**
 * A small index's cells held in memory as well, so a selection's answer can be combined
 * without a statement: each column's values by name (numbers, NaN included, strings,
 * booleans, Dates, or null), one per cell; the distinct values of the filtered columns (a filter
 * is evaluated once per such tuple, not once per cell) and each cell's output group.
 */
export interface IndexCells {
  count: number;
  columns: ReadonlyMap<string, readonly unknown[]>;
  /** The distinct tuples of the filtered columns, as rows of those columns. */
  tuples: readonly Record<string, unknown>[];
  /** Each cell's tuple (an index into `tuples`). */
  tupleOf: Int32Array;
  /** Each cell's output group: cells with equal group keys share one. */
  groupOf: Int32Array;
  groups: number;
}

/**
 * A built index (exact per value, or bucketed for continuous columns), or the reason it
 * was refused; `tooLarge` when per-value cells would be too many (a bucketed index may serve).
 */
export type IndexEntry =
  | { kind: 'index'; table: string; rows: number; baseRows: number; bytes: number; buildMs: number; cells?: IndexCells }
  | { kind: 'bucketed'; index: BucketedIndex; bytes: number }
  | { kind: 'refused'; reason: string; tooLarge?: true };

/** Rows of a base and the approximate number of distinct values of some of its columns. */
export interface Cardinality {
  rows: number;
  distinct: Record<string, number>;
}

export interface IndexStore {
  /**
   * The index under `key`: cached, joined while being built, or built from `base`. A build
   * is not cancelled with the request that started it: other sessions will want it.
   */
  get(key: string, layout: IndexLayout, base: Relation): Promise<IndexEntry>;
  /** The bucketed index under `key`: cached, joined while being built, or built by `build` (within maxBytes). */
  getBucketed(key: string, build: (limits: BucketLimits) => Promise<BucketedIndex | { reason: string }>): Promise<IndexEntry>;
  /**
   * Whether `columns` of `base` (its state `key`) hold so many values that per-value cells
   * would be refused, and a bucketed index should serve instead (numbers and dates only).
   */
  prefersBuckets(key: string, base: Relation, columns: readonly string[]): Promise<boolean>;
  /** Runs `work` (building indexes ahead of need), counted in `stats().aheadRunning` until it settles. */
  ahead<T>(work: () => Promise<T>): Promise<T>;
  /** Counts a dataset answered from an index: its cells combined in memory, or by SQL over its table. */
  answered(how: 'memory' | 'sql' | 'bucketed'): void;
  /**
   * Cache figures, indexes built and refused so far, builds under way, runs of `ahead`
   * under way, datasets answered from indexes in memory and by SQL.
   */
  stats(): CacheStats & {
    built: number; refused: number; building: number; aheadRunning: number;
    answeredInMemory: number; answeredBySql: number; bucketedBuilt: number; answeredBucketed: number;
  };
  logger: Logger;
}

export interface IndexStoreOptions {
  engine: SqlEngine;
  logger: Logger;
  /** Bytes of index tables kept (estimated from rows and columns). Default 256 MB. */
  maxBytes?: number;
  /**
   * An index with more cells than this share of its base rows is refused: it would not
   * be much faster to read than the rows (and small bases are always indexed). Default 0.25.
   */
  maxCellShare?: number;
  /**
   * An index of at most this many cells is also held in memory (IndexCells), where a
   * selection's answer is combined faster than DuckDB plans a statement. 0: never. Default 50,000.
   */
  maxMemoryCells?: number;
  /** Bucketed indexes (continuous columns of many values): off when false. Default on. */
  bucketed?: boolean;
  /**
   * Per-value cells beyond this many (and beyond maxCellShare of the rows) make a bucketed
   * index serve numbers and dates instead. Default 50,000.
   */
  bucketedFromCells?: number;
  /** Cells (boxes times groups) a bucketed index aims for; fewer means more rows per box. Default 131,072. */
  bucketCells?: number;
}

/** What one bucketed index may take. */
export interface BucketLimits {
  maxBytes: number;
  targetCells?: number;
}

/** Bytes one cell value held in memory is counted as. */
const BYTES_PER_MEMORY_VALUE = 16;

const DEFAULT_MAX_BYTES = 256 * 1024 * 1024;

/** Cardinalities remembered (a few numbers each). */
const MAX_CARDINALITIES = 1024;

/** Bases this small are indexed whatever the share: the index costs little either way. */
const ALWAYS_INDEXED_CELLS = 50_000;
const BYTES_PER_VALUE = 12;

/** Numbers the distinct keys of `count` items in order of first appearance; `added` sees each first item. */
function numbering(count: number, keyOf: (i: number) => string, added: (i: number) => void): Int32Array {
  const ids = new Map<string, number>();
  const out = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const key = keyOf(i);
    let id = ids.get(key);
    if (id === undefined) {
      ids.set(key, (id = ids.size));
      added(i);
    }
    out[i] = id;
  }
  return out;
}

/** A value as a key part that tells apart every value an expression could (-0 from 0, types, milliseconds). */
function exactPart(v: unknown): string {
  if (v === null || v === undefined) return 'n';
  if (v instanceof Date) return `t${v.getTime()}`;
  if (typeof v === 'number') return Object.is(v, -0) ? 'd-0' : `d${v}`;
  if (typeof v === 'boolean') return v ? 'T' : 'F';
  return `s${String(v)}`;
}

/** A value as a group key part: equal where GROUP BY groups together (NaN with NaN, -0 with 0). */
function groupPart(v: unknown): string {
  return typeof v === 'number' && v === 0 ? 'd0' : exactPart(v);
}

/** Creates the index store of one runtime (one DuckDB database). */
export function createIndexStore(options: IndexStoreOptions): IndexStore {
  const { engine, logger } = options;
  const maxShare = options.maxCellShare ?? 0.25;
  const maxMemoryCells = options.maxMemoryCells ?? 50_000;
  let built = 0;
  let refused = 0;
  let building = 0;
  let aheadRunning = 0;
  let answeredInMemory = 0;
  let answeredBySql = 0;
  let bucketedBuilt = 0;
  let answeredBucketed = 0;
  const cardinalities = new Map<string, Promise<Cardinality>>();
  const cache = createValueCache<IndexEntry>({
    maxBytes: options.maxBytes ?? DEFAULT_MAX_BYTES,
    sizeOf: (e) => (e.kind === 'refused' ? 256 : e.bytes),
    onRemove: (e) => {
      if (e.kind === 'index') void engine.exec(`DROP TABLE IF EXISTS ${ident(e.table)}`).catch(() => undefined);
    },
  });

  async function build(key: string, layout: IndexLayout, base: Relation): Promise<IndexEntry> {
    const started = performance.now();
    const table = `vf_idx_${key}`;
    const select = [
      ...layout.columns.map((c) => `${c.sql} AS ${ident(c.name)}`),
      ...layout.filterColumns.map((c) => ident(c.name)),
      `min(${ident(ORDER_COLUMN)}) AS ${ident(ORDER_COLUMN)}`,
      'count(*) AS "__vf_rows"',
    ];
    const groupBy = layout.groupBy.length > 0 ? ` GROUP BY ${layout.groupBy.join(', ')}` : ' HAVING count(*) > 0';
    await engine.exec(`CREATE OR REPLACE TABLE ${ident(table)} AS SELECT ${select.join(', ')} FROM (${base.sql}) AS "__vf_base"${groupBy}`);
    const checks = layout.checks.map((c, i) => `${c.holds} AS "__vf_ok${i}"`);
    const [summary] = await engine.queryRows(
      `SELECT count(*) AS cells, COALESCE(sum("__vf_rows"), 0) AS base_rows${checks.map((c) => `, ${c}`).join('')} FROM ${ident(table)}`);
    const cells = Number(summary.cells);
    const baseRows = Number(summary.base_rows);
    const failed = layout.checks.find((_, i) => summary[`__vf_ok${i}`] !== true);
    let reason: string | undefined;
    if (failed) reason = failed.what;
    else if (cells > ALWAYS_INDEXED_CELLS && cells > baseRows * maxShare) {
      reason = `the index would have ${cells} cells for ${baseRows} rows, not enough smaller than the data`;
    }
    if (reason) {
      refused++;
      await engine.exec(`DROP TABLE IF EXISTS ${ident(table)}`);
      return failed ? { kind: 'refused', reason } : { kind: 'refused', reason, tooLarge: true };
    }
    const memory = layout.cells && cells <= maxMemoryCells ? await readCells(table, layout, cells) : undefined;
    built++;
    const buildMs = performance.now() - started;
    logger.debug('pre-aggregated index built', { table, cells, baseRows, ms: Math.round(buildMs), inMemory: memory !== undefined });
    const width = layout.columns.length + layout.filterColumns.length + 2;
    const memoryBytes = memory ? memory.count * memory.columns.size * BYTES_PER_MEMORY_VALUE : 0;
    return { kind: 'index', table, rows: cells, baseRows, bytes: 1024 + cells * width * BYTES_PER_VALUE + memoryBytes, buildMs, cells: memory };
  }

  /** The columns the cells' combination reads, as JS values (64-bit counts as numbers). */
  async function readCells(table: string, layout: IndexLayout, count: number): Promise<IndexCells> {
    const combine = layout.cells!;
    const names = [...new Set([
      ...layout.filterColumns.map((c) => c.name), ...combine.keys, ORDER_COLUMN,
      ...combine.outputs.flatMap((o) => (o.from.op === 'sum' ? [o.from.of, o.from.count] : [o.from.of])),
    ])];
    const out = await engine.query(`SELECT ${names.map(ident).join(', ')} FROM ${ident(table)}`);
    const columns = new Map(names.map((n, i) => [n, (out.columns[i] ?? []).map((v) => (typeof v === 'bigint' ? Number(v) : v))]));
    const filtered = layout.filterColumns.map((c) => [c.name, columns.get(c.name) ?? []] as const);
    const tuples: Record<string, unknown>[] = [];
    const tupleOf = numbering(count, (i) => JSON.stringify(filtered.map(([, values]) => exactPart(values[i]))), (i) => {
      tuples.push(Object.fromEntries(filtered.map(([name, values]) => [name, values[i]])));
    });
    const keys = combine.keys.map((k) => columns.get(k) ?? []);
    let groups = 0;
    const groupOf = numbering(count, (i) => JSON.stringify(keys.map((values) => groupPart(values[i]))), () => { groups++; });
    return { count, columns, tuples, tupleOf, groupOf, groups };
  }

  function cardinality(key: string, base: Relation, columns: readonly string[]): Promise<Cardinality> {
    const id = JSON.stringify([key, [...columns].sort()]);
    let found = cardinalities.get(id);
    if (!found) {
      if (cardinalities.size >= MAX_CARDINALITIES) cardinalities.delete(cardinalities.keys().next().value!);
      const cols = [...columns].sort();
      found = engine.queryRows(`SELECT count(*)::DOUBLE AS "__vf_n"${cols.map((c, i) => `, approx_count_distinct(${ident(c)})::DOUBLE AS "__vf_d${i}"`).join('')} FROM (${base.sql}) AS "__vf_base"`)
        .then(([row]) => ({ rows: Number(row.__vf_n), distinct: Object.fromEntries(cols.map((c, i) => [c, Number(row[`__vf_d${i}`])])) }));
      found.catch(() => cardinalities.delete(id));
      cardinalities.set(id, found);
    }
    return found;
  }
  return {
    logger,
    async get(key, layout, base) {
      const { value } = await cache.getOrCompute(key, async () => {
        building++;
        try {
          return await build(key, layout, base);
        } finally {
          building--;
        }
      });
      return value;
    },
    async getBucketed(key, buildIt) {
      const { value } = await cache.getOrCompute(`b:${key}`, async () => {
        building++;
        try {
          // One index may take at most half the budget, so it never evicts everything else.
          const built = await buildIt({ maxBytes: Math.floor((options.maxBytes ?? DEFAULT_MAX_BYTES) / 2), targetCells: options.bucketCells });
          if ('reason' in built) {
            refused++;
            return { kind: 'refused', reason: built.reason } satisfies IndexEntry;
          }
          bucketedBuilt++;
          logger.debug('bucketed index built', { rows: built.rows, boxes: built.boxes, cells: built.cellGroup.length, bytes: built.bytes, ms: Math.round(built.buildMs), ...built.phases });
          return { kind: 'bucketed', index: built, bytes: built.bytes } satisfies IndexEntry;
        } finally {
          building--;
        }
      });
      return value;
    },
    async prefersBuckets(key, base, columns) {
      if (options.bucketed === false || columns.length === 0) return false;
      // Numbers or dates, with strings or booleans beside them (those coded, one box per value).
      const types = columns.map((c) => base.schema.find((s) => s.name === c)?.type);
      if (!types.every((t) => t === 'number' || t === 'date' || t === 'string' || t === 'boolean') || !types.some((t) => t === 'number' || t === 'date')) return false;
      const { rows, distinct } = await cardinality(key, base, columns);
      const cells = columns.reduce((p, c) => p * Math.max(1, distinct[c] ?? 1), 1);
      return cells > (options.bucketedFromCells ?? ALWAYS_INDEXED_CELLS) && cells > rows * maxShare;
    },
      async ahead(work) {
      aheadRunning++;
      try {
        return await work();
      } finally {
        aheadRunning--;
      }
    },
    answered(how) {
      if (how === 'memory') answeredInMemory++;
      else if (how === 'bucketed') answeredBucketed++;
      else answeredBySql++;
    },
    stats: () => ({ ...cache.stats(), built, refused, building, aheadRunning, answeredInMemory, answeredBySql, bucketedBuilt, answeredBucketed }),
  };
}
