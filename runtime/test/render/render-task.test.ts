/**
 * The render task on a real DuckDB: a 200k-row scatter evaluates to one image row (not
 * its rows), the image is drawn where Vega's scales put the points, a zoom (a new domain)
 * draws anew while the same view is served from the cache, and a mark the runtime cannot
 * draw is a structured error with its path.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { arrowToRows, decodeArrow, encodeJsonValue, Namespace, type ITaskGraph, type ITaskNode } from '@vegafusion-ts/proto';
import { scale as vegaScale, scheme } from 'vega-scale';
import { createServices, defaultConfig, evaluateQuery, type EvaluateServices } from '../../src/index.js';
import type { SqlEngine } from '../../src/engine/duckdb.js';
import { RuntimeError } from '../../src/errors.js';
import { ident } from '../../src/engine/sql.js';
import { ORDER_COLUMN } from '../../src/engine/types.js';
import { renderTask } from '../../src/render/index.js';
import { decodePng } from './png-decode.js';

const ROWS = 200_000;

let services: EvaluateServices;
let engine: SqlEngine;

beforeAll(async () => {
  const made = await createServices(defaultConfig());
  services = made.services;
  engine = made.engine;
});
afterAll(async () => engine?.close());

const signal = (name: string, value: unknown): ITaskNode => ({ variable: { name, namespace: Namespace.NAMESPACE_SIGNAL }, task: { value: { json: encodeJsonValue(value) } } });

/** Points on a grid of 500 x 400 cells, colored by row parity; one extra point at (250, 200) last. */
function scatterGraph(mark: object, xDomain: number[] = [0, 1000]): ITaskGraph {
  return {
    nodes: [
      {
        variable: { name: 'points', namespace: Namespace.NAMESPACE_DATA },
        task: {
          values: {
            valuesJson: '[]',
            pipelineJson: JSON.stringify([
              { type: 'sequence', start: 0, stop: ROWS },
              { type: 'formula', expr: 'datum.data < 199999 ? (datum.data % 500) * 2 : 500', as: 'x' },
              { type: 'formula', expr: 'datum.data < 199999 ? floor(datum.data / 500) * 2.5 : 500', as: 'y' },
              { type: 'formula', expr: "datum.data < 199999 ? (datum.data % 2 ? 'odd' : 'even') : 'last'", as: 'c' },
            ]),
          },
        },
      },
      signal('width', 200), signal('height', 100), signal('xd', xDomain),
      { variable: { name: 'image', namespace: Namespace.NAMESPACE_DATA }, task: { render: { source: 'points', markJson: JSON.stringify(mark) } }, parents: [0, 1, 2, 3] },
    ],
  };
}

const MARK = {
  mark: 'symbol', width: { signal: 'width' }, height: { signal: 'height' }, pixelRatio: 2,
  encode: { x: { scale: 'x', field: 'x' }, y: { scale: 'y', field: 'y' }, fill: { scale: 'color', field: 'c' }, size: { value: 4 } },
  scales: {
    x: { type: 'linear', domain: { signal: 'xd' }, range: [0, 200] },
    y: { type: 'linear', domain: [0, 1000], range: [100, 0] },
    color: { type: 'ordinal', domain: ['even', 'odd', 'last'], range: ['#0000ff', '#0000ff', '#ff0000'] },
  },
};

async function image(graph: ITaskGraph) {
  const result = await evaluateQuery({ timeZone: 'UTC', graph, items: [{ node: 4 }] }, services);
  const rows = arrowToRows(decodeArrow(result.values?.[0]?.value?.arrow ?? new Uint8Array())) as { url: string; x: number; y: number; width: number; height: number }[];
  return { rows, stats: result.stats };
}

