/**
 * The shared store of pre-aggregated indexes: one DuckDB table per index, cached by a
 * fingerprint of what it summarizes (the base node's state and the index layout), shared
 * by every session and built once however many requests ask at the same time. A table
 * leaves with its cache entry. An index found not worth keeping (too large) or not exact
 * (sums that could round) is remembered as refused, so it is not rebuilt on every update.
 */
import { createValueCache, type CacheStats } from '../../cache/index.js';
import type { SqlEngine } from '../../engine/duckdb.js';
import type { Relation } from '../../engine/types.js';
import type { Logger } from '../../logger.js';
import { buildExactIndex, dropExactIndex, readCardinality, type BucketedIndex, type ExactIndex, type IndexLayout } from '../../engine/indexes/index.js';
import { createSharedRuns } from '../shared-runs.js';


/**
 * A built index (exact per value, or bucketed for continuous columns), or the reason it
 * was refused; `tooLarge` when per-value cells would be too many (a bucketed index may serve).
 */
export type IndexEntry =
  | ({ kind: 'index' } & ExactIndex)
  | { kind: 'bucketed'; index: BucketedIndex; bytes: number }
  | { kind: 'refused'; reason: string; tooLarge?: true };

/** Rows of a base and the approximate number of distinct values of some of its columns. */
export interface Cardinality {
  rows: number;
  distinct: Record<string, number>;
}

export interface IndexStore {
  /**
   * The index under `key`: cached, joined while being built, or built from `base`. A
   * caller without `signal` (a request: other sessions will want the index) keeps the
   * build going; one with `signal` (a build ahead, for its session) stops waiting when it
   * aborts, and the build stops once every caller has stopped waiting.
   */
  get(key: string, layout: IndexLayout, base: Relation, signal?: AbortSignal): Promise<IndexEntry>;
  /**
   * The bucketed index under `key`: cached, joined while being built, or built by `build`
   * (within maxBytes, stopping when `limits.signal` aborts); `signal` as for get.
   */
  getBucketed(key: string, build: (limits: BucketLimits) => Promise<BucketedIndex | { reason: string }>, signal?: AbortSignal): Promise<IndexEntry>;
  /**
   * Whether `columns` of `base` (its state `key`) hold so many values that per-value cells
   * would be refused, and a bucketed index should serve instead (numbers and dates only).
   */
  prefersBuckets(key: string, base: Relation, columns: readonly string[]): Promise<{ prefer: boolean; rows?: number }>;
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
    /** Bytes claimed by builds under way (beside the cached indexes' bytes). */
    buildingBytes: number;
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
  /** Cells (boxes times groups) a bucketed index aims for; fewer means more rows per box. Default: balanced against the rows of the boxes a brush cuts. */
  bucketCells?: number;
}

/** What one bucketed index may take. */
export interface BucketLimits {
  maxBytes: number;
  targetCells?: number;
  /**
   * Claims `bytes` of the store's budget for memory the build holds while it runs (the rows
   * it reads and sorts), evicting least recently used indexes to make room. False when the
   * budget cannot hold that much even empty: the build should then refuse.
   */
  reserve(bytes: number): boolean;
  /** Aborts when every caller waiting for the build has gone: the build should stop. */
  signal?: AbortSignal;
}

/** Bytes one cell value held in memory is counted as. */
const DEFAULT_MAX_BYTES = 256 * 1024 * 1024;

/** Cardinalities remembered (a few numbers each). */
const MAX_CARDINALITIES = 1024;

/** Bases this small are indexed whatever the share: the index costs little either way. */
const ALWAYS_INDEXED_CELLS = 50_000;


