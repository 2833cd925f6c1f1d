/** Percentiles and the result rows the bench prints. */

export interface ResultRow {
  scenario: string;
  system: string;
  size: string;
  n: number;
  p50: number;
  p95: number;
  /** Bytes sent to the browser (per request), when measured. */
  bytes?: number;
  /** Peak resident memory of the process that did the work, when measured. */
  peakBytes?: number;
  /** p50 over the floor's p50 for the same scenario and size. */
  ratio?: number;
  note?: string;
}

/** Nearest-rank percentile of `values` (p in 0..100). */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export function summarize(values: number[]): { n: number; p50: number; p95: number } {
  return { n: values.length, p50: percentile(values, 50), p95: percentile(values, 95) };
}

/** Sets each row's ratio to the floor row (system "floor") of its scenario and size. */
export function addRatios(rows: ResultRow[]): void {
  for (const r of rows) {
    const floor = rows.find((f) => f.system.startsWith('floor') && f.scenario === r.scenario && f.size === r.size);
    if (floor && floor.p50 > 0 && Number.isFinite(r.p50)) r.ratio = r.p50 / floor.p50;
  }
}

function fmtMs(ms: number): string {
  if (!Number.isFinite(ms)) return '-';
  return ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2);
}

function fmtBytes(b: number | undefined): string {
  if (b === undefined) return '-';
  if (b >= 1024 * 1024) return `${(b / 1024 / 1024).toFixed(1)} MB`;
  if (b >= 1024) return `${(b / 1024).toFixed(1)} KB`;
  return `${b} B`;
}

/** The results as a Markdown table. */
export function formatTable(rows: ResultRow[]): string {
  const head = '| scenario | system | rows | n | p50 ms | p95 ms | bytes to browser | peak memory | x floor | note |';
  const sep = '|---|---|---|---:|---:|---:|---:|---:|---:|---|';
  const lines = rows.map((r) => `| ${r.scenario} | ${r.system} | ${r.size} | ${r.n} | ${fmtMs(r.p50)} | ${fmtMs(r.p95)} | ${fmtBytes(r.bytes)} | ${fmtBytes(r.peakBytes)} | ${r.ratio === undefined ? '-' : r.ratio.toFixed(2)} | ${r.note ?? ''} |`);
  return [head, sep, ...lines].join('\n');
}
