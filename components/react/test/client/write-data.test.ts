/**
 * A server table written into a view reaches downstream transforms as plain Vega's own
 * recomputed rows do: an aggregate keyed on a field the new rows change starts over
 * (Vega's crossfilter example re-bins on a bound step; its histogram kept stale bin ends).
 */
import { describe, expect, it } from 'vitest';
import { parse, View, type Spec } from 'vega';
import { writeData } from '../../src/client/view-context.js';

const rows = (step: number) => [0, 3, 7, 12, 18].map((v) => ({ v, b0: Math.floor(v / step) * step, b1: Math.floor(v / step) * step + step }));
/** Groups by bin start and end, keyed by the start, keeping emptied groups (as crossfilter does). */
const bins = (source: object): Spec => ({
  data: [source, { name: 'bins', source: 'rows', transform: [{ type: 'aggregate', groupby: ['b0', 'b1'], key: 'b0', drop: false }] }],
} as Spec);

async function binsAfter(view: View, write: (step: number) => Promise<void>): Promise<unknown[]> {
  await write(5);
  await write(10);
  const out = (view.data('bins') as { b0: number; b1: number; count: number }[]).map((r) => ({ b0: r.b0, b1: r.b1, count: r.count }));
  view.finalize();
  return out.sort((a, b) => a.b0 - b.b0);
}

describe('writeData', () => {
  it('replaces rows so that a keyed aggregate downstream matches plain Vega re-binning the same rows', async () => {
    const plainView = new View(parse({
      ...bins({
        name: 'rows', values: rows(1).map(({ v }) => ({ v })),
        transform: [{ type: 'formula', as: 'b0', expr: 'floor(datum.v / step) * step' }, { type: 'formula', as: 'b1', expr: 'datum.b0 + step' }],
      }),
      signals: [{ name: 'step', value: 5 }],
    } as Spec), { renderer: 'none' });
    const expected = await binsAfter(plainView, async (s) => { plainView.signal('step', s); await plainView.runAsync(); });

    const view = new View(parse(bins({ name: 'rows', values: [] })), { renderer: 'none' });
    const actual = await binsAfter(view, async (s) => { writeData(view, 'rows', [], rows(s)); await view.runAsync(); });
    expect(actual).toEqual(expected);
    // The group made at step 5 for [10, 15) now ends at 20, with both of its rows.
    expect(actual).toContainEqual({ b0: 10, b1: 20, count: 2 });
  });
});
