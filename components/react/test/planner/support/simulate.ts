/**
 * Checks a plan against plain Vega: computes what the runtime would send (the server
 * nodes' values, projected to the planned columns, signals as plain data) with Vega
 * itself, feeds them into the client spec's stubs, and renders both specs to SVG.
 */
import * as vega from 'vega';
import { fileURLToPath } from 'node:url';
import type { ChartPlan } from '../../../src/planner/index.js';

type Json = Record<string, unknown>;

/** Corpus data URLs ("data/cars.json") resolve against the vega-datasets package. */
const DATASETS_BASE = fileURLToPath(new URL('../../../../../node_modules/vega-datasets/', import.meta.url));

function loader(): vega.Loader {
  return vega.loader({ baseURL: DATASETS_BASE, mode: 'file' });
}

async function run(spec: vega.Spec): Promise<vega.View> {
  const view = new vega.View(vega.parse(spec), { renderer: 'none', loader: loader() });
  await view.runAsync();
  return view;
}

/** Renders `spec` to SVG with plain Vega. */
export async function renderSvg(spec: vega.Spec): Promise<string> {
  const view = await run(spec);
  const svg = await view.toSVG();
  view.finalize();
  // Gradient and clip ids come from process-wide counters: number them per document.
  const ids = new Map<string, string>();
  return svg.replace(/\b(gradient_|clip)(\d+)\b/g, (m, prefix: string) => {
    if (!ids.has(m)) ids.set(m, `${prefix}${ids.size}`);
    return ids.get(m) as string;
  });
}

/**
 * Only what crosses the wire: plain data. A bin signal is a function carrying
 * start/stop/step; it travels as an object of those properties.
 */
function wireValue(value: unknown): unknown {
  if (value instanceof Date || value === null || (typeof value !== 'object' && typeof value !== 'function')) return value;
  if (Array.isArray(value)) return value.map(wireValue);
  const out: Json = {};
  for (const k of Object.keys(value)) {
    const v = (value as Json)[k];
    if (typeof v !== 'function') out[k] = wireValue(v);
  }
  return out;
}

const collected = (name: string): string => `${name}__collected`;

function scopeObject(spec: Json, scope: number[]): Json {
  let obj = spec;
  for (const g of scope) {
    const groups = (obj.marks as Json[]).filter((m) => m.type === 'group');
    obj = groups[g];
  }
  return obj;
}

/**
 * The original spec with each split dataset written as its server prefix (named like
 * the stub) plus the rest, so that a plain Vega view computes every server node's value.
 */
function serverSimulationSpec(original: Json, plan: ChartPlan): Json {
  const spec = structuredClone(original);
  for (const tc of plan.toClient) {
    const data = scopeObject(spec, tc.scope).data as Json[];
    if (data.some((d) => d.name === tc.name)) continue;
    const clientData = scopeObject(plan.clientSpec as unknown as Json, tc.scope).data as Json[];
    const rest = clientData.find((d) => d.source === tc.name);
    const task = plan.serverGraph.nodes?.[tc.node]?.task?.source;
    if (!rest && task) {
      // A dataset the planner added (a scale domain's aggregate): what the runtime computes.
      data.push({ name: tc.name, source: task.source, transform: task.pipelineJson ? JSON.parse(task.pipelineJson) as unknown : [] });
      continue;
    }
    const i = data.findIndex((d) => d.name === rest?.name);
    const d = data[i];
    const restCount = Array.isArray(rest?.transform) ? rest.transform.length : 0;
    const transforms = Array.isArray(d.transform) ? d.transform : [];
    const prefix: Json = { ...d, name: tc.name, transform: transforms.slice(0, transforms.length - restCount) };
    data.splice(i, 1, prefix, { name: d.name, source: tc.name, transform: transforms.slice(transforms.length - restCount) });
  }
  // `view.data(name)` reads a dataset's last source operator, which after a
  // joinaggregate is not the rows marks see; a collecting child holds exactly those.
  for (const tc of plan.toClient) {
    const data = scopeObject(spec, tc.scope).data as Json[];
    const i = data.findIndex((d) => d.name === tc.name);
    data.splice(i + 1, 0, { name: collected(tc.name), source: tc.name, transform: [{ type: 'collect' }] });
  }
  return spec;
}

interface RuntimeContext {
  data: Record<string, { values: { value: unknown[] } }>;
  signals: Record<string, { value: unknown }>;
  subcontext?: RuntimeContext[];
}

function context(view: vega.View, scope: number[]): RuntimeContext {
  let ctx = (view as unknown as { _runtime: RuntimeContext })._runtime;
  for (const g of scope) ctx = (ctx.subcontext ?? [])[g];
  return ctx;
}

/** The client spec with every stub and placeholder filled as the runtime would fill it. */
export async function fillClientSpec(original: vega.Spec, plan: ChartPlan): Promise<vega.Spec> {
  const view = await run(serverSimulationSpec(original as unknown as Json, plan) as vega.Spec);
  const client = structuredClone(plan.clientSpec) as unknown as Json;
  for (const tc of plan.toClient) {
    const scope = scopeObject(client, tc.scope);
    if (!tc.signalsOnly) {
      const table = context(view, tc.scope).data[collected(tc.name)].values.value;
      const rows = (table as Json[]).map((row) => {
        const keys = tc.columns.length > 0 ? tc.columns.filter((c) => c in row) : Object.keys(row);
        return Object.fromEntries(keys.map((k) => [k, wireValue(row[k])]));
      });
      const stub = (scope.data as Json[]).find((d) => d.name === tc.name) as Json;
      stub.values = rows;
    }
    for (const name of tc.signals) {
      const sig = (scope.signals as Json[]).find((s) => s.name === name) as Json;
      sig.value = wireValue(tc.scope.length === 0 ? view.signal(name) : context(view, tc.scope).signals[name].value);
    }
  }
  view.finalize();
  return client as vega.Spec;
}
