/**
 * Requests of a few hundred bytes that would cost minutes and gigabytes are refused before
 * the costly part runs, with a coded error, and the runtime keeps answering.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { arrowToRows, decodeArrow, Namespace, type ITaskGraph } from '@vegafusion-ts/proto';
import { MAX_PIVOT_COLUMNS } from '../../src/engine/transforms/pivot.js';
import { startRuntime, silentLogger, type RuntimeHandle } from '../../src/index.js';
import { connect, type TestClient } from '../support/ws-client.js';

let runtime: RuntimeHandle;
let client: TestClient;
let nextId = 1;

const generated = (pipeline: unknown[]): ITaskGraph => ({
  nodes: [{ variable: { name: 'd', namespace: Namespace.NAMESPACE_DATA }, task: { values: { valuesJson: '[]', pipelineJson: JSON.stringify(pipeline) } } }],
});
const ask = (graph: ITaskGraph) => client.query({ requestId: nextId++, timeZone: 'UTC', graph, items: [{ node: 0 }] });

beforeAll(async () => {
  runtime = await startRuntime({ port: 0, logger: silentLogger });
  client = await connect(runtime.url);
});

afterAll(async () => {
  client?.close();
  await runtime?.close();
});

describe('costly requests', () => {
  it('refuses a pivot into thousands of fields, and answers one limited to a few', async () => {
    const pivot = (extra: object) => generated([
      { type: 'sequence', start: 0, stop: 3000 },
      { type: 'formula', as: 'g', expr: 'datum.data % 7' },
      { type: 'pivot', field: 'data', value: 'data', groupby: ['g'], ...extra },
    ]);
    const refused = await ask(pivot({}));
    expect(refused.error?.code).toBe('limit_exceeded');
    expect(refused.error?.message).toContain(`3000 fields; the limit is ${MAX_PIVOT_COLUMNS}`);
    const limited = await ask(pivot({ limit: 5 }));
    expect(limited.error).toBeFalsy();
    const rows = arrowToRows(decodeArrow(limited.result!.values![0].value!.arrow!)) as Record<string, unknown>[];
    expect(rows).toHaveLength(7);
    expect(Object.keys(rows[0]).sort()).toEqual(['0', '1', '2', '3', '4', 'g']);
    expect(rows[0]).toMatchObject({ g: 0, 0: 0 });
  });

  it('refuses a sequence of billions of rows', async () => {
    const reply = await ask(generated([{ type: 'sequence', start: 0, stop: 5e9 }]));
    expect(reply.error?.code).toBe('limit_exceeded');
    expect((await ask(generated([{ type: 'sequence', start: 0, stop: 3 }]))).error).toBeFalsy();
  });
});
