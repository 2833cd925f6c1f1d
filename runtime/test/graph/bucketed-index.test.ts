/**
 * Brushes over continuous columns of many values (floats with duplicates, NaN, null and
 * -0; timestamps across daylight saving) answered from bucketed indexes: 1-D and 2-D
 * interval brushes, point stores, two stores at once, intersect, edges on values and
 * between them, empty, reversed and whole-range brushes. Each answer equals the plain
 * query and Vega, bit for bit. Small buckets make most brushes cut boxes, so the rows at
 * the edges are tested one by one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Float64, Table, TimestampMillisecond, Utf8, tableToIPC, vectorFromArray } from 'apache-arrow';
import { arrowToRows, decodeArrow, encodeJsonValue, Namespace, type ITaskGraph, type ITaskNode } from '@vegafusion-ts/proto';
import { defaultConfig } from '../../src/config.js';
import { createDuckDbEngine, type SqlEngine } from '../../src/engine/duckdb.js';
import { evaluateQuery, type EvaluateServices } from '../../src/graph/evaluate.js';
import { createIndexStore, type BucketLimits, type IndexStore } from '../../src/graph/preaggregate/index.js';
import type { BucketedIndex } from '../../src/engine/indexes/index.js';
import type { Logger } from '../../src/logger.js';
import { createServices } from '../../src/runtime.js';
import { normalizeValue } from '../support/compare.js';
import { runVega, type Row } from '../support/vega-oracle.js';

const N = 4000;
const DAY = 86_400_000;

/** Deterministic rows: x floats on a coarse grid (duplicates), y floats, t spanning a DST change, integer weights. */
function makeRows(): Row[] {
  let s = 987654321;
  const next = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  const cats = ['a', 'b', 'c', 'd'];
  return Array.from({ length: N }, (_, i) => {
    const r = next();
    const x = i % 211 === 0 ? null : i % 173 === 0 ? NaN : i % 157 === 0 ? -0 : Math.round((next() * 200 - 100) * 64) / 64;
    return {
      x,
      y: i % 191 === 0 ? null : Math.round(next() * 1e6) / 1e4,
      t: new Date(Date.UTC(2021, 2, 1) + Math.floor(r * 40 * DAY) + (i % 7)),
      w: Math.floor(next() * 41) - 20,
      cat: cats[Math.floor(next() * cats.length)],
    };
  });
}

const DATA = makeRows();
const ARROW = tableToIPC(new Table({
  x: vectorFromArray(DATA.map((r) => r.x as number | null), new Float64()),
  y: vectorFromArray(DATA.map((r) => r.y as number | null), new Float64()),
  t: vectorFromArray(DATA.map((r) => (r.t as Date).getTime()), new TimestampMillisecond()),
  w: vectorFromArray(DATA.map((r) => r.w as number), new Float64()),
  cat: vectorFromArray(DATA.map((r) => r.cat as string), new Utf8()),
}), 'stream');

const BRUSH = '!length(data("brush_store")) || vlSelectionTest("brush_store", datum)';
const BY_CAT = { type: 'aggregate', groupby: ['cat'], ops: ['count', 'sum', 'min', 'max', 'valid', 'missing'], fields: [null, 'w', 'y', 't', 'x', 'x'], as: ['n', 'sum_w', 'min_y', 'max_t', 'valid_x', 'missing_x'] };
const BY_DAY = { type: 'aggregate', groupby: ['day'], ops: ['count'], fields: [null], as: ['n'] };
const DAY_FORMULA = { type: 'formula', expr: 'datetime(year(datum.t), month(datum.t), date(datum.t))', as: 'day' };
/** Ops Vega folds row by row: exact only when the kept rows are folded in Vega's order. */
const FOLDED = {
  type: 'aggregate', groupby: ['cat'], ops: ['mean', 'variance', 'stdevp', 'stderr', 'sum', 'average', 'mean', 'count'],
  fields: ['y', 'y', 'x', 'y', 'y', 't', 'w', null], as: ['mean_y', 'var_y', 'sd_x', 'se_y', 'sum_y', 'mean_t', 'mean_w', 'n'],
};
const ALL_ROWS = { type: 'aggregate', ops: ['count', 'sum'], fields: [null, 'w'], as: ['n', 'sum_w'] };

