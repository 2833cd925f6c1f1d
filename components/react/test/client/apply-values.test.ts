import { afterEach, describe, expect, it } from 'vitest';
import { encodeArrow, encodeJsonValue, type INodeValue } from '@vegafusion-ts/proto';
import { tableFromJSON } from 'apache-arrow';
import { parse, View, type Spec } from 'vega';
import { applyServerValues } from '../../src/client/apply-values.js';
import { ClientError } from '../../src/client/errors.js';
import { listenData, readData, readSignal, scopeContext } from '../../src/client/view-context.js';
import type { ChartPlan } from '../../src/planner/types.js';
import { compileToVega } from '../../src/planner/index.js';
import { plainRows } from './fixtures.js';

const views: View[] = [];
afterEach(() => {
  for (const v of views.splice(0)) v.finalize();
});

async function render(spec: Spec): Promise<View> {
  const view = new View(parse(spec), { renderer: 'none' });
  views.push(view);
  await view.runAsync();
  return view;
}

/** A chart with a dataset and a signal inside the second of two group marks (a rect mark between them). */
const NESTED: Spec = {
  signals: [{ name: 'bins', value: null }],
  data: [{ name: 'top', values: [] }],
  marks: [
    { type: 'group', data: [{ name: 'first', values: [{ v: 1 }] }] },
    { type: 'rect', from: { data: 'top' } },
    {
      type: 'group',
      signals: [{ name: 'extent', value: [0, 0] }],
      data: [
        { name: 'inner', values: [] },
        { name: 'inner_total', source: 'inner', transform: [{ type: 'aggregate', ops: ['sum'], fields: ['v'], as: ['s'] }] },
      ],
      marks: [{ type: 'rect', from: { data: 'inner' }, encode: { enter: { x: { field: 'v' } } } }],
    },
  ],
} as Spec;

function plan(toClient: ChartPlan['toClient']): ChartPlan {
  return {
    clientSpec: NESTED, serverGraph: { nodes: [] }, serverNodes: [], toClient, toServer: [],
    report: { entries: [], datasetsMoved: 0, datasetsTotal: 0 },
  };
}

const table = (rows: Record<string, unknown>[]) => ({ arrow: encodeArrow(tableFromJSON(rows)) });

describe('applyServerValues', () => {
  it('sets datasets and signals in nested group scopes, and the view computes from them', async () => {
    const view = await render(NESTED);
    const p = plan([
      { node: 0, kind: 'data', name: 'top', scope: [], columns: [], signals: ['bins'], signalsOnly: false },
      { node: 1, kind: 'data', name: 'inner', scope: [1], columns: ['v'], signals: ['extent'], signalsOnly: false },
    ]);
    const values: INodeValue[] = [
      { node: 0, value: table([{ a: 'x' }]), signals: [{ name: 'bins', value: { json: encodeJsonValue({ start: 0, step: 5 }) } }] },
      { node: 1, value: table([{ v: 2 }, { v: 5 }]), signals: [{ name: 'extent', value: { json: encodeJsonValue([2, 5]) } }] },
    ];
    const result = await applyServerValues(view, p, values);
    expect(result.errors).toEqual([]);
    expect(result.applied).toEqual(['data:top', 'signal:bins', 'data:inner@1', 'signal:extent@1']);
    expect(plainRows(view.data('top'))).toEqual([{ a: 'x' }]);
    expect(view.signal('bins')).toEqual({ start: 0, step: 5 });
    expect(readSignal(view, 'extent', [1])).toEqual([2, 5]);
    // The client-side dataset downstream of the injected one was recomputed.
    expect(plainRows(readData(view, 'inner_total', [1]))).toEqual([{ s: 7 }]);
    // The untouched sibling scope keeps its data.
    expect(plainRows(readData(view, 'first', [0]))).toEqual([{ v: 1 }]);
  });

  it('takes signals only for a signals-only entry, and JSON tables too', async () => {
    const view = await render(NESTED);
    const p = plan([{ node: 3, kind: 'data', name: 'top', scope: [], columns: [], signals: ['bins'], signalsOnly: true }]);
    await applyServerValues(view, p, [{
      node: 3, value: { json: encodeJsonValue([{ a: 1 }]) }, signals: [{ name: 'bins', value: { json: '3' } }],
    }]);
    expect(view.data('top')).toEqual([]);
    expect(view.signal('bins')).toBe(3);
    const q = plan([{ node: 3, kind: 'data', name: 'top', scope: [], columns: [], signals: [], signalsOnly: false }]);
    await applyServerValues(view, q, [{ node: 3, value: { json: encodeJsonValue([{ a: 1, d: new Date(5) }]) } }]);
    expect(plainRows(view.data('top'))).toEqual([{ a: 1, d: new Date(5) }]);
  });

  it('reports what it cannot apply and applies the rest', async () => {
    const view = await render(NESTED);
    const p = plan([
      { node: 0, kind: 'data', name: 'nope', scope: [], columns: [], signals: [], signalsOnly: false },
      { node: 1, kind: 'data', name: 'inner', scope: [7], columns: [], signals: [], signalsOnly: false },
      { node: 2, kind: 'signal', name: 'bins', scope: [], columns: [], signals: [], signalsOnly: false },
    ]);
    const result = await applyServerValues(view, p, [
      { node: 0, value: table([{ a: 1 }]) },
      { node: 1, value: table([{ v: 1 }]) },
      { node: 2, value: { json: '42' } },
    ]);
    expect(result.applied).toEqual(['signal:bins']);
    expect(result.errors.map((e) => (e as ClientError).code)).toEqual(['unknown_variable', 'scope_not_found']);
    expect(view.signal('bins')).toBe(42);
  });
});

