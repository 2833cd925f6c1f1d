/**
 * What the runtime's answers cost on the wire: bytes per value (last and total) written
 * into the plan's report, and a warning, once per table, when a table the browser receives
 * is over the plan's limits (`ChartPlan.transferWarning`), with what in the client spec
 * reads it: usually raw rows that some part of the chart needs in the browser.
 */
import type { INodeValue, ITaskValue } from '@vegafusion-ts/proto';
import type { ChartPlan, ToClient, TransferStat } from '../planner/types.js';

const encoder = new TextEncoder();

function taskValueBytes(value: ITaskValue | null | undefined): number {
  if (!value) return 0;
  if (value.arrow && value.arrow.length > 0) return value.arrow.length;
  return typeof value.json === 'string' ? encoder.encode(value.json).length : 0;
}

/** Bytes of a node's answer: its table (Arrow or JSON) and the signals it defines. */
export function nodeValueBytes(value: INodeValue): number {
  let bytes = taskValueBytes(value.value);
  for (const s of value.signals ?? []) bytes += taskValueBytes(s.value);
  return bytes;
}

/** `data:name`, `signal:name`, with `@scope` in groups (as SessionUpdate names variables). */
export function variableLabel(entry: Pick<ToClient, 'kind' | 'name' | 'scope'>): string {
  return `${entry.kind}:${entry.name}${entry.scope.length ? `@${entry.scope.join('.')}` : ''}`;
}

/** `812 B`, `4.1 kB`, `19.7 MB`. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
  if (bytes >= 1e3) return `${(bytes / 1e3).toFixed(1)} kB`;
  return `${bytes} B`;
}

/** The warning for a large table, or undefined when it is within the plan's limits. */
export function transferWarningText(plan: ChartPlan, variable: string, rows: number | undefined, bytes: number): string | undefined {
  const limits = plan.transferWarning;
  if (!limits || (bytes <= limits.bytes && (rows === undefined || rows <= limits.rows))) return undefined;
  const readers = plan.browserReads?.[variable] ?? [];
  const size = `${rows === undefined ? '' : `${rows.toLocaleString('en-US')} rows, `}${formatBytes(bytes)}`;
  const why = readers.length > 0 ? `: read in the browser by ${readers.join(', ')}` : '';
  return `The runtime sent ${variable} to the browser (${size}; over the warning limits of ${limits.rows.toLocaleString('en-US')} rows or ${formatBytes(limits.bytes)})${why}`;
}

/**
 * Records one answer of `entry` (its bytes and, for a table, its rows) in the plan's
 * report; returns a warning the first time that table goes over the limits.
 */
export function recordTransfer(plan: ChartPlan, entry: ToClient, bytes: number, rows: number | undefined): string | undefined {
  const variable = variableLabel(entry);
  const stats = plan.report.transfers ?? (plan.report.transfers = []);
  let stat: TransferStat | undefined = stats.find((s) => s.variable === variable);
  if (!stat) {
    stat = { variable, lastBytes: 0, totalBytes: 0, answers: 0 };
    stats.push(stat);
  }
  stat.lastBytes = bytes;
  stat.totalBytes += bytes;
  stat.answers++;
  if (rows !== undefined) stat.lastRows = rows;
  if (entry.signalsOnly) return undefined;
  const text = transferWarningText(plan, variable, rows, bytes);
  const warnings = plan.report.warnings ?? (plan.report.warnings = []);
  if (!text || warnings.some((w) => w.startsWith(`The runtime sent ${variable} `))) return undefined;
  warnings.push(text);
  return text;
}