type Store = Row[];
const interval = (unit: string, field: string, lo: unknown, hi: unknown): Row => ({ unit, fields: [{ field, channel: 'x', type: 'R' }], values: [[lo, hi]] });
const box = (unit: string, x: [number, number], y: [number, number]): Row => ({
  unit, fields: [{ field: 'x', channel: 'x', type: 'R' }, { field: 'y', channel: 'y', type: 'R' }], values: [x, y],
});
const point = (unit: string, field: string, ...values: unknown[]): Row => ({ unit, fields: [{ field, type: 'E' }], values: [values.length === 1 ? values[0] : values] });

function dataNode(name: string, task: ITaskNode['task'], parents: number[] = []): ITaskNode {
  return { variable: { name, namespace: Namespace.NAMESPACE_DATA }, task, parents };
}

/** A filtered aggregate (node 3); `filterExpr` may be several filters in a row, joined by " ;; ". */
function graph(stores: Store, aggregate: Row, filterExpr: string, before: Row[] = []): ITaskGraph {
  const filters = filterExpr.split(' ;; ').map((expr) => ({ type: 'filter', expr }));
  return {
    nodes: [
      dataNode('source_0', { value: { arrow: ARROW } }),
      dataNode('brush_store', { value: { json: encodeJsonValue(stores) } }),
      dataNode('base', { source: { source: 'source_0', pipelineJson: JSON.stringify(before) } }, [0]),
      dataNode('agg', { source: { source: 'base', pipelineJson: JSON.stringify([...filters, aggregate]) } }, [2, 1]),
    ],
  };
}

let engine: SqlEngine;
let indexed: EvaluateServices;
let plain: EvaluateServices;
let store: IndexStore;
const debug: { message: string; fields?: Record<string, unknown> }[] = [];

beforeAll(async () => {
  engine = await createDuckDbEngine({ connections: 2, threads: 2 });
  const logger: Logger = { debug: (message, fields) => { debug.push({ message, fields }); }, info() {}, warn() {}, error() {} };
  indexed = (await createServices(defaultConfig(), engine)).services;
  // Bucketed whatever the number of values, with few boxes: many rows per box, so brushes cut boxes.
  store = createIndexStore({ engine, logger, bucketedFromCells: 0, bucketCells: 96 });
  indexed.indexes = store;
  plain = (await createServices(defaultConfig(), engine)).services;
  plain.indexes = undefined;
});

afterAll(async () => engine?.close());

async function evaluate(services: EvaluateServices, g: ITaskGraph): Promise<Row[]> {
  const result = await evaluateQuery({ requestId: 1, timeZone: 'America/New_York', graph: g, items: [{ node: 3 }] }, services);
  return arrowToRows(decodeArrow(result.values![0].value!.arrow!)).map((r) => normalizeValue(r) as Row);
}

async function vegaRows(stores: Store, aggregate: Row, filterExpr: string, before: Row[]): Promise<Row[]> {
  const out = await runVega({
    values: DATA, datasets: { brush_store: stores }, timeZone: 'America/New_York',
    transform: [...before, ...filterExpr.split(' ;; ').map((expr) => ({ type: 'filter', expr })), aggregate],
  });
  return out.rows.map((r) => normalizeValue(r) as Row);
}

