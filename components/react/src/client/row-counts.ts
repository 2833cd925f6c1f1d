/**
 * Row counts of the datasets whose large marks may be drawn as images (a plan's
 * `rowCountsWanted`), asked of the runtime before the chart is mounted, so that a dataset
 * over the image threshold never travels to the browser. A count is one aggregate node
 * over the dataset's server node; a dataset that reads values the browser owns (a signal,
 * a selection) is not counted, since the view that holds them does not exist yet.
 */
import { Namespace, type ITaskNode } from '@vegafusion-ts/proto';
import type { ChartPlan } from '../planner/types.js';
import type { RuntimeConnection } from './RuntimeConnection.js';
import { pruneGraph } from './task-graph.js';
import { decodeTaskValue } from './values.js';

/** Counts the rows of `plan.rowCountsWanted` (those it can); by dataset name. */
export async function countRows(plan: ChartPlan, connection: RuntimeConnection, timeZone: string): Promise<Record<string, number>> {
  const nodes: ITaskNode[] = [...(plan.serverGraph.nodes ?? [])];
  const roots = new Set(plan.toServer.map((e) => e.node));
  const readsRoots = (i: number, seen = new Set<number>()): boolean => {
    if (roots.has(i)) return true;
    if (seen.has(i)) return false;
    seen.add(i);
    return (nodes[i]?.parents ?? []).some((p) => readsRoots(p, seen));
  };
  const counted: { name: string; node: number }[] = [];
  for (const name of plan.rowCountsWanted ?? []) {
    const source = plan.serverNodes.findIndex((o) => o.kind === 'data' && o.name === name && o.scope.length === 0);
    if (source < 0 || readsRoots(source)) continue;
    const node = nodes.push({
      variable: { name: `vf_count_${name}`, namespace: Namespace.NAMESPACE_DATA },
      scope: [],
      task: { source: { source: nodes[source].variable?.name ?? name, pipelineJson: JSON.stringify([{ type: 'aggregate', ops: ['count'], as: ['n'] }]) } },
      parents: [source],
      outputs: [],
    }) - 1;
    counted.push({ name, node });
  }
  if (counted.length === 0) return {};
  const pruned = pruneGraph({ nodes }, counted.map((c) => c.node));
  const result = await connection.query({
    graph: pruned.graph,
    items: counted.map((c) => ({ node: pruned.index.get(c.node) ?? 0 })),
    timeZone,
  }).result;
  const out: Record<string, number> = {};
  for (const value of result.values ?? []) {
    const entry = counted.find((c) => pruned.index.get(c.node) === value.node);
    const rows = entry ? decodeTaskValue(value.value, `the row count of "${entry.name}"`) : undefined;
    const n = Array.isArray(rows) ? Number((rows[0] as { n?: unknown } | undefined)?.n ?? 0) : NaN;
    if (entry && Number.isFinite(n)) out[entry.name] = n;
  }
  return out;
}
