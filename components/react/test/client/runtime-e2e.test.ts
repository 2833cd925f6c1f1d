/**
 * The client against the real runtime: a Vega-Lite chart planned with the planner, fed by
 * the runtime through a ChartSession, must hold the same data as the same spec in plain
 * Vega; a signal change must re-ask only what depends on it, and the runtime's cache
 * must serve what did not change.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, View } from 'vega';
import { startRuntime, type RuntimeHandle } from '../../../../runtime/src/index.js';
import { ChartSession, type SessionUpdate } from '../../src/client/ChartSession.js';
import { createConnection, type RuntimeConnection } from '../../src/client/RuntimeConnection.js';
import { silentLogger } from '../../src/client/logger.js';
import { compileToVega, planChart } from '../../src/planner/index.js';
import type { ChartPlan } from '../../src/planner/types.js';
import { plainRows } from './fixtures.js';
import { waitFor, wsFactory } from './ws-factory.js';

const ROWS = Array.from({ length: 200 }, (_, i) => ({ a: i % 7, b: (i * 37) % 101, c: ['x', 'y', 'z'][i % 3] }));

/** A chart whose filter reads a slider-bound parameter. */
const SPEC = {
  $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
  data: { values: ROWS },
  params: [{ name: 'cut', value: 50, bind: { input: 'range', min: 0, max: 100 } }],
  transform: [{ filter: 'datum.b > cut' }],
  mark: 'bar',
  encoding: {
    x: { field: 'c', type: 'nominal' },
    y: { aggregate: 'sum', field: 'a', type: 'quantitative' },
  },
};

let runtime: RuntimeHandle;
let connection: RuntimeConnection;

beforeAll(async () => {
  runtime = await startRuntime({ port: 0, logger: silentLogger, logLevel: 'silent' });
  connection = createConnection(runtime.url, { createWebSocket: wsFactory, logger: silentLogger });
});

afterAll(async () => {
  connection?.close();
  await runtime?.close();
});

async function plainView(cut: number): Promise<View> {
  const view = new View(parse(compileToVega(SPEC)), { renderer: 'none' });
  view.signal('cut', cut);
  await view.runAsync();
  return view;
}

/** Every dataset the client spec fed from the runtime, compared with plain Vega's. */
async function expectSameData(view: View, plan: ChartPlan, cut: number): Promise<void> {
  const oracle = await plainView(cut);
  try {
    for (const entry of plan.toClient) {
      if (entry.kind !== 'data' || entry.signalsOnly || entry.scope.length) continue;
      const cols = entry.columns.length ? entry.columns : undefined;
      expect(plainRows(view.data(entry.name), cols), entry.name).toEqual(plainRows(oracle.data(entry.name), cols));
    }
  } finally {
    oracle.finalize();
  }
}

