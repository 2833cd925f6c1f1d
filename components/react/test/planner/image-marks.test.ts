/**
 * The image-mark pass: which marks become images, what the client spec and the server
 * graph become for one, and why a mark stays in Vega.
 */
import { describe, expect, it } from 'vitest';
import { Namespace } from '@vegafusion-ts/proto';
import { planChart, type ChartPlan } from '../../src/planner/index.js';
import { TEST_CAPABILITIES } from './capabilities-fixture.js';

type Json = Record<string, unknown>;

const SCATTER = {
  data: { url: 'data/cars.json' },
  mark: 'circle',
  encoding: {
    x: { field: 'Horsepower', type: 'quantitative' },
    y: { field: 'Miles_per_Gallon', type: 'quantitative' },
    color: { field: 'Origin', type: 'nominal' },
    tooltip: { field: 'Name' },
  },
};

const plan = (spec: unknown, imageMarks?: Parameters<typeof planChart>[1]['imageMarks']): ChartPlan =>
  planChart(spec, { capabilities: TEST_CAPABILITIES, imageMarks });
const marks = (p: ChartPlan): Json[] => (p.clientSpec as unknown as { marks: Json[] }).marks;
const markEntry = (p: ChartPlan) => p.report.entries.find((e) => e.kind === 'mark');

