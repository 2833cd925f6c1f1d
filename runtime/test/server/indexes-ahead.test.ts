/**
 * Selection hints over the wire: a dashboard's first query names the fields its brush may
 * hold; the runtime answers, then builds the indexes those brushes need (visible in
 * /metrics), and the first brush finds them ready and gives the plain query's counts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { arrowToRows, decodeArrow, encodeJsonValue, Namespace, type ITaskGraph } from '@vegafusion-ts/proto';
import { startRuntime, silentLogger, type RuntimeHandle } from '../../src/index.js';
import { connect } from '../support/ws-client.js';

const SOURCE = [
  { type: 'extent', field: 'delay', signal: 'delay_extent' },
  { type: 'bin', field: 'delay', extent: { signal: 'delay_extent' }, maxbins: 20, as: ['bin0', 'bin1'], signal: 'delay_bins' },
];
const HIST = [
  { type: 'filter', expr: '!length(data("brush_store")) || vlSelectionTest("brush_store", datum)' },
  { type: 'aggregate', groupby: ['bin0', 'bin1'], ops: ['count'], as: ['count'] },
];

function graph(brush: unknown[], source: unknown[] = SOURCE): ITaskGraph {
  return {
    nodes: [
      { variable: { name: 'source_0', namespace: Namespace.NAMESPACE_DATA }, task: { url: { url: 'data/flights-200k.arrow', formatJson: '{"type":"arrow"}', pipelineJson: JSON.stringify(source) } } },
      { variable: { name: 'brush_store', namespace: Namespace.NAMESPACE_DATA }, task: { value: { json: encodeJsonValue(brush) } } },
      { variable: { name: 'delay_hist', namespace: Namespace.NAMESPACE_DATA }, task: { source: { source: 'source_0', pipelineJson: JSON.stringify(HIST) } }, parents: [0, 1] },
    ],
  };
}

const brush = (lo: number, hi: number, field = 'distance') => [{ unit: 'u', fields: [{ field, channel: 'x', type: 'R' }], values: [[lo, hi]] }];

/** A float of many distinct values (one per delay and distance pair). */
const MIXED_SOURCE = [{ type: 'formula', expr: 'datum.distance + datum.delay / 1000', as: 'mix' }, ...SOURCE];

let runtime: RuntimeHandle;
let plain: RuntimeHandle;
beforeAll(async () => {
  runtime = await startRuntime({ port: 0, logger: silentLogger });
  plain = await startRuntime({ port: 0, logger: silentLogger });
  plain.services.indexes = undefined;
}, 60_000);
afterAll(async () => {
  await runtime?.close();
  await plain?.close();
});

async function metric(name: string): Promise<number> {
  const text = await (await fetch(`${runtime.url}/metrics`)).text();
  return Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(text)?.[1] ?? NaN);
}

describe('indexes built ahead of the first brush', () => {
  it('builds after the first answer what the hinted brush needs; the first brush uses it', async () => {
    const client = await connect(runtime.url);
    expect(await metric('vegafusion_indexes_built_total')).toBe(0);
    const load = await client.query({
      requestId: 1, timeZone: 'UTC', graph: graph([]), items: [{ node: 2 }],
      selectionHints: [{ store: 'brush_store', fields: ['distance'] }],
    });
    expect(load.error).toBeFalsy();
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline && (await metric('vegafusion_indexes_built_total') < 1 || await metric('vegafusion_indexes_ahead_running') > 0)) {
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(await metric('vegafusion_indexes_built_total')).toBe(1);
    expect(await metric('vegafusion_indexes_building')).toBe(0);

    const reply = await client.query({ requestId: 2, timeZone: 'UTC', graph: graph(brush(500, 1000)), items: [{ node: 2 }] });
    expect(await metric('vegafusion_indexes_built_total')).toBe(1);
    const other = await connect(plain.url);
    const expected = await other.query({ requestId: 1, timeZone: 'UTC', graph: graph(brush(500, 1000)), items: [{ node: 2 }] });
    const rows = arrowToRows(decodeArrow(reply.result!.values![0].value!.arrow!));
    expect(rows.length).toBeGreaterThan(3);
    expect(rows).toEqual(arrowToRows(decodeArrow(expected.result!.values![0].value!.arrow!)));
    client.close();
    other.close();
  });

  it('builds a bucketed index ahead for a brush on a float of many values, and answers from it', async () => {
    const client = await connect(runtime.url);
    const before = await metric('vegafusion_indexes_bucketed_built_total');
    const load = await client.query({
      requestId: 1, timeZone: 'UTC', graph: graph([], MIXED_SOURCE), items: [{ node: 2 }],
      selectionHints: [{ store: 'brush_store', fields: ['mix'] }],
    });
    expect(load.error).toBeFalsy();
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline && (await metric('vegafusion_indexes_bucketed_built_total') <= before || await metric('vegafusion_indexes_ahead_running') > 0)) {
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(await metric('vegafusion_indexes_bucketed_built_total')).toBe(before + 1);
    expect(await metric('vegafusion_index_max_bytes')).toBeGreaterThan(0);
    // The budget's named pools: the indexes' bytes equal the index gauge, and each has a bound.
    const text = await (await fetch(`${runtime.url}/metrics`)).text();
    const pool = (kind: string, name: string) => Number(new RegExp(`^vegafusion_memory_pool_${kind}\\{pool="${name}"\\} (\\d+)$`, 'm').exec(text)?.[1] ?? NaN);
    expect(pool('bytes', 'indexes')).toBe(Number(/^vegafusion_index_bytes (\d+)$/m.exec(text)?.[1]));
    expect(pool('bytes', 'indexes')).toBeGreaterThan(0);
    for (const name of ['result_cache', 'prepared', 'indexes', 'buffered_replies', 'duckdb']) expect(pool('max_bytes', name)).toBeGreaterThan(0);
    const answered = await metric('vegafusion_index_answers_bucketed_total');
    const other = await connect(plain.url);
    for (const [id, [lo, hi]] of [[500.25, 1000.5], [733.017, 733.019], [0, 5000]].entries()) {
      const g = graph(brush(lo, hi, 'mix'), MIXED_SOURCE);
      const reply = await client.query({ requestId: 2 + id, timeZone: 'UTC', graph: g, items: [{ node: 2 }] });
      const expected = await other.query({ requestId: 1 + id, timeZone: 'UTC', graph: g, items: [{ node: 2 }] });
      expect(arrowToRows(decodeArrow(reply.result!.values![0].value!.arrow!))).toEqual(arrowToRows(decodeArrow(expected.result!.values![0].value!.arrow!)));
    }
    expect(await metric('vegafusion_index_answers_bucketed_total')).toBe(answered + 3);
    expect(await metric('vegafusion_indexes_bucketed_built_total')).toBe(before + 1);
    client.close();
    other.close();
  });
});
