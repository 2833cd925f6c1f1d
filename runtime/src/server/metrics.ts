/** Counters and gauges of the runtime, rendered in Prometheus text format. */
import type { CacheStats } from '../cache/index.js';

export interface Metrics {
  queries: number;
  queryErrors: Map<string, number>;
  cancelled: number;
  nodesComputed: number;
  connectionsOpen: number;
  connectionsTotal: number;
  uploads: number;
  bytesSent: number;
  queryMs: number;
}

export function createMetrics(): Metrics {
  return {
    queries: 0, queryErrors: new Map(), cancelled: 0, nodesComputed: 0, connectionsOpen: 0,
    connectionsTotal: 0, uploads: 0, bytesSent: 0, queryMs: 0,
  };
}

export function countError(m: Metrics, code: string): void {
  m.queryErrors.set(code, (m.queryErrors.get(code) ?? 0) + 1);
}

export interface MetricsSnapshot {
  metrics: Metrics;
  values: CacheStats;
  prepared: CacheStats;
  datasets: { datasets: number; bytes: number };
}

export function renderPrometheus(s: MetricsSnapshot): string {
  const lines: string[] = [];
  const metric = (name: string, type: 'counter' | 'gauge', help: string, value: number | [string, number][]) => {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    if (typeof value === 'number') lines.push(`${name} ${value}`);
    else for (const [labels, v] of value) lines.push(`${name}{${labels}} ${v}`);
  };
  const m = s.metrics;
  metric('vegafusion_queries_total', 'counter', 'Queries answered or failed.', m.queries);
  metric('vegafusion_query_errors_total', 'counter', 'Queries that failed, by error code.',
    [...m.queryErrors].map(([code, n]) => [`code="${code}"`, n]));
  metric('vegafusion_queries_cancelled_total', 'counter', 'Queries cancelled by their client.', m.cancelled);
  metric('vegafusion_query_seconds_total', 'counter', 'Time spent answering queries.', m.queryMs / 1000);
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
  metric('vegafusion_connections_open', 'gauge', 'Open WebSocket connections.', m.connectionsOpen);
  metric('vegafusion_connections_total', 'counter', 'WebSocket connections accepted.', m.connectionsTotal);
  metric('vegafusion_uploads_total', 'counter', 'Datasets uploaded.', m.uploads);
  metric('vegafusion_datasets', 'gauge', 'Uploaded datasets held.', s.datasets.datasets);
  metric('vegafusion_datasets_bytes', 'gauge', 'Bytes of uploaded datasets held.', s.datasets.bytes);
  metric('vegafusion_bytes_sent_total', 'counter', 'Bytes of replies sent over WebSocket.', m.bytesSent);
  return `${lines.join('\n')}\n`;
}