describe('image marks', () => {
  it('replaces a scatter with an image fed by a render node, and never sends its rows', () => {
    const p = plan(SCATTER, { threshold: 0, pixelRatio: 2 });
    const image = marks(p).find((m) => m.type === 'image');
    expect(image).toMatchObject({ name: 'marks', from: { data: 'vf_image_0' }, interactive: false });
    // The points' rows stay on the server: the browser reads the image, the domain
    // aggregates, and the one row nearest the pointer, drawn invisibly for its tooltip.
    expect(marks(p).filter((m) => m.type === 'symbol').map((m) => m.from)).toEqual([{ data: 'vf_image_0_hover_rows' }]);
    expect(p.toClient.map((e) => e.name).sort()).toEqual(['vf_domain_color', 'vf_domain_x', 'vf_domain_y', 'vf_image_0', 'vf_image_0_hover_rows']);
    expect(p.toServer.map((e) => e.name)).toContain('vf_image_0_hover');
    const hover = p.serverGraph.nodes?.find((n) => n.variable?.name === 'vf_image_0_hover_rows');
    expect(JSON.parse(hover?.task?.source?.pipelineJson ?? '[]').map((t: Json) => t.type)).toEqual(['filter', 'formula', 'window', 'filter']);
    const render = p.serverGraph.nodes?.find((n) => n.task?.render);
    expect(render?.variable).toEqual({ name: 'vf_image_0', namespace: Namespace.NAMESPACE_DATA });
    expect(render?.task?.render?.source).toBe('source_0');
    const mark = JSON.parse(render?.task?.render?.markJson ?? '{}') as Json;
    expect(mark).toMatchObject({
      mark: 'symbol', pixelRatio: 2, width: { signal: 'width' },
      encode: { x: { scale: 'x', field: 'Horsepower' }, fill: { scale: 'color', field: 'Origin' }, opacity: { value: 0.7 }, size: { value: 30 } },
      scales: { x: { type: 'linear', domain: { signal: 'vf_image_0_scale_x_domain' }, range: { signal: 'vf_image_0_scale_x_range' } } },
    });
    // Tooltips and descriptions change nothing in the picture.
    expect(Object.keys(mark.encode as Json)).not.toContain('tooltip');
    // The render node reads the dataset and the view's values, which the client sends.
    const parents = (render?.parents ?? []).map((i) => p.serverGraph.nodes?.[i].variable?.name);
    expect(parents).toEqual(expect.arrayContaining(['source_0', 'width', 'height', 'vf_image_0_scale_x_domain', 'vf_image_0_scale_color_range']));
    expect(p.toServer.map((e) => e.name)).toEqual(expect.arrayContaining(['width', 'vf_image_0_scale_y_range']));
    const signals = (p.clientSpec as unknown as { signals: Json[] }).signals;
    expect(signals).toContainEqual({ name: 'vf_image_0_scale_x_domain', update: 'domain("x")' });
    // The domain comes from a min/max aggregate of the rows on the server.
    const x = (p.clientSpec as unknown as { scales: Json[] }).scales.find((s) => s.name === 'x');
    expect(x?.domain).toEqual({ data: 'vf_domain_x', fields: ['min_0', 'max_0'] });
    expect(markEntry(p)).toMatchObject({ kind: 'mark', name: 'marks', status: 'server', path: '/marks/0' });
  });

  it('keeps a heatmap\'s band widths as signals the view computes', () => {
    const p = plan({
      data: { url: 'data/seattle-weather.csv' },
      mark: 'rect',
      encoding: { x: { field: 'date', timeUnit: 'date', type: 'ordinal' }, y: { field: 'date', timeUnit: 'month', type: 'ordinal' }, color: { field: 'temp_max', aggregate: 'max', type: 'quantitative' } },
    }, { threshold: 0 });
    const mark = JSON.parse(p.serverGraph.nodes?.find((n) => n.task?.render)?.task?.render?.markJson ?? '{}') as { encode: Json; scales: Json };
    expect(mark.encode.width).toEqual({ value: { signal: 'vf_image_0_width' } });
    expect(mark.scales.color).toMatchObject({ type: 'linear', scheme: 'yellowgreenblue', interpolate: 'hcl' });
    expect(mark.scales.x).toMatchObject({ type: 'band', paddingInner: 0, paddingOuter: 0 });
    const x = (p.clientSpec as unknown as { scales: Json[] }).scales.find((s) => s.name === 'x');
    expect(x?.domain).toEqual({ data: 'vf_domain_x', field: 'date_date', sort: true });
  });

  it('follows the threshold against the row counts it is given', () => {
    expect(markEntry(plan(SCATTER, { rowCounts: { source_0: 400 } }))).toMatchObject({ status: 'client', reason: 'Drawn by Vega: 400 rows, within the image threshold of 50000' });
    expect(markEntry(plan(SCATTER, { threshold: 100, rowCounts: { source_0: 400 } }))?.status).toBe('server');
    expect(markEntry(plan(SCATTER, {}))?.reason).toContain('row count of "source_0" is not known');
  });

  it('draws rows per pixel in density mode, asked for by the chart', () => {
    const p = plan({ ...SCATTER, usermeta: { vegafusion: { imageMarks: { threshold: 0, density: { scheme: 'magma' } } } } });
    const mark = JSON.parse(p.serverGraph.nodes?.find((n) => n.task?.render)?.task?.render?.markJson ?? '{}') as Json;
    expect(mark.density).toEqual({ scheme: 'magma' });
    expect(markEntry(p)?.reason).toBe('Drawn by the runtime as a density image (rows per pixel, magma) (threshold 0)');
  });

  it('is off unless asked for, by the plan or by the chart\'s usermeta', () => {
    const off = plan(SCATTER);
    expect(markEntry(off)).toBeUndefined();
    expect(off.serverGraph.nodes?.some((n) => n.task?.render)).toBe(false);
    const byMeta = plan({ ...SCATTER, usermeta: { vegafusion: { imageMarks: { threshold: 0 } } } });
    expect(markEntry(byMeta)?.status).toBe('server');
    const vetoed = plan({ ...SCATTER, usermeta: { vegafusion: { imageMarks: false } } }, { threshold: 0 });
    expect(markEntry(vetoed)).toBeUndefined();
  });

  it('draws a brushed scatter with its selection test computed on the server', () => {
    const brushed = {
      ...SCATTER,
      params: [{ name: 'brush', select: 'interval' }],
      encoding: { ...SCATTER.encoding, color: { condition: { param: 'brush', field: 'Origin', type: 'nominal' }, value: 'grey' } },
    };
    const p = plan(brushed, { threshold: 0 });
    expect(markEntry(p)?.status).toBe('server');
    const render = p.serverGraph.nodes?.find((n) => n.task?.render);
    // The brush's background rect comes first: the points are the second root mark.
    expect(render?.task?.render?.source).toBe('vf_image_1_rows');
    const mark = JSON.parse(render?.task?.render?.markJson ?? '{}') as { encode: Json };
    expect(mark.encode.fill).toEqual({ rules: [{ test: '__vf_test_fill_0', scale: 'color', field: 'Origin' }, { value: 'grey' }] });
    // The rows with the test as a column, on the server, reading the brush's store the browser sends.
    const rows = p.serverGraph.nodes?.find((n) => n.variable?.name === 'vf_image_1_rows');
    expect(JSON.parse(rows?.task?.source?.pipelineJson ?? '[]')).toEqual([{ type: 'formula', expr: expect.stringContaining('vlSelectionTest("brush_store", datum)'), as: '__vf_test_fill_0' }]);
    expect(p.toServer.map((e) => e.name)).toContain('brush_store');
    // The brush itself stays a Vega mark.
    expect(marks(p).some((m) => m.name === 'brush_brush')).toBe(true);

    // A runtime that cannot compute the test leaves the mark to Vega.
    const weak = planChart(brushed, { capabilities: { ...TEST_CAPABILITIES, transforms: TEST_CAPABILITIES.transforms.filter((t) => t !== 'formula') }, imageMarks: { threshold: 0 } });
    expect(markEntry(weak)).toMatchObject({ status: 'client', reason: expect.stringContaining('a test of its conditional encoding runs in the browser') });
    expect(marks(weak).some((m) => m.type === 'image')).toBe(false);
  });

  it('keeps in Vega a mark whose rows the browser reads anyway', () => {
    // A text layer over the same rows reads them in the browser: an image saves nothing.
    const layered = plan({
      data: SCATTER.data,
      layer: [
        { mark: 'circle', encoding: { x: SCATTER.encoding.x, y: SCATTER.encoding.y } },
        { mark: 'text', encoding: { x: SCATTER.encoding.x, y: SCATTER.encoding.y, text: { field: 'Name' } } },
      ],
    }, { threshold: 0 });
    expect(markEntry(layered)).toMatchObject({ status: 'client', reason: 'Drawn by Vega: its dataset "source_0" is also read in the browser' });
  });
});
