/**
 * The image-mark pass for rules, lines and areas: what the render task of a line per
 * series holds, and which lines stay in Vega, with the reason.
 */
import { describe, expect, it } from 'vitest';
import { planChart, type ChartPlan } from '../../src/planner/index.js';
import { TEST_CAPABILITIES } from './capabilities-fixture.js';

type Json = Record<string, unknown>;

const LINES = {
  data: { url: 'data/stocks.csv' },
  mark: 'line',
  encoding: {
    x: { field: 'date', type: 'temporal' },
    y: { field: 'price', type: 'quantitative' },
    color: { field: 'symbol', type: 'nominal' },
  },
};

const plan = (spec: unknown): ChartPlan => planChart(spec, { capabilities: TEST_CAPABILITIES, imageMarks: { threshold: 0 } });
const marks = (p: ChartPlan): Json[] => (p.clientSpec as unknown as { marks: Json[] }).marks;
const markEntry = (p: ChartPlan) => p.report.entries.find((e) => e.kind === 'mark');
const renderMark = (p: ChartPlan): Json => JSON.parse(p.serverGraph.nodes?.find((n) => n.task?.render)?.task?.render?.markJson ?? '{}') as Json;

describe('image marks for paths', () => {
  it('draws a line per series: the facet group keeps its place, holding the image', () => {
    const p = plan(LINES);
    expect(markEntry(p)).toMatchObject({ status: 'server', path: '/marks/0' });
    const group = marks(p).find((m) => m.name === 'pathgroup');
    expect(group).toMatchObject({ type: 'group', marks: [{ type: 'image', from: { data: 'vf_image_0' } }] });
    expect(group?.from).toBeUndefined();
    expect(renderMark(p)).toMatchObject({
      mark: 'line', groupby: ['symbol'], sort: { by: 'x', order: 'ascending' }, definedFields: ['date', 'price'],
      encode: { stroke: { scale: 'color', field: 'symbol' }, strokeWidth: { value: 2 }, x: { scale: 'x', field: 'date' } },
    });
    // The rows stay on the server: the browser reads the image and the domains.
    expect(p.toClient.map((e) => e.name).sort()).toEqual(['vf_domain_color', 'vf_domain_x', 'vf_domain_y', 'vf_image_0']);
  });

  it('draws a rug whose rules reach the group height', () => {
    const p = plan({ data: { url: 'data/cars.json' }, mark: 'rule', encoding: { x: { field: 'Horsepower', type: 'quantitative' } } });
    expect(markEntry(p)?.status).toBe('server');
    expect(renderMark(p)).toMatchObject({ mark: 'rule', encode: { y: { value: 0 }, y2: { value: { signal: 'height' } }, stroke: { value: 'black' } } });
  });

  it.each([
    ['a curve', { type: 'line', interpolate: 'monotone' }, 'Interpolation "monotone" is drawn only by Vega'],
    ['a dashed line', { type: 'line', strokeDash: [4, 2] }, 'Channel "strokeDash" of a line mark is not drawn by the runtime'],
    ['a stroked area', { type: 'area', line: false, stroke: 'black' }, 'A stroked area is not drawn by the runtime'],
    ['a horizontal area', { type: 'area', orient: 'horizontal' }, 'An area of orient "horizontal" is drawn only by Vega'],
  ])('keeps %s in Vega with the reason', (_, mark, reason) => {
    const p = plan({ ...LINES, mark });
    expect(markEntry(p)).toMatchObject({ status: 'client' });
    expect(markEntry(p)?.reason).toContain(reason);
    expect(marks(p).some((m) => m.type === 'image')).toBe(false);
  });
});
