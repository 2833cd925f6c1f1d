/**
 * The raster grid transforms (kde2d, contour, isocontour) against Vega run headless: the
 * same rows in the same order, every grid cell the same float and every contour vertex
 * the same double, over seeded random points with groups, weights, nulls and NaN, and
 * degenerate inputs.
 */
import { describe, expect, it } from 'vitest';
import { runEngine } from '../support/engine.js';
import { runVega, type PipelineCase, type Row } from '../support/vega-oracle.js';
import { RuntimeError } from '../../src/errors.js';

/** A seeded generator (a 32-bit LCG), so every run draws the same data. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

interface PointOptions {
  n: number;
  seed: number;
  groups?: (string | null)[];
  /** Share of x values that are null, and that are NaN. */
  nulls?: number;
  nans?: number;
}

/** Points in a 200 x 150 pixel space around a few centres, with a weight. */
function makePoints({ n, seed, groups = ['a'], nulls = 0, nans = 0 }: PointOptions): Row[] {
  const r = random(seed);
  const rows: Row[] = [];
  for (let i = 0; i < n; i++) {
    const c = Math.floor(r() * 3);
    const u = r();
    let x: number | null = 40 + c * 55 + (r() + r() + r() - 1.5) * 40;
    const y = 30 + c * 35 + (r() + r() - 1) * 50;
    if (u < nulls) x = null;
    else if (u < nulls + nans) x = NaN;
    rows.push({ g: groups[Math.floor(r() * groups.length)], x, y, w: Math.round(r() * 40) / 8 - 0.5 });
  }
  return rows;
}

/** A value with typed arrays as plain arrays (Vega's grids hold a Float32Array). */
function plain(v: unknown): unknown {
  if (ArrayBuffer.isView(v)) return Array.from(v as unknown as ArrayLike<number>);
  if (Array.isArray(v)) return v.map(plain);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  return v;
}

/** First difference, numbers compared exactly (0 and -0 alike, NaN equal to NaN); null and undefined fields alike. */
function diff(a: unknown, e: unknown, path: string): string | undefined {
  if (typeof e === 'number') {
    return typeof a === 'number' && (Object.is(a, e) || (a === 0 && e === 0)) ? undefined : `${path}: ${String(a)} != ${String(e)}`;
  }
  if (Array.isArray(e)) {
    if (!Array.isArray(a) || a.length !== e.length) return `${path}: length ${Array.isArray(a) ? a.length : typeof a} != ${e.length}`;
    for (let i = 0; i < e.length; i++) {
      const d = diff(a[i], e[i], `${path}[${i}]`);
      if (d) return d;
    }
    return undefined;
  }
  if (e !== null && typeof e === 'object') {
    if (a === null || typeof a !== 'object') return `${path}: ${JSON.stringify(a)} is not an object`;
    const keys = (o: object) => Object.keys(o).filter((k) => (o as Row)[k] !== undefined && (o as Row)[k] !== null).sort();
    if (keys(a).join() !== keys(e).join()) return `${path}: keys [${keys(a)}] != [${keys(e)}]`;
    for (const k of keys(e)) {
      const d = diff((a as Row)[k], (e as Row)[k], `${path}.${k}`);
      if (d) return d;
    }
    return undefined;
  }
  return (a ?? null) === (e ?? null) ? undefined : `${path}: ${JSON.stringify(a)} != ${JSON.stringify(e)}`;
}

async function check(c: PipelineCase): Promise<Row[]> {
  const [actual, expected] = await Promise.all([runEngine(c), runVega(c)]);
  const d = diff(plain(actual.rows), plain(expected.rows), 'rows');
  if (d) expect.fail(d);
  return actual.rows;
}

const DATASETS: [string, PointOptions][] = [
  ['plain', { n: 300, seed: 1 }],
  ['groups with nulls and NaN', { n: 500, seed: 2, groups: ['a', 'b', null, ''], nulls: 0.05, nans: 0.05 }],
  ['tiny groups', { n: 9, seed: 3, groups: ['a', 'b', 'c', 'd'] }],
];

