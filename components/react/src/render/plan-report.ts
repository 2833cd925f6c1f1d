/** The plan report as text and rows, for the component's report panel and for logs. */
import type { PlanReport, PlanReportEntry } from '../planner/types.js';

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

/** One line summing the plan up, e.g. `3 of 4 datasets run on the runtime`. */
export function planSummary(report: PlanReport): string {
  return `${report.datasetsMoved} of ${report.datasetsTotal} datasets run on the runtime`;
}

/** The report as plain text: the summary, then one line per entry. */
export function formatPlanReport(report: PlanReport): string {
  const lines = planReportRows(report).map((r) =>
    `${r.status.padEnd(6)} ${r.kind} ${r.name}${r.scope ? ` @${r.scope}` : ''}${r.reason ? ` - ${r.reason}` : ''}`);
  return [planSummary(report), ...lines].join('\n');
}
