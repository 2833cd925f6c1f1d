/**
 * Finds, in a task graph, the shape a pre-aggregated index serves: a dataset filtered by
 * selection stores (`vlSelectionTest`) and aggregated right after. Two shapes occur in
 * planned Vega-Lite specs:
 * - one node whose pipeline starts `[filter, ..., aggregate, ...]` over a source dataset
 *   (several filters: a view filtered by several selections, read as their conjunction);
 * - a node whose pipeline starts `[aggregate, ...]` over a dataset whose pipeline is only
 *   filters (a filtered layer that several histograms read).
 * Either way the rows before the filter come from one node (the base), so the index can
 * summarize that node's rows once and serve every brush position.
 */
import { Namespace, type ITaskGraph, type ITaskNode } from '@vegafusion-ts/proto';
import { readsOf } from '../../engine/expressions/reads.js';

/** What an index for one node needs to know, found from the graph alone. */
export interface IndexPlan {
  /** The node whose rows the index summarizes (the filter's input). */
  base: number;
  /** The filter expression. */
  filterExpr: string;
  /** Nodes in the filter's scope besides the base (selection stores, signals). */
  filterParents: number[];
  /** The aggregate transform as sent (parameters may still be `{signal}` references). */
  aggregate: Record<string, unknown>;
  /** The transforms after the aggregate, run over the aggregated rows as usual. */
  tail: unknown[];
  /** Nodes in the aggregate's and tail's scope besides their source. */
  nodeParents: number[];
  /** Selection stores the filter tests (dataset names). */
  stores: string[];
  /** Columns the filter reads directly (`datum.x`). */
  datumFields: string[];
}

/** A plan, or why a selection filter cannot be served from an index. */
export type PlanOutcome = { plan: IndexPlan } | { reason: string };

function pipelineOf(node: ITaskNode | undefined): unknown[] | undefined {
  const text = node?.task?.source?.pipelineJson;
  if (!text) return [];
  try {
    const v = JSON.parse(text) as unknown;
    return Array.isArray(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

function typeOf(t: unknown): string | undefined {
  return typeof t === 'object' && t !== null ? String((t as { type?: unknown }).type) : undefined;
}

/** The parent of `node` that is the data node named `name`. */
function dataParent(graph: ITaskGraph, node: ITaskNode, name: string): number | undefined {
  return (node.parents ?? []).find((p) => {
    const v = graph.nodes?.[p]?.variable;
    return v?.name === name && (v.namespace ?? Namespace.NAMESPACE_SIGNAL) === Namespace.NAMESPACE_DATA;
  });
}

/** How many filter transforms start `pipeline`. */
function filtersAt(pipeline: unknown[]): number {
  let n = 0;
  while (n < pipeline.length && typeOf(pipeline[n]) === 'filter') n++;
  return n;
}

/**
 * One expression keeping what a run of filters keeps (a crossfilter view filtered by
 * several selections): each filter's expression in parentheses, joined by `&&`.
 */
function conjunction(filters: unknown[]): string | undefined {
  const exprs = filters.map((f) => (f as { expr?: unknown }).expr);
  if (!exprs.every((e): e is string => typeof e === 'string')) return undefined;
  return exprs.length === 1 ? exprs[0] : exprs.map((e) => `(${e})`).join(' && ');
}

/**
 * The index plan for node `index`, a reason when it filters by a selection but an index
 * cannot serve it, or undefined when the node has no selection filter before an aggregate.
 */
export function findIndexPlan(graph: ITaskGraph, index: number): PlanOutcome | undefined {
  const node = graph.nodes?.[index];
  const source = node?.task?.source?.source;
  if (!node || !source) return undefined;
  const pipeline = pipelineOf(node);
  if (!pipeline || pipeline.length === 0) return undefined;
  const sourceIndex = dataParent(graph, node, source);
  if (sourceIndex === undefined) return undefined;

  let base: number;
  let filter: unknown;
  let filterParents: number[];
  let rest: unknown[];
  const nodeParents = (node.parents ?? []).filter((p) => p !== sourceIndex);
  const leading = filtersAt(pipeline);
  if (leading > 0) {
    base = sourceIndex;
    filter = pipeline.slice(0, leading);
    filterParents = nodeParents;
    rest = pipeline.slice(leading);
  } else if (typeOf(pipeline[0]) === 'aggregate') {
    // The filters are the whole pipeline of the source dataset.
    const filtered = graph.nodes?.[sourceIndex];
    const inner = pipelineOf(filtered);
    const innerSource = filtered?.task?.source?.source;
    if (!filtered || !inner || inner.length === 0 || filtersAt(inner) !== inner.length || !innerSource) return undefined;
    const b = dataParent(graph, filtered, innerSource);
    if (b === undefined) return undefined;
    base = b;
    filter = inner;
    filterParents = (filtered.parents ?? []).filter((p) => p !== b);
    rest = pipeline;
  } else {
    return undefined;
  }
  const expr = conjunction(filter as unknown[]);
  if (expr === undefined) return undefined;
  const reads = readsOf(expr);
  if (!reads || reads.stores.length === 0) return undefined;
  if ('reason' in reads) return { reason: reads.reason };
  if (typeOf(rest[0]) !== 'aggregate') return { reason: 'the selection filter is not followed by an aggregate' };
  return {
    plan: {
      base, filterExpr: expr, filterParents, nodeParents,
      aggregate: rest[0] as Record<string, unknown>, tail: rest.slice(1),
      stores: reads.stores, datumFields: reads.fields,
    },
  };
}
