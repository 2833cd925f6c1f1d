/**
 * Renders a spec to SVG in Node two ways: with plain Vega, and planned through the
 * runtime (client spec + server values applied by the same client session the browser
 * uses). Both share one loader and the process time zone, so they compare like with like.
 */
import * as vega from 'vega';
import WebSocket from 'ws';
import { compileToVega, type ChartPlan, type KeepInBrowser } from '../../components/react/src/planner/index.js';
import {
  createPlannedChart, readData, readSignal, type PlannedChart, type RuntimeConnection,
} from '../../components/react/src/client/index.js';
import type { RuntimeCapabilities } from '@vegafusion-ts/proto';
import { normalizeIds } from './compare.js';
import { createErrorLog, describeError, type ErrorLog } from './guard.js';

export interface RenderEnv {
  /** Folder relative data URLs resolve in (the vega-datasets package). */
  dataRoot: string;
  capabilities: RuntimeCapabilities;
  connection: RuntimeConnection;
  /** How long to wait for the runtime's answer before calling the render failed. */
  timeoutMs: number;
}

/** What a step of an interaction does to both views. */
export interface Interaction {
  label: string;
  signals: Record<string, unknown>;
  /** Selection stores written directly (entries by store name), before the signals are set. */
  stores?: Record<string, unknown[]>;
}

export interface RenderedPair {
  plain: string[];
  planned: string[];
  /** The plan in effect at the end (after any fallback to the browser). */
  plan: ChartPlan;
  /** What fell back to the browser because the runtime could not compute it. */
  fallbacks: readonly KeepInBrowser[];
  errors: string[];
  /**
   * Plain Vega rendered the spec differently in two runs: its output is random (bootstrap,
   * jitter) or depends on the order its data files finish loading.
   */
  random: boolean;
  /**
   * Per step, where the planned render differs from plain Vega's: plain Vega rendered
   * fresh at that step's state (a new view given only that step's signals). Vega's
   * incremental operators (aggregates updated by add/remove) can give results that
   * depend on the history of states; the runtime computes each state from scratch.
   */
  fresh: (string | null)[];
  /**
   * Per step where the planned render differs from both, the planned chart rendered fresh
   * at that state too: its client-side Vega operators have a history as well (axis ticks
   * kept from the last state, incremental aggregates). `sameValues`: the runtime's values
   * in it are those the stepped planned view holds, so the stepped view differs from it only
   * by what its own Vega operators kept, not by what the runtime or the client computed.
   */
  freshPlanned: ({ svg: string; sameValues: boolean } | null)[];
  /** The spec reacts to timer events (animations, Vega-Lite's selection init tick): its output depends on timing. */
  timed: boolean;
}

/** Does the Vega spec listen to timer events? */
function hasTimerEvents(spec: vega.Spec): boolean {
  return /"(?:type|events)":\s*"timer|timer\{/.test(JSON.stringify(spec));
}

export function createNodeWebSocket(url: string): WebSocket {
  return new WebSocket(url);
}

/**
 * A view's dataflow failed (Vega logged the error and left the scene half built, so it is
 * not rendered): in plain Vega itself, or in the planned view only.
 */
export class ViewFailure extends Error {
  readonly code = 'view_failed';
  readonly side: 'plain' | 'planned';

  constructor(side: 'plain' | 'planned', message: string) {
    super(side === 'plain' ? `plain Vega fails on this spec here: ${message}` : `the planned view fails: ${message}`);
    this.name = 'ViewFailure';
    this.side = side;
  }
}

/** Renders `view` to SVG unless its dataflow has logged an error. */
async function toSvg(view: vega.View, side: 'plain' | 'planned'): Promise<string> {
  const log = logs.get(view);
  if (log && log.errors.length > 0) throw new ViewFailure(side, log.errors[0]);
  try {
    return await view.toSVG();
  } catch (error) {
    throw new ViewFailure(side, `toSVG: ${describeError(error)}`);
  }
}

/** The error log of each view the harness made. */
const logs = new WeakMap<vega.View, ErrorLog>();

/** `first`: the first file requested finishes last; `rest`: the others finish after it. */
type LoadOrder = 'natural' | 'first' | 'rest';

/**
 * A view of `spec`. Vega writes into the spec it parses (a selection's field objects get
 * accessor functions), so each view parses its own copy: the planner and the other views
 * keep reading plain JSON.
 */