describe('ChartSession with the real runtime', () => {
  it('plans, fills the view like plain Vega, and re-asks only on change', async () => {
    const capabilities = await connection.capabilities();
    expect(capabilities.protocolVersion).toBe(1);
    const plan = planChart(SPEC, { capabilities });
    expect(plan.toClient.length).toBeGreaterThan(0);
    const view = new View(parse(plan.clientSpec), { renderer: 'none' });
    await view.runAsync();
    const updates: SessionUpdate[] = [];
    const errors: Error[] = [];
    const session = new ChartSession({
      connection, plan, view, coalesce: 'microtask', timeZone: 'UTC',
      onUpdate: (u) => updates.push(u), onError: (e) => errors.push(e),
    }).start();
    try {
      await session.ready;
      expect(errors).toEqual([]);
      expect(updates).toHaveLength(1);
      await expectSameData(view, plan, 50);

      view.signal('cut', 80);
      await view.runAsync();
      await waitFor(() => updates.length === 2 || errors.length > 0, 10_000, 'the answer to the change');
      expect(errors).toEqual([]);
      await expectSameData(view, plan, 80);

      // Back to a state the runtime has seen: its cache answers.
      view.signal('cut', 50);
      await view.runAsync();
      await waitFor(() => updates.length === 3 || errors.length > 0, 10_000, 'the answer to the change back');
      expect(errors).toEqual([]);
      expect(updates[2].stats?.cacheHits ?? 0).toBeGreaterThan(0);
      await expectSameData(view, plan, 50);

      // An unchanged state asks nothing.
      const before = session.requestCount;
      view.signal('cut', 50);
      await view.runAsync();
      await new Promise((r) => setTimeout(r, 50));
      expect(session.requestCount).toBe(before);
    } finally {
      session.dispose();
      view.finalize();
    }
  });

  it('keeps the view\'s size when a brush changes the layout, as plain Vega does', async () => {
    // A brush over `b` filters the bars below: fewer categories make a shorter band scale.
    // Plain Vega sizes the view once, at its first layout; a brush leaves the size alone.
    const spec = {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      data: { values: ROWS.map((r, i) => ({ ...r, k: `k${i % 9}` })) },
      vconcat: [
        {
          params: [{ name: 'brush', select: { type: 'interval', encodings: ['x'] } }],
          mark: 'point',
          encoding: { x: { field: 'b', type: 'quantitative' }, y: { field: 'a', type: 'quantitative' } },
        },
        {
          transform: [{ filter: { param: 'brush' } }],
          mark: 'bar',
          encoding: { y: { field: 'k', type: 'nominal' }, x: { aggregate: 'count', type: 'quantitative' } },
        },
      ],
    };
    // A new copy each time: Vega adds accessors to the entries it is given.
    const store = (): object[] => [{ unit: 'concat_0', fields: [{ field: 'b', channel: 'x', type: 'R' }], values: [[0, 2]] }];
    const svgSize = async (v: View): Promise<string> => /<svg[^>]* width="(\d+)" height="(\d+)"/.exec(await v.toSVG())?.slice(1).join('x') ?? '';
    const plain = new View(parse(compileToVega(spec)), { renderer: 'none' });
    const plan = planChart(spec, { capabilities: await connection.capabilities() });
    expect(plan.toClient.length).toBeGreaterThan(0);
    const view = new View(parse(plan.clientSpec), { renderer: 'none' });
    await view.runAsync();
    const updates: SessionUpdate[] = [];
    const errors: Error[] = [];
    const session = new ChartSession({
      connection, plan, view, coalesce: 'microtask', timeZone: 'UTC',
      onUpdate: (u) => updates.push(u), onError: (e) => errors.push(e),
    }).start();
    try {
      await plain.runAsync();
      await session.ready;
      // Laid out before its first values, the view is sized again once they are in.
      expect(await svgSize(view)).toBe(await svgSize(plain));
      plain.data('brush_store', store());
      await plain.runAsync();
      view.data('brush_store', store());
      await view.runAsync();
      await waitFor(() => updates.length === 2 || errors.length > 0, 10_000, 'the answer to the brush');
      expect(errors).toEqual([]);
      expect(await svgSize(view)).toBe(await svgSize(plain));
    } finally {
      session.dispose();
      view.finalize();
      plain.finalize();
    }
  });

  it('asks once for a selection\'s initial value, before the view\'s first run', async () => {
    // The store starts from the spec's inline values; an unrun view holds no rows yet.
    const spec = {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      data: { values: ROWS },
      params: [{ name: 'pick', value: [{ c: 'y' }], select: { type: 'point', fields: ['c'] } }],
      transform: [{ filter: { param: 'pick' } }],
      mark: 'bar',
      encoding: { x: { field: 'c', type: 'nominal' }, y: { aggregate: 'sum', field: 'a', type: 'quantitative' } },
    };
    const plan = planChart(spec, { capabilities: await connection.capabilities() });
    expect(plan.toServer.map((t) => t.name)).toContain('pick_store');
    const view = new View(parse(plan.clientSpec), { renderer: 'none' });
    const plain = new View(parse(compileToVega(spec)), { renderer: 'none' });
    const updates: SessionUpdate[] = [];
    const errors: Error[] = [];
    const session = new ChartSession({
      connection, plan, view, coalesce: 'microtask', timeZone: 'UTC',
      onUpdate: (u) => updates.push(u), onError: (e) => errors.push(e),
    }).start();
    try {
      await session.ready;
      await plain.runAsync();
      await session.whenIdle();
      expect(errors).toEqual([]);
      expect(session.requestCount).toBe(1);
      for (const entry of plan.toClient) {
        if (entry.kind !== 'data' || entry.signalsOnly || entry.scope.length) continue;
        const cols = entry.columns.length ? entry.columns : undefined;
        expect(plainRows(view.data(entry.name), cols), entry.name).toEqual(plainRows(plain.data(entry.name), cols));
      }
    } finally {
      session.dispose();
      view.finalize();
      plain.finalize();
    }
  });

  it('asks again after the runtime restarts on its port, losing nothing', async () => {
    const first = await startRuntime({ port: 0, logLevel: 'silent' });
    const port = first.port;
    const own = createConnection(first.url, {
      createWebSocket: wsFactory, logger: silentLogger, reconnect: { initialDelayMs: 50, maxDelayMs: 200 },
    });
    const plan = planChart(SPEC, { capabilities: await own.capabilities() });
    const view = new View(parse(plan.clientSpec), { renderer: 'none' });
    await view.runAsync();
    const updates: SessionUpdate[] = [];
    const session = new ChartSession({ connection: own, plan, view, coalesce: 'microtask', timeZone: 'UTC', onUpdate: (u) => updates.push(u) }).start();
    let second: RuntimeHandle | undefined;
    try {
      await session.ready;
      await first.close();
      // Changed while the runtime is away: the request waits, the socket keeps trying.
      view.signal('cut', 20);
      await view.runAsync();
      await new Promise((r) => setTimeout(r, 300));
      expect(updates).toHaveLength(1);
      second = await startRuntime({ port, logLevel: 'silent' });
      await waitFor(() => updates.length === 2, 10_000, 'the answer from the restarted runtime');
      await expectSameData(view, plan, 20);
    } finally {
      session.dispose();
      view.finalize();
      own.close();
      await second?.close();
    }
  });
});
