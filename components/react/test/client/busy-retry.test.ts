/**
 * Many charts on one connection against a real runtime that lets each connection have
 * only one query waiting or running: the runtime answers the others `busy`, and each
 * chart asks again after a pause until its values are in, as plain Vega would show them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, View } from 'vega';
import { startRuntime, type RuntimeHandle } from '../../../../runtime/src/index.js';
import { ChartSession } from '../../src/client/ChartSession.js';
import { createConnection, type RuntimeConnection } from '../../src/client/RuntimeConnection.js';
import { silentLogger } from '../../src/client/logger.js';
import { compileToVega, planChart } from '../../src/planner/index.js';
import { plainRows } from './fixtures.js';
import { wsFactory } from './ws-factory.js';

const ROWS = Array.from({ length: 300 }, (_, i) => ({ a: i % 7, b: (i * 37) % 101, c: ['x', 'y', 'z'][i % 3] }));

/** Charts that differ (no two share a computation in the runtime's cache). */
const spec = (k: number) => ({
  $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
  data: { values: ROWS },
  transform: [{ filter: `datum.b > ${k}` }],
  mark: 'bar',
  encoding: { x: { field: 'c', type: 'nominal' }, y: { aggregate: 'sum', field: 'a', type: 'quantitative' } },
});

let runtime: RuntimeHandle;
let connection: RuntimeConnection;

beforeAll(async () => {
  runtime = await startRuntime({ port: 0, logger: silentLogger, logLevel: 'silent', maxConcurrentQueries: 1, maxRunningQueries: 1 });
  connection = createConnection(runtime.url, { createWebSocket: wsFactory, logger: silentLogger });
});

afterAll(async () => {
  connection?.close();
  await runtime?.close();
});

describe('charts sharing a connection past its query bound', () => {
  it('ask again after busy replies and all get their values', async () => {
    const capabilities = await connection.capabilities();
    const charts = await Promise.all([5, 25, 45, 65, 85].map(async (k) => {
      const plan = planChart(spec(k), { capabilities });
      const view = new View(parse(plan.clientSpec), { renderer: 'none' });
      await view.runAsync();
      const errors: Error[] = [];
      return { k, plan, view, errors };
    }));
    const sessions = charts.map((c) => new ChartSession({
      connection, plan: c.plan, view: c.view, coalesce: 'microtask', timeZone: 'UTC', onError: (e) => c.errors.push(e),
    }).start());
    try {
      await Promise.all(sessions.map((s) => s.ready));
      const text = await (await fetch(`${runtime.url}/metrics`)).text();
      expect(text).toMatch(/^vegafusion_query_errors_total\{code="busy"\} [1-9]/m);
      for (const c of charts) {
        expect(c.errors).toEqual([]);
        const oracle = new View(parse(compileToVega(spec(c.k))), { renderer: 'none' });
        await oracle.runAsync();
        for (const entry of c.plan.toClient) {
          if (entry.kind !== 'data' || entry.signalsOnly || entry.scope.length) continue;
          const cols = entry.columns.length ? entry.columns : undefined;
          expect(plainRows(c.view.data(entry.name), cols), `${c.k} ${entry.name}`).toEqual(plainRows(oracle.data(entry.name), cols));
        }
        oracle.finalize();
      }
    } finally {
      for (const s of sessions) s.dispose();
      for (const c of charts) c.view.finalize();
    }
  }, 30_000);
});
