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

interface StoreField { field: string; type: string; channel?: string }

interface StoreSpec {
  store: string;
  unit: string;
  fields: StoreField[];
  /** An interval selection (a brush): one tuple, a range or a set of values per field. */
  interval: boolean;
  /** Per field, the scale a brush inverts (`invert("<scale>", <param>_<channel>)`), when found. */
  scales: (string | undefined)[];
}

/** The scale an interval selection's field signal inverts for `channel`. */
function invertedScale(signals: SignalSpec[], param: string, channel: string | undefined): string | undefined {
  const pattern = new RegExp(`invert\\("([^"]+)", ${param}_${channel}\\)`);
  for (const s of signals) {
    if (!s.name.startsWith(`${param}_`)) continue;
    for (const h of s.on ?? []) {
      const m = typeof h.update === 'string' ? pattern.exec(h.update) : null;
      if (m) return m[1];
    }
  }
  return undefined;
}

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
    const typed = fields as StoreField[];
    const interval = signals.some((t) => t.name === `${param}_x` || t.name === `${param}_y`);
    const scales = typed.map((f) => (interval ? invertedScale(signals, param, f.channel) : undefined));
    out.push({ store: `${param}_store`, unit, fields: typed, interval, scales });
  }
  return out;
}

interface ScaleLike { type?: string; domain(): unknown[] }
interface ScopeLike { scales?: Record<string, { value?: unknown }>; subcontext?: ScopeLike[] }

/** A scale of the view by name, in whichever group scope defines it (Vega-Lite puts a concat's scales in its views). */
function findScale(view: vega.View, name: string): ScaleLike | undefined {
  const search = (ctx: ScopeLike | undefined): ScaleLike | undefined => {
    if (!ctx) return undefined;
    const own = ctx.scales?.[name]?.value as ScaleLike | undefined;
    if (typeof own === 'function') return own;
    for (const sub of ctx.subcontext ?? []) {
      const found = search(sub);
      if (found) return found;
    }
    return undefined;
  };
  return search((view as unknown as { _runtime?: ScopeLike })._runtime);
}

/**
 * One field's part of a brush as Vega-Lite's `invert` makes it: over a discrete scale the
 * domain values the brush covers (a run of the domain's order); over a continuous scale a
 * range over the middle of the data's values, as Dates on a time scale.
 */
function brushValues(field: StoreField, scale: ScaleLike | undefined, rows: Record<string, unknown>[], lo: number, hi: number): unknown {
  if (field.type === 'E') {
    const domain = scale ? scale.domain() : [...new Set(rows.map((r) => r[field.field]))];
    if (domain.length < 2) return undefined;
    return domain.slice(Math.floor(lo * (domain.length - 1)), Math.floor(hi * (domain.length - 1)) + 1);
  }
  const sorted = rows.map((r) => r[field.field]).map((v) => (v instanceof Date ? v.getTime() : v))
    .filter((v): v is number => typeof v === 'number' && Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length < 2) return undefined;
  const range = [sorted[Math.floor(lo * (sorted.length - 1))], sorted[Math.floor(hi * (sorted.length - 1))]];
  return scale?.type === 'time' || scale?.type === 'utc' ? range.map((t) => new Date(t)) : range;
}

/** A tuple of the selection over the data's values: a brush over the middle of each field, or two picked rows' values. */
function storeEntries(sel: StoreSpec, spec: vega.Spec, view: vega.View, lo: number, hi: number): unknown[] | undefined {
  const rows = rowsWith(spec, view, sel.fields.map((f) => f.field));
  if (rows.length < 2) return undefined;
  const fields = sel.fields.map((f) => ({ ...f }));
  if (sel.interval || sel.fields.every((f) => f.type === 'R')) {
    const values = sel.fields.map((f, i) => {
      const scaleName = sel.scales[i];
      return brushValues(f, scaleName === undefined ? undefined : findScale(view, scaleName), rows, lo, hi);
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
      const kind = sel.interval || sel.fields.every((f) => f.type === 'R') ? `${sel.fields.length}-D brush` : 'two picks';
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
