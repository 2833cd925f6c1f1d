/**
 * Interaction steps derived from a compiled Vega-Lite spec: for every interval selection
 * (signals `<param>_x` / `<param>_y` holding a pixel range), drag a brush over part of
 * the plot, then clear it; for every point selection (`<param>_tuple` set from a picked
 * item), pick two data rows, then clear it. Applied alike to the plain and the planned view.
 */
import type * as vega from 'vega';
import type { ChartPlan } from '../../components/react/src/planner/index.js';
import type { Interaction } from './render.js';

interface SignalSpec { name: string; on?: { update?: unknown }[] }

function collectSignals(spec: unknown, out: SignalSpec[] = []): SignalSpec[] {
  const s = spec as { signals?: SignalSpec[]; marks?: unknown[] };
  out.push(...(s.signals ?? []));
  for (const m of s.marks ?? []) collectSignals(m, out);
  return out;
}

/** Brush steps for the top-level interval selections of `spec`. */
export function brushInteractions(spec: vega.Spec, view: vega.View): Interaction[] {
  const top = new Set(((spec as { signals?: SignalSpec[] }).signals ?? []).map((s) => s.name));
  const names = collectSignals(spec).map((s) => s.name);
  const brushes = names.filter((n) => /_(x|y)$/.test(n) && names.includes(`${n.replace(/_(x|y)$/, '')}_tuple`) && top.has(n));
  if (brushes.length === 0) return [];
  const width = Number(view.signal('width') ?? 200) || 200;
  const height = Number(view.signal('height') ?? 200) || 200;
  const steps: Interaction[] = [];
  for (const [lo, hi] of [[0.2, 0.55], [0.4, 0.9]]) {
    const signals: Record<string, unknown> = {};
    for (const b of brushes) signals[b] = b.endsWith('_x') ? [width * lo, width * hi] : [height * lo, height * hi];
    steps.push({ label: `brush ${lo}-${hi}`, signals });
  }
  const clear: Record<string, unknown> = {};
  for (const b of brushes) clear[b] = [0, 0];
  steps.push({ label: 'clear brush', signals: clear });
  return steps;
}

/** What a point selection's tuple is made of: Vega-Lite's `_vgsid_` form or its fields form. */
interface PointTuple { unit: string; vgsid: boolean; fields: string[] }

function pointTuple(signal: SignalSpec): PointTuple | null {
  const update = signal.on?.map((h) => h.update).find((u): u is string => typeof u === 'string' && u.includes('{unit:'));
  if (!update) return null;
  const unit = /\{unit: "([^"]*)"/.exec(update)?.[1];
  if (unit === undefined) return null;
  if (/_vgsid_: /.test(update)) return { unit, vgsid: true, fields: ['_vgsid_'] };
  const fields = [...update.matchAll(/datum\)\["([^"\]]+)"\]/g)].map((m) => m[1]);
  return fields.length > 0 ? { unit, vgsid: false, fields } : null;
}

/** Top-level rows holding every field: the first dataset of the view that has them. */
function rowsWith(spec: vega.Spec, view: vega.View, fields: string[]): Record<string, unknown>[] {
  for (const d of spec.data ?? []) {
    if (d.name.endsWith('_store')) continue;
    const rows = view.data(d.name) as Record<string, unknown>[];
    if (rows.length > 1 && fields.every((f) => f in rows[0])) return rows;
  }
  return [];
}

/** Point-selection steps for the top-level point selections of `spec`. */
export function pointInteractions(spec: vega.Spec, view: vega.View): Interaction[] {
  const top = ((spec as { signals?: SignalSpec[] }).signals ?? []);
  const names = new Set(top.map((s) => s.name));
  const steps: Interaction[] = [];
  for (const signal of top) {
    const param = signal.name.replace(/_tuple$/, '');
    if (!signal.name.endsWith('_tuple') || !names.has(`${param}_modify`)) continue;
    const tuple = pointTuple(signal);
    if (!tuple) continue;
    const rows = rowsWith(spec, view, tuple.fields);
    if (rows.length < 2) continue;
    const fields = tuple.vgsid ? null : view.signal(`${param}_tuple_fields`) as unknown;
    for (const at of [Math.floor(rows.length / 3), Math.floor((2 * rows.length) / 3)]) {
      const row = rows[at];
      const value = tuple.vgsid
        ? { unit: tuple.unit, _vgsid_: row._vgsid_ }
        : { unit: tuple.unit, fields, values: tuple.fields.map((f) => row[f]) };
      steps.push({ label: `pick ${param} row ${at}`, signals: { [signal.name]: value } });
    }
    steps.push({ label: `clear ${param}`, signals: { [signal.name]: null } });
  }
  return steps;
}

/** Brush steps, then point-selection steps. */
export function selectionInteractions(spec: vega.Spec, view: vega.View): Interaction[] {
  return [...brushInteractions(spec, view), ...pointInteractions(spec, view)];
}

interface BoundSignal { name: string; bind?: { input?: string; min?: number; max?: number; options?: unknown[] } }

/** Another value a user could give a bound signal through its input, or undefined. */
function otherValue(signal: BoundSignal, current: unknown): unknown {
  const bind = signal.bind ?? {};
  switch (bind.input) {
    case 'range': {
      if (typeof bind.min !== 'number' || typeof bind.max !== 'number') return undefined;
      return current === bind.max ? bind.min : bind.max;
    }
    case 'select':
    case 'radio': {
      const same = JSON.stringify(current);
      return [...(bind.options ?? [])].reverse().find((o) => JSON.stringify(o) !== same);
    }
    case 'checkbox':
      return !current;
    default:
      return undefined;
  }
}

/**
 * Steps for the top-level signals bound to input elements (how hand-written Vega takes
 * input) that the runtime reads: each in turn moved to another value its input offers (a
 * range's other end, the last other option, the checkbox toggled), the earlier ones kept;
 * then all put back. Signals only the browser reads are left alone: plain Vega renders
 * those on both sides alike.
 */
export function boundSignalInteractions(spec: vega.Spec, view: vega.View, plan: ChartPlan): Interaction[] {
  const sent = new Set(plan.toServer.filter((t) => t.kind === 'signal' && t.scope.length === 0).map((t) => t.name));
  const steps: Interaction[] = [];
  const initial: Record<string, unknown> = {};
  for (const signal of ((spec as { signals?: BoundSignal[] }).signals ?? [])) {
    if (!signal.bind || typeof signal.name !== 'string' || !sent.has(signal.name)) continue;
    const current = view.signal(signal.name) as unknown;
    const value = otherValue(signal, current);
    if (value === undefined) continue;
    initial[signal.name] = current;
    steps.push({ label: `set ${signal.name} to ${JSON.stringify(value)}`, signals: { [signal.name]: value } });
  }
  if (steps.length > 0) steps.push({ label: 'put the bound signals back', signals: initial });
  return steps;
}
