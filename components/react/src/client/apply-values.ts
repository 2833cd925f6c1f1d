/**
 * Puts the runtime's answers into a live view: tables into datasets, signal values into
 * signals, each in its group scope. Works on any Vega view, so a Node harness can render
 * a client spec with server values headless exactly as the browser does.
 */
import type { INodeValue } from '@vegafusion-ts/proto';
import type { View } from 'vega';
import type { ChartPlan, ToClient } from '../planner/types.js';
import { toError } from './errors.js';
import { decodeTaskValue } from './values.js';
import { writeData, writeSignal } from './view-context.js';

export interface ApplyOptions {
  /** Only these entries of `plan.toClient` (default: every entry whose node has a value). */
  entries?: ToClient[];
  /** Run the view after applying (default true); with `false` the caller runs it. */
  run?: boolean;
  /**
   * Lay the view out again (autosize) for the new values (default true). Plain Vega sizes
   * a view at its first layout, with its data loaded, and later only when width, height or
   * padding change: pass `false` for values that answer a change of the view (a brush),
   * whose size then stays as plain Vega's does.
   */
  resize?: boolean;
}

export interface ApplyResult {
  /** `data:name` / `signal:name` (with `@scope` when nested) of every variable set. */
  applied: string[];
  /** One error per variable that could not be set; the others were set regardless. */
  errors: Error[];
}

const label = (kind: string, name: string, scope: number[]): string =>
  `${kind}:${name}${scope.length ? `@${scope.join('.')}` : ''}`;

/**
 * Applies node values (node indices into `plan.serverGraph`) to `view`, then runs it.
 * A value that cannot be applied is reported in `errors`; it never stops the rest.
 */
export async function applyServerValues(
  view: View, plan: ChartPlan, values: INodeValue[], options: ApplyOptions = {},
): Promise<ApplyResult> {
  const result: ApplyResult = { applied: [], errors: [] };
  const byNode = new Map<number, INodeValue>();
  for (const v of values) byNode.set(v.node ?? 0, v);
  const entries = options.entries ?? plan.toClient;
  for (const entry of entries) {
    const value = byNode.get(entry.node);
    if (!value) continue;
    try {
      applyEntry(view, entry, value, result);
    } catch (error) {
      result.errors.push(toError(error));
    }
  }
  // Autosize ("pad", "fit") is computed when the layout is resized, not when data
  // changes: without this a view laid out before its first values keeps the size of the
  // empty stubs, where plain Vega lays the chart out with its data.
  if (result.applied.length > 0 && options.resize !== false) view.resize();
  if (options.run !== false) await view.runAsync();
  return result;
}

function applyEntry(view: View, entry: ToClient, value: INodeValue, result: ApplyResult): void {
  if (entry.kind === 'signal') {
    writeSignal(view, entry.name, entry.scope, decodeTaskValue(value.value, label('signal', entry.name, entry.scope)));
    result.applied.push(label('signal', entry.name, entry.scope));
    return;
  }
  if (!entry.signalsOnly) {
    const rows = decodeTaskValue(value.value, label('data', entry.name, entry.scope));
    if (Array.isArray(rows)) {
      writeData(view, entry.name, entry.scope, rows as object[]);
      result.applied.push(label('data', entry.name, entry.scope));
    } else if (rows !== undefined) {
      result.errors.push(new TypeError(`The runtime's value for ${label('data', entry.name, entry.scope)} is not a table`));
    }
  }
  const wanted = new Set(entry.signals);
  for (const signal of value.signals ?? []) {
    const name = signal.name ?? '';
    if (wanted.size > 0 && !wanted.has(name)) continue;
    try {
      writeSignal(view, name, entry.scope, decodeTaskValue(signal.value, label('signal', name, entry.scope)));
      result.applied.push(label('signal', name, entry.scope));
    } catch (error) {
      result.errors.push(toError(error));
    }
  }
}
