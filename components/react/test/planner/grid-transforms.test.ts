/**
 * The density grid transforms in the plan: kde2d, contour and isocontour move to a runtime
 * that announces them when they read fields or row expressions; one that reads a scale
 * (pixel space, known only to the view) stays in the browser with that reason, and the
 * marks that draw the contours stay in the client spec, sent only the polygons they draw.
 */
import { describe, expect, it } from 'vitest';
import { planChart, type ChartPlan, type RuntimeCapabilities } from '../../src/planner/index.js';
import { TEST_CAPABILITIES } from './capabilities-fixture.js';

type Json = Record<string, unknown>;

const CAPABILITIES: RuntimeCapabilities = {
  ...TEST_CAPABILITIES,
  transforms: [...TEST_CAPABILITIES.transforms, 'kde2d', 'contour', 'isocontour'],
  transformParams: {
    ...TEST_CAPABILITIES.transformParams,
    kde2d: ['size', 'x', 'y', 'weight', 'groupby', 'cellSize', 'bandwidth', 'counts', 'as'],
    contour: ['size', 'x', 'y', 'weight', 'cellSize', 'bandwidth', 'count', 'nice', 'thresholds', 'smooth'],
    isocontour: ['field', 'thresholds', 'levels', 'nice', 'resolve', 'zero', 'smooth', 'scale', 'translate', 'as'],
  },
};

const plan = (spec: Json): ChartPlan => planChart(spec, { capabilities: CAPABILITIES });
const entry = (p: ChartPlan, name: string) => p.report.entries.find((e) => e.name === name);
const clientSpec = (p: ChartPlan) => p.clientSpec as unknown as { data: Json[]; marks: Json[] };

const contourMark = (data: string, field: string): Json => ({
  type: 'path', from: { data }, encode: { update: { stroke: { value: '#333' } } }, transform: [{ type: 'geopath', field }],
});

describe('density grid transforms in the plan', () => {
  it('moves kde2d and isocontour over fields to the runtime and keeps the path mark', () => {
    const p = plan({
      width: 300, height: 200,
      data: [
        { name: 'points', url: 'points.json' },
        {
          name: 'contours', source: 'points',
          transform: [
            { type: 'kde2d', x: 'px', y: 'py', weight: 'w', groupby: ['g'], size: [{ signal: 'width' }, { signal: 'height' }], bandwidth: [10, 10] },
            { type: 'isocontour', field: 'grid', levels: 4 },
          ],
        },
      ],
      marks: [contourMark('contours', 'datum.contour')],
    });
    expect(entry(p, 'contours')).toMatchObject({ status: 'server' });
    expect(clientSpec(p).marks[0]).toMatchObject({ type: 'path', transform: [{ type: 'geopath', field: 'datum.contour' }] });
    // The points stay on the server; of the contours only the polygons the geopath reads
    // are sent, not the grid each contour row copies from its input row.
    expect(p.toClient.map((t) => [t.name, t.columns])).toEqual([['contours', ['contour']]]);
  });

  it('moves a contour over a row expression', () => {
    const p = plan({
      width: 300, height: 200,
      data: [
        { name: 'points', url: 'points.json' },
        { name: 'contours', source: 'points', transform: [{ type: 'contour', x: { expr: 'datum.a * 2' }, y: 'b', size: [300, 200], count: 5 }] },
      ],
      marks: [contourMark('contours', 'datum')],
    });
    expect(entry(p, 'contours')).toMatchObject({ status: 'server' });
  });

  it('keeps in the browser a density over scale("x", ...), saying why', () => {
    const p = plan({
      width: 200, height: 200,
      data: [
        { name: 'source', url: 'cars.json', transform: [{ type: 'filter', expr: 'datum.Horsepower != null' }] },
        {
          name: 'contours', source: 'source',
          transform: [{
            type: 'contour', x: { expr: "scale('x', datum.Horsepower)" }, y: { expr: "scale('y', datum.Miles_per_Gallon)" },
            size: [{ signal: 'width' }, { signal: 'height' }], bandwidth: 20,
          }],
        },
      ],
      scales: [
        { name: 'x', type: 'linear', round: true, nice: true, zero: true, domain: { data: 'source', field: 'Horsepower' }, range: 'width' },
        { name: 'y', type: 'linear', round: true, nice: true, zero: true, domain: { data: 'source', field: 'Miles_per_Gallon' }, range: 'height' },
      ],
      marks: [contourMark('contours', 'datum')],
    });
    expect(entry(p, 'contours')?.status).toBe('client');
    expect(entry(p, 'contours')?.reason).toBe('Accessor "x" of transform "contour" at /data/1/transform/0 reads scale "x" (pixel space): the view computes that scale, so the transform runs in the browser');
    expect(entry(p, 'source')).toMatchObject({ status: 'server' });
  });

  it('keeps in the browser an isocontour with a per-datum scale or without a grid field', () => {
    const data = (iso: Json): Json[] => [
      { name: 'points', url: 'points.json' },
      { name: 'grids', source: 'points', transform: [{ type: 'kde2d', x: 'px', y: 'py', size: [100, 100] }] },
      { name: 'contours', source: 'grids', transform: [iso] },
    ];
    const scaled = plan({ data: data({ type: 'isocontour', field: 'grid', scale: { expr: 'datum.grid.scale * 2' } }), marks: [contourMark('contours', 'datum.contour')] });
    expect(entry(scaled, 'contours')?.reason).toBe('Per-datum expression "scale" of transform "isocontour" at /data/2/transform/0 is computed in the browser');
    expect(entry(scaled, 'grids')).toMatchObject({ status: 'server' });
    const whole = plan({ data: data({ type: 'isocontour' }), marks: [contourMark('contours', 'datum.contour')] });
    expect(entry(whole, 'contours')?.reason).toMatch(/^Transform "isocontour" at \/data\/2\/transform\/0 reads rows that are grids themselves/);
  });
});
