/**
 * The benchmarked dashboard: the demo's 3-histogram flights crossfilter pointed at a
 * bench data file, planned the way the React component plans it, as the task graph and
 * query items a browser session sends (the whole dashboard on load; the datasets that
 * read the brush on each brush move).
 */
import { encodeJsonValue, type IQueryItem, type ISelectionHint, type ITaskGraph, type RuntimeCapabilities } from '@vegafusion-ts/proto';
import { compileToVega, planChart } from '../components/react/src/planner/index.js';
import { flightsCrossfilter } from '../examples/react/src/specs.js';

export const BRUSH_FIELDS = ['distance', 'delay', 'time'] as const;
export type BrushField = (typeof BRUSH_FIELDS)[number];

export interface Dashboard {
  graph: ITaskGraph;
  /** Items a new session asks for. */
  loadItems: IQueryItem[];
  /** Items whose values move with the brush. */
  brushItems: IQueryItem[];
  /** The graph with the brush store holding `store`. */
  withStore(store: unknown[]): ITaskGraph;
  /** Names of the datasets a brush changes (for the other systems' runs). */
  brushDatasets: string[];
  vegaSpec: Record<string, unknown>;
  /** The plan's selection hints, which the component sends with its first query. */
  selectionHints: ISelectionHint[];
}

/** The crossfilter spec reading `url` (a Parquet file under a data root). */
export function crossfilterSpec(url: string): Record<string, unknown> {
  return { ...flightsCrossfilter, data: { url, format: { type: 'parquet' } } };
}

/** The brush store Vega-Lite writes for an x-interval brush on one histogram. */
export function brushStore(field: BrushField, lo: number, hi: number): unknown[] {
  return [{ unit: `child__column_${field}_layer_0`, fields: [{ field, channel: 'x', type: 'R' }], values: [[lo, hi]] }];
}

export function planDashboard(url: string, capabilities: RuntimeCapabilities): Dashboard {
  const spec = crossfilterSpec(url);
  const plan = planChart(spec, { capabilities });
  const nodes = plan.serverGraph.nodes ?? [];
  const storeNode = nodes.findIndex((n) => n.variable?.name === 'brush_store');
  if (storeNode < 0) throw new Error('the planned dashboard has no brush_store node');
  // Nodes that read the store, directly or through their parents.
  const moves = nodes.map(() => false);
  moves[storeNode] = true;
  for (let changed = true; changed;) {
    changed = false;
    nodes.forEach((n, i) => {
      if (!moves[i] && (n.parents ?? []).some((p) => moves[p])) { moves[i] = true; changed = true; }
    });
  }
  const items = plan.toClient.map((t) => ({ node: t.node, columns: t.columns, signalsOnly: t.signalsOnly }));
  const withStore = (store: unknown[]): ITaskGraph => ({
    nodes: nodes.map((n, i) => (i === storeNode ? { ...n, task: { value: { json: encodeJsonValue(store) } } } : n)),
  });
  return {
    graph: withStore([]),
    loadItems: items,
    brushItems: items.filter((it) => moves[it.node ?? 0]),
    withStore,
    brushDatasets: plan.toClient.filter((t) => moves[t.node]).map((t) => t.name),
    vegaSpec: compileToVega(spec) as Record<string, unknown>,
    selectionHints: plan.selectionHints ?? [],
  };
}

/**
 * A scripted drag: a brush a fifth of the field's range wide, moved across it in `steps`
 * updates (its edges land between and on bin edges alike).
 */
export function dragStores(field: BrushField, extent: [number, number], steps: number): unknown[][] {
  const [lo, hi] = extent;
  const width = (hi - lo) / 5;
  return Array.from({ length: steps }, (_, i) => {
    const start = lo + ((hi - lo - width) * i) / Math.max(1, steps - 1);
    return brushStore(field, start, start + width);
  });
}

/** The raw-row scenario: a 1M-point scatter of two fields of `url`. */
export function scatterSpec(url: string): Record<string, unknown> {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    data: { url, format: { type: 'parquet' } },
    mark: { type: 'point', opacity: 0.1 },
    encoding: { x: { field: 'distance', type: 'quantitative' }, y: { field: 'delay', type: 'quantitative' } },
  };
}

