/**
 * The client through an edge runtime: a planned Vega-Lite chart fed by a ChartSession
 * connected to an edge in front of a central runtime. Each update tells where its values
 * came from: computed at the edge (inline rows and a slider), over the link on the first
 * load of a file-backed chart, from the edge's cache for the next session.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, View } from 'vega';
import { startRuntime, type RuntimeHandle } from '../../../../runtime/src/index.js';
import { ChartSession, type SessionUpdate } from '../../src/client/ChartSession.js';
import { createConnection } from '../../src/client/RuntimeConnection.js';
import { silentLogger } from '../../src/client/logger.js';
import { planChart } from '../../src/planner/index.js';
import { waitFor, wsFactory } from './ws-factory.js';

const ROWS = Array.from({ length: 200 }, (_, i) => ({ a: i % 7, b: (i * 37) % 101, c: ['x', 'y', 'z'][i % 3] }));

const INLINE = {
  $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
  data: { values: ROWS },
  params: [{ name: 'cut', value: 50, bind: { input: 'range', min: 0, max: 100 } }],
  transform: [{ filter: 'datum.b > cut' }],
  mark: 'bar',
  encoding: { x: { field: 'c', type: 'nominal' }, y: { aggregate: 'sum', field: 'a', type: 'quantitative' } },
};

const FILE = {
  $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
  data: { url: 'data/cars.json' },
  mark: 'bar',
  encoding: { x: { field: 'Origin', type: 'nominal' }, y: { aggregate: 'mean', field: 'Horsepower', type: 'quantitative' } },
};

let central: RuntimeHandle;
let edge: RuntimeHandle;

beforeAll(async () => {
  central = await startRuntime({ port: 0, logLevel: 'silent' });
  edge = await startRuntime({ port: 0, logLevel: 'silent', upstream: `ws://127.0.0.1:${central.port}/ws` });
});

afterAll(async () => {
  await edge?.close();
  await central?.close();
});

/** Runs a session of `spec` on the edge until its first answer (and `then`), giving its updates. */
async function session(spec: object, then?: (view: View, updates: SessionUpdate[]) => Promise<void>): Promise<SessionUpdate[]> {
  const connection = createConnection(edge.url, { createWebSocket: wsFactory, logger: silentLogger });
  const plan = planChart(spec, { capabilities: await connection.capabilities() });
  const view = new View(parse(plan.clientSpec), { renderer: 'none' });
  await view.runAsync();
  const updates: SessionUpdate[] = [];
  const errors: Error[] = [];
  const s = new ChartSession({ connection, plan, view, coalesce: 'microtask', timeZone: 'UTC', onUpdate: (u) => updates.push(u), onError: (e) => errors.push(e) }).start();
  try {
    await s.ready;
    await then?.(view, updates);
    expect(errors).toEqual([]);
    return updates;
  } finally {
    s.dispose();
    view.finalize();
    connection.close();
  }
}

const centralQueries = async () => Number(/^vegafusion_queries_total (\d+)$/m.exec(await (await fetch(`${central.url}/metrics`)).text())?.[1]);

describe('ChartSession through an edge runtime', () => {
  it('reports where each value came from', async () => {
    const inline = await session(INLINE, async (view, updates) => {
      view.signal('cut', 80);
      await view.runAsync();
      await waitFor(() => updates.length === 2, 10_000, 'the answer to the slider');
    });
    for (const u of inline) {
      expect(Object.keys(u.origins).length).toBeGreaterThan(0);
      expect(new Set(Object.values(u.origins))).toEqual(new Set(['edge-computed']));
    }
    expect(await centralQueries()).toBe(0);

    const first = await session(FILE);
    expect(new Set(Object.values(first[0].origins))).toEqual(new Set(['upstream>computed']));
    const second = await session(FILE);
    expect(new Set(Object.values(second[0].origins))).toEqual(new Set(['edge-cache']));
    expect(Object.keys(second[0].origins)).toEqual(Object.keys(first[0].origins));
    expect(await centralQueries()).toBe(1);
  }, 60_000);
});