describe('view-context', () => {
  it('follows group marks only, in spec order', async () => {
    const view = await render(NESTED);
    expect(Object.keys(scopeContext(view, [0]).data)).toEqual(['first']);
    expect(Object.keys(scopeContext(view, [1]).data)).toEqual(['inner', 'inner_total']);
    expect(() => scopeContext(view, [2])).toThrow(ClientError);
  });

  it('finds a scoped dataset behind a group mark that repeats per item', async () => {
    const spec = {
      data: [{ name: 'items', values: [{ k: 1 }, { k: 2 }, { k: 3 }] }],
      marks: [
        { type: 'group', from: { data: 'items' } },
        { type: 'group', data: [{ name: 'inner', values: [] }] },
      ],
    } as Spec;
    const view = await render(spec);
    expect(scopeContext(view, [1]).data).not.toHaveProperty('inner'); // the second per-item group
    const p = plan([{ node: 0, kind: 'data', name: 'inner', scope: [1], columns: [], signals: [], signalsOnly: false }]);
    const result = await applyServerValues(view, p, [{ node: 0, value: table([{ v: 9 }]) }]);
    expect(result.errors).toEqual([]);
    expect(plainRows(readData(view, 'inner', [1]))).toEqual([{ v: 9 }]);
  });

  it('listens to a nested dataset and stops when told', async () => {
    const view = await render(NESTED);
    let calls = 0;
    const off = listenData(view, 'inner', [1], () => calls++);
    const p = plan([{ node: 0, kind: 'data', name: 'inner', scope: [1], columns: [], signals: [], signalsOnly: false }]);
    await applyServerValues(view, p, [{ node: 0, value: table([{ v: 1 }]) }]);
    expect(calls).toBe(1);
    off();
    await applyServerValues(view, p, [{ node: 0, value: table([{ v: 2 }]) }]);
    expect(calls).toBe(1);
  });
});

describe('layout after applying', () => {
  it('lays the chart out around the injected data as plain Vega does', async () => {
    const rows = Array.from({ length: 30 }, (_, i) => ({ c: ['x', 'y', 'z'][i % 3], a: i * 1000 }));
    const chart = (data: object) => ({
      data, mark: 'bar', width: 300, height: 200,
      encoding: { x: { field: 'c', type: 'nominal' }, y: { aggregate: 'sum', field: 'a', type: 'quantitative' } },
    });
    const plain = await render(compileToVega(chart({ values: rows })));
    const stub = await render(compileToVega(chart({ name: 'src' })));
    expect(stub.origin()).not.toEqual(plain.origin()); // the empty stub's axis is narrower
    const p = plan([{ node: 0, kind: 'data', name: 'src', scope: [], columns: [], signals: [], signalsOnly: false }]);
    await applyServerValues(stub, p, [{ node: 0, value: table(rows) }]);
    expect(stub.origin()).toEqual(plain.origin());
    expect(await stub.toSVG()).toEqual(await plain.toSVG());
  });
});
