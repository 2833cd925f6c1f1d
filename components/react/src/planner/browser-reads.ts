/**
 * Why a server table travels to the browser: what in the client spec reads it (a mark's
 * `from`, a scale domain, a dataset computed in the browser, an expression). Shown with
 * the warning a client gives when a large table arrives.
 */
import { isObject, type JsonObject } from './json.js';
import { buildSpecModel } from './spec-model.js';
import { collectReferences } from './spec-references.js';
import type { ToClient } from './types.js';

/** The variable label of a table the browser receives: `data:name`, `data:name@0.1` in a group. */
export function tableLabel(name: string, scope: number[]): string {
  return `data:${name}${scope.length ? `@${scope.join('.')}` : ''}`;
}

const OWNERS: Record<string, string> = { marks: 'mark', scales: 'scale', data: 'dataset', signals: 'signal', axes: 'axis', legends: 'legend', projections: 'projection' };

/** `scale "y" (/scales/1/domain/data)`: the innermost named part of the spec at `ptr`. */
export function describePointer(spec: JsonObject, ptr: string): string {
  let node: unknown = spec;
  let owner = '';
  const tokens = ptr.split('/').slice(1).map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
  tokens.forEach((token, i) => {
    node = Array.isArray(node) ? node[Number(token)] : isObject(node) ? node[token] : undefined;
    const kind = OWNERS[tokens[i - 1] ?? ''];
    if (kind && isObject(node)) owner = typeof node.name === 'string' ? `${kind} "${node.name}"` : kind;
  });
  return owner ? `${owner} (${ptr})` : ptr;
}

/** For each table in `toClient`, the parts of `clientSpec` that read it. */
export function browserReads(clientSpec: JsonObject, toClient: ToClient[]): Record<string, string[]> {
  const model = buildSpecModel(clientSpec);
  const wanted = new Set(toClient.filter((t) => !t.signalsOnly).map((t) => tableLabel(t.name, t.scope)));
  const out: Record<string, string[]> = {};
  for (const ref of collectReferences(model)) {
    if (ref.kind !== 'data') continue;
    const def = model.resolveData(ref.name, ref.scope);
    if (!def || def.kind !== 'data') continue;
    const label = tableLabel(def.name, def.scope.path);
    if (!wanted.has(label)) continue;
    const list = out[label] ?? (out[label] = []);
    const what = describePointer(clientSpec, ref.pointer);
    if (!list.includes(what)) list.push(what);
  }
  return out;
}
