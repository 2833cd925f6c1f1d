/** Metrics of an edge by tier: what it answered itself, what it forwarded, and the upstream link. */
import type { CacheStats } from '../cache/index.js';
import type { UpstreamLinkStats } from './upstream-link.js';

/** Upper bounds (seconds) of the upstream latency histogram. */
const BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] as const;

export interface TierSnapshot {
  /** Items answered from the edge's cache. */
  hits: number;
  /** Items that joined work under way for another request. */
  shared: number;
  /** Items the edge computed itself. */
  computedItems: number;
  /** Items sent upstream. */
  forwardedItems: number;
  /** Nodes of the pruned graphs sent upstream. */
  forwardedNodes: number;
  /** Upstream replies (one per forwarded request). */
  upstreamReplies: number;
  upstreamErrors: number;
  /** Bytes of upstream replies (frames included). */
  upstreamBytes: number;
  upstreamMs: number;
  /** Counts per BUCKETS bound, then +Inf. */
  upstreamLatency: number[];
}

export interface EdgeStats extends TierSnapshot {
  link: UpstreamLinkStats;
  cache: CacheStats;
}

export interface TierMetrics extends TierSnapshot {
  observeUpstream(bytes: number, ms: number): void;
  snapshot(): TierSnapshot;
}

export function createTierMetrics(): TierMetrics {
  const m: TierMetrics = {
    hits: 0, shared: 0, computedItems: 0, forwardedItems: 0, forwardedNodes: 0, upstreamReplies: 0, upstreamErrors: 0,
    upstreamBytes: 0, upstreamMs: 0, upstreamLatency: new Array<number>(BUCKETS.length + 1).fill(0),
    observeUpstream(bytes, ms) {
      m.upstreamReplies++;
      m.upstreamBytes += bytes;
      m.upstreamMs += ms;
      const i = BUCKETS.findIndex((b) => ms / 1000 <= b);
      m.upstreamLatency[i < 0 ? BUCKETS.length : i]++;
    },
    snapshot: () => ({
      hits: m.hits, shared: m.shared, computedItems: m.computedItems, forwardedItems: m.forwardedItems, forwardedNodes: m.forwardedNodes,
      upstreamReplies: m.upstreamReplies, upstreamErrors: m.upstreamErrors, upstreamBytes: m.upstreamBytes,
      upstreamMs: m.upstreamMs, upstreamLatency: [...m.upstreamLatency],
    }),
  };
  return m;
}

/** The edge's metrics in Prometheus text format (lines appended to the runtime's). */
export function renderEdgeMetrics(s: EdgeStats): string[] {
  const lines: string[] = [];
  const metric = (name: string, type: 'counter' | 'gauge', help: string, value: number | [string, number][]) => {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    if (typeof value === 'number') lines.push(`${name} ${value}`);
    else for (const [labels, v] of value) lines.push(`${name}{${labels}} ${v}`);
  };
  metric('vegafusion_edge_items_total', 'counter', 'Items an edge answered, by where the value came from.', [
    ['tier="edge_cache"', s.hits], ['tier="edge_shared"', s.shared], ['tier="edge_computed"', s.computedItems], ['tier="upstream"', s.forwardedItems],
  ]);
  metric('vegafusion_edge_forwarded_requests_total', 'counter', 'Requests sent to the upstream (one per query with misses).', s.link.requests);
  metric('vegafusion_edge_forwarded_nodes_total', 'counter', 'Task nodes of the pruned graphs sent to the upstream.', s.forwardedNodes);
  metric('vegafusion_edge_upstream_errors_total', 'counter', 'Forwarded requests the upstream answered with an error.', s.upstreamErrors);
  metric('vegafusion_edge_upstream_bytes_total', 'counter', 'Bytes of replies from the upstream.', s.upstreamBytes);
  lines.push('# HELP vegafusion_edge_upstream_duration_seconds Time from sending a request upstream to its reply.', '# TYPE vegafusion_edge_upstream_duration_seconds histogram');
  let cumulative = 0;
  BUCKETS.forEach((bound, i) => {
    cumulative += s.upstreamLatency[i];
    lines.push(`vegafusion_edge_upstream_duration_seconds_bucket{le="${bound}"} ${cumulative}`);
  });
  cumulative += s.upstreamLatency[BUCKETS.length];
  lines.push(`vegafusion_edge_upstream_duration_seconds_bucket{le="+Inf"} ${cumulative}`,
    `vegafusion_edge_upstream_duration_seconds_sum ${s.upstreamMs / 1000}`, `vegafusion_edge_upstream_duration_seconds_count ${cumulative}`);
  metric('vegafusion_edge_upstream_connected', 'gauge', '1 while the link to the upstream is open.', s.link.connected ? 1 : 0);
  metric('vegafusion_edge_upstream_connects_total', 'counter', 'Connections made to the upstream (reconnects included).', s.link.connects);
  metric('vegafusion_edge_upstream_disconnects_total', 'counter', 'Times the link to the upstream dropped.', s.link.disconnects);
  metric('vegafusion_edge_upstream_resent_total', 'counter', 'Requests sent again after the link came back.', s.link.resent);
  metric('vegafusion_edge_upstream_cancelled_total', 'counter', 'Forwarded requests withdrawn (no request waited any more).', s.link.cancelled);
  metric('vegafusion_edge_upstream_waiting', 'gauge', 'Requests waiting for the upstream.', s.link.waiting);
  metric('vegafusion_edge_cache_entries', 'gauge', 'Values in the edge cache.', s.cache.entries);
  metric('vegafusion_edge_cache_bytes', 'gauge', 'Bytes held by the edge cache.', s.cache.bytes);
  metric('vegafusion_edge_cache_evictions_total', 'counter', 'Values evicted from the edge cache.', s.cache.evictions);
  return lines;
}