/** The indexed answer equals the plain query's and Vega's, and came from a bucketed index. */
async function expectExact(stores: Store, aggregate: Row, filterExpr = BRUSH, before: Row[] = []): Promise<Row[]> {
  const g = graph(stores, aggregate, filterExpr, before);
  const answered = store.stats().answeredBucketed;
  const got = await evaluate(indexed, g);
  const reference = await evaluate(plain, g);
  expect(got).toEqual(reference);
  expect(undefinedAsNaN(reference)).toEqual(undefinedAsNaN(await vegaRows(stores, aggregate, filterExpr, before)));
  if (stores.length > 0) expect(store.stats().answeredBucketed).toBe(answered + 1);
  return got;
}

/**
 * Rows with each null measure as NaN: an aggregate Vega leaves undefined (a mean without a
 * valid value) is NaN in a table, where undefined cannot be.
 */
function undefinedAsNaN(rows: Row[]): Row[] {
  return rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v === null && k !== 'cat' && k !== 'region' ? NaN : v])));
}

const xs = DATA.map((r) => r.x).filter((v): v is number => typeof v === 'number' && !Number.isNaN(v));
const ys = DATA.map((r) => r.y).filter((v): v is number => typeof v === 'number');

/** A brush edge: a data value, a value between data values, or outside the data. */
const edge = (values: number[]) => fc.oneof(
  fc.constantFrom(...values.slice(0, 400)),
  fc.double({ min: -120, max: 120, noNaN: true }),
  fc.constantFrom(-1e9, 1e9, 0, -0),
);

/**
 * A crossfilter view as Vega-Lite plans it: a dataset filtered by one selection, read by
 * one that adds two more selection filters, a day formula and the aggregate.
 */
function chainGraph(a: Store, b: Store, c: Store, second: Row[]): ITaskGraph {
  return {
    nodes: [
      dataNode('source_0', { value: { arrow: ARROW } }),
      dataNode('a_store', { value: { json: encodeJsonValue(a) } }),
      dataNode('b_store', { value: { json: encodeJsonValue(b) } }),
      dataNode('c_store', { value: { json: encodeJsonValue(c) } }),
      dataNode('data_1', { source: { source: 'source_0', pipelineJson: JSON.stringify([{ type: 'filter', expr: storeFilter('a_store') }]) } }, [0, 1]),
      dataNode('data_2', { source: { source: 'data_1', pipelineJson: JSON.stringify(second) } }, [4, 2, 3]),
    ],
  };
}
const storeFilter = (name: string) => `!length(data("${name}")) || vlSelectionTest("${name}", datum)`;

