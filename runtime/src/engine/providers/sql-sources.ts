/**
 * Database sources as data URLs (`vegafusion+sql://<source>/<schema>.<table>`): the
 * leading part of a pipeline the database computes exactly (pushdown.ts) runs there, its
 * rows stream back through binary COPY into a DuckDB table (as Arrow columns), and the
 * rest of the pipeline runs in DuckDB over that table like over a file. A read is kept per
 * table state and pushed predicates, so brushing and every other dataset over it reuse
 * it; a changed table has a new state, hence new fingerprints and a new read. The tables
 * are bounded by bytes and dropped with their entries.
 */
import { randomBytes } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { Bool, Float64, makeData, makeVector, Table, TimestampMillisecond, Utf8, type Vector } from 'apache-arrow';
import { CancelledError, DataError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import type { SqlEngine } from '../engine.js';
import { arrowValueAt } from '../sources/arrow-table.js';
import type { SourceLoader } from '../sources/types.js';
import { tableRelation } from '../sources/rows-table.js';
import { ident } from '../sql.js';
import type { Column, Relation, Schema } from '../types.js';
import type { WireColumn } from './binary-copy.js';
import { createPostgresSource, wireExpression, type PostgresSource, type SourceColumn } from './postgres-source.js';
import { binBoundaries } from '../transforms/bin.js';
import { binEndSql, binStartSql, compileAggregate, pushablePrefix, type PushedPrefix } from './pushdown.js';
import { tableAllowed, type SourceDefinition } from './source-config.js';
import { isSqlUrl, parseSqlUrl, type SqlTableRef } from './sql-url.js';
import type { SourceStats } from './metrics.js';

export interface SqlSourcesOptions {
  engine: SqlEngine;
  definitions: ReadonlyMap<string, SourceDefinition>;
  /** The runtime's query timeout: each statement's statement_timeout. */
  queryTimeoutMs: number;
  /** Bytes of DuckDB tables read from sources kept before the least recently used is dropped. */
  maxBytes: number;
  logger?: Logger;
  /** Makes a source (tests inject one); default: a PostgreSQL source. */
  createSource?: (definition: SourceDefinition) => PostgresSource;
}

/** Where each part of a pipeline over a database table ran: the plan report of a read. */
export interface SourcePlanReport {
  url: string;
  source: string;
  dialect: string;
  /** Transforms computed by the database (the pipeline's first `pushed`). */
  pushed: number;
  /** Transforms left to DuckDB. */
  inDuckDb: number;
  /** Why the first transform left to DuckDB is not pushed. */
  reason?: string;
  /** The statement the database ran (values bound or escaped by the dialect). */
  sql: string;
  rows: number;
  /** Whether this read was served by a table already read for the same state. */
  reused: boolean;
  ms: number;
}

export interface PushedLoad {
  relation: Relation;
  /** Leading transforms of the pipeline already applied. */
  consumed: number;
  /** Signals the applied transforms define (an extent's, a bin's), as the runtime's own transforms define them. */
  signals: ReadonlyMap<string, unknown>;
  report: SourcePlanReport;
}

export interface SqlSources {
  /** Whether `url` is a database source URL. */
  handles(url: string): boolean;
  /** Reads (or re-reads, past their TTL) the states of the tables `urls` name. */
  prepareUrls(urls: readonly string[], signal?: AbortSignal): Promise<void>;
  /** The state last read for `url` (fingerprints); throws when none could be read. */
  urlState(url: string): string;
  /** How many leading transforms of `pipeline` the database would compute (reads the table's columns only). */
  plan(url: string, pipeline: readonly unknown[], signal?: AbortSignal): Promise<number>;
  /** The table with the pipeline's pushable prefix applied, as a DuckDB relation. */
  load(url: string, pipeline: readonly unknown[], signal?: AbortSignal): Promise<PushedLoad>;
  /**
   * Makes the tables of one source (or all) new states, whatever their statistics say: the
   * next request reads them again. False when no such source is configured.
   */
  refresh(source?: string): boolean;
  /** The most recent plan reports, newest last. */
  reports(): readonly SourcePlanReport[];
  stats(): SourceStats;
  clear(): Promise<void>;
  close(): Promise<void>;
}

interface Read {
  table: string;
  relation: Relation;
  rows: number;
  bytes: number;
}

const REPORTS_KEPT = 64;

/** An Arrow vector of one wire column, as its Vega type wants it (buffers handed over, not copied per value). */
function arrowVector(wire: WireColumn): Vector {
  const nullBitmap = wire.valid;
  const nullCount = wire.nulls;
  const length = wire.length;
  if (wire.type === 'timestamp') {
    // Milliseconds as Arrow's 64-bit integers (two 32-bit halves, little-endian); NaN (infinity) as NULL.
    const values = wire.doubles ?? new Float64Array(0);
    const halves = new Int32Array(values.length * 2);
    let valid = nullBitmap;
    let nulls = nullCount;
    for (let i = 0; i < values.length; i++) {
      const ms = values[i];
      if (Number.isNaN(ms)) {
        if (!valid || (valid[i >> 3] & (1 << (i & 7))) !== 0) {
          valid ??= new Uint8Array(Math.ceil(length / 8)).fill(0xff);
          valid[i >> 3] &= ~(1 << (i & 7));
          nulls++;
        }
        continue;
      }
      const hi = Math.floor(ms / 4294967296);
      halves[2 * i] = ms - hi * 4294967296;
      halves[2 * i + 1] = hi;
    }
    return makeVector(makeData({ type: new TimestampMillisecond(), length, nullCount: nulls, nullBitmap: valid, data: new BigInt64Array(halves.buffer) }));
  }
  if (wire.type === 'float8') return makeVector(makeData({ type: new Float64(), length, nullCount, nullBitmap, data: wire.doubles ?? new Float64Array(0) }));
  if (wire.type === 'bool') {
    const bits = new Uint8Array(Math.ceil(length / 8));
    (wire.bools ?? []).forEach((b, i) => { if (b) bits[i >> 3] |= 1 << (i & 7); });
    return makeVector(makeData({ type: new Bool(), length, nullCount, nullBitmap, data: bits }));
  }
  return makeVector(makeData({ type: new Utf8(), length, nullCount, nullBitmap, valueOffsets: wire.offsets ?? new Int32Array(1), data: wire.bytes ?? new Uint8Array(0) }));
}

function schemaOf(columns: readonly SourceColumn[]): Schema {
  return columns.map((c): Column => (c.integral ? { name: c.name, type: c.type, integral: true } : { name: c.name, type: c.type }));
}

/** Creates the database sources of the configuration (nothing connects until a spec reads one). */
export function createSqlSources(options: SqlSourcesOptions): SqlSources {
  const { engine } = options;
  const make = options.createSource ?? ((d: SourceDefinition) => createPostgresSource(d, { queryTimeoutMs: options.queryTimeoutMs }));
  const sources = new Map<string, PostgresSource>();
  const sourceOf = (name: string): PostgresSource => {
    let s = sources.get(name);
    if (!s) {
      const definition = options.definitions.get(name);
      if (!definition) throw new DataError('data_not_found', `No database source named "${name}" is configured (see --source)`);
      s = make(definition);
      sources.set(name, s);
    }
    return s;
  };
  const states = new Map<string, { state?: string; error?: unknown }>();
  /** The source of a table URL, once its allowlist lets specs read the table. */
  const sourceFor = (ref: SqlTableRef): PostgresSource => {
    const source = sourceOf(ref.source);
    if (!tableAllowed(source.definition, ref.schema, ref.table)) {
      throw new DataError('data_forbidden', `Table "${ref.schema}.${ref.table}" is not among the tables source "${ref.source}" lets specs read`);
    }
    return source;
  };
  const prefix = `vf_sql_${randomBytes(4).toString('hex')}`;
  let counter = 0;
  const drop = (read: Promise<Read>) => read.then((r) => engine.exec(`DROP TABLE IF EXISTS ${ident(r.table)}`)).catch(() => undefined);
  const reads = new LRUCache<string, { promise: Promise<Read>; bytes: number }>({
    maxSize: Math.max(1, options.maxBytes),
    sizeCalculation: (e) => Math.max(1, Math.min(e.bytes, options.maxBytes)),
    dispose: (e) => { void drop(e.promise); },
    // A read is set again with its size once known: the same table, nothing to drop.
    noDisposeOnSet: true,
  });
  const recent: SourcePlanReport[] = [];
  /** Extents queried before pushed bins, by source, table state and statement. */
  const extents = new Map<string, Promise<[number, number]>>();
  const counts = { reads: 0, reused: 0, rows: 0, pushedTransforms: 0, duckdbTransforms: 0 };

  async function readState(url: string, signal?: AbortSignal): Promise<void> {
    try {
      const ref = parseSqlUrl(url);
      states.set(url, { state: await sourceFor(ref).state(ref.schema, ref.table, signal) });
    } catch (error) {
      states.set(url, { error });
    }
  }

  async function readTable(source: PostgresSource, sql: string, columns: readonly SourceColumn[], ordered: boolean, signal?: AbortSignal): Promise<Read> {
    const wire = await source.copy(sql, columns.map((c) => c.wire), signal, ordered);
    const rows = wire[0]?.length ?? 0;
    const arrow = new Table(Object.fromEntries(columns.map((c, j) => [c.name, arrowVector(wire[j])])));
    const schema = schemaOf(columns);
    const table = `${prefix}_${++counter}`;
    if (engine.createTableFromArrow) {
      await engine.createTableFromArrow(table, arrow, schema, arrowValueAt(arrow, schema));
    } else {
      const rowObjects = arrow.toArray().map((r) => ({ ...(r as object) }));
      await engine.createTableFromRows(table, rowObjects, schema);
    }
    const bytes = wire.reduce((n, w) => n + (w.bytes ? w.bytes.byteLength + 4 * w.length : 8 * w.length), 4096);
    return { table, relation: tableRelation(table, schema, rows), rows, bytes };
  }

  async function load(url: string, pipeline: readonly unknown[], signal?: AbortSignal): Promise<PushedLoad> {
    const started = performance.now();
    const ref = parseSqlUrl(url);
    const known = states.get(url);
    if (!known) await readState(url, signal);
    const entry = states.get(url);
    if (entry?.error !== undefined) throw entry.error;
    const source = sourceFor(ref);
    const info = await source.describe(ref.schema, ref.table, signal);
    const d = source.dialect;
    // Only a plain table's rows have an order (its physical one) that groups can follow.
    let prefix = pushablePrefix(pipeline, info.columns, d, info.kind === 'r' || info.kind === 'm');
    const where = prefix.filters.length > 0 ? ` WHERE ${prefix.filters.join(' AND ')}` : '';
    const from = ` FROM ${d.ident(ref.schema)}.${d.ident(ref.table)}${where}`;
    const signals = new Map<string, unknown>();
    if (prefix.bin) {
      const binned = await binnedAggregate(source, prefix, info.columns, from, entry?.state ?? '', signals, signal);
      prefix = binned ?? { filters: prefix.filters, consumed: prefix.filterCount ?? 0, stopReason: 'the extent before the bin is not finite (Vega warns and bins nothing); it runs in DuckDB' };
    }
    const agg = prefix.aggregate;
    const columns = agg ? agg.columns : info.columns;
    const sql = agg
      ? `SELECT ${agg.select.join(', ')}${from}${agg.groupBy.length > 0 ? ` GROUP BY ${agg.groupBy.join(', ')}` : ' HAVING count(*) > 0'} ORDER BY ${agg.orderBy}`
      : `SELECT ${info.columns.map((c) => `${wireExpression(c, d)} AS ${d.ident(c.name)}`).join(', ')}${from}`;
    const key = JSON.stringify([ref.source, entry?.state, sql]);
    let cached = reads.get(key);
    const reused = cached !== undefined;
    if (!cached) {
      // Shared by the requests for the same state. The first one's cancellation stops it on
      // the server (a later request then reads again): no read outlives everyone who asked.
      // Rows keep the table's order; groups carry theirs (min(ctid)) and may be read in parallel.
      const promise = readTable(source, sql, columns, !agg, signal);
      const slot = { promise, bytes: 4096 };
      cached = slot;
      reads.set(key, slot);
      promise.then((r) => {
        // Count the read for what it holds (re-set, so the bound sees it).
        if (reads.peek(key) === slot) reads.set(key, { promise, bytes: r.bytes });
      }, () => {
        if (reads.peek(key) === slot) reads.delete(key);
      });
    }
    let read: Read;
    try {
      read = await untilAborted(cached.promise, signal);
    } catch (error) {
      // The request that started the shared read gave up; this one has not: read again.
      if (reused && error instanceof CancelledError && !signal?.aborted) return load(url, pipeline, signal);
      throw error;
    }
    const report: SourcePlanReport = {
      url, source: ref.source, dialect: d.name, pushed: prefix.consumed, inDuckDb: pipeline.length - prefix.consumed,
      reason: prefix.stopReason, sql, rows: read.rows, reused, ms: performance.now() - started,
    };
    recent.push(report);
    if (reused) counts.reused++;
    else {
      counts.reads++;
      counts.rows += read.rows;
    }
    counts.pushedTransforms += report.pushed;
    counts.duckdbTransforms += report.inDuckDb;
    if (recent.length > REPORTS_KEPT) recent.shift();
    options.logger?.debug('database source read', { ...report });
    return { relation: read.relation, consumed: prefix.consumed, signals, report };
  }

  /**
   * The aggregate over bins of a pushed extent and bin: the extent queried from the table
   * (kept per state and statement), the boundaries from it as Vega's Bin computes them, the
   * signals both define; undefined when the extent is not finite.
   */
  async function binnedAggregate(
    source: PostgresSource, prefix: PushedPrefix, columns: readonly SourceColumn[], from: string, state: string, signals: Map<string, unknown>, signal?: AbortSignal,
  ): Promise<PushedPrefix | undefined> {
    const d = source.dialect;
    const bin = prefix.bin!;
    const x = d.double(d.ident(bin.column.name));
    const valid = bin.column.mayBeNaN ? ` FILTER (WHERE NOT ${d.isNaN(x)})` : '';
    const sql = `SELECT min(${x})${valid} AS lo, max(${x})${valid} AS hi${from}`;
    const key = JSON.stringify([source.definition.name, state, sql]);
    let pending = extents.get(key);
    if (!pending) {
      pending = source.queryRows(sql, [], signal).then(([row]) => [Number(row?.lo ?? NaN), Number(row?.hi ?? NaN)] as [number, number]);
      extents.set(key, pending);
      pending.catch(() => extents.delete(key));
      if (extents.size > 256) extents.delete(extents.keys().next().value as string);
    }
    const [lo, hi] = await pending;
    if (!Number.isFinite(lo) || !Number.isFinite(hi)) return undefined;
    const p = bin.spec;
    const boundaries = binBoundaries({
      extent: [lo, hi], maxbins: p.maxbins as number | undefined, base: p.base as number | undefined, divide: p.divide as number[] | undefined,
      span: p.span as number | undefined, step: p.step as number | undefined, steps: p.steps as number[] | undefined,
      minstep: p.minstep as number | undefined, nice: p.nice === undefined ? undefined : p.nice !== false, anchor: p.anchor as number | undefined,
    });
    if (![boundaries.start, boundaries.stop, boundaries.step].every(Number.isFinite)) return undefined;
    const bin0 = binStartSql(x, boundaries, d);
    const aggregate = compileAggregate(prefix.aggregateSpec as Parameters<typeof compileAggregate>[0], columns, d, { as: bin.as, interval: bin.interval, bin0, bin1: binEndSql(bin0, boundaries, d) });
    if ('reason' in aggregate) return undefined;
    // As the runtime's extent and bin transforms define them.
    signals.set(bin.extentSignal, [lo, hi]);
    if (typeof p.signal === 'string') {
      signals.set(p.signal, { fields: [bin.column.name], fname: typeof p.name === 'string' && p.name ? p.name : `bin_${bin.column.name}`, ...boundaries });
    }
    return { ...prefix, aggregate };
  }

  async function plan(url: string, pipeline: readonly unknown[], signal?: AbortSignal): Promise<number> {
    const ref = parseSqlUrl(url);
    const source = sourceFor(ref);
    const info = await source.describe(ref.schema, ref.table, signal);
    return pushablePrefix(pipeline, info.columns, source.dialect, info.kind === 'r' || info.kind === 'm').consumed;
  }

  return {
    handles: isSqlUrl,
    plan,
    async prepareUrls(urls, signal) {
      await Promise.all([...new Set(urls.filter(isSqlUrl))].map((u) => readState(u, signal)));
    },
    urlState(url) {
      const entry = states.get(url);
      if (!entry || entry.error !== undefined) throw entry?.error ?? new DataError('data_not_found', `The state of "${url}" has not been read`);
      return `sql:${entry.state ?? ''}`;
    },
    load,
    refresh(name) {
      if (name !== undefined && !options.definitions.has(name)) return false;
      for (const [n, s] of sources) if (name === undefined || n === name) s.refresh();
      return true;
    },
    reports: () => recent,
    stats: () => ({ ...counts, pools: Object.fromEntries([...sources].map(([n, s]) => [n, s.stats()])) }),
    async clear() {
      const all = [...reads.values()].map((e) => e.promise);
      reads.clear();
      await Promise.all(all.map(drop));
    },
    async close() {
      await this.clear();
      await Promise.all([...sources.values()].map((s) => s.close()));
      sources.clear();
    },
  };
}

/** Waits for `promise` unless the caller gives up first; a shared read goes on for others. */
function untilAborted<T>(promise: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(new CancelledError('Read cancelled'));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new CancelledError('Read cancelled'));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/**
 * A source loader that also reads database sources: their URLs go to `sql`, everything
 * else to `base`.
 */
export function withSqlSources(base: SourceLoader, sql: SqlSources): SourceLoader & { sql: SqlSources } {
  return {
    ...base,
    sql,
    async loadUrl(url, format, ctx) {
      if (!sql.handles(url)) return base.loadUrl(url, format, ctx);
      return (await sql.load(url, [], ctx.signal)).relation;
    },
    urlState: (url) => (sql.handles(url) ? sql.urlState(url) : base.urlState(url)),
    prepareUrls: (urls, signal) => sql.prepareUrls(urls, signal),
    async loadPushed(url, pipeline, ctx) {
      return sql.handles(url) ? sql.load(url, pipeline, ctx.signal) : undefined;
    },
    async planPushed(url, pipeline, ctx) {
      return sql.handles(url) ? sql.plan(url, pipeline, ctx.signal) : undefined;
    },
    sourceStats: () => sql.stats(),
    refreshSources: (name) => sql.refresh(name),
    async clear() {
      // Shutdown: the tables read and the sources' connections go (reopened if asked again).
      await sql.close();
      await base.clear();
    },
  };
}