describe('kde2d', () => {
  for (const [name, opts] of DATASETS) {
    const values = makePoints(opts);
    it(`estimated bandwidth, groups, probabilities: ${name}`, async () => {
      const rows = await check({ values, transform: [{ type: 'kde2d', x: 'x', y: 'y', size: [200, 150], groupby: ['g'] }] });
      expect(rows.length).toBeGreaterThan(0);
    });
    it(`counts, weights, explicit bandwidth, cell size 1: ${name}`, () => check({
      values, transform: [{ type: 'kde2d', x: 'x', y: 'y', weight: 'w', size: [200, 150], bandwidth: [12, 7], counts: true, cellSize: 1 }],
    }));
    it(`one bandwidth for both axes, cell size 8, as: ${name}`, () => check({
      values, transform: [{ type: 'kde2d', x: 'x', y: 'y', size: [201, 149], bandwidth: [20], cellSize: 8, groupby: ['g'], as: 'density' }],
    }));
    it(`blur along one axis only, and none: ${name}`, async () => {
      await check({ values, transform: [{ type: 'kde2d', x: 'x', y: 'y', size: [200, 150], bandwidth: [15, 0], counts: true }] });
      await check({ values, transform: [{ type: 'kde2d', x: 'x', y: 'y', size: [200, 150], bandwidth: [0, 15] }] });
      await check({ values, transform: [{ type: 'kde2d', x: 'x', y: 'y', size: [200, 150], bandwidth: [0, 0], cellSize: 2, counts: true, weight: 'w' }] });
    });
  }
  it('degenerate data: one point, all points equal, points outside the grid, nulls', async () => {
    await check({ values: [{ x: 50, y: 60 }], transform: [{ type: 'kde2d', x: 'x', y: 'y', size: [100, 100], counts: true }] });
    await check({ values: [{ x: 50, y: 60 }], transform: [{ type: 'kde2d', x: 'x', y: 'y', size: [100, 100] }] });
    await check({ values: Array.from({ length: 20 }, () => ({ x: 33, y: 44 })), transform: [{ type: 'kde2d', x: 'x', y: 'y', size: [100, 80], cellSize: 2 }] });
    await check({ values: [{ x: -500, y: 20 }, { x: 20, y: 9e9 }, { x: 30, y: 30 }], transform: [{ type: 'kde2d', x: 'x', y: 'y', size: [100, 80], bandwidth: [5, 5] }] });
    await check({ values: [{ x: null, y: 20 }, { x: 20, y: null }, { x: 30, y: 30 }, { y: 3 }], transform: [{ type: 'kde2d', x: 'x', y: 'y', size: [60, 40], counts: true }] });
  });
  it('no rows: one grid without groupby, none with it', async () => {
    await check({ values: [], transform: [{ type: 'kde2d', x: 'x', y: 'y', size: [40, 40], counts: true }] });
    await check({ values: [], transform: [{ type: 'kde2d', x: 'x', y: 'y', size: [40, 40], groupby: ['g'] }] });
  });
  it('accessor expressions over the row, as Vega evaluates them', async () => {
    const values = makePoints({ n: 400, seed: 5, groups: ['a', 'b'] });
    await check({ values, transform: [{
      type: 'kde2d', groupby: ['g'], size: [120, 60], counts: true, weight: { expr: 'datum.w * 2' },
      x: { expr: 'round(datum.x / 2)' }, y: { expr: 'datum.y - 20 < 0 ? datum.y + 40 : datum.y - 20' },
    }] });
    await check({ values, transform: [{ type: 'contour', size: [200, 150], x: { expr: 'datum.x + 3' }, y: 'y', count: 4 }] });
  });
  it('leaves to the browser a grid JSON cannot carry (NaN), and accessors it cannot read exactly', async () => {
    const refused = async (c: PipelineCase, code: string) => {
      const error = await runEngine(c).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RuntimeError);
      expect((error as RuntimeError).code).toBe(code);
    };
    // Every point outside the grid: probabilities divide by a sum of 0.
    await refused({ values: [{ x: -500, y: -500 }], transform: [{ type: 'kde2d', x: 'x', y: 'y', size: [40, 40], bandwidth: [4, 4] }] }, 'unsupported_transform');
    // An expression giving null for some rows (Vega reads 0 for null, NaN for undefined).
    await refused({ values: [{ x: 1, y: 2 }, { x: null, y: 3 }], transform: [{ type: 'kde2d', x: { expr: 'datum.x' }, y: 'y', size: [40, 40] }] }, 'unsupported_transform');
    // Pixel space through a scale: only the view knows it.
    const scaled = await runEngine({ values: [{ x: 1, y: 2 }], transform: [{ type: 'kde2d', x: { expr: "scale('x', datum.x)" }, y: 'y', size: [40, 40] }] }).catch((e: unknown) => e);
    expect(scaled).toBeInstanceOf(RuntimeError);
    expect((scaled as RuntimeError).code).toMatch(/^unsupported_/);
    await refused({ values: [{ x: 'a', y: 2 }], transform: [{ type: 'kde2d', x: 'x', y: 'y', size: [40, 40] }] }, 'unsupported_transform');
  });
});

