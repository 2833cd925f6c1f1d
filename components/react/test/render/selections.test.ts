import { afterEach, describe, expect, it } from 'vitest';
import { parse, View } from 'vega';
import { compileToVega } from '../../src/planner/index.js';
import { readSelections, selectionParams, watchSelections, type Selections } from '../../src/render/selections.js';

const ROWS = [{ a: 1, b: 2, c: 'x', t: 0 }, { a: 3, b: 4, c: 'y', t: 86_400_000 }];

const SPEC = {
  data: { values: ROWS },
  params: [
    { name: 'brush', select: { type: 'interval', encodings: ['x'] } },
    { name: 'pts', select: { type: 'point', fields: ['c', 'b'] } },
    { name: 'slider', value: 3, bind: { input: 'range', min: 0, max: 5 } },
  ],
  mark: 'point',
  encoding: { x: { field: 'a', type: 'quantitative' }, y: { field: 'b', type: 'quantitative' } },
};

const views: View[] = [];
afterEach(() => {
  for (const v of views.splice(0)) v.finalize();
});

async function render(spec: object): Promise<View> {
  const view = new View(parse(compileToVega(spec)), { renderer: 'none' });
  views.push(view);
  await view.runAsync();
  return view;
}

describe('selectionParams', () => {
  it('finds point and interval selections at any depth, not plain parameters', () => {
    expect(selectionParams(SPEC)).toEqual([{ name: 'brush', type: 'interval' }, { name: 'pts', type: 'point' }]);
    const nested = {
      vconcat: [
        { layer: [{ params: [{ name: 'legend_pick', select: 'point', bind: 'legend' }], mark: 'bar' }] },
        { hconcat: [{ params: [{ name: 'zoom', select: 'interval', bind: 'scales' }], mark: 'line' }] },
      ],
    };
    expect(selectionParams(nested)).toEqual([{ name: 'legend_pick', type: 'point' }, { name: 'zoom', type: 'interval' }]);
    expect(selectionParams({ marks: [] })).toEqual([]);
  });
});

describe('watchSelections', () => {
  it('reports intervals as ranges and points as records, driven through Vega-Lite’s own signals', async () => {
    const view = await render(SPEC);
    const seen: Selections[] = [];
    const off = watchSelections(view, selectionParams(SPEC), (s) => seen.push(s));
    expect(readSelections(view, selectionParams(SPEC))).toEqual({ brush: {}, pts: [] });

    // What a right-to-left drag leaves in the brush's field signal.
    view.signal('brush_a', [3, 1]);
    await view.runAsync();
    expect(seen[seen.length - 1]).toEqual({ brush: { a: [1, 3] }, pts: [] });

    // What a click on the second point puts in the point selection's tuple.
    view.signal('pts_tuple', { unit: '', fields: [{ field: 'c', type: 'E' }, { field: 'b', type: 'E' }], values: ['y', 4] });
    await view.runAsync();
    expect(seen[seen.length - 1]).toEqual({ brush: { a: [1, 3] }, pts: [{ c: 'y', b: 4 }] });

    off();
    const count = seen.length;
    view.signal('brush_a', [0, 2]);
    await view.runAsync();
    expect(seen).toHaveLength(count);
  });

  it('turns dates into epoch milliseconds', async () => {
    const spec = { ...SPEC, encoding: { x: { field: 't', type: 'temporal' }, y: { field: 'b', type: 'quantitative' } } };
    const view = await render(spec);
    view.signal('brush_t', [new Date(86_400_000), new Date(0)]);
    await view.runAsync();
    expect(readSelections(view, selectionParams(spec)).brush).toEqual({ t: [0, 86_400_000] });
  });
});
