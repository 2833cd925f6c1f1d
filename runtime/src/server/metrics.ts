/** Counters and gauges of the runtime, rendered in Prometheus text format. */
import type { CacheStats } from '../cache/index.js';
import type { AdmissionStats } from './admission.js';
import type { EngineStats } from '../engine/duckdb.js';
import type { SharedRunStats } from '../graph/shared-runs.js';
import type { IndexStore } from '../graph/preaggregate/index.js';
import { renderEdgeMetrics, type EdgeStats } from '../edge/metrics.js';
import { renderSourceMetrics, type SourceStats } from '../engine/providers/metrics.js';
import type { StoreStats } from '../engine/sources/dataset-store.js';

/** Upper bounds (seconds) of the query latency histogram. */
export const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60] as const;

export interface Metrics {
  queries: number;
  queryErrors: Map<string, number>;
  /** Queries withdrawn by their client (a Cancel message). */
  cancelled: number;
  /** Queries stopped by the query time limit. */
  timedOut: number;
  /** Queries whose connection closed before they were answered. */
  abandoned: number;
  nodesComputed: number;
  connectionsOpen: number;
  connectionsTotal: number;
  /** Upgrade requests refused (token, Origin, path, connection limit). */
  connectionsRefused: number;
  /** Connections dropped for not reading replies or not answering pings. */
  connectionsDropped: number;
  /** Of connectionsDropped: those cut off for leaving their replies unread. */
  droppedUnread: number;
  /** Queries let in by the admission (they waited for their turn, maybe not at all). */
  admitted: number;
  /** Total time queries waited for their turn, in ms. */
  queueWaitMs: number;
  /** Wait-for-turn histogram: counts per LATENCY_BUCKETS bound, then +Inf. */
  queueWait: number[];
  uploads: number;
  bytesSent: number;
  queryMs: number;
  /** Query latency histogram: counts per LATENCY_BUCKETS bound, then +Inf. */
  latency: number[];
  /** Frames refused before evaluation (malformed, wrong version, oversize). */
  badFrames: number;
}

export function createMetrics(): Metrics {
  return {
    queries: 0, queryErrors: new Map(), cancelled: 0, timedOut: 0, abandoned: 0, nodesComputed: 0,
    connectionsOpen: 0, connectionsTotal: 0, connectionsRefused: 0, connectionsDropped: 0, droppedUnread: 0,
    admitted: 0, queueWaitMs: 0, queueWait: new Array<number>(LATENCY_BUCKETS.length + 1).fill(0),
    uploads: 0, bytesSent: 0, queryMs: 0, latency: new Array<number>(LATENCY_BUCKETS.length + 1).fill(0), badFrames: 0,
  };
}

export function countError(m: Metrics, code: string): void {
  m.queryErrors.set(code, (m.queryErrors.get(code) ?? 0) + 1);
}

/** Records one answered (or failed) query's wall time. */
export function observeLatency(m: Metrics, ms: number): void {
  m.queryMs += ms;
  const s = ms / 1000;
  const i = LATENCY_BUCKETS.findIndex((b) => s <= b);
  m.latency[i < 0 ? LATENCY_BUCKETS.length : i]++;
}

/** Records one query's wait for its turn in the admission. */
export function observeQueueWait(m: Metrics, ms: number): void {
  m.admitted++;
  m.queueWaitMs += ms;
  const s = ms / 1000;
  const i = LATENCY_BUCKETS.findIndex((b) => s <= b);
  m.queueWait[i < 0 ? LATENCY_BUCKETS.length : i]++;
}

export interface MetricsSnapshot {
  metrics: Metrics;
  values: CacheStats;
  prepared: CacheStats;
  /** The upload store on disk (maxBytes and evictions absent: not reported). */
  datasets: Pick<StoreStats, 'datasets' | 'bytes'> & Partial<StoreStats>;
  /** Reply bytes written to sockets and not yet taken by their clients, over all connections. */
  bufferedBytes?: number;
  /** Queries running and waiting for their turn, runtime-wide. */
  admission?: AdmissionStats;
  engine?: EngineStats;
  runs?: SharedRunStats;
  indexes?: ReturnType<IndexStore['stats']>;
  /** Set at an edge runtime: its metrics by tier. */
  edge?: EdgeStats;
  /** Set when database sources are configured. */
  sources?: SourceStats;
  /** The memory budget's named pools: bytes held now and each pool's bound. */
  pools?: MemoryPool[];
}

/** One named share of the runtime's memory budget. */
export interface MemoryPool {
  name: string;
  /** Bytes held now (undefined where only the bound is known, as for DuckDB). */
  bytes?: number;
  maxBytes: number;
}

