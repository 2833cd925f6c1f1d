/**
 * Selection-filtered aggregates answered from pre-aggregated indexes give exactly what
 * the plain query gives and what Vega computes on the same rows: histograms of counts,
 * sums, extremes; brushes inside, at and across bin edges, empty, reversed and outside
 * the data; union and intersect stores; point stores. What an index cannot reproduce
 * (means, sums of fractions) falls back to the plain query and says why.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Float64, Table, TimestampMillisecond, Utf8, tableToIPC, vectorFromArray } from 'apache-arrow';
import {
  arrowToRows, decodeArrow, encodeJsonValue, Namespace, type ITaskGraph, type ITaskNode,
} from '@vegafusion-ts/proto';
import { defaultConfig } from '../../src/config.js';
import { createDuckDbEngine, type SqlEngine } from '../../src/engine/duckdb.js';
import { evaluateQuery, type EvaluateServices } from '../../src/graph/evaluate.js';
import { createIndexStore, MAX_INDEXES_AHEAD, type IndexStore } from '../../src/graph/preaggregate/index.js';
import type { Logger } from '../../src/logger.js';
import { createServices } from '../../src/runtime.js';
import { normalizeValue } from '../support/compare.js';
import { runVega, type Row } from '../support/vega-oracle.js';

const DATA = makeRows(3000);

/** Deterministic rows: integer x (bin edges fall on values), 2-decimal y, integer and fractional weights, a category. */
function makeRows(n: number): Row[] {
  let s = 12345;
  const next = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  const cats = ['a', 'b', 'c', 'd', 'e'];
  return Array.from({ length: n }, (_, i) => ({
    x: i % 97 === 0 ? null : Math.floor(next() * 100),
    y: Math.round(next() * 10000) / 100,
    w: Math.floor(next() * 101) - 50,
    f: Math.round(next() * 1000) / 7,
    cat: cats[Math.floor(next() * cats.length)],
  }));
}

const SOURCE_PIPELINE = [
  { type: 'extent', field: 'x', signal: 'x_extent' },
  { type: 'bin', field: 'x', extent: { signal: 'x_extent' }, maxbins: 10, as: ['bx0', 'bx1'], signal: 'x_bins' },
];
const VALID = { type: 'filter', expr: 'isValid(datum["bx0"]) && isFinite(+datum["bx0"])' };
const BRUSH = '!length(data("brush_store")) || vlSelectionTest("brush_store", datum)';

type Store = Row[];
const interval = (unit: string, field: string, lo: unknown, hi: unknown): Row => ({ unit, fields: [{ field, channel: 'x', type: 'R' }], values: [[lo, hi]] });

function dataNode(name: string, task: ITaskNode['task'], parents: number[] = []): ITaskNode {
  return { variable: { name, namespace: Namespace.NAMESPACE_DATA }, task, parents };
}

/** Source, store, a one-node filtered aggregate (node 2), a filtered layer (3) and its aggregate (4). */
function graph(store: Store, aggregate: Row, filterExpr = BRUSH): ITaskGraph {
  return {
    nodes: [
      dataNode('source_0', { values: { valuesJson: JSON.stringify(DATA), pipelineJson: JSON.stringify(SOURCE_PIPELINE) } }),
      dataNode('brush_store', { value: { json: encodeJsonValue(store) } }),
      dataNode('hist', { source: { source: 'source_0', pipelineJson: JSON.stringify([{ type: 'filter', expr: filterExpr }, aggregate, VALID]) } }, [0, 1]),
      dataNode('layer', { source: { source: 'source_0', pipelineJson: JSON.stringify([{ type: 'filter', expr: filterExpr }]) } }, [0, 1]),
      dataNode('layer_hist', { source: { source: 'layer', pipelineJson: JSON.stringify([aggregate, VALID]) } }, [3]),
    ],
  };
}