function createView(spec: vega.Spec, env: RenderEnv, order: LoadOrder = 'natural'): vega.View {
  const loader = vega.loader({ baseURL: `${env.dataRoot}/`, mode: 'file' });
  if (order !== 'natural') {
    const load = loader.load.bind(loader);
    let requests = 0;
    loader.load = async (uri, options) => {
      const first = requests++ === 0;
      if (first === (order === 'first')) await new Promise((r) => setTimeout(r, 60));
      return load(uri, options);
    };
  }
  const logger = createErrorLog();
  const view = new vega.View(vega.parse(structuredClone(spec)), { renderer: 'none', loader, logger });
  logs.set(view, logger);
  return view;
}

/** Number of data files the spec loads (load order matters only with two or more). */
function urlCount(spec: vega.Spec): number {
  return JSON.stringify(spec).match(/"url":/g)?.length ?? 0;
}

/** Applies a step: its stores' entries (copies), then its signals; then runs the view. */
async function applyStep(view: vega.View, step: Interaction): Promise<void> {
  for (const [name, entries] of Object.entries(step.stores ?? {})) view.data(name, structuredClone(entries));
  for (const [name, value] of Object.entries(step.signals)) view.signal(name, value);
  await view.runAsync();
}

/**
 * Renders `spec` (Vega or Vega-Lite) both ways, then after each interaction step.
 * `interactionsFor` derives the steps from the compiled Vega spec (and the plan in effect).
 */
export async function renderBoth(
  spec: unknown, env: RenderEnv, interactionsFor: (vg: vega.Spec, view: vega.View, plan: ChartPlan) => Interaction[],
): Promise<RenderedPair> {
  const vg = compileToVega(spec);
  const errors: string[] = [];

  const plainView = createView(vg, env);
  await plainView.runAsync();
  let plain: string[];
  try {
    plain = [await toSvg(plainView, 'plain')];
  } catch (error) {
    plainView.finalize();
    throw error;
  }
  const orders: LoadOrder[] = urlCount(vg) > 1 ? ['first', 'rest'] : ['natural'];
  let random = false;
  for (const order of orders) {
    const again = createView(vg, env, order);
    await again.runAsync();
    try {
      random ||= normalizeIds(await toSvg(again, 'plain')) !== normalizeIds(plain[0]);
    } catch {
      random = true;
    }
    again.finalize();
    if (random) break;
  }

  let chart: PlannedChart | undefined;
  const planned: string[] = [];
  try {
    // The same fallback logic as the browser's embed(): a dataset the runtime cannot
    // compute is re-planned into the browser and the view is rebuilt.
    chart = await createPlannedChart({
      spec,
      planOptions: { capabilities: env.capabilities },
      connection: env.connection,
      coalesce: 'microtask',
      mount: (plan) => {
        const view = createView(plan.clientSpec, env);
        return Promise.resolve({ view, finalize: () => view.finalize() });
      },
      onError: (e) => { errors.push(e.message); },
    });
    await withTimeout(chart.whenSettled(), env.timeoutMs);
    // Vega-Lite starts some selections from a timer event (`timer{1}`) after the first
    // run; let it fire, and let the runtime answer what it changed.
    await new Promise((r) => setTimeout(r, 25));
    await chart.view.runAsync();
    await withTimeout(chart.whenSettled(), env.timeoutMs);
    await chart.view.runAsync();
    planned.push(await toSvg(chart.view, 'planned'));
    const fresh: (string | null)[] = [null];
    const freshPlanned: ({ svg: string; sameValues: boolean } | null)[] = [null];

    for (const step of interactionsFor(vg, plainView, chart.plan)) {
      await applyStep(plainView, step);
      plain.push(await toSvg(plainView, 'plain'));
      // A fallback during a step replaces the view; the step then applies to the new one.
      await applyStep(chart.view, step);
      await withTimeout(chart.whenSettled(), env.timeoutMs);
      await chart.view.runAsync();
      const svg = await toSvg(chart.view, 'planned');
      planned.push(svg);
      const freshSvg = normalizeIds(svg) === normalizeIds(plain[plain.length - 1]) ? null : await renderFresh(vg, env, step, plainView);
      fresh.push(freshSvg);
      freshPlanned.push(freshSvg === null || normalizeIds(svg) === normalizeIds(freshSvg) ? null
        : await renderFreshPlanned(spec, env, step, plainView, chart));
    }
    return {
      plain, planned, plan: chart.plan, fallbacks: [...chart.fallbackList], errors, random, fresh, freshPlanned, timed: hasTimerEvents(vg),
    };
  } finally {
    chart?.dispose();
    plainView.finalize();
  }
}

