/**
 * The graph a request carries: the plan's server graph with the client's current values
 * in its root nodes, cut down to the ancestors of the nodes asked for (the runtime needs
 * nothing else, and large client datasets other nodes read need not travel).
 */
import type { IQueryItem, ITaskGraph, ITaskNode, ITaskValue } from '@vegafusion-ts/proto';
import type { ToClient } from '../planner/types.js';

/** The plan's graph with root node `node` holding `value`, for every entry of `values`. */
export function fillRootValues(graph: ITaskGraph, values: Map<number, ITaskValue>): ITaskGraph {
  const nodes = (graph.nodes ?? []).map((node, index): ITaskNode => {
    const value = values.get(index);
    return value ? { ...node, task: { value } } : node;
  });
  return { nodes };
}

/**
 * Query items for the given entries, one per node. An item is signals-only when every
 * entry of its node wants only signals; its columns are the union of what the entries
 * that want the table use, or all columns (empty) when one of them uses all.
 */
export function queryItems(entries: ToClient[]): IQueryItem[] {
  const byNode = new Map<number, ToClient[]>();
  for (const entry of entries) {
    const list = byNode.get(entry.node);
    if (list) list.push(entry);
    else byNode.set(entry.node, [entry]);
  }
  return [...byNode.entries()].map(([node, list]) => {
    const signalsOnly = list.every((e) => e.kind === 'data' && e.signalsOnly);
    const tables = list.filter((e) => e.kind === 'data' && !e.signalsOnly);
    const allColumns = tables.some((e) => e.columns.length === 0);
    const columns = allColumns ? [] : [...new Set(tables.flatMap((e) => e.columns))].sort();
    return { node, signalsOnly, columns };
  });
}

export interface PrunedGraph {
  graph: ITaskGraph;
  /** `original[i]`: the index in the full graph of node `i` of the pruned one. */
  original: number[];
  /** Index in the pruned graph of a node of the full graph. */
  index: Map<number, number>;
}

/** The sub-graph of `wanted` and their ancestors, in the full graph's order, parents re-indexed. */
export function pruneGraph(graph: ITaskGraph, wanted: number[]): PrunedGraph {
  const nodes = graph.nodes ?? [];
  const keep = new Set<number>();
  const stack = [...wanted];
  while (stack.length > 0) {
    const i = stack.pop() as number;
    if (keep.has(i) || i < 0 || i >= nodes.length) continue;
    keep.add(i);
    for (const p of nodes[i].parents ?? []) stack.push(p);
  }
  const original = [...keep].sort((a, b) => a - b);
  const index = new Map(original.map((o, i) => [o, i]));
  const pruned = original.map((o): ITaskNode => {
    const node = nodes[o];
    return { ...node, parents: (node.parents ?? []).map((p) => index.get(p) as number) };
  });
  return { graph: { nodes: pruned }, original, index };
}