describe('bucketed indexes for brushes over continuous columns', () => {
  it('a view filtered by three selections over a chain of datasets, with a formula between filters and aggregate', async () => {
    const second = [{ type: 'filter', expr: storeFilter('b_store') }, { type: 'filter', expr: storeFilter('c_store') }, DAY_FORMULA, BY_DAY];
    const cases: [Store, Store, Store][] = [
      [[interval('a', 'x', -30, 30)], [], []],
      [[interval('a', 'x', -30, 30)], [interval('b', 't', Date.UTC(2021, 2, 5), Date.UTC(2021, 2, 25))], []],
      [[], [interval('b', 'y', 10, 60)], [point('c', 'cat', 'b')]],
    ];
    for (const [a, b, c] of cases) {
      const g = chainGraph(a, b, c, second);
      const answered = store.stats().answeredBucketed + store.stats().answeredInMemory;
      const run = async (services: EvaluateServices) => {
        const result = await evaluateQuery({ requestId: 1, timeZone: 'America/New_York', graph: g, items: [{ node: 5 }] }, services);
        return arrowToRows(decodeArrow(result.values![0].value!.arrow!)).map((r) => normalizeValue(r) as Row);
      };
      const got = await run(indexed);
      expect(got).toEqual(await run(plain));
      const vega = await runVega({
        values: DATA, datasets: { a_store: a, b_store: b, c_store: c }, timeZone: 'America/New_York',
        transform: [{ type: 'filter', expr: storeFilter('a_store') }, ...second],
      });
      expect(got).toEqual(vega.rows.map((r) => normalizeValue(r) as Row));
      expect(got.length).toBeGreaterThan(0);
      expect(store.stats().answeredBucketed + store.stats().answeredInMemory).toBe(answered + 1);
    }
    // A formula after the selection filter that rewrites the brushed field: the store tests
    // the value before it, so no index serves it.
    const rewrite = [{ type: 'filter', expr: storeFilter('b_store') }, { type: 'formula', expr: 'datum.y * 2', as: 'y' }, BY_CAT];
    const g = chainGraph([], [interval('b', 'y', 10, 60)], [], rewrite);
    const result = await evaluateQuery({ requestId: 1, timeZone: 'America/New_York', graph: g, items: [{ node: 5 }] }, indexed);
    const plainResult = await evaluateQuery({ requestId: 1, timeZone: 'America/New_York', graph: g, items: [{ node: 5 }] }, plain);
    expect(arrowToRows(decodeArrow(result.values![0].value!.arrow!))).toEqual(arrowToRows(decodeArrow(plainResult.values![0].value!.arrow!)));
    expect(debug.some((d) => String(d.fields?.reason).includes('"y", which a transform after the selection filter writes'))).toBe(true);
  }, 180_000);

  it('1-D brushes on floats: on values, between them, reversed, one value wide, whole range, outside', async () => {
    const cuts = () => debug.filter((d) => d.message.includes('bucketed index') && Number(d.fields?.cutBoxes) > 0).length;
    const before = cuts();
    const v = xs[17];
    const some = await expectExact([interval('u', 'x', -40.5, 62.25)], BY_CAT);
    expect(some.length).toBe(4);
    await expectExact([interval('u', 'x', 62.25, -40.5)], BY_CAT);
    await expectExact([interval('u', 'x', v, v)], BY_CAT);
    await expectExact([interval('u', 'x', -1e9, 1e9)], BY_CAT);
    expect(await expectExact([interval('u', 'x', 500, 600)], BY_CAT)).toEqual([]);
    // A null reads as 0 to Vega's range test: rows without x pass a brush over 0.
    await expectExact([interval('u', 'x', -0.5, 0.5)], BY_CAT);
    await expectExact([interval('u', 'y', 20.25, 33.5)], ALL_ROWS);
    expect(cuts()).toBeGreaterThan(before);
    expect(store.stats().bucketedBuilt).toBeGreaterThanOrEqual(2);
  });

  it('random 1-D and 2-D brushes equal the plain query and Vega', async () => {
    await fc.assert(fc.asyncProperty(edge(xs), edge(xs), edge(ys), edge(ys), fc.boolean(), async (x0, x1, y0, y1, twoD) => {
      const stores = twoD ? [box('u', [x0, x1], [y0, y1])] : [interval('u', 'x', x0, x1)];
      await expectExact(stores, BY_CAT);
    }), { numRuns: 25, seed: 42 });
  });

  it('random data (duplicates, NaN, null, -0, negatives) and random brushes equal the plain query and Vega', async () => {
    const value = fc.oneof(
      { weight: 6, arbitrary: fc.integer({ min: -40, max: 40 }).map((n) => n / 4) },
      { weight: 1, arbitrary: fc.constantFrom(null, NaN, -0, 0) },
    );
    const rowArb = fc.record({ x: value, w: fc.integer({ min: -9, max: 9 }), cat: fc.constantFrom('a', 'b', 'c') });
    const answered = store.stats().answeredBucketed;
    await fc.assert(fc.asyncProperty(fc.array(rowArb, { minLength: 1, maxLength: 300 }), edge([-10, -2.5, 0, 3.75, 10]), edge([-10, 0, 10]), async (rows, lo, hi) => {
      const arrow = tableToIPC(new Table({
        x: vectorFromArray(rows.map((r) => r.x), new Float64()),
        w: vectorFromArray(rows.map((r) => r.w), new Float64()),
        cat: vectorFromArray(rows.map((r) => r.cat), new Utf8()),
      }), 'stream');
      const stores = [interval('u', 'x', lo, hi)];
      const aggregate = {
        type: 'aggregate', groupby: ['cat'], ops: ['count', 'sum', 'min', 'max', 'valid', 'mean', 'variance', 'sum'],
        fields: [null, 'w', 'x', 'x', 'x', 'x', 'x', 'x'], as: ['n', 's', 'lo', 'hi', 'v', 'm', 'var', 'sx'],
      };
      const g = graph(stores, aggregate, BRUSH);
      g.nodes![0] = dataNode('source_0', { value: { arrow } });
      const got = await evaluate(indexed, g);
      expect(got).toEqual(await evaluate(plain, g));
      const vega = await runVega({ values: rows, datasets: { brush_store: stores }, timeZone: 'America/New_York', transform: [{ type: 'filter', expr: BRUSH }, aggregate] });
      expect(undefinedAsNaN(got)).toEqual(undefinedAsNaN(vega.rows.map((r) => normalizeValue(r) as Row)));
    }), { numRuns: 30, seed: 7 });
    // Most runs' data holds many values for its rows: a bucketed index answered them.
    expect(store.stats().answeredBucketed - answered).toBeGreaterThan(10);
  });

  it('time brushes across a daylight saving change, with days (local midnights) as groups', async () => {
    const lo = Date.UTC(2021, 2, 12, 15, 30);
    const hi = Date.UTC(2021, 2, 20, 3);
    await expectExact([interval('u', 't', lo, hi)], BY_DAY, BRUSH, [DAY_FORMULA]);
    await expectExact([interval('u', 't', new Date(lo), new Date(hi))], BY_CAT);
    const t = (DATA[5].t as Date).getTime();
    await expectExact([interval('u', 't', t, t)], BY_CAT);
    await expectExact([interval('u', 't', t + 1, t + 3)], BY_DAY, BRUSH, [DAY_FORMULA]);
  });

  it('point stores, several stores, intersect and other filters around the test', async () => {
    await expectExact([point('p', 'x', xs[3])], BY_CAT);
    await expectExact([point('p', 'x', xs[3], xs[9], 1e9)], BY_CAT);
    await expectExact([point('p', 'x', NaN)], BY_CAT);
    // A brush on a float and a click on a category: the category is coded, one box per value.
    await expectExact([interval('a', 'x', -50, 50), point('c', 'cat', 'b')], BY_DAY, 'vlSelectionTest("brush_store", datum, "intersect")', [DAY_FORMULA]);
    await expectExact([interval('a', 'x', -50, 50), point('c', 'cat', 'b'), point('c', 'cat', 'zz')], BY_CAT, 'vlSelectionTest("brush_store", datum)');
    const two = [interval('a', 'x', -50, 50), interval('b', 'y', 20, 70)];
    await expectExact(two, BY_CAT, 'vlSelectionTest("brush_store", datum, "intersect")');
    await expectExact(two, BY_CAT, 'vlSelectionTest("brush_store", datum)');
    await expectExact([interval('a', 'x', -50, 50)], BY_CAT, '!(vlSelectionTest("brush_store", datum)) || datum.y > 50');
    await expectExact([interval('a', 'x', -50, 50)], BY_CAT, 'vlSelectionTest("brush_store", datum) ? datum.x > 10 : false');
    // Comparisons of a filtered column with a constant are decided per box as well.
    await expectExact([interval('a', 'x', -50, 50)], BY_CAT, `vlSelectionTest("brush_store", datum) && datum.t >= ${Date.UTC(2021, 2, 15)}`);
    await expectExact([interval('a', 'x', -50, 50)], BY_CAT, `vlSelectionTest("brush_store", datum) || datum.x == ${xs[5]} || null < datum.y`);
    // A view filtered by two selections in a row (a crossfilter): one index over both brushed columns.
    const brushY = '!length(data("brush_store")) || vlSelectionTest("brush_store", datum, "intersect")';
    await expectExact(two, BY_CAT, `${BRUSH} ;; ${brushY}`);
  });

  it('a brush on a field looked up from another dataset, and a view of a dataset sharing the brushed source', async () => {
    // Each category's region and score come from a second dataset; the brush tests the score.
    const regions = [{ cat: 'a', region: 'north', score: 1.25 }, { cat: 'b', region: 'south', score: -3.5 }, { cat: 'c', region: 'north', score: 7 }, { cat: 'd', region: 'east', score: 0.5 }];
    const lookup = { type: 'lookup', from: 'regions', key: 'cat', fields: ['cat'], values: ['region', 'score'] };
    const byRegion = { type: 'aggregate', groupby: ['region'], ops: ['count', 'mean'], fields: [null, 'y'], as: ['n', 'mean_y'] };
    const lookupGraph = (stores: Store, second: boolean): ITaskGraph => ({
      nodes: [
        dataNode('source_0', { value: { arrow: ARROW } }),
        dataNode('brush_store', { value: { json: encodeJsonValue(stores) } }),
        dataNode('regions', { value: { json: encodeJsonValue(regions) } }),
        dataNode('base', { source: { source: 'source_0', pipelineJson: JSON.stringify([lookup]) } }, [0, 2]),
        // Two views over the same base: one by region, one by category, both filtered by the brush.
        dataNode('agg', { source: { source: 'base', pipelineJson: JSON.stringify([{ type: 'filter', expr: BRUSH }, second ? BY_CAT : byRegion]) } }, [3, 1]),
      ],
    });
    for (const [stores, second] of [
      [[interval('u', 'score', -1, 2)], false], [[interval('u', 'score', 0.5, 7)], true], [[box('u', [-40, 40], [10, 60]), interval('v', 'score', 1, 8)], false],
    ] as [Store, boolean][]) {
      const g = lookupGraph(stores, second);
      const answered = store.stats().answeredBucketed + store.stats().answeredInMemory;
      const run = async (services: EvaluateServices) => {
        const result = await evaluateQuery({ requestId: 1, timeZone: 'America/New_York', graph: g, items: [{ node: 4 }] }, services);
        return arrowToRows(decodeArrow(result.values![0].value!.arrow!)).map((r) => normalizeValue(r) as Row);
      };
      const got = await run(indexed);
      expect(got).toEqual(await run(plain));
      const withRegions = DATA.map((r) => {
        const m = regions.find((x) => x.cat === r.cat);
        return { ...r, region: m?.region ?? null, score: m?.score ?? null };
      });
      const vega = await runVega({ values: withRegions, datasets: { brush_store: stores }, timeZone: 'America/New_York', transform: [{ type: 'filter', expr: BRUSH }, second ? BY_CAT : byRegion] });
      expect(undefinedAsNaN(got)).toEqual(undefinedAsNaN(vega.rows.map((r) => normalizeValue(r) as Row)));
      expect(got.length).toBeGreaterThan(0);
      expect(store.stats().answeredBucketed + store.stats().answeredInMemory).toBe(answered + 1);
    }
  });

  it('refuses an index over its byte budget before building it, and answers by the plain query', async () => {
    const small = createIndexStore({ engine, logger: indexed.indexes!.logger, bucketedFromCells: 0, maxBytes: 64 * 1024 });
    const services = (await createServices(defaultConfig(), engine)).services;
    services.indexes = small;
    const g = graph([interval('u', 'x', -20, 20)], BY_CAT, BRUSH);
    const before = debug.length;
    expect(await evaluate(services, g)).toEqual(await evaluate(plain, g));
    expect(small.stats().bucketedBuilt).toBe(0);
    expect(small.stats().answeredBucketed).toBe(0);
    expect(debug.slice(before).some((d) => String(d.fields?.reason).includes('over its budget'))).toBe(true);
  });

  it('means, variances, deviations and sums of fractions fold the kept rows in Vega\'s order', async () => {
    await expectExact([interval('u', 'x', -40.5, 62.25)], FOLDED);
    await expectExact([interval('u', 'x', -1e9, 1e9)], FOLDED);
    expect(await expectExact([interval('u', 'x', 500, 600)], FOLDED)).toEqual([]);
    await expectExact([box('u', [-30, 45.5], [10, 70])], FOLDED);
    await expectExact([interval('a', 'x', -50, 50), point('c', 'cat', 'b')], FOLDED, 'vlSelectionTest("brush_store", datum, "intersect")');
    await fc.assert(fc.asyncProperty(edge(xs), edge(xs), edge(ys), edge(ys), fc.boolean(), async (x0, x1, y0, y1, twoD) => {
      await expectExact(twoD ? [box('u', [x0, x1], [y0, y1])] : [interval('u', 'x', x0, x1)], FOLDED);
    }), { numRuns: 15, seed: 11 });
  });

  it('refuses what partial aggregates cannot reproduce, saying why', async () => {
    const refused = () => debug.filter((d) => d.message.includes('not used')).map((d) => String(d.fields?.reason));
    const before = refused().length;
    const median = { type: 'aggregate', groupby: ['cat'], ops: ['median'], fields: ['y'], as: ['m'] };
    const g = graph([interval('u', 'x', -10, 10)], median, BRUSH);
    expect(await evaluate(indexed, g)).toEqual(await evaluate(plain, g));
    const strings = { type: 'aggregate', groupby: ['x'], ops: ['mean'], fields: ['cat'], as: ['m'] };
    const h = graph([interval('u', 'y', 10, 20)], strings, BRUSH);
    expect(await evaluate(indexed, h)).toEqual(await evaluate(plain, h));
    const reasons = refused().slice(before);
    expect(reasons.some((r) => r.includes('"median"') && r.includes('needs the values'))).toBe(true);
    expect(reasons.some((r) => r.includes('"mean"') && r.includes('"cat"') && r.includes('not numbers'))).toBe(true);
  });

  it('a build claims its peak memory first: older indexes make room and the pool never holds more than its bound', async () => {
    const pool = createIndexStore({ engine, logger: store.logger, maxBytes: 1000 });
    const made = (bytes: number) => ({ rows: 1, boxes: 1, cellGroup: [], bytes, buildMs: 0, phases: {} }) as unknown as BucketedIndex;
    const seen: ReturnType<IndexStore['stats']>[] = [];
    const build = (peak: number, bytes: number) => async (limits: BucketLimits) => {
      if (!limits.reserve(peak)) return { reason: 'too large to build' };
      seen.push(pool.stats());
      return made(bytes);
    };
    expect(await pool.getBucketed('a', build(600, 300))).toMatchObject({ kind: 'bucketed' });
    expect(await pool.getBucketed('b', build(400, 300))).toMatchObject({ kind: 'bucketed' });
    // 300 cached + 400 claimed fit: the first index stayed while the second built.
    expect(seen[1]).toMatchObject({ entries: 1, bytes: 300, buildingBytes: 400 });
    expect(pool.stats()).toMatchObject({ entries: 2, bytes: 600, buildingBytes: 0 });
    // 600 cached + 900 claimed do not: both older indexes leave before the build reads a row.
    expect(await pool.getBucketed('c', build(900, 400))).toMatchObject({ kind: 'bucketed' });
    expect(seen[2]).toMatchObject({ entries: 0, bytes: 0, buildingBytes: 900 });
    for (const s of seen) expect(s.bytes + s.buildingBytes).toBeLessThanOrEqual(1000);
    // A peak over the whole pool is refused, and nothing is evicted for it.
    expect(await pool.getBucketed('d', build(1001, 1))).toMatchObject({ kind: 'refused', reason: 'too large to build' });
    expect(pool.stats()).toMatchObject({ entries: 2, bytes: 656, buildingBytes: 0 });
  });
});