describe('isocontour over kde2d', () => {
  const kde = { type: 'kde2d', x: 'x', y: 'y', size: [200, 150], groupby: ['g'] };
  for (const [name, opts] of DATASETS) {
    const values = makePoints(opts);
    it(`default levels, independent: ${name}`, () => check({ values, transform: [kde, { type: 'isocontour', field: 'grid' }] }));
    it(`levels, nice, shared, no zero: ${name}`, () => check({
      values, transform: [{ ...kde, counts: true }, { type: 'isocontour', field: 'grid', levels: 4, nice: true, resolve: 'shared', zero: false }],
    }));
    it(`thresholds, unsmoothed, as null: ${name}`, () => check({
      values, transform: [{ ...kde, counts: true, cellSize: 2 }, { type: 'isocontour', field: 'grid', thresholds: [0.01, 0.05, 0.2], smooth: false, as: null }],
    }));
    it(`scale and translate, as: ${name}`, () => check({
      values, transform: [kde, { type: 'isocontour', field: 'grid', levels: 3, scale: 2, translate: [5, -3], as: 'shape' }],
    }));
  }
});

describe('contour', () => {
  for (const [name, opts] of DATASETS) {
    const values = makePoints({ ...opts, groups: ['a'] });
    it(`default count: ${name}`, () => check({ values, transform: [{ type: 'contour', x: 'x', y: 'y', size: [200, 150] }] }));
    it(`count, nice, bandwidth, weight: ${name}`, () => check({
      values, transform: [{ type: 'contour', x: 'x', y: 'y', weight: 'w', size: [200, 150], count: 5, nice: true, bandwidth: 20 }],
    }));
    it(`thresholds, cell size, unsmoothed: ${name}`, () => check({
      values, transform: [{ type: 'contour', x: 'x', y: 'y', size: [200, 150], thresholds: [0.001, 0.004], cellSize: 2, smooth: false }],
    }));
  }
  it('degenerate data: no rows, one point, all equal', async () => {
    await check({ values: [], transform: [{ type: 'contour', x: 'x', y: 'y', size: [50, 50] }] });
    await check({ values: [{ x: 10, y: 10 }], transform: [{ type: 'contour', x: 'x', y: 'y', size: [50, 50] }] });
    await check({ values: Array.from({ length: 9 }, () => ({ x: 25, y: 20 })), transform: [{ type: 'contour', x: 'x', y: 'y', size: [50, 50], count: 3 }] });
  });
});