/** Creates the index store of one runtime (one DuckDB database). */
export function createIndexStore(options: IndexStoreOptions): IndexStore {
  const { engine, logger } = options;
  const maxShare = options.maxCellShare ?? 0.25;
  const maxMemoryCells = options.maxMemoryCells ?? 50_000;
  let builtCount = 0;
  let refused = 0;
  let building = 0;
  let aheadRunning = 0;
  let answeredInMemory = 0;
  let answeredBySql = 0;
  let bucketedBuilt = 0;
  let answeredBucketed = 0;
  let buildingBytes = 0;
  const cardinalities = new Map<string, Promise<Cardinality>>();
  // Bucketed builds run one at a time: each holds its rows in memory while it sorts them
  // (at 100M rows, several gigabytes), and three views' builds at once tripled the peak.
  let bucketedSlot: Promise<unknown> = Promise.resolve();
  const oneAtATime = <T>(work: () => Promise<T>): Promise<T> => {
    const run = bucketedSlot.then(work, work);
    bucketedSlot = run.catch(() => undefined);
    return run;
  };
  // Builds as shared runs: a build stops when every caller waiting for it has gone.
  const runs = createSharedRuns();
  const cache = createValueCache<IndexEntry>({
    maxBytes: options.maxBytes ?? DEFAULT_MAX_BYTES,
    sizeOf: (e) => (e.kind === 'refused' ? 256 : e.bytes),
    onRemove: (e) => {
      if (e.kind === 'index') void dropExactIndex(engine, e).catch(() => undefined);
    },
  });



  function cardinality(key: string, base: Relation, columns: readonly string[]): Promise<Cardinality> {
    const id = JSON.stringify([key, [...columns].sort()]);
    let found = cardinalities.get(id);
    if (!found) {
      if (cardinalities.size >= MAX_CARDINALITIES) cardinalities.delete(cardinalities.keys().next().value!);
      const cols = [...columns].sort();
      found = readCardinality(engine, base, cols);
      found.catch(() => cardinalities.delete(id));
      cardinalities.set(id, found);
    }
    return found;
  }
  return {
    logger,
    async get(key, layout, base, signal) {
      const { value } = await runs.join<IndexEntry>(cache, key, signal, async (runSignal) => {
        building++;
        try {
          const built = await buildExactIndex(engine, layout, base, {
            key, maxCellShare: maxShare, alwaysIndexedCells: ALWAYS_INDEXED_CELLS, maxMemoryCells, signal: runSignal,
          });
          if ('reason' in built) {
            refused++;
            return built.tooLarge ? { kind: 'refused', reason: built.reason, tooLarge: true } : { kind: 'refused', reason: built.reason };
          }
          builtCount++;
          logger.debug('pre-aggregated index built', { table: built.table, cells: built.rows, baseRows: built.baseRows, ms: Math.round(built.buildMs), inMemory: built.cells !== undefined });
          return { kind: 'index', ...built };
        } finally {
          building--;
        }
      });
      return value;
    },
    async getBucketed(key, buildIt, signal) {
      const { value } = await runs.join<IndexEntry>(cache, `b:${key}`, signal, async (runSignal) => {
        building++;
        try {
          // One index may take at most half the budget, so it never evicts everything else;
          // while it builds, what it holds counts too: older indexes make room for it.
          const budget = options.maxBytes ?? DEFAULT_MAX_BYTES;
          const built = await oneAtATime(async () => {
            let claimed = 0;
            const reserve = (bytes: number): boolean => {
              if (bytes > budget) return false;
              buildingBytes += bytes - claimed;
              claimed = bytes;
              const freed = cache.makeRoom(bytes);
              if (freed > 0) logger.debug('indexes evicted to make room for a build', { freed, reserved: bytes });
              return true;
            };
            try {
              // A build that waited its turn for nobody does not start.
              runSignal.throwIfAborted();
              return await buildIt({ maxBytes: Math.floor(budget / 2), targetCells: options.bucketCells, reserve, signal: runSignal });
            } finally {
              buildingBytes -= claimed;
            }
          });
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
      if (options.bucketed === false || columns.length === 0) return { prefer: false };
      // Numbers or dates, with strings or booleans beside them (those coded, one box per value).
      const types = columns.map((c) => base.schema.find((s) => s.name === c)?.type);
      if (!types.every((t) => t === 'number' || t === 'date' || t === 'string' || t === 'boolean') || !types.some((t) => t === 'number' || t === 'date')) return { prefer: false };
      const { rows, distinct } = await cardinality(key, base, columns);
      const cells = columns.reduce((p, c) => p * Math.max(1, distinct[c] ?? 1), 1);
      return { prefer: cells > (options.bucketedFromCells ?? ALWAYS_INDEXED_CELLS) && cells > rows * maxShare, rows };
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
    stats: () => ({ ...cache.stats(), built: builtCount, refused, building, buildingBytes, aheadRunning, answeredInMemory, answeredBySql, bucketedBuilt, answeredBucketed }),
  };
}
