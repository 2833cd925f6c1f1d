/**
 * The curve transforms over the wire: a density of many rows answers with its curve (a
 * few hundred rows), other requests are answered while it computes, a cancelled one
 * stops with `cancelled`, and a loess that would take hours is refused at once with
 * `too_costly` and a path naming the transform.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { arrowToRows, decodeArrow, Namespace, type ITaskGraph, type ServerMessage } from '@vegafusion-ts/proto';
import { startRuntime, silentLogger, type RuntimeHandle } from '../../src/index.js';
import { connect, type TestClient } from '../support/ws-client.js';

let runtime: RuntimeHandle;
let client: TestClient;
let nextId = 1;

/** `rows` generated rows with x all different (no kernel table: a kernel evaluation per row and point). */
const generated = (rows: number, transforms: unknown[]): ITaskGraph => ({
  nodes: [{
    variable: { name: 'd', namespace: Namespace.NAMESPACE_DATA },
    task: {
      values: {
        valuesJson: '[]',
        pipelineJson: JSON.stringify([
          { type: 'sequence', start: 0, stop: rows },
          { type: 'formula', as: 'x', expr: 'datum.data * 0.001 + (datum.data % 7) * 0.37' },
          { type: 'formula', as: 'y', expr: 'datum.data % 13' },
          ...transforms,
        ]),
      },
    },
  }],
});

function send(graph: ITaskGraph): { id: number; reply: Promise<ServerMessage> } {
  const id = nextId++;
  return { id, reply: client.query({ requestId: id, timeZone: 'UTC', graph, items: [{ node: 0 }] }) };
}

function rowsOf(m: ServerMessage): Record<string, unknown>[] {
  return arrowToRows(decodeArrow(m.result!.values![0].value!.arrow!)) as Record<string, unknown>[];
}

beforeAll(async () => {
  runtime = await startRuntime({ port: 0, logger: silentLogger });
  client = await connect(runtime.url);
});

afterAll(async () => {
  client?.close();
  await runtime?.close();
});

describe('curve transforms over the wire', () => {
  it('a density of many rows sends its curve, and other requests are answered while it computes', async () => {
    const density = send(generated(1_000_000, [{ type: 'kde', field: 'x', resolve: 'shared', as: ['value', 'density'] }]));
    const order: string[] = [];
    const small = send(generated(3, [{ type: 'quantile', field: 'x', probs: [0.5] }]));
    const [d, s] = await Promise.all([
      density.reply.then((m) => { order.push('density'); return m; }),
      small.reply.then((m) => { order.push('small'); return m; }),
    ]);
    expect(d.error).toBeFalsy();
    expect(s.error).toBeFalsy();
    expect(order).toEqual(['small', 'density']);
    const curve = rowsOf(d);
    expect(curve).toHaveLength(201);
    expect(Object.keys(curve[0]).sort()).toEqual(['density', 'value']);
    expect(rowsOf(s)).toEqual([{ prob: 0.5, value: 0.371 }]);
  });

  it('stops a density whose request is cancelled', async () => {
    const q = send(generated(2_000_000, [{ type: 'kde', field: 'x', steps: 400, resolve: 'shared' }]));
    // Cancelled once the rows are read and the kernel sums have begun.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    client.send({ cancel: { requestId: q.id } });
    expect((await q.reply).error).toMatchObject({ requestId: q.id, code: 'cancelled' });
    expect((await send(generated(3, [{ type: 'kde', field: 'x', steps: 3 }])).reply).error).toBeFalsy();
  });

  it('refuses a loess of two million points at once with too_costly, naming the transform', async () => {
    const reply = await send(generated(2_000_000, [{ type: 'loess', x: 'x', y: 'y' }])).reply;
    expect(reply.error).toMatchObject({ code: 'too_costly', path: '/nodes/0/task/values/pipeline/3' });
    expect(reply.error?.message).toContain('2000000 points');
    const small = await send(generated(50, [{ type: 'loess', x: 'x', y: 'y' }])).reply;
    expect(small.error).toBeFalsy();
    expect(rowsOf(small).length).toBeGreaterThan(10);
  });
});
