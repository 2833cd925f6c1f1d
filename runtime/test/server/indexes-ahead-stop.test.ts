/**
 * An index built ahead of a session's first brush is work for that session alone: when
 * its connection closes, the build stops (its statements interrupted, its sort at its
 * next turn); a build a request of another session waits for goes on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { arrowToRows, decodeArrow, encodeJsonValue, Namespace, type ITaskGraph } from '@vegafusion-ts/proto';
import { startRuntime, silentLogger, type RuntimeHandle } from '../../src/index.js';
import { connect } from '../support/ws-client.js';
import { waitUntil } from './helpers.js';

/** Rows of a float of many distinct values: a bucketed index over them takes seconds to build. */
const ROWS = 3_000_000;

function graph(salt: number, brush: unknown[] = []): ITaskGraph {
  const source = [
    { type: 'sequence', start: 0, stop: ROWS },
    { type: 'formula', as: 'x', expr: `((datum.data * ${salt}) % 1000003) + datum.data / 10000000` },
    { type: 'formula', as: 'g', expr: 'floor(datum.data / 300000)' },
  ];
  const hist = [
    { type: 'filter', expr: '!length(data("brush_store")) || vlSelectionTest("brush_store", datum)' },
    { type: 'aggregate', groupby: ['g'], ops: ['count'], as: ['count'] },
  ];
  return {
    nodes: [
      { variable: { name: 'source_0', namespace: Namespace.NAMESPACE_DATA }, task: { values: { valuesJson: '[]', pipelineJson: JSON.stringify(source) } } },
      { variable: { name: 'brush_store', namespace: Namespace.NAMESPACE_DATA }, task: { value: { json: encodeJsonValue(brush) } } },
      { variable: { name: 'hist', namespace: Namespace.NAMESPACE_DATA }, task: { source: { source: 'source_0', pipelineJson: JSON.stringify(hist) } }, parents: [0, 1] },
    ],
  };
}

const hints = [{ store: 'brush_store', fields: ['x'] }];
let runtime: RuntimeHandle;

beforeAll(async () => {
  runtime = await startRuntime({ port: 0, logger: silentLogger });
}, 60_000);
afterAll(async () => {
  await runtime?.close();
});

const indexStats = () => runtime.services.indexes!.stats();

describe('an index built ahead', () => {
  it('stops when the session it was for closes', async () => {
    const client = await connect(runtime.url);
    const builtBefore = indexStats().bucketedBuilt;
    const answer = await client.query({ requestId: 1, timeZone: 'UTC', graph: graph(7919), items: [{ node: 2 }], selectionHints: hints });
    expect(answer.error).toBeFalsy();
    await waitUntil(() => indexStats().building > 0, 10_000, 'the build ahead to start');
    await new Promise((r) => setTimeout(r, 200));
    client.close();
    // Left alone, the build runs for seconds more and ends with an index.
    await waitUntil(() => indexStats().aheadRunning === 0 && indexStats().building === 0, 5_000, 'the build ahead to stop');
    expect(indexStats().bucketedBuilt).toBe(builtBefore);
  }, 60_000);

  it('goes on while a request of another session waits for it', async () => {
    const leaving = await connect(runtime.url);
    const staying = await connect(runtime.url);
    try {
      const builtBefore = indexStats().bucketedBuilt;
      const answer = await leaving.query({ requestId: 1, timeZone: 'UTC', graph: graph(104729), items: [{ node: 2 }], selectionHints: hints });
      expect(answer.error).toBeFalsy();
      await waitUntil(() => indexStats().building > 0, 10_000, 'the build ahead to start');
      // Another session brushes: its request joins the build under way.
      const brush = [{ unit: 'u', fields: [{ field: 'x', channel: 'x', type: 'R' }], values: [[1000, 500_000]] }];
      const brushed = staying.query({ requestId: 1, timeZone: 'UTC', graph: graph(104729, brush), items: [{ node: 2 }] });
      await new Promise((r) => setTimeout(r, 200));
      leaving.close();
      const reply = await brushed;
      expect(reply.error).toBeFalsy();
      const rows = arrowToRows(decodeArrow(reply.result!.values![0].value!.arrow!)) as { count: number }[];
      expect(rows.reduce((n, r) => n + r.count, 0)).toBeGreaterThan(0);
      await waitUntil(() => indexStats().building === 0, 30_000, 'the build to end');
      expect(indexStats().bucketedBuilt).toBe(builtBefore + 1);
    } finally {
      leaving.close();
      staying.close();
    }
  }, 90_000);
});
