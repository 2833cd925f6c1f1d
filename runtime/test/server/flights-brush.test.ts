/**
 * The runtime's acceptance check: a client written only against proto/ sends the task
 * graph of a flights-3m histogram filtered by a brush, gets exactly the counts plain Vega
 * computes from the same rows, and a second session is answered from the shared cache.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as vega from 'vega';
import { arrowToRows, decodeArrow, decodeJsonValue, encodeJsonValue, Namespace, type ITaskGraph } from '@vegafusion-ts/proto';
import { startRuntime, silentLogger, type RuntimeHandle } from '../../src/index.js';
import { connect } from '../support/ws-client.js';
import { expectRowsEqual } from '../support/compare.js';

const PIPELINE = [
  { type: 'filter', expr: '!length(data("brush_store")) || vlSelectionTest("brush_store", datum)' },
  { type: 'extent', field: 'delay', signal: 'delay_extent' },
  { type: 'bin', field: 'delay', extent: { signal: 'delay_extent' }, maxbins: 20, as: ['bin0', 'bin1'], signal: 'delay_bins' },
  { type: 'aggregate', groupby: ['bin0', 'bin1'], ops: ['count'], as: ['count'] },
];

function store(lo: number, hi: number) {
  return [{ unit: 'concat_1', fields: [{ field: 'distance', channel: 'x', type: 'R' }], values: [[lo, hi]] }];
}

function graph(brush: unknown[]): ITaskGraph {
  return {
    nodes: [
      { variable: { name: 'source_0', namespace: Namespace.NAMESPACE_DATA }, task: { url: { url: 'data/flights-3m.parquet', formatJson: '{"type":"parquet"}' } } },
      { variable: { name: 'brush_store', namespace: Namespace.NAMESPACE_DATA }, task: { value: { json: encodeJsonValue(brush) } } },
      {
        variable: { name: 'delay_hist', namespace: Namespace.NAMESPACE_DATA },
        task: { source: { source: 'source_0', pipelineJson: JSON.stringify(PIPELINE) } },
        parents: [0, 1],
        outputs: [{ name: 'delay_extent' }, { name: 'delay_bins' }],
      },
    ],
  };
}

let runtime: RuntimeHandle;
let flights: Record<string, unknown>[];

beforeAll(async () => {
  runtime = await startRuntime({ port: 0, logger: silentLogger });
  // Plain Vega's input: the same file's rows as a browser would hold them.
  flights = await runtime.services.engine.queryRows(
    `SELECT date, delay::DOUBLE AS delay, distance::DOUBLE AS distance, origin, destination FROM read_parquet('${runtime.config.dataRoots[0]}/data/flights-3m.parquet')`);
}, 120_000);

afterAll(async () => runtime?.close());

async function vegaCounts(brush: unknown[]) {
  const spec = {
    data: [
      { name: 'brush_store', values: brush },
      { name: 'source_0', values: flights },
      { name: 'delay_hist', source: 'source_0', transform: PIPELINE },
    ],
  };
  const view = new vega.View(vega.parse(spec as vega.Spec), { renderer: 'none' });
  await view.runAsync();
  const rows = (view.data('delay_hist') as Record<string, unknown>[]).map((r) => ({ ...r }));
  // Vega's bin signal is a function carrying its parameters as properties; they travel as an object.
  const fn = view.signal('delay_bins') as Record<string, unknown>;
  const bins = Object.fromEntries(['fields', 'fname', 'start', 'step', 'stop'].map((k) => [k, fn[k]]));
  view.finalize();
  return { rows, bins };
}

describe('flights-3m histogram with a brush, over WebSocket', () => {
  it('gives exactly the counts plain Vega computes, and serves a second session from the cache', async () => {
    const a = await connect(runtime.url);
    const brushed = graph(store(500, 1000));
    const reply = await a.query({ requestId: 1, timeZone: 'America/New_York', graph: brushed, items: [{ node: 2 }] });
    expect(reply.error).toBeFalsy();
    const value = reply.result!.values![0];
    const rows = arrowToRows(decodeArrow(value.value!.arrow!));
    const expected = await vegaCounts(store(500, 1000));
    expectRowsEqual(rows, expected.rows);
    expect(rows.reduce((n, r) => n + (r.count as number), 0)).toBe(flights.filter((f) => (f.distance as number) >= 500 && (f.distance as number) <= 1000).length);
    const bins = decodeJsonValue(value.signals!.find((s) => s.name === 'delay_bins')!.value!.json!);
    expect(bins).toEqual(expected.bins);
    // The histogram of 3M rows travels as a few hundred bytes.
    expect(value.value!.arrow!.byteLength).toBeLessThan(2048);

    const hitsBefore = runtime.services.values.stats().hits;
    const b = await connect(runtime.url);
    const again = await b.query({ requestId: 1, timeZone: 'America/New_York', graph: graph(store(500, 1000)), items: [{ node: 2 }] });
    expect(again.result?.stats?.cacheHits).toBe(1);
    expect(again.result?.stats?.nodesComputed).toBe(0);
    expect(runtime.services.values.stats().hits).toBe(hitsBefore + 1);
    const metrics = await (await fetch(`${runtime.url}/metrics`)).text();
    expect(Number(/^vegafusion_cache_hits_total (\d+)$/m.exec(metrics)?.[1])).toBeGreaterThanOrEqual(1);

    // A new brush recomputes only the histogram: the loaded file is not read again.
    const moved = await b.query({ requestId: 2, timeZone: 'America/New_York', graph: graph(store(1200, 2000)), items: [{ node: 2 }] });
    const movedRows = arrowToRows(decodeArrow(moved.result!.values![0].value!.arrow!));
    expectRowsEqual(movedRows, (await vegaCounts(store(1200, 2000))).rows);
    expect(moved.result?.stats?.nodesComputed).toBe(2);

    // An empty store means no brush: every row counts.
    const cleared = await b.query({ requestId: 3, timeZone: 'America/New_York', graph: graph([]), items: [{ node: 2 }] });
    const clearedRows = arrowToRows(decodeArrow(cleared.result!.values![0].value!.arrow!));
    expect(clearedRows.reduce((n, r) => n + (r.count as number), 0)).toBe(3_000_000);
    expectRowsEqual(clearedRows, (await vegaCounts([])).rows);
    a.close();
    b.close();
  }, 240_000);
});
