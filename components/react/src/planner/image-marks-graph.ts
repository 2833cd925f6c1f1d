/**
 * Adds the render nodes of image marks to a built server graph: for each mark, a root
 * signal node per view value it reads (the group's size, the scales' final domains and
 * ranges, expression channels), a render node reading them and the mark's dataset, and
 * the image dataset the client spec reads from it.
 */
import { Namespace, type ITaskNode } from '@vegafusion-ts/proto';
import type { ImageMark } from './image-marks.js';
import type { ClientNeed, ServerGraph } from './server-graph.js';
import type { DataPlan } from './partition.js';

/** Needs that put each image mark's dataset in the graph (without sending its rows). */
export function imageSourceNeeds(marks: ImageMark[], plans: Iterable<DataPlan>): ClientNeed[] {
  const list = [...plans];
  const out: ClientNeed[] = [];
  for (const m of marks) {
    const plan = list.find((p) => p.def.name === m.source && p.def.scope.path.length === 0);
    if (plan && !out.some((n) => n.plan === plan)) out.push({ plan, table: false, signals: new Set(), columns: [] });
  }
  return out;
}

/** `built` (from needs that ended with `imageSourceNeeds`) with the render nodes added. */
export function attachRenderNodes(built: ServerGraph, marks: ImageMark[], plans: Iterable<DataPlan>): ServerGraph {
  const nodes: ITaskNode[] = [...(built.graph.nodes ?? [])];
  const origins = [...built.origins];
  const toServer = [...built.toServer];
  // Entries that only placed a dataset in the graph ask for nothing.
  const toClient = built.toClient.filter((e) => !(e.signalsOnly && e.signals.length === 0));
  const list = [...plans];
  const rootSignal = (name: string): number => {
    const existing = toServer.find((e) => e.kind === 'signal' && e.name === name && e.scope.length === 0);
    if (existing) return existing.node;
    const i = nodes.push({ variable: { name, namespace: Namespace.NAMESPACE_SIGNAL }, scope: [], task: { value: {} }, parents: [], outputs: [] }) - 1;
    origins.push({ kind: 'signal', name, scope: [] });
    toServer.push({ node: i, kind: 'signal', name, scope: [] });
    return i;
  };
  for (const m of marks) {
    const plan = list.find((p) => p.def.name === m.source && p.def.scope.path.length === 0);
    const source = plan ? nodes.findIndex((n) => n.variable?.name === plan.serverName && n.variable?.namespace === Namespace.NAMESPACE_DATA && (n.scope ?? []).length === 0) : -1;
    if (!plan || source < 0) throw new Error(`The dataset "${m.source}" of an image mark is not in the server graph`);
    const parents = [source, ...m.encoded.reads.map(rootSignal), ...m.encoded.signals.map((s) => rootSignal(s.name))];
    const i = nodes.push({
      variable: { name: m.imageData, namespace: Namespace.NAMESPACE_DATA },
      scope: [],
      task: { render: { source: plan.serverName, markJson: JSON.stringify(m.encoded.mark) } },
      parents: [...new Set(parents)],
      outputs: [],
    }) - 1;
    origins.push({ kind: 'data', name: m.imageData, scope: [] });
    toClient.push({ node: i, kind: 'data', name: m.imageData, scope: [], columns: [], signals: [], signalsOnly: false });
  }
  return { graph: { nodes }, origins, toClient, toServer };
}