describe('render task', () => {
  it('evaluates a 200k-row scatter to one image, drawn where the scales put the points', async () => {
    const { rows } = await image(scatterGraph(MARK));
    expect(rows).toHaveLength(1);
    const row = rows[0];
    expect(row.url.startsWith('data:image/png;base64,')).toBe(true);
    // A point of area 4 (radius 1) reaches past the group on every side: by 1 px left and
    // bottom (x = 0, y = 0), by 0.6 and 0.75 px right and top (x(998) = 199.6, y(997.5) = 0.25),
    // which Vega's layout rounds up to whole pixels as the image does.
    expect([row.x, row.y, row.width, row.height]).toEqual([-1, -1, 202, 102]);
    const png = decodePng(Buffer.from(row.url.slice(row.url.indexOf(',') + 1), 'base64'));
    expect([png.width, png.height]).toEqual([404, 204]);
    // The last row, drawn last, at x(500) = 100 and y(500) = 50 in the group: red, opaque.
    const at = (gx: number, gy: number) => {
      const i = (Math.floor((gy - row.y) * 2) * png.width + Math.floor((gx - row.x) * 2)) * 4;
      return [...png.rgba.subarray(i, i + 4)];
    };
    expect(at(100, 50)).toEqual([255, 0, 0, 255]);
    // Grid points every 0.4 px across and 0.25 px down cover the plot: blue away from the red point.
    expect(at(20.3, 80.3)).toEqual([0, 0, 255, 255]);
    // Antialiased edges: the last column, 1.15 px from the rightmost points, is partly covered.
    const edge = at(200.9, 50)[3];
    expect(edge).toBeGreaterThan(0);
    expect(edge).toBeLessThan(128);
    // Bytes: an image, not 200k rows.
    expect(row.url.length).toBeLessThan(50_000);
  });

  it('draws a new domain anew and serves the same view from the cache', async () => {
    const first = await image(scatterGraph(MARK));
    const again = await image(scatterGraph(MARK));
    expect(again.stats?.cacheHits).toBe(1);
    expect(again.rows[0].url).toBe(first.rows[0].url);
    // Zoomed into the left half: the red point at x = 500 now sits on the right edge.
    const zoomed = await image(scatterGraph(MARK, [0, 500]));
    expect(zoomed.stats?.cacheHits).toBe(0);
    expect(zoomed.rows[0].url).not.toBe(first.rows[0].url);
    const png = decodePng(Buffer.from(zoomed.rows[0].url.split(',')[1], 'base64'));
    const i = (Math.floor((50 - zoomed.rows[0].y) * 2) * png.width + Math.floor((200 - 0.5 - zoomed.rows[0].x) * 2)) * 4;
    expect([...png.rgba.subarray(i, i + 4)]).toEqual([255, 0, 0, 255]);
  });

  it('maps positions with the same arithmetic as vega-scale', async () => {
    // The fast path (no call per value) against the scale itself, at a reversed range.
    const { mapAffine } = await import('../../src/render/scales.js');
    const make = vegaScale('linear');
    if (!make) throw new Error('vega-scale has no linear scale');
    const s = make().domain([3.7, -1.2]).range([0, 733]);
    const values = Float64Array.from({ length: 1000 }, (_, i) => Math.sin(i) * 10);
    const out = new Float64Array(values.length);
    mapAffine({ d0: 3.7, d1: -1.2, r0: 0, r1: 733 }, values, out);
    expect([...out]).toEqual([...values].map((v) => s(v)));
  });

  it('refuses a shape it does not draw, with a code and the path of the channel', async () => {
    const mark = { ...MARK, encode: { ...MARK.encode, shape: { value: 'cross' } } };
    const error = await evaluateQuery({ timeZone: 'UTC', graph: scatterGraph(mark), items: [{ node: 4 }] }, services).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RuntimeError);
    expect((error as RuntimeError).code).toBe('unsupported_transform');
    expect((error as RuntimeError).path).toBe('/nodes/4/task/render/mark_json/encode/shape');
  });

  it('refuses a mark JSON that is not JSON, and a field the dataset lacks', async () => {
    const bad = scatterGraph(MARK);
    (bad.nodes ?? [])[4].task = { render: { source: 'points', markJson: '{"mark":' } };
    const e1 = await evaluateQuery({ timeZone: 'UTC', graph: bad, items: [{ node: 4 }] }, services).catch((e: unknown) => e);
    expect((e1 as RuntimeError).code).toBe('bad_data');
    const missing = { ...MARK, encode: { ...MARK.encode, x: { scale: 'x', field: 'nope' } } };
    const e2 = await evaluateQuery({ timeZone: 'UTC', graph: scatterGraph(missing), items: [{ node: 4 }] }, services).catch((e: unknown) => e);
    expect((e2 as RuntimeError).code).toBe('missing_field');
    expect((e2 as RuntimeError).path).toBe('/nodes/4/task/render/mark_json');
  });
});

