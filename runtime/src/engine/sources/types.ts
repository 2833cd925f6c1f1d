/**
 * The contract of the data sources: what the graph evaluator asks of them.
 */
import type { SqlEngine } from '../duckdb.js';
import type { SourceStats } from '../providers/metrics.js';
import type { Relation } from '../types.js';
import type { StoreStats } from './dataset-store.js';

export interface SourceOptions {
  engine: SqlEngine;
  /** Directories URLs may resolve in (absolute paths). Relative URLs resolve against each in turn. */
  dataRoots: string[];
  /** Hosts (e.g. "cdn.jsdelivr.net") whose http(s) URLs may be fetched; default none. */
  allowedHosts?: string[];
  /** Max bytes of one loaded file / upload; default 1 GiB. */
  maxBytes?: number;
  /**
   * The upload store's folder (one file per dataset, shared safely with other runtimes
   * pointed at it; see dataset-store.ts). Default: a new temporary folder removed by clear().
   */
  storeDir?: string;
  /** Bytes the upload store may hold on disk; least recently used datasets go past it. Default 8 GiB. */
  storeBytes?: number;
  /**
   * Bytes of inline tables (values, rows, Arrow; counted as their serialized size) kept
   * before the least recently used is dropped, with its DuckDB table; default 64 MiB.
   */
  maxInlineBytes?: number;
  /**
   * Bytes of loaded files and uploads (counted as their size on disk) kept as DuckDB tables
   * before the least recently used is dropped; default 1 GiB. A dropped load is read again
   * when next asked for.
   */
  maxLoadBytes?: number;
}

export interface LoadContext {
  timeZone: string;
  signal?: AbortSignal;
}

export interface DatasetInfo {
  /** sha256 hex of the bytes. */
  hash: string;
  /** The address specs read it by: vegafusion+dataset://<hash>. */
  url: string;
  rows: number;
  columns: { name: string; type: string }[];
}

export interface DatasetStore {
  /**
   * Stores an uploaded dataset (format 'arrow' | 'parquet' | 'csv' | 'json'); returns its
   * content address, row count and columns. Same bytes -> same hash, stored once.
   */
  put(bytes: Uint8Array, format: string): Promise<DatasetInfo>;
  has(hash: string): boolean;
  /** Removes a dataset from the store (and its loaded tables); false when the store had none. */
  delete(hash: string): boolean;
  /** Stored datasets, their bytes on disk, the bound and this process's evictions, for metrics. */
  stats(): StoreStats;
}

export interface SourceLoader {
  /**
   * Loads a URL with a Vega format object. Cached: the same file+format (+time zone when
   * dates are parsed in local time) loads once, concurrent loads share one promise.
   */
  loadUrl(url: string, format: Record<string, unknown> | undefined, ctx: LoadContext): Promise<Relation>;
  /** Inline Vega `values` (array, or string with a format type) with a format. */
  loadValues(values: unknown, format: Record<string, unknown> | undefined, ctx: LoadContext): Promise<Relation>;
  /** A rows table sent by a client (e.g. a selection store). */
  loadRows(rows: Record<string, unknown>[]): Promise<Relation>;
  /** An Arrow table sent by a client (root value node). */
  loadArrow(bytes: Uint8Array): Promise<Relation>;
  /** State stamp of a URL for cache keys: changes when the file changes (size + mtime, or the upload hash). */
  urlState(url: string): string;
  uploads: DatasetStore;
  /** Drops loaded tables (e.g. on shutdown). */
  clear(): Promise<void>;
  /**
   * Reads the states of the URLs a graph names that live in a database (before the graph is
   * fingerprinted: urlState is synchronous). Absent: every URL's state is read on demand.
   */
  prepareUrls?(urls: readonly string[], signal?: AbortSignal): Promise<void>;
  /**
   * For a database URL: the table with the leading part of `pipeline` that the database
   * computes exactly already applied (`consumed` transforms), and where each part ran.
   * Undefined for other URLs.
   */
  loadPushed?(url: string, pipeline: readonly unknown[], ctx: LoadContext): Promise<{ relation: Relation; consumed: number; signals: ReadonlyMap<string, unknown> } | undefined>;
  /** For a database URL: how many leading transforms of `pipeline` loadPushed would apply, without reading rows. */
  planPushed?(url: string, pipeline: readonly unknown[], ctx: LoadContext): Promise<number | undefined>;
  /**
   * Makes the database sources' tables (of the source named, or all) new states: the next
   * request reads them again. False when no such source is configured.
   */
  refreshSources?(source?: string): boolean;
  /** What the database sources read and computed (metrics); absent without database sources. */
  sourceStats?(): SourceStats;
}
