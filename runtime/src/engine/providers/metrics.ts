/** Metrics of the database sources: what their reads computed where, and their pools. */

export interface SourceStats {
  /** Reads that went to a database (not served by a table already read for the same state). */
  reads: number;
  /** Reads served by a table already read. */
  reused: number;
  /** Rows that came back from databases. */
  rows: number;
  /** Transforms computed by databases, and left to DuckDB, over all reads. */
  pushedTransforms: number;
  duckdbTransforms: number;
  /** Per source: connections open, idle, statements waiting, cancel requests sent to its server. */
  pools: Record<string, { total: number; idle: number; waiting: number; cancelled: number }>;
}

/** Prometheus text lines for `s`. */
export function renderSourceMetrics(s: SourceStats): string[] {
  const lines: string[] = [];
  const metric = (name: string, type: 'counter' | 'gauge', help: string, values: [string, number][]) => {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    for (const [labels, v] of values) lines.push(labels ? `${name}{${labels}} ${v}` : `${name} ${v}`);
  };
  metric('vegafusion_source_reads_total', 'counter', 'Reads from database sources.', [['', s.reads]]);
  metric('vegafusion_source_reads_reused_total', 'counter', 'Reads served by a table already read for the same state.', [['', s.reused]]);
  metric('vegafusion_source_rows_total', 'counter', 'Rows read from database sources.', [['', s.rows]]);
  metric('vegafusion_source_transforms_total', 'counter', 'Transforms over database tables, by where they ran.',
    [['ran="database"', s.pushedTransforms], ['ran="duckdb"', s.duckdbTransforms]]);
  const pools = Object.entries(s.pools);
  const label = (name: string) => `source="${name.replace(/["\\\n]/g, '_')}"`;
  metric('vegafusion_source_connections', 'gauge', 'Connections open to each source.', pools.map(([n, p]) => [label(n), p.total]));
  metric('vegafusion_source_waiting', 'gauge', 'Statements waiting for a connection to each source.', pools.map(([n, p]) => [label(n), p.waiting]));
  metric('vegafusion_source_cancelled_total', 'counter', 'Cancel requests sent to each source\'s server (for statements whose requests gave up).', pools.map(([n, p]) => [label(n), p.cancelled]));
  return lines;
}