/**
 * Plain Vega at one step's state without the steps before it: a new view whose selection
 * stores start with the values `after` holds, so that its first run computes every
 * dataset from scratch; then the step's signals (which put the same tuples back).
 */
async function renderFresh(vg: vega.Spec, env: RenderEnv, step: Interaction, after: vega.View): Promise<string> {
  const view = createView(vg, env);
  try {
    for (const [name, rows] of Object.entries(storeCopies(vg, after))) view.data(name, rows);
    await view.runAsync();
    await applyStep(view, { ...step, stores: undefined });
    return await toSvg(view, 'plain');
  } finally {
    view.finalize();
  }
}

/** Copies of the selection stores `after` holds, by name. */
function storeCopies(vg: vega.Spec, after: vega.View): Record<string, object[]> {
  const names = (vg.data ?? []).map((d) => d.name).filter((n) => n.endsWith('_store'));
  return Object.fromEntries(names.map((name) => [name, after.data(name).map((t) => ({ ...t }))]));
}

/** The runtime's values in a planned chart's view: its datasets' rows (sorted) and signals, by variable. */
function serverValues(chart: PlannedChart): string {
  const out: Record<string, unknown> = {};
  for (const entry of chart.plan.toClient) {
    const at = entry.scope.length ? `@${entry.scope.join('.')}` : '';
    if (entry.kind === 'signal') out[`signal:${entry.name}${at}`] = readSignal(chart.view, entry.name, entry.scope);
    else if (!entry.signalsOnly) out[`data:${entry.name}${at}`] = readData(chart.view, entry.name, entry.scope).map((r) => JSON.stringify(r)).sort();
    if (entry.kind === 'data') for (const name of entry.signals) out[`signal:${name}${at}`] = readSignal(chart.view, name, entry.scope);
  }
  return JSON.stringify(out);
}

/**
 * The planned chart at one step's state without the steps before it, as `renderFresh` does
 * for plain Vega: a new chart (the same plan) whose view starts with the stores `after`
 * holds, then the step's signals; and whether the runtime's values in it (asked without
 * error) equal those in the `stepped` chart's view.
 */
async function renderFreshPlanned(
  spec: unknown, env: RenderEnv, step: Interaction, after: vega.View, stepped: PlannedChart,
): Promise<{ svg: string; sameValues: boolean }> {
  const stores = storeCopies(compileToVega(spec), after);
  let failed = false;
  const chart = await createPlannedChart({
    spec,
    planOptions: { capabilities: env.capabilities, keepInBrowser: [...stepped.fallbackList] },
    connection: env.connection,
    coalesce: 'microtask',
    // The view runs once with the stores before the session starts: a dataset's rows are
    // readable (and sent) only after a run; unrun, the first request would carry empty stores.
    mount: async (plan) => {
      const view = createView(plan.clientSpec, env);
      for (const [name, rows] of Object.entries(stores)) view.data(name, rows.map((t) => ({ ...t })));
      await view.runAsync();
      return { view, finalize: () => view.finalize() };
    },
    onError: () => { failed = true; },
  });
  try {
    await withTimeout(chart.whenSettled(), env.timeoutMs);
    await new Promise((r) => setTimeout(r, 25));
    await chart.view.runAsync();
    await withTimeout(chart.whenSettled(), env.timeoutMs);
    await applyStep(chart.view, { ...step, stores: undefined });
    await withTimeout(chart.whenSettled(), env.timeoutMs);
    await chart.view.runAsync();
    const svg = await toSvg(chart.view, 'planned');
    return { svg, sameValues: !failed && serverValues(chart) === serverValues(stepped) };
  } finally {
    chart.dispose();
  }
}

function withTimeout(promise: Promise<void>, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer from the runtime within ${timeoutMs} ms`)), timeoutMs);
    promise.then(() => { clearTimeout(timer); resolve(); }, (e: unknown) => { clearTimeout(timer); reject(e as Error); });
  });
}
