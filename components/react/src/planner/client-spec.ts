/**
 * Rewrites the spec for the browser: a dataset computed on the server becomes a stub
 * `{name, values: []}` that keeps its name (marks and scales still read it); a split
 * dataset reads a stub of its server prefix and keeps the rest of its pipeline; signals
 * that server transforms define become plain signals with placeholder values.
 */
import { cloneJson, isObject, type JsonObject } from './json.js';
import type { DataPlan } from './partition.js';
import type { SignalDef } from './spec-model.js';

/** Resolves a JSON pointer in `root` (the pointers the model records). */
export function resolvePointer(root: unknown, ptr: string): unknown {
  if (ptr === '') return root;
  let node: unknown = root;
  for (const raw of ptr.slice(1).split('/')) {
    const token = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) node = node[Number(token)];
    else if (isObject(node)) node = node[token];
    else return undefined;
  }
  return node;
}

/**
 * A value the view can evaluate before the runtime answers: Vega-Lite reads
 * `bins.start/stop/step` and extent pairs in scale domains and axis values.
 */
export function placeholderValue(sig: SignalDef): unknown {
  const type = sig.spec.type;
  if (type === 'extent') return [0, 0];
  if (type === 'bin') return { start: 0, stop: 1, step: 1 };
  return null;
}

/** Data keys that describe where rows come from; a stub replaces all of them. */
const SOURCE_KEYS = new Set(['url', 'values', 'format', 'source', 'transform', 'async']);

/** Builds the client spec from `spec` (not modified) and the dataset plans. */
export function buildClientSpec(spec: JsonObject, plans: Iterable<DataPlan>): JsonObject {
  const client = cloneJson(spec);
  const byScope = new Map<string, DataPlan[]>();
  for (const plan of plans) {
    const list = byScope.get(plan.def.scope.pointer) ?? [];
    list.push(plan);
    byScope.set(plan.def.scope.pointer, list);
  }
  for (const [scopePointer, list] of byScope) {
    const scopeObj = resolvePointer(client, scopePointer);
    if (!isObject(scopeObj) || !Array.isArray(scopeObj.data)) continue;
    const byIndex = new Map(list.map((p) => [p.def.index, p]));
    const data: unknown[] = [];
    const placeholders: JsonObject[] = [];
    scopeObj.data.forEach((d, i) => {
      const plan = byIndex.get(i);
      if (!plan || !isObject(d) || !plan.onServer || plan.mirrored) {
        data.push(d);
        return;
      }
      for (const sig of plan.outputs) placeholders.push({ name: sig.name, value: placeholderValue(sig) });
      if (plan.status === 'server') {
        data.push({ name: plan.def.name, values: [] });
        return;
      }
      data.push({ name: plan.serverName, values: [] });
      const rest: JsonObject = { name: plan.def.name, source: plan.serverName };
      const transforms = Array.isArray(d.transform) ? d.transform.slice(plan.serverTransforms) : [];
      if (transforms.length > 0) rest.transform = transforms;
      for (const [k, v] of Object.entries(d)) if (!SOURCE_KEYS.has(k) && k !== 'name') rest[k] = v;
      data.push(rest);
    });
    scopeObj.data = data;
    if (placeholders.length > 0) {
      scopeObj.signals = [...placeholders, ...(Array.isArray(scopeObj.signals) ? scopeObj.signals : [])];
    }
  }
  return client;
}
