/**
 * A hand-written plan of a small chart, shaped as the planner's output: a client-owned
 * signal `threshold` and dataset `picked` go to the runtime, which computes `filtered`
 * (depends on `threshold`), `counts` (depends on neither) and `picked_sum` (depends on
 * `picked`).
 */
import { Namespace } from '@vegafusion-ts/proto';
import type { Spec } from 'vega';
import type { ChartPlan } from '../../src/planner/types.js';

export const SOURCE_ROWS = [
  { x: 1, c: 'a' }, { x: 2, c: 'b' }, { x: 3, c: 'a' }, { x: 4, c: 'b' }, { x: 5, c: 'a' }, { x: null, c: 'c' },
];

const FILTER = [{ type: 'filter', expr: 'datum.x > threshold' }];
const COUNT = [{ type: 'aggregate', groupby: ['c'], ops: ['count', 'sum'], fields: [null, 'x'], as: ['n', 'total'] }];
const PICKED_SUM = [{ type: 'aggregate', ops: ['sum'], fields: ['x'], as: ['sum'] }];

/** The chart as plain Vega: the oracle. */
export const ORIGINAL_SPEC: Spec = {
  signals: [{ name: 'threshold', value: 2 }],
  data: [
    { name: 'source', values: SOURCE_ROWS },
    { name: 'filtered', source: 'source', transform: FILTER },
    { name: 'counts', source: 'source', transform: COUNT },
    { name: 'picked', values: [{ x: 10 }] },
    { name: 'picked_sum', source: 'picked', transform: PICKED_SUM },
  ],
} as Spec;

/** What the browser renders: server parts replaced by empty datasets the session fills. */
export const CLIENT_SPEC: Spec = {
  signals: [{ name: 'threshold', value: 2 }],
  data: [
    { name: 'filtered', values: [] },
    { name: 'counts', values: [] },
    { name: 'picked', values: [{ x: 10 }] },
    { name: 'picked_sum', values: [] },
  ],
} as Spec;

const sig = (name: string) => ({ name, namespace: Namespace.NAMESPACE_SIGNAL });
const dat = (name: string) => ({ name, namespace: Namespace.NAMESPACE_DATA });

export function makePlan(): ChartPlan {
  return {
    clientSpec: CLIENT_SPEC,
    serverGraph: {
      nodes: [
        { variable: sig('threshold'), task: { value: { json: '2' } } },
        { variable: dat('source'), task: { values: { valuesJson: JSON.stringify(SOURCE_ROWS), formatJson: '', pipelineJson: '' } } },
        { variable: dat('filtered'), task: { source: { source: 'source', pipelineJson: JSON.stringify(FILTER) } }, parents: [1, 0] },
        { variable: dat('counts'), task: { source: { source: 'source', pipelineJson: JSON.stringify(COUNT) } }, parents: [1] },
        { variable: dat('picked'), task: { value: { json: '[]' } } },
        { variable: dat('picked_sum'), task: { source: { source: 'picked', pipelineJson: JSON.stringify(PICKED_SUM) } }, parents: [4] },
      ],
    },
    serverNodes: [
      { kind: 'signal', name: 'threshold', scope: [] },
      { kind: 'data', name: 'source', scope: [] },
      { kind: 'data', name: 'filtered', scope: [] },
      { kind: 'data', name: 'counts', scope: [] },
      { kind: 'clientData', name: 'picked', scope: [] },
      { kind: 'data', name: 'picked_sum', scope: [] },
    ],
    toClient: [
      { node: 2, kind: 'data', name: 'filtered', scope: [], columns: ['x'], signals: [], signalsOnly: false },
      { node: 3, kind: 'data', name: 'counts', scope: [], columns: [], signals: [], signalsOnly: false },
      { node: 5, kind: 'data', name: 'picked_sum', scope: [], columns: ['sum'], signals: [], signalsOnly: false },
    ],
    toServer: [
      { node: 0, kind: 'signal', name: 'threshold', scope: [] },
      { node: 4, kind: 'data', name: 'picked', scope: [] },
    ],
    report: { entries: [], datasetsMoved: 3, datasetsTotal: 5 },
  };
}

/** Rows of a dataset without Vega's tuple ids, projected to `columns`. */
export function plainRows(rows: object[], columns?: string[]): Record<string, unknown>[] {
  return rows.map((row) => {
    const r = row as Record<string, unknown>;
    const keys = columns ?? Object.keys(r);
    return Object.fromEntries(keys.map((k) => [k, r[k] ?? null]));
  });
}
