/**
 * A readable one-line-per-node view of a plan's server graph, for debugging and reports.
 */
import { Namespace } from '@vegafusion-ts/proto';
import type { ChartPlan } from './types.js';

/** Lines like `2 data source_0 [] url data/cars.json | 3 transforms <- 0,1 -> client(Horsepower)`. */
export function serverGraphSummary(plan: ChartPlan): string[] {
  const wanted = new Map(plan.toClient.map((t) => [t.node, t]));
  const sent = new Set(plan.toServer.map((t) => t.node));
  return (plan.serverGraph.nodes ?? []).map((node, i) => {
    const kind = node.variable?.namespace === Namespace.NAMESPACE_DATA ? 'data' : 'signal';
    const task = node.task ?? {};
    let what = 'empty';
    const count = (json: string | null | undefined): number => (json ? (JSON.parse(json) as unknown[]).length : 0);
    if (task.value) what = sent.has(i) ? 'root value (from the browser)' : 'root value';
    else if (task.url) what = `url ${task.url.url} | ${count(task.url.pipelineJson)} transforms`;
    else if (task.values) what = `values | ${count(task.values.pipelineJson)} transforms`;
    else if (task.source) what = `source ${task.source.source} | ${count(task.source.pipelineJson)} transforms`;
    else if (task.signal) what = `signal ${task.signal.expr}`;
    const parents = (node.parents ?? []).length ? ` <- ${(node.parents ?? []).join(',')}` : '';
    const outputs = (node.outputs ?? []).length ? ` defines ${(node.outputs ?? []).map((o) => o.name).join(',')}` : '';
    const w = wanted.get(i);
    const client = w ? ` -> client(${w.signalsOnly ? 'signals only' : w.columns.join(',') || 'all columns'}${w.signals.length ? `; ${w.signals.join(',')}` : ''})` : '';
    return `${i} ${kind} ${node.variable?.name ?? ''} [${(node.scope ?? []).join(',')}] ${what}${parents}${outputs}${client}`;
  });
}