describe('points counted per cell by DuckDB', () => {
  it('draws the picture drawing every row gives', async () => {
    await engine.exec(`CREATE OR REPLACE TABLE render_pts AS SELECT (i * 7919) % 1000 + 0.37 AS x, (i * 104729) % 997 * 1.0 AS y, i AS ${ident(ORDER_COLUMN)} FROM range(100000) t(i)`);
    const relation = { sql: `SELECT x, y, ${ident(ORDER_COLUMN)} FROM render_pts`, schema: [{ name: 'x', type: 'number' as const }, { name: 'y', type: 'number' as const }] };
    const base = {
      mark: 'symbol', width: 300, height: 200, pixelRatio: 2,
      encode: { x: { scale: 'x', field: 'x' }, y: { scale: 'y', field: 'y' }, fill: { value: '#4c78a8' }, opacity: { value: 0.3 }, stroke: { value: 'transparent' } },
      scales: { x: { type: 'linear', domain: [0, 1000], range: [0, 300] }, y: { type: 'linear', domain: [0, 1000], range: [200, 0] }, s: { type: 'linear', domain: [0, 1], range: [9, 9] } },
    };
    const binned = await renderTask({ source: 'p', markJson: JSON.stringify({ ...base, encode: { ...base.encode, size: { value: 9 } } }) }, engine, relation, () => undefined);
    // A size read from the rows (the same for all) sends every row through the drawing loop.
    const rows = await renderTask({ source: 'p', markJson: JSON.stringify({ ...base, encode: { ...base.encode, size: { scale: 's', field: 'x' } } }) }, engine, relation, () => undefined);
    expect([binned.path, rows.path]).toEqual(['binned', 'rows']);
    expect(binned.drawn).toBe(100_000);
    expect(binned.row).toMatchObject({ x: rows.row.x, y: rows.row.y, width: rows.row.width, height: rows.row.height });
    const a = decodePng(binned.png);
    const b = decodePng(rows.png);
    let same = 0;
    for (let i = 0; i < a.rgba.length; i += 4) {
      if ([0, 1, 2, 3].every((c) => Math.abs(a.rgba[i + c] - b.rgba[i + c]) <= 8)) same++;
    }
    expect(same / (a.rgba.length / 4)).toBeGreaterThan(0.999);
  });
});

describe('the drawn columns kept in a table', () => {
  it('draws the same picture from the source, while copying it, and from the copy', async () => {
    await engine.exec(`CREATE OR REPLACE TABLE render_src AS SELECT i % 300 + 0.5 AS x, (i * 7) % 200 + 0.25 AS y, CASE WHEN i % 3 = 0 THEN 'odd' ELSE 'even' END AS c, i AS ${ident(ORDER_COLUMN)} FROM range(5000) t(i)`);
    const relation = {
      sql: `SELECT x, y, c, ${ident(ORDER_COLUMN)} FROM render_src WHERE x > 10`,
      schema: [{ name: 'x', type: 'number' as const }, { name: 'y', type: 'number' as const }, { name: 'c', type: 'string' as const }],
    };
    const mark = JSON.stringify({ ...MARK, width: 300, height: 200, scales: { ...MARK.scales, x: { type: 'linear', domain: [0, 300], range: [0, 300] }, y: { type: 'linear', domain: [0, 200], range: [200, 0] } } });
    const before = await engine.queryRows(`SELECT count(*) AS n FROM duckdb_tables() WHERE table_name LIKE 'vf_render_%'`);
    const pngs = [];
    for (let k = 0; k < 3; k++) pngs.push((await renderTask({ source: 'p', markJson: mark }, engine, relation, () => undefined)).png);
    const after = await engine.queryRows(`SELECT count(*) AS n FROM duckdb_tables() WHERE table_name LIKE 'vf_render_%'`);
    expect(Number(after[0].n)).toBe(Number(before[0].n) + 1);
    expect(Buffer.from(pngs[1]).equals(Buffer.from(pngs[0]))).toBe(true);
    expect(Buffer.from(pngs[2]).equals(Buffer.from(pngs[0]))).toBe(true);
  });
});

