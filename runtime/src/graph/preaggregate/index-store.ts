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
import type { IndexLayout } from './index-layout.js';

/** A built index, or the reason it was refused. */
export type IndexEntry =
  | { kind: 'index'; table: string; rows: number; baseRows: number; bytes: number; buildMs: number }
  | { kind: 'refused'; reason: string };

export interface IndexStore {
  /**
   * The index under `key`: cached, joined while being built, or built from `base`. A build
   * is not cancelled with the request that started it: other sessions will want it.
   */
  get(key: string, layout: IndexLayout, base: Relation): Promise<IndexEntry>;
  /** Runs `work` (building indexes ahead of need), counted in `stats().aheadRunning` until it settles. */
  ahead<T>(work: () => Promise<T>): Promise<T>;
  /** Cache figures, indexes built and refused so far, builds under way, runs of `ahead` under way. */
  stats(): CacheStats & { built: number; refused: number; building: number; aheadRunning: number };
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
}

/** Bases this small are indexed whatever the share: the index costs little either way. */
const ALWAYS_INDEXED_CELLS = 50_000;
const BYTES_PER_VALUE = 12;

/** Creates the index store of one runtime (one DuckDB database). */
export function createIndexStore(options: IndexStoreOptions): IndexStore {
  const { engine, logger } = options;
  const maxShare = options.maxCellShare ?? 0.25;
  let built = 0;
  let refused = 0;
  let building = 0;
  let aheadRunning = 0;
  const cache = createValueCache<IndexEntry>({
    maxBytes: options.maxBytes ?? 256 * 1024 * 1024,
    sizeOf: (e) => (e.kind === 'index' ? e.bytes : 256),
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
      return { kind: 'refused', reason };
    }
    built++;
    const buildMs = performance.now() - started;
    logger.debug('pre-aggregated index built', { table, cells, baseRows, ms: Math.round(buildMs) });
    const width = layout.columns.length + layout.filterColumns.length + 2;
    return { kind: 'index', table, rows: cells, baseRows, bytes: 1024 + cells * width * BYTES_PER_VALUE, buildMs };
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
    async ahead(work) {
      aheadRunning++;
      try {
        return await work();
      } finally {
        aheadRunning--;
      }
    },
    stats: () => ({ ...cache.stats(), built, refused, building, aheadRunning }),
  };
}