const COUNT = { type: 'aggregate', groupby: ['bx0', 'bx1'], ops: ['count'], fields: [null], as: ['__count'] };
const SUM = { type: 'aggregate', groupby: ['bx0', 'bx1'], ops: ['sum', 'count', 'min', 'max', 'valid', 'missing'], fields: ['w', null, 'y', 'y', 'x', 'x'], as: ['sum_w', 'n', 'min_y', 'max_y', 'valid_x', 'missing_x'] };
const BY_CAT = { type: 'aggregate', groupby: ['cat'], ops: ['count', 'sum'], fields: [null, 'w'], as: ['n', 'sum_w'] };
const MEAN = { type: 'aggregate', groupby: ['bx0', 'bx1'], ops: ['mean'], fields: ['y'], as: ['mean_y'] };
const FRACTION_SUM = { type: 'aggregate', groupby: ['bx0', 'bx1'], ops: ['sum'], fields: ['f'], as: ['sum_f'] };

let engine: SqlEngine;
let indexed: EvaluateServices;
/** Indexes never held in memory: every answer from an index is SQL over its table. */
let bySql: EvaluateServices;
let plain: EvaluateServices;
let store: IndexStore;
let sqlStore: IndexStore;
const debug: { message: string; fields?: Record<string, unknown> }[] = [];

beforeAll(async () => {
  engine = await createDuckDbEngine({ connections: 2, threads: 2 });
  const logger: Logger = { debug: (message, fields) => { debug.push({ message, fields }); }, info() {}, warn() {}, error() {} };
  indexed = (await createServices(defaultConfig(), engine)).services;
  store = createIndexStore({ engine, logger });
  indexed.indexes = store;
  bySql = (await createServices(defaultConfig(), engine)).services;
  sqlStore = createIndexStore({ engine, logger, maxMemoryCells: 0 });
  bySql.indexes = sqlStore;
  plain = (await createServices(defaultConfig(), engine)).services;
  plain.indexes = undefined;
});

afterAll(async () => engine?.close());

async function evaluate(services: EvaluateServices, g: ITaskGraph, node: number): Promise<Row[]> {
  const result = await evaluateQuery({ requestId: 1, timeZone: 'UTC', graph: g, items: [{ node }] }, services);
  return arrowToRows(decodeArrow(result.values![0].value!.arrow!)).map((r) => normalizeValue(r) as Row);
}

async function vegaRows(store: Store, aggregate: Row, filterExpr = BRUSH): Promise<Row[]> {
  const out = await runVega({
    values: DATA, datasets: { brush_store: store },
    transform: [...SOURCE_PIPELINE, { type: 'filter', expr: filterExpr }, aggregate, VALID],
  });
  const names = Object.keys((await evaluate(plain, graph(store, aggregate, filterExpr), 2))[0] ?? {});
  // Vega's rows carry only the aggregate's fields; compare those, bit for bit.
  return out.rows.map((r) => normalizeValue(Object.fromEntries((names.length ? names : Object.keys(r)).map((k) => [k, r[k]]))) as Row);
}

/**
 * Both shapes (one node, filtered layer), from index cells in memory and by SQL over the
 * index table, agree with the plain query and with Vega, exactly.
 */
async function expectExact(s: Store, aggregate: Row, filterExpr = BRUSH): Promise<Row[]> {
  const g = graph(s, aggregate, filterExpr);
  // In turn: the services share one database, and each materializes the same source table.
  const one = await evaluate(indexed, g, 2);
  const layered = await evaluate(indexed, g, 4);
  const sqlOne = await evaluate(bySql, g, 2);
  const sqlLayered = await evaluate(bySql, g, 4);
  const reference = await evaluate(plain, g, 2);
  expect(one).toEqual(reference);
  expect(layered).toEqual(reference);
  expect(sqlOne).toEqual(reference);
  expect(sqlLayered).toEqual(reference);
  expect(reference).toEqual(await vegaRows(s, aggregate, filterExpr));
  return one;
}

/** Why indexes were not used, but for empty stores (the plain query is one scan then). */
function refusals(): string[] {
  return debug.filter((d) => d.message.includes('not used')).map((d) => String(d.fields?.reason)).filter((r) => !r.includes('the selection is empty'));
}

function emptyStoreRefusals(): number {
  return debug.filter((d) => d.message.includes('not used') && String(d.fields?.reason).includes('the selection is empty')).length;
}

