/**
 * How an edge splits a request's graph: which nodes it can compute itself (their whole
 * ancestry is values, inline data and signals, small enough), and the pruned sub-graph of
 * the nodes some items need. Pruning keeps each node's task and parents, so every kept
 * node has the same state fingerprint in the sub-graph as in the request.
 */
import type { IQuery, IQueryItem, ISelectionHint, ITaskGraph, ITaskNode } from '@vegafusion-ts/proto';

/**
 * For each node: whether the edge computes it itself. `held(i)` gives the bytes of node
 * i's whole table when the edge holds it (its cache has it), which then counts as inline
 * data whatever computed it.
 */
export function localNodes(graph: ITaskGraph, order: readonly number[], maxInlineBytes: number, held: (i: number) => number | undefined = () => undefined): boolean[] {
  const nodes = graph.nodes ?? [];
  const local = new Array<boolean>(nodes.length).fill(false);
  // Inline bytes a node's ancestry holds (counted once per path: an upper bound is enough).
  const bytes = new Array<number>(nodes.length).fill(0);
  for (const i of order) {
    const node = nodes[i];
    const holding = held(i);
    if (holding !== undefined && holding <= maxInlineBytes) {
      local[i] = true;
      bytes[i] = holding;
      continue;
    }
    const own = inlineBytes(node);
    const parents = node.parents ?? [];
    bytes[i] = own + parents.reduce((n, p) => n + bytes[p], 0);
    const task = node.task;
    const kind = task?.value ? 'value' : task?.values ? 'values' : task?.signal ? 'signal' : task?.source ? 'source' : 'other';
    local[i] = kind !== 'other' && parents.every((p) => local[p]) && bytes[i] <= maxInlineBytes;
  }
  return local;
}

function inlineBytes(node: ITaskNode): number {
  const t = node.task;
  return (t?.value?.arrow?.byteLength ?? 0) + (t?.value?.json?.length ?? 0) + (t?.values?.valuesJson?.length ?? 0);
}

export interface Pruned {
  graph: ITaskGraph;
  /** For each node of the sub-graph, its index in the request's graph. */
  original: number[];
  /** For each node of the request's graph in the sub-graph, its index there. */
  index: Map<number, number>;
}

/** The sub-graph of `wanted` and their ancestors, nodes in their original order. */
export function pruneGraph(graph: ITaskGraph, wanted: readonly number[]): Pruned {
  const nodes = graph.nodes ?? [];
  const keep = new Set<number>();
  const stack = [...wanted];
  while (stack.length > 0) {
    const i = stack.pop() as number;
    if (keep.has(i)) continue;
    keep.add(i);
    for (const p of nodes[i].parents ?? []) stack.push(p);
  }
  const original = [...keep].sort((a, b) => a - b);
  const index = new Map(original.map((o, k) => [o, k]));
  const kept = original.map((o) => ({ ...nodes[o], parents: (nodes[o].parents ?? []).map((p) => index.get(p) as number) }));
  return { graph: { nodes: kept }, original, index };
}

/** A query of `items` over the sub-graph they need, with the hints whose stores it holds. */
export function subQuery(query: IQuery, items: readonly IQueryItem[]): { query: IQuery; pruned: Pruned } {
  const pruned = pruneGraph(query.graph ?? {}, items.map((it) => it.node ?? 0));
  const names = new Set((pruned.graph.nodes ?? []).map((n) => n.variable?.name ?? ''));
  const hints: ISelectionHint[] = (query.selectionHints ?? []).filter((h) => names.has(h.store ?? ''));
  return {
    pruned,
    query: {
      requestId: 0,
      graph: pruned.graph,
      items: items.map((it) => ({ ...it, node: pruned.index.get(it.node ?? 0) })),
      timeZone: query.timeZone,
      selectionHints: hints,
    },
  };
}

/** The cache key of an item: its node's state fingerprint and what of the value it asks for. */
export function itemKey(state: string, item: IQueryItem): string {
  if (item.signalsOnly) return `${state}|signals`;
  const cols = [...(item.columns ?? [])].sort();
  return `${state}|${cols.map((c) => c.replace(/\|/g, '||')).join('|')}`;
}

/** A held table's value and the signals its node defines, as the edge's cache keeps them. */
export interface HeldTable {
  arrow: Uint8Array;
  signals: { name: string; json: string }[];
}

/**
 * The graph with each held node replaced by its table as a root value, and the signals it
 * defines as root values its readers take as parents. Indices of existing nodes stay; the
 * signal nodes come after them. Only for local evaluation: fingerprints change.
 */
export function substituteHeld(graph: ITaskGraph, held: ReadonlyMap<number, HeldTable>): ITaskGraph {
  if (held.size === 0) return graph;
  const nodes: ITaskNode[] = (graph.nodes ?? []).map((n) => ({ ...n }));
  const extra: ITaskNode[] = [];
  const signalNodes = new Map<number, number[]>();
  for (const [i, table] of held) {
    const node = nodes[i];
    nodes[i] = { variable: node.variable, scope: node.scope, task: { value: { arrow: table.arrow } }, parents: [] };
    signalNodes.set(i, table.signals.map((s) => {
      extra.push({ variable: { name: s.name }, task: { value: { json: s.json } }, parents: [] });
      return nodes.length + extra.length - 1;
    }));
  }
  for (const node of nodes) {
    const parents = node.parents ?? [];
    const added = parents.flatMap((p) => signalNodes.get(p) ?? []);
    if (added.length > 0) node.parents = [...parents, ...added];
  }
  return { nodes: [...nodes, ...extra] };
}
