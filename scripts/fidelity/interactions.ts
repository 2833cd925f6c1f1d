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

interface StoreSpec { store: string; unit: string; fields: { field: string; type: string }[] }

/** The selections of `spec` at any depth: store, unit and tuple fields (from `<param>_tuple` and `<param>_tuple_fields`). */
function selectionStores(spec: vega.Spec): StoreSpec[] {
  const signals = collectSignals(spec) as (SignalSpec & { value?: unknown })[];
  const stores = new Set((spec.data ?? []).map((d) => d.name).filter((n) => n.endsWith('_store')));
  const out: StoreSpec[] = [];
  for (const s of signals) {
    const param = s.name.replace(/_tuple_fields$/, '');
    if (!s.name.endsWith('_tuple_fields') || !stores.has(`${param}_store`) || !Array.isArray(s.value)) continue;
    const tuple = signals.find((t) => t.name === `${param}_tuple`);
    const update = tuple?.on?.map((h) => h.update).find((u): u is string => typeof u === 'string' && u.includes('{unit:'));
    const unit = update ? /\{unit: "([^"]*)"/.exec(update)?.[1] : undefined;
    const fields = s.value as { field?: unknown; type?: unknown }[];
    if (unit === undefined || !fields.every((f) => typeof f.field === 'string' && (f.type === 'R' || f.type === 'E'))) continue;
    out.push({ store: `${param}_store`, unit, fields: fields as { field: string; type: string }[] });
  }
  return out;
}

/** A tuple of the selection over the data's values: ranges over the middle of each interval field, or a picked row's values. */
function storeEntries(sel: StoreSpec, spec: vega.Spec, view: vega.View, lo: number, hi: number): unknown[] | undefined {
  const rows = rowsWith(spec, view, sel.fields.map((f) => f.field));
  if (rows.length < 2) return undefined;
  const fields = sel.fields.map((f) => ({ ...f }));
  if (sel.fields.every((f) => f.type === 'R')) {
    const values = sel.fields.map((f) => {
      const sorted = rows.map((r) => r[f.field]).map((v) => (v instanceof Date ? v.getTime() : v))
        .filter((v): v is number => typeof v === 'number' && Number.isFinite(v)).sort((a, b) => a - b);
      return sorted.length < 2 ? undefined : [sorted[Math.floor(lo * (sorted.length - 1))], sorted[Math.floor(hi * (sorted.length - 1))]];
    });
    if (values.some((v) => v === undefined)) return undefined;
    return [{ unit: sel.unit, fields, values }];
  }
  // Points: two rows picked (a click, then a shift-click).
  return [lo, hi].map((at) => rows[Math.floor(at * (rows.length - 1))]).map((row) => ({ unit: sel.unit, fields, values: sel.fields.map((f) => row[f.field]) }));
}

/**
 * Steps that write selection stores directly, as Vega-Lite's triggers would, for the
 * selections of views nested in concats and layers and for several at once: 2-D brushes,
 * a click and a shift-click, then every selection set together (two brushes, or a brush
 * and a click, as in a crossfilter), then all cleared.
 */
export function storeInteractions(spec: vega.Spec, view: vega.View): Interaction[] {
  const sels = selectionStores(spec);
  const steps: Interaction[] = [];
  const all: Record<string, unknown[]> = {};
  for (const sel of sels) {
    const entries = storeEntries(sel, spec, view, 0.3, 0.65);
    if (!entries) continue;
    all[sel.store] = entries;
    if (Object.keys(all).length === 1) {
      const kind = sel.fields.every((f) => f.type === 'R') ? `${sel.fields.length}-D brush` : 'two picks';
      steps.push({ label: `store ${sel.store}: ${kind}`, signals: {}, stores: { [sel.store]: entries } });
    }
  }
  if (Object.keys(all).length > 1) steps.push({ label: `stores ${Object.keys(all).join(', ')} together`, signals: {}, stores: { ...all } });
  if (steps.length > 0) steps.push({ label: 'clear the stores', signals: {}, stores: Object.fromEntries(Object.keys(all).map((k) => [k, []])) });
  return steps;
}

/** Brush steps, then point-selection steps, then steps writing the stores. */
export function selectionInteractions(spec: vega.Spec, view: vega.View): Interaction[] {
  return [...brushInteractions(spec, view), ...pointInteractions(spec, view), ...storeInteractions(spec, view)];
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
