/**
 * Finds, in a task graph, the shape a pre-aggregated index serves: rows filtered by
 * selection stores (`vlSelectionTest`) and aggregated. Planned Vega-Lite specs spread it
 * over a chain of datasets: a crossfilter view filtered by several selections reads a
 * dataset filtered by one, adds its own filters, a timeunit or a bin, then aggregates; a
 * filtered layer feeds several histograms. Walking up from the aggregate through the
 * datasets that filter by a store gives one sequence of transforms over one base node:
 * - before the first selection filter, anything (computed on the base's rows, once);
 * - after it, only selection filters, other filters and row-wise transforms (formula, a bin
 *   of a fixed extent, a timeunit of fixed units), which commute with the selection
 *   filters: the row-wise work and the other filters run before the index is built, and
 *   the selection filters (their conjunction) are what the index answers.
 * The rows before the selection filters come from one node (the base), so the index can
 * summarize that node's rows once and serve every selection.
 */
import { Namespace, type ITaskGraph, type ITaskNode } from '@vegafusion-ts/proto';
import { readsOf } from '../../engine/expressions/reads.js';

/** What an index for one node needs to know, found from the graph alone. */
export interface IndexPlan {
  /** The node whose rows the index summarizes (the selection filters' input, before `pre`). */
  base: number;
  /** Transforms run over the base's rows before the index is built (none reads a store). */
  pre: unknown[];
  /** The selection filters' conjunction. */
  filterExpr: string;
  /** Nodes in scope of the chain's transforms besides the chain's own datasets (stores, signals). */
  filterParents: number[];
  /** The aggregate transform as sent (parameters may still be `{signal}` references). */
  aggregate: Record<string, unknown>;
  /** The transforms after the aggregate, run over the aggregated rows as usual. */
  tail: unknown[];
  /** Nodes in the aggregate's and tail's scope besides their source (the same as filterParents). */
  nodeParents: number[];
  /** Selection stores the filters test (dataset names). */
  stores: string[];
  /** Columns the selection filters read directly (`datum.x`). */
  datumFields: string[];
  /**
   * Fields written by row-wise transforms that followed a selection filter: a store
   * testing one of them would test the value before that transform, so no index serves it.
   */
  writtenAfter: string[];
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

/** Whether `t` is a filter that tests a selection store. */
function isStoreFilter(t: unknown): boolean {
  if (typeOf(t) !== 'filter') return false;
  const expr = (t as { expr?: unknown }).expr;
  if (typeof expr !== 'string') return false;
  const reads = readsOf(expr);
  return reads !== undefined && reads.stores.length > 0;
}

/** Fields a row-wise transform writes, or undefined when `t` is not row-wise (its output depends on other rows). */
function rowWiseWrites(t: unknown): string[] | undefined {
  const spec = t as Record<string, unknown>;
  const as = (v: unknown, fallback: string[]): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : fallback);
  switch (typeOf(t)) {
    case 'filter': return [];
    case 'formula': return typeof spec.as === 'string' ? [spec.as] : undefined;
    case 'bin':
      // Its extent is a literal or a signal from outside the selection's reach.
      return spec.extent === undefined ? undefined : as(spec.as, ['bin0', 'bin1']);
    case 'timeunit':
      // Fixed units (or a fixed extent): not picked from the data's extent.
      return spec.units === undefined && spec.extent === undefined ? undefined : as(spec.as, ['unit0', 'unit1']);
    default: return undefined;
  }
}

/**
 * The index plan for node `index`, a reason when it filters by a selection but an index
 * cannot serve it, or undefined when the node has no selection filter before an aggregate.
 */
export function findIndexPlan(graph: ITaskGraph, index: number): PlanOutcome | undefined {
  const node = graph.nodes?.[index];
  const pipeline = pipelineOf(node);
  if (!node || !pipeline) return undefined;
  const at = pipeline.findIndex((t) => typeOf(t) === 'aggregate');
  if (at < 0) return undefined;
  // The chain, from the aggregate's node up through the datasets that filter by a store.
  let sequence = pipeline.slice(0, at);
  const chain = [index];
  let top: ITaskNode = node;
  let base: number | undefined;
  for (;;) {
    const source = top.task?.source?.source;
    if (!source) return undefined;
    const parent = dataParent(graph, top, source);
    if (parent === undefined) return undefined;
    const above = pipelineOf(graph.nodes?.[parent]);
    if (graph.nodes?.[parent]?.task?.source && above && above.some(isStoreFilter)) {
      sequence = [...above, ...sequence];
      chain.push(parent);
      top = graph.nodes![parent];
      continue;
    }
    base = parent;
    break;
  }
  const first = sequence.findIndex(isStoreFilter);
  if (first < 0) return undefined;
  const pre = sequence.slice(0, first);
  const filters: string[] = [];
  const writtenAfter = new Set<string>();
  for (const t of sequence.slice(first)) {
    if (isStoreFilter(t)) {
      filters.push((t as { expr: string }).expr);
      continue;
    }
    const writes = rowWiseWrites(t);
    if (!writes) return { reason: `a ${typeOf(t)} transform, whose output depends on other rows, follows the selection filter` };
    writes.forEach((w) => writtenAfter.add(w));
    pre.push(t);
  }
  const filterExpr = filters.length === 1 ? filters[0] : filters.map((e) => `(${e})`).join(' && ');
  const reads = readsOf(filterExpr);
  if (!reads || reads.stores.length === 0) return undefined;
  if ('reason' in reads) return { reason: reads.reason };
  const inChain = new Set([...chain, base]);
  const parents = [...new Set(chain.flatMap((c) => graph.nodes?.[c]?.parents ?? []))].filter((p) => !inChain.has(p)).sort((a, b) => a - b);
  return {
    plan: {
      base, pre, filterExpr, filterParents: parents, nodeParents: parents,
      aggregate: pipeline[at] as Record<string, unknown>, tail: pipeline.slice(at + 1),
      stores: reads.stores, datumFields: reads.fields, writtenAfter: [...writtenAfter],
    },
  };
}