describe('bounds on what a client can ask', () => {
  it('refuses an image past the pixel bound and points that would cover too many pixels', async () => {
    const big = { ...MARK, width: { signal: 'width' }, pixelRatio: 8 };
    const g1 = scatterGraph(big);
    // 8000 x 8000 device pixels: within the bound on a side, past the bound on all.
    (g1.nodes ?? [])[1] = signal('width', 1000);
    (g1.nodes ?? [])[2] = signal('height', 1000);
    const e1 = await evaluateQuery({ timeZone: 'UTC', graph: g1, items: [{ node: 4 }] }, services).catch((e: unknown) => e);
    expect((e1 as RuntimeError).code).toBe('limit_exceeded');
    // 200k points, each as large as the image: more work than a render may take.
    const huge = { ...MARK, encode: { ...MARK.encode, size: { value: 1e6 } } };
    const e2 = await evaluateQuery({ timeZone: 'UTC', graph: scatterGraph(huge), items: [{ node: 4 }] }, services).catch((e: unknown) => e);
    expect((e2 as RuntimeError).code).toBe('limit_exceeded');
    expect((e2 as RuntimeError).message).toMatch(/would touch more than/);
  });
});

describe('density mode', () => {
  it('colors each pixel by the log of its row count over the largest', async () => {
    // 1000 rows at one spot, 10 at another, 1 at a third, on a 10 x 10 group.
    await engine.exec(`CREATE OR REPLACE TABLE density_pts AS
      SELECT CASE WHEN i < 1000 THEN 2.5 WHEN i < 1010 THEN 7.5 ELSE 5.5 END AS x,
             CASE WHEN i < 1000 THEN 2.5 WHEN i < 1010 THEN 7.5 ELSE 1.5 END AS y, i AS ${ident(ORDER_COLUMN)} FROM range(1011) t(i)`);
    const relation = { sql: `SELECT x, y, ${ident(ORDER_COLUMN)} FROM density_pts`, schema: [{ name: 'x', type: 'number' as const }, { name: 'y', type: 'number' as const }] };
    const mark = {
      mark: 'symbol', width: 10, height: 10, pixelRatio: 1, density: { scheme: 'greys' },
      encode: { x: { scale: 'x', field: 'x' }, y: { scale: 'y', field: 'y' } },
      scales: { x: { type: 'linear', domain: [0, 10], range: [0, 10] }, y: { type: 'linear', domain: [0, 10], range: [0, 10] } },
    };
    const r = await renderTask({ source: 'p', markJson: JSON.stringify(mark) }, engine, relation, () => undefined);
    expect(r.path).toBe('density');
    expect(r.drawn).toBe(1011);
    expect(r.row).toMatchObject({ x: 0, y: 0, width: 10, height: 10 });
    const png = decodePng(r.png);
    const px = (x: number, y: number) => [...png.rgba.subarray((y * 10 + x) * 4, (y * 10 + x) * 4 + 4)];
    const greys = scheme('greys') as (t: number) => string;
    const grey = (t: number) => Number(/rgb\((\d+)/.exec(greys(t))?.[1]);
    expect(px(2, 2)).toEqual([grey(1), grey(1), grey(1), 255]);
    expect(px(7, 7)[0]).toBe(grey(Math.round((Math.log1p(10) / Math.log1p(1000)) * 255) / 255));
    expect(px(5, 1)[0]).toBe(grey(Math.round((Math.log1p(1) / Math.log1p(1000)) * 255) / 255));
    expect(px(0, 0)).toEqual([0, 0, 0, 0]);
  });
});
