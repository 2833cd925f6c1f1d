/**
 * The steps the harness derives from a hand-written Vega spec's bound signals: another
 * value each input offers, for the signals the runtime reads, then all put back.
 */
import * as vega from 'vega';
import { describe, expect, it } from 'vitest';
import { planChart } from '../../../components/react/src/planner/index.js';
import { TEST_CAPABILITIES } from '../../../components/react/test/planner/capabilities-fixture.js';
import { boundSignalInteractions } from '../interactions.js';

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