export function renderPrometheus(s: MetricsSnapshot): string {
  const lines: string[] = [];
  const metric = (name: string, type: 'counter' | 'gauge', help: string, value: number | [string, number][]) => {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    if (typeof value === 'number') lines.push(`${name} ${value}`);
    else for (const [labels, v] of value) lines.push(`${name}{${labels}} ${v}`);
  };
  const histogram = (name: string, help: string, counts: number[], sumMs: number) => {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} histogram`);
    let cumulative = 0;
    LATENCY_BUCKETS.forEach((bound, i) => {
      cumulative += counts[i];
      lines.push(`${name}_bucket{le="${bound}"} ${cumulative}`);
    });
    cumulative += counts[LATENCY_BUCKETS.length];
    lines.push(`${name}_bucket{le="+Inf"} ${cumulative}`, `${name}_sum ${sumMs / 1000}`, `${name}_count ${cumulative}`);
  };
  const m = s.metrics;
  metric('vegafusion_queries_total', 'counter', 'Queries answered or failed.', m.queries);
  metric('vegafusion_query_errors_total', 'counter', 'Queries that failed, by error code.',
    [...m.queryErrors].map(([code, n]) => [`code="${code}"`, n]));
  metric('vegafusion_queries_cancelled_total', 'counter', 'Queries cancelled by their client.', m.cancelled);
  metric('vegafusion_queries_timed_out_total', 'counter', 'Queries stopped by the query time limit.', m.timedOut);
  metric('vegafusion_queries_abandoned_total', 'counter', 'Queries whose connection closed before the answer.', m.abandoned);
  metric('vegafusion_query_seconds_total', 'counter', 'Time spent answering queries.', m.queryMs / 1000);
  histogram('vegafusion_query_duration_seconds', 'Wall time of queries, from arrival (waiting for their turn included).', m.latency, m.queryMs);
  metric('vegafusion_queries_admitted_total', 'counter', 'Queries let in to run by the runtime-wide admission.', m.admitted);
  histogram('vegafusion_query_queue_wait_seconds', 'Time queries waited for their turn before running.', m.queueWait, m.queueWaitMs);
  if (s.admission) {
    metric('vegafusion_queries_running', 'gauge', 'Queries running now (at most --max-running-queries).', s.admission.running);
    metric('vegafusion_queries_queued', 'gauge', 'Queries waiting for their turn now.', s.admission.queued);
    metric('vegafusion_queue_connections', 'gauge', 'Connections with queries waiting for their turn.', s.admission.waitingLanes);
  }
  metric('vegafusion_bad_frames_total', 'counter', 'Frames refused before evaluation.', m.badFrames);
  metric('vegafusion_nodes_computed_total', 'counter', 'Task nodes prepared (not served from cache).', m.nodesComputed);
  metric('vegafusion_cache_hits_total', 'counter', 'Node values served from the shared cache.', s.values.hits);
  metric('vegafusion_cache_misses_total', 'counter', 'Node values computed.', s.values.misses);
  metric('vegafusion_cache_shared_total', 'counter', 'Requests that joined a computation under way.', s.values.shared);
  metric('vegafusion_cache_evictions_total', 'counter', 'Values evicted from the shared cache.', s.values.evictions);
  metric('vegafusion_cache_entries', 'gauge', 'Values in the shared cache.', s.values.entries);
  metric('vegafusion_cache_bytes', 'gauge', 'Bytes held by the shared cache.', s.values.bytes);
  metric('vegafusion_cache_max_bytes', 'gauge', 'Byte bound of the shared cache.', s.values.maxBytes);
  metric('vegafusion_prepared_hits_total', 'counter', 'Prepared nodes reused by state fingerprint.', s.prepared.hits);
  metric('vegafusion_prepared_entries', 'gauge', 'Prepared nodes held.', s.prepared.entries);
  if (s.indexes) {
    metric('vegafusion_indexes_built_total', 'counter', 'Pre-aggregated indexes built.', s.indexes.built);
    metric('vegafusion_indexes_refused_total', 'counter', 'Pre-aggregated indexes refused (too large, or sums that could round).', s.indexes.refused);
    metric('vegafusion_indexes_building', 'gauge', 'Pre-aggregated index builds under way.', s.indexes.building);
    metric('vegafusion_indexes_ahead_running', 'gauge', 'Runs building indexes ahead of the first selection, under way.', s.indexes.aheadRunning);
    metric('vegafusion_index_entries', 'gauge', 'Pre-aggregated indexes held (and refusals remembered).', s.indexes.entries);
    metric('vegafusion_index_bytes', 'gauge', 'Estimated bytes of the pre-aggregated indexes held.', s.indexes.bytes);
    metric('vegafusion_index_answers_memory_total', 'counter', 'Datasets answered from an index\'s cells combined in memory.', s.indexes.answeredInMemory);
    metric('vegafusion_index_answers_sql_total', 'counter', 'Datasets answered by SQL over an index table.', s.indexes.answeredBySql);
    metric('vegafusion_index_max_bytes', 'gauge', 'Byte bound of the brushing indexes.', s.indexes.maxBytes);
    metric('vegafusion_indexes_bucketed_built_total', 'counter', 'Bucketed indexes built (continuous columns of many values).', s.indexes.bucketedBuilt);
    metric('vegafusion_index_answers_bucketed_total', 'counter', 'Datasets answered from a bucketed index.', s.indexes.answeredBucketed);
  }
  if (s.runs) {
    metric('vegafusion_computations_running', 'gauge', 'Shared computations under way.', s.runs.running);
    metric('vegafusion_computations_abandoned_total', 'counter', 'Shared computations stopped because no request waited for them.', s.runs.abandoned);
  }
  if (s.engine) {
    metric('vegafusion_engine_connections', 'gauge', 'Engine connections in the pool.', s.engine.connections);
    metric('vegafusion_engine_busy', 'gauge', 'Engine connections running a statement.', s.engine.busy);
    metric('vegafusion_engine_waiting', 'gauge', 'Statements waiting for an engine connection.', s.engine.waiting);
    metric('vegafusion_engine_interrupted_total', 'counter', 'Statements interrupted in the engine (cancelled or timed out).', s.engine.interrupted);
    if (s.engine.recycled !== undefined) metric('vegafusion_engine_recycled_total', 'counter', 'Engine connections replaced because a statement ran on past its interrupt.', s.engine.recycled);
  }
  metric('vegafusion_connections_open', 'gauge', 'Open WebSocket connections.', m.connectionsOpen);
  metric('vegafusion_connections_total', 'counter', 'WebSocket connections accepted.', m.connectionsTotal);
  metric('vegafusion_connections_refused_total', 'counter', 'WebSocket upgrades refused.', m.connectionsRefused);
  metric('vegafusion_connections_dropped_total', 'counter', 'Connections dropped (slow reader, no pong).', m.connectionsDropped);
  metric('vegafusion_connections_dropped_unread_total', 'counter', 'Connections cut off for leaving their replies unread past --max-buffered-bytes.', m.droppedUnread);
  metric('vegafusion_uploads_total', 'counter', 'Datasets uploaded.', m.uploads);
  metric('vegafusion_datasets', 'gauge', 'Uploaded datasets in the upload store (on disk, shared by the runtimes using it).', s.datasets.datasets);
  metric('vegafusion_datasets_bytes', 'gauge', 'Bytes of uploaded datasets in the upload store.', s.datasets.bytes);
  if (s.datasets.maxBytes !== undefined) metric('vegafusion_datasets_max_bytes', 'gauge', 'Byte bound of the upload store.', s.datasets.maxBytes);
  if (s.datasets.evictions !== undefined) metric('vegafusion_datasets_evicted_total', 'counter', 'Uploaded datasets this runtime removed from the store to stay within its bound.', s.datasets.evictions);
  metric('vegafusion_bytes_sent_total', 'counter', 'Bytes of replies sent over WebSocket.', m.bytesSent);
  if (s.bufferedBytes !== undefined) metric('vegafusion_buffered_reply_bytes', 'gauge', 'Reply bytes waiting for slow clients to read them.', s.bufferedBytes);
  if (s.edge) lines.push(...renderEdgeMetrics(s.edge));
  if (s.sources) lines.push(...renderSourceMetrics(s.sources));
  if (s.pools) {
    metric('vegafusion_memory_pool_bytes', 'gauge', 'Bytes held by each pool of the memory budget.',
      s.pools.filter((p) => p.bytes !== undefined).map((p) => [`pool="${p.name}"`, p.bytes!]));
    metric('vegafusion_memory_pool_max_bytes', 'gauge', 'Byte bound of each pool of the memory budget.',
      s.pools.map((p) => [`pool="${p.name}"`, p.maxBytes]));
  }
  metric('vegafusion_process_resident_bytes', 'gauge', 'Resident memory of the runtime process.', process.memoryUsage.rss());
  return `${lines.join('\n')}\n`;
}
