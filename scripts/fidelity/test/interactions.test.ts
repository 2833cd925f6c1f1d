/**
 * The steps the harness derives from a hand-written Vega spec's bound signals: another
 * value each input offers, for the signals the runtime reads, then all put back; and the
 * store steps for selections of nested views (2-D brushes, two picks, several at once).
 */
import * as vega from 'vega';
import { describe, expect, it } from 'vitest';
import { TEST_CAPABILITIES } from '../../../components/react/test/planner/capabilities-fixture.js';
import { compileToVega, planChart } from '../../../components/react/src/planner/index.js';
import { boundSignalInteractions, storeInteractions } from '../interactions.js';

const spec = {
  signals: [
    { name: 'step', value: 10, bind: { input: 'range', min: 2, max: 20 } },
    { name: 'top', value: 20, bind: { input: 'range', min: 2, max: 20 } },
    { name: 'op', value: 'sum', bind: { input: 'select', options: ['sum', 'mean', 'max'] } },
    { name: 'field', value: 'b', bind: { input: 'radio', options: ['a', 'b'] } },
    { name: 'keep', value: true, bind: { input: 'checkbox' } },
    { name: 'label', value: 'x', bind: { input: 'text' } },
    { name: 'local', value: 1, bind: { input: 'range', min: 0, max: 5 } },
  ],
  data: [{
    name: 'd', url: 'data/cars.json',
    transform: [
      { type: 'filter', expr: '(keep ? datum.Horsepower > step : datum.Horsepower < top) && op !== "none" && field !== "none"' },
      { type: 'aggregate', groupby: [{ signal: 'field' }], ops: [{ signal: 'op' }], fields: ['Miles_per_Gallon'] },
      { type: 'formula', as: 'l', expr: 'label' },
    ],
  }],
  marks: [{ type: 'symbol', from: { data: 'd' }, encode: { update: { x: { signal: 'local' } } } }],
};

describe('boundSignalInteractions', () => {
  it('moves each bound signal the runtime reads to another value of its input, then puts them back', async () => {
    const plan = planChart(spec, { capabilities: TEST_CAPABILITIES });
    const sent = plan.toServer.map((t) => t.name);
    expect(sent).toEqual(expect.arrayContaining(['step', 'top', 'op', 'field', 'keep']));
    expect(sent).not.toContain('local');
    const view = new vega.View(vega.parse(structuredClone(spec) as vega.Spec), { renderer: 'none' });
    const steps = boundSignalInteractions(spec as vega.Spec, view, plan);
    view.finalize();
    const expected: Record<string, [unknown, unknown]> = {
      step: [10, 20], top: [20, 2], op: ['sum', 'max'], field: ['b', 'a'], keep: [true, false],
    };
    const moved = Object.keys(expected).filter((name) => sent.includes(name));
    expect(steps.map((s) => s.signals)).toEqual([
      ...moved.map((name) => ({ [name]: expected[name][1] })),
      Object.fromEntries(moved.map((name) => [name, expected[name][0]])),
    ]);
  });

  it('derives nothing when the runtime reads no bound signal', () => {
    const plan = planChart({ ...spec, data: [] }, { capabilities: TEST_CAPABILITIES });
    const view = new vega.View(vega.parse(structuredClone({ ...spec, data: [], marks: [] }) as vega.Spec), { renderer: 'none' });
    expect(boundSignalInteractions(spec as vega.Spec, view, plan)).toEqual([]);
    view.finalize();
  });
});

describe('storeInteractions', () => {
  it('writes a 2-D brush, then it with two picks of a nested point selection, then clears both', async () => {
    const values = Array.from({ length: 40 }, (_, i) => ({ a: i, b: (i * 7) % 40, c: ['x', 'y', 'z'][i % 3] }));
    const vl = {
      data: { values },
      hconcat: [
        { params: [{ name: 'brush', select: { type: 'interval', encodings: ['x', 'y'] } }], mark: 'point', encoding: { x: { field: 'a', type: 'quantitative' }, y: { field: 'b', type: 'quantitative' } } },
        { params: [{ name: 'pick', select: { type: 'point', fields: ['c'] } }], mark: 'bar', encoding: { x: { field: 'c', type: 'nominal' }, y: { aggregate: 'count' } } },
      ],
    };
    const vg = compileToVega(vl);
    const view = new vega.View(vega.parse(structuredClone(vg)), { renderer: 'none' });
    await view.runAsync();
    const steps = storeInteractions(vg, view);
    view.finalize();
    expect(steps.map((s) => s.label)).toEqual(['store brush_store: 2-D brush', 'stores brush_store, pick_store together', 'clear the stores']);
    const [brush] = steps[0].stores!.brush_store as { unit: string; fields: { field: string }[]; values: number[][] }[];
    expect(brush.unit).toBe('concat_0');
    expect(brush.fields.map((f) => f.field)).toEqual(['a', 'b']);
    // The middle of each field's values: a range inside the data, not all of it.
    for (const [lo, hi] of brush.values) expect(lo > 0 && hi < 39 && lo < hi).toBe(true);
    const picks = steps[1].stores!.pick_store as { unit: string; values: unknown[] }[];
    expect(picks.map((p) => p.unit)).toEqual(['concat_1', 'concat_1']);
    expect(picks.every((p) => ['x', 'y', 'z'].includes(p.values[0] as string))).toBe(true);
    expect(steps[2].stores).toEqual({ brush_store: [], pick_store: [] });
  });

  it('writes a brush as Vega-Lite inverts it: a run of a discrete domain, Dates on a time scale', async () => {
    const values = Array.from({ length: 40 }, (_, i) => ({ t: Date.UTC(2012, 0, 1 + i), c: `c${i % 10}` }));
    const vl = {
      data: { values },
      vconcat: [
        { params: [{ name: 'when', select: { type: 'interval', encodings: ['x'] } }], mark: 'point', encoding: { x: { field: 't', type: 'temporal' } } },
        { params: [{ name: 'cats', select: { type: 'interval', encodings: ['y'] } }], mark: 'bar', encoding: { y: { field: 'c', type: 'nominal', sort: '-x' }, x: { aggregate: 'count' } } },
      ],
    };
    const vg = compileToVega(vl);
    const view = new vega.View(vega.parse(structuredClone(vg)), { renderer: 'none' });
    await view.runAsync();
    const steps = storeInteractions(vg, view);
    const domain = (view as unknown as { _runtime: { subcontext: { scales: Record<string, { value: () => void }> }[] } })
      ._runtime.subcontext[1].scales.concat_1_y.value as unknown as { domain(): string[] };
    const order = domain.domain();
    view.finalize();
    const [when] = steps[0].stores!.when_store as { values: unknown[][] }[];
    expect(when.values[0].every((v) => v instanceof Date)).toBe(true);
    // One tuple (a brush), holding the domain values the brush covers, in the scale's order.
    const both = steps[1].stores!.cats_store as { fields: { type: string }[]; values: string[][] }[];
    expect(both).toHaveLength(1);
    expect(both[0].fields[0].type).toBe('E');
    const covered = both[0].values[0];
    expect(covered.length).toBeGreaterThan(1);
    const start = order.indexOf(covered[0]);
    expect(covered).toEqual(order.slice(start, start + covered.length));
  });
});