describe('pre-aggregated indexes for brushed histograms', () => {
  it('count by bin: brushes inside, at and across bin edges, reversed, empty and outside the data', async () => {
    const built = store.stats().built;
    const { answeredInMemory, answeredBySql } = store.stats();
    const sqlAnswers = sqlStore.stats().answeredBySql;
    const before = refusals().length;
    const rows = await expectExact([interval('u', 'y', 10.5, 60.25)], COUNT);
    expect(rows.length).toBeGreaterThan(5);
    await expectExact([interval('u', 'x', 20, 40)], COUNT);
    await expectExact([interval('u', 'x', 15, 35)], COUNT);
    await expectExact([interval('u', 'x', 40, 20)], COUNT);
    // Vega's range test reads a null as 0, so the rows without x pass this brush.
    expect(await expectExact([interval('u', 'x', -5, 5)], { ...COUNT, groupby: ['cat', 'bx0', 'bx1'] })).not.toEqual([]);
    await expectExact([interval('u', 'y', 33.33, 33.33)], COUNT);
    const all = await expectExact([], COUNT);
    expect(all.reduce((n, r) => n + (r.__count as number), 0)).toBe(DATA.filter((r) => r.x !== null).length);
    expect(await expectExact([interval('u', 'y', 1000, 2000)], COUNT)).toEqual([]);
    // One index per filtered column set (y, x) and grouping (bins, cat), each shared by both graph shapes; an empty
    // store reads no column, so it runs the plain query (one scan, as an index build would).
    expect(store.stats().built).toBe(built + 3);
    // Seven brushes that read a column, two shapes each: combined in memory, or by SQL where
    // the index is not held in memory.
    expect(store.stats().answeredInMemory).toBe(answeredInMemory + 14);
    expect(store.stats().answeredBySql).toBe(answeredBySql);
    expect(sqlStore.stats().answeredBySql).toBe(sqlAnswers + 14);
    // (The plain path of the layered shape prepares the filter node itself, which no index serves.)
    expect(refusals().slice(before).filter((r) => !r.includes('not followed by an aggregate'))).toEqual([]);
    expect(emptyStoreRefusals()).toBeGreaterThan(0);
  });

  it('sum, count, min, max, valid and missing by bin, and sums by category', async () => {
    const before = refusals().length;
    await expectExact([interval('u', 'y', 25, 75)], SUM);
    await expectExact([interval('u', 'x', 30, 70)], SUM);
    await expectExact([], SUM);
    await expectExact([interval('u', 'y', 5, 95)], { ...BY_CAT }, BRUSH);
    expect(refusals().slice(before).filter((r) => !r.includes('not followed by an aggregate'))).toEqual([]);
  });

  it('union and intersect stores across units, and point stores', async () => {
    const two = [interval('a', 'x', 10, 80), interval('b', 'y', 20, 70)];
    const before = refusals().length;
    await expectExact(two, COUNT, 'vlSelectionTest("brush_store", datum, "intersect")');
    await expectExact(two, COUNT, 'vlSelectionTest("brush_store", datum)');
    await expectExact(two, SUM, '!length(data("brush_store")) || vlSelectionTest("brush_store", datum, "intersect")');
    await expectExact([{ unit: 'p', fields: [{ field: 'cat', type: 'E' }], values: ['b'] }], COUNT, 'vlSelectionTest("brush_store", datum)');
    await expectExact([interval('a', 'y', 10, 90)], COUNT, 'datum.w > 0 && vlSelectionTest("brush_store", datum)');
    expect(refusals().length).toBe(before);
  });

  it('answers by SQL over the index where the transforms after the aggregate are not filters', async () => {
    const { answeredInMemory, answeredBySql } = store.stats();
    const g = graph([interval('u', 'x', 20, 60)], COUNT);
    const tail = JSON.stringify([{ type: 'filter', expr: BRUSH }, COUNT, VALID, { type: 'formula', expr: 'datum.__count * 2', as: 'twice' }]);
    g.nodes![2].task!.source!.pipelineJson = tail;
    const rows = await evaluate(indexed, g, 2);
    expect(rows).toEqual(await evaluate(plain, g, 2));
    expect(rows.every((r) => r.twice === (r.__count as number) * 2)).toBe(true);
    expect(store.stats().answeredBySql).toBe(answeredBySql + 1);
    expect(store.stats().answeredInMemory).toBe(answeredInMemory);
  });

  it('gives a dataset built on an aggregate answered in memory its rows as SQL', async () => {
    const g = graph([interval('u', 'x', 20, 60)], COUNT);
    g.nodes!.push(dataNode('big_bins', { source: { source: 'hist', pipelineJson: JSON.stringify([{ type: 'filter', expr: 'datum.__count > 60' }]) } }, [2]));
    const { answeredInMemory } = store.stats();
    const hist = await evaluate(indexed, g, 2);
    expect(store.stats().answeredInMemory).toBe(answeredInMemory + 1);
    const rows = await evaluate(indexed, g, 5);
    expect(rows).toEqual(await evaluate(plain, g, 5));
    expect(rows).toEqual(hist.filter((r) => (r.__count as number) > 60));
    expect(rows.length).toBeGreaterThan(0);
  });

  it('answers means and sums of fractions, which a per-value index cannot keep, from a bucketed one', async () => {
    const { answeredBucketed } = store.stats();
    await expectExact([interval('u', 'x', 20, 60)], MEAN);
    await expectExact([interval('u', 'x', 20, 60)], FRACTION_SUM);
    // Each case is asked of the indexed services twice (the node, and one layered on it).
    expect(store.stats().answeredBucketed).toBe(answeredBucketed + 4);
  });

  it('falls back to the plain query, saying why, where an index cannot be exact', async () => {
    const before = refusals().length;
    await expectExact([interval('u', 'x', 20, 60)], { ...MEAN, ops: ['median'] });
    await expectExact([interval('u', 'y', 20, 60)], { ...COUNT, groupby: ['bx0', 'bx1', 'cat'], cross: true });
    const reasons = refusals().slice(before);
    expect(reasons.some((r) => r.includes('"median"') && r.includes('needs the values'))).toBe(true);
    expect(reasons.some((r) => r.includes('"cross"'))).toBe(true);
  });

  it('keys indexes by what they summarize: a second session reuses them, other data gets its own', async () => {
    const g = graph([interval('u', 'y', 1, 2)], COUNT);
    await evaluate(indexed, g, 2);
    const built = store.stats().built;
    const other = (await createServices(defaultConfig(), engine)).services;
    other.indexes = store;
    await evaluate(other, graph([interval('u', 'y', 3, 4)], COUNT), 4);
    expect(store.stats().built).toBe(built);
    const changed = graph([interval('u', 'y', 3, 4)], COUNT);
    changed.nodes![0].task!.values!.valuesJson = JSON.stringify(DATA.slice(0, 1000));
    await evaluate(other, changed, 2);
    expect(store.stats().built).toBe(built + 1);
  });

  it('builds ahead, after answering, the indexes that hinted selections will need', async () => {
    const ahead = createIndexStore({ engine, logger: indexed.indexes!.logger });
    const services = (await createServices(defaultConfig(), engine)).services;
    services.indexes = ahead;
    const g = graph([], COUNT);
    const result = await evaluateQuery({
      requestId: 1, timeZone: 'UTC', graph: g, items: [{ node: 2 }, { node: 4 }],
      selectionHints: [
        { store: 'brush_store', fields: ['y'] }, { store: 'brush_store', fields: ['x'] },
        // Neither a store the graph filters by nor a field of the data: nothing to build.
        { store: 'other_store', fields: ['cat'] }, { store: 'brush_store', fields: ['nope'] },
      ],
    }, services);
    expect(result.values).toHaveLength(2);
    // The answer did not wait for them; they follow (one per field: both shapes share it).
    const deadline = Date.now() + 20_000;
    while (ahead.stats().built < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(ahead.stats().built).toBe(2);
    expect(debug.some((d) => d.message.includes('not built ahead') && String(d.fields?.reason).includes('"nope"'))).toBe(true);
    // The first brush on either field finds its index ready, and is exact.
    for (const s of [[interval('u', 'y', 10.5, 60.25)], [interval('u', 'x', 20, 40)]]) {
      const brushed = graph(s, COUNT);
      expect(await evaluate(services, brushed, 2)).toEqual(await evaluate(plain, brushed, 2));
      expect(await evaluate(services, brushed, 4)).toEqual(await evaluate(plain, brushed, 2));
    }
    expect(ahead.stats().built).toBe(2);
  });

  it('builds at most MAX_INDEXES_AHEAD indexes ahead for one query', async () => {
    const ahead = createIndexStore({ engine, logger: indexed.indexes!.logger });
    const services = (await createServices(defaultConfig(), engine)).services;
    services.indexes = ahead;
    // Hints past the bound (fields of no index here) leave the last one, a real field, unbuilt.
    const hints = [...Array.from({ length: MAX_INDEXES_AHEAD }, (_, i) => ({ store: 'brush_store', fields: [`nope${i}`] })), { store: 'brush_store', fields: ['y'] }];
    const before = debug.length;
    await evaluateQuery({ requestId: 1, timeZone: 'UTC', graph: graph([], COUNT), items: [{ node: 2 }], selectionHints: hints }, services);
    const deadline = Date.now() + 20_000;
    while (!debug.slice(before).some((d) => d.message.includes('reached their bound')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(debug.slice(before).some((d) => d.message.includes('reached their bound'))).toBe(true);
    expect(ahead.stats().built).toBe(0);
  });
});

describe('pre-aggregated indexes over dates', () => {
  // A client's own table with a timestamp column (sent as Arrow, so the dates stay dates),
  // ms apart within a second, brushed by time, aggregated with dates as groups and extremes.
  const HOUR = 3_600_000;
  const rows = Array.from({ length: 600 }, (_, i) => ({
    t: Date.UTC(2020, 0, 1) + ((i * 7919) % 400) * HOUR + (i % 3), v: i % 50, cat: ['a', 'b', 'c'][i % 3],
  }));
  const arrow = tableToIPC(new Table({
    t: vectorFromArray(rows.map((r) => r.t), new TimestampMillisecond()),
    v: vectorFromArray(rows.map((r) => r.v), new Float64()),
    cat: vectorFromArray(rows.map((r) => r.cat), new Utf8()),
  }), 'stream');
  const dateGraph = (store: Store, aggregate: Row): ITaskGraph => ({
    nodes: [
      dataNode('source_0', { value: { arrow } }),
      dataNode('brush_store', { value: { json: encodeJsonValue(store) } }),
      dataNode('agg', { source: { source: 'source_0', pipelineJson: JSON.stringify([{ type: 'filter', expr: BRUSH }, aggregate]) } }, [0, 1]),
    ],
  });
  const BY_CAT_DATES = { type: 'aggregate', groupby: ['cat'], ops: ['count', 'min', 'max', 'sum'], fields: [null, 't', 't', 'v'], as: ['n', 'first', 'last', 'sum_v'] };
  const BY_TIME = { type: 'aggregate', groupby: ['t'], ops: ['count'], fields: [null], as: ['n'] };

  it('brushes on a time field answer from cells in memory as the plain query and Vega do', async () => {
    const { answeredInMemory, answeredBySql } = store.stats();
    const lo = Date.UTC(2020, 0, 3);
    const hi = Date.UTC(2020, 0, 9, 12);
    for (const [store_, aggregate] of [
      [[interval('u', 't', lo, hi)], BY_CAT_DATES], [[interval('u', 't', new Date(lo), new Date(hi))], BY_CAT_DATES],
      [[interval('u', 't', lo, hi)], BY_TIME], [[interval('u', 'v', 10, 20)], BY_TIME],
      // Times a millisecond apart are different values to a brush.
      [[interval('u', 't', rows[1].t, rows[1].t)], BY_CAT_DATES], [[interval('u', 't', rows[401].t, rows[401].t + 5)], BY_CAT_DATES],
    ] as [Store, Row][]) {
      const g = dateGraph(store_, aggregate);
      const got = await evaluate(indexed, g, 2);
      const reference = await evaluate(plain, g, 2);
      expect(got).toEqual(reference);
      expect(await evaluate(bySql, g, 2)).toEqual(reference);
      const vega = await runVega({ values: rows.map((r) => ({ ...r, t: new Date(r.t) })), datasets: { brush_store: store_ }, transform: [{ type: 'filter', expr: BRUSH }, aggregate] });
      expect(got).toEqual(vega.rows.map((r) => normalizeValue(r) as Row));
      expect(got.length).toBeGreaterThan(0);
    }
    expect(store.stats().answeredInMemory).toBe(answeredInMemory + 6);
    expect(store.stats().answeredBySql).toBe(answeredBySql);
  });
});

