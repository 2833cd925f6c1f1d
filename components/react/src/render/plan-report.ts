/** The plan report as text and rows, for the component's report panel and for logs. */
import type { PlanReport, PlanReportEntry, TransferStat } from '../planner/types.js';
import { formatBytes } from '../client/transfer.js';

export interface PlanReportRow {
  kind: string;
  name: string;
  scope: string;
  status: string;
  reason: string;
  path: string;
}

/** One display row per report entry. */
export function planReportRows(report: PlanReport): PlanReportRow[] {
  return report.entries.map((e: PlanReportEntry) => ({
    kind: e.kind,
    name: e.name,
    scope: e.scope.length ? e.scope.join('.') : '',
    status: e.status,
    reason: e.reason ?? '',
    path: e.path,
  }));
}

/**
 * One line summing the plan up, e.g. `3 of 4 datasets run on the runtime`, with the bytes
 * received so far and the number of warnings once values have arrived.
 */
export function planSummary(report: PlanReport): string {
  const base = `${report.datasetsMoved} of ${report.datasetsTotal} datasets run on the runtime`;
  const total = (report.transfers ?? []).reduce((n, t) => n + t.totalBytes, 0);
  const received = report.transfers?.length ? `; ${formatBytes(total)} received` : '';
  const warned = report.warnings?.length ? `; ${report.warnings.length} warning${report.warnings.length > 1 ? 's' : ''}` : '';
  return `${base}${received}${warned}`;
}

/** `data:data_0: last 2.8 kB (12 rows), total 8.4 kB in 3 answers`. */
export function formatTransfer(t: TransferStat): string {
  const rows = t.lastRows === undefined ? '' : ` (${t.lastRows} rows)`;
  return `${t.variable}: last ${formatBytes(t.lastBytes)}${rows}, total ${formatBytes(t.totalBytes)} in ${t.answers} answer${t.answers > 1 ? 's' : ''}`;
}

/** The report as plain text: the summary, the warnings, one line per entry, then the bytes per value. */
export function formatPlanReport(report: PlanReport): string {
  const lines = planReportRows(report).map((r) =>
    `${r.status.padEnd(6)} ${r.kind} ${r.name}${r.scope ? ` @${r.scope}` : ''}${r.reason ? ` - ${r.reason}` : ''}`);
  const warnings = (report.warnings ?? []).map((w) => `warning: ${w}`);
  const transfers = (report.transfers ?? []).map((t) => `bytes  ${formatTransfer(t)}`);
  return [planSummary(report), ...warnings, ...lines, ...transfers].join('\n');
}
