/**
 * Vega run headless in Node: the oracle every engine test compares against.
 */
import * as vega from 'vega';
import { withTimeZone } from './time-zone.js';

export type Row = Record<string, unknown>;

export interface PipelineCase {
  /** Input rows (already typed JS values). */
  values: Row[];
  /** The Vega transforms to apply. */
  transform: unknown[];
  /** Signals in scope, by name. */
  signals?: Record<string, unknown>;
  /** Other datasets in scope (selection stores), by name. */
  datasets?: Record<string, Row[]>;
  /** IANA time zone the browser is in. */
  timeZone?: string;
}

export interface PipelineOutput {
  rows: Row[];
  signals: Record<string, unknown>;
}

/** Runs the pipeline in Vega and returns the output rows and the named signals. */
export async function runVega(c: PipelineCase, signalNames: string[] = []): Promise<PipelineOutput> {
  return withTimeZone(c.timeZone ?? 'UTC', async () => {
    const spec = {
      signals: [
        ...Object.entries(c.signals ?? {}).map(([name, value]) => ({ name, value })),
      ],
      data: [
        ...Object.entries(c.datasets ?? {}).map(([name, values]) => ({ name, values: clone(values) })),
        { name: '__input', values: clone(c.values) },
        { name: '__output', source: '__input', transform: c.transform },
      ],
    };
    const view = new vega.View(vega.parse(spec as vega.Spec), { renderer: 'none' });
    await view.runAsync();
    const rows = (view.data('__output') as Row[]).map((r) => ({ ...r }));
    const signals: Record<string, unknown> = {};
    for (const name of signalNames) signals[name] = view.signal(name);
    view.finalize();
    return { rows, signals };
  });
}

function clone(rows: Row[]): Row[] {
  return rows.map((r) => ({ ...r }));
}
