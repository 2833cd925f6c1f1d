import { afterEach, describe, expect, it } from 'vitest';
import type { IQuery } from '@vegafusion-ts/proto';
import { parse, View } from 'vega';
import { ChartSession, type SessionUpdate } from '../../src/client/ChartSession.js';
import { createConnection } from '../../src/client/RuntimeConnection.js';
import { silentLogger } from '../../src/client/logger.js';
import type { CoalesceMode } from '../../src/client/scheduler.js';
import { CLIENT_SPEC, makePlan, ORIGINAL_SPEC, plainRows } from './fixtures.js';
import { evaluateWithVega, startTestRuntime, type TestRuntime, type TestRuntimeOptions } from './test-runtime.js';
import { waitFor, wsFactory } from './ws-factory.js';

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

/** What plain Vega computes for the chart with the given client values. */
async function oracle(threshold: number, picked: object[] = [{ x: 10 }]): Promise<View> {
  const view = new View(parse(ORIGINAL_SPEC), { renderer: 'none' });
  view.signal('threshold', threshold).data('picked', picked);
  await view.runAsync();
  cleanup.push(() => view.finalize());
  return view;
}

/** Names of the variables a query asks for (its items point into the pruned graph). */
const askedFor = (q: IQuery): string[] =>
  (q.items ?? []).map((i) => q.graph?.nodes?.[i.node ?? 0].variable?.name ?? '?').sort();

interface Setup {
  runtime: TestRuntime;
  view: View;
  session: ChartSession;
  updates: SessionUpdate[];
  errors: Error[];
}

async function setup(runtimeOptions: TestRuntimeOptions = {}, coalesce: CoalesceMode = 'microtask', plan = makePlan()): Promise<Setup> {
  const runtime = await startTestRuntime(runtimeOptions);
  cleanup.push(() => runtime.close());
  const connection = createConnection(runtime.url, {
    createWebSocket: wsFactory, logger: silentLogger, reconnect: { initialDelayMs: 20, maxDelayMs: 100 },
  });
  cleanup.push(() => connection.close());
  const view = new View(parse(CLIENT_SPEC), { renderer: 'none' });
  await view.runAsync();
  cleanup.push(() => view.finalize());
  const updates: SessionUpdate[] = [];
  const errors: Error[] = [];
  const session = new ChartSession({
    connection, plan, view, coalesce, timeZone: 'UTC',
    onUpdate: (u) => updates.push(u), onError: (e) => errors.push(e),
  }).start();
  cleanup.push(() => session.dispose());
  return { runtime, view, session, updates, errors };
}

describe('ChartSession', () => {
  it('fills the view with what plain Vega computes', async () => {
    const { view, session, runtime, errors } = await setup();
    await session.ready;
    const expected = await oracle(2);
    expect(errors).toEqual([]);
    expect(plainRows(view.data('filtered'))).toEqual(plainRows(expected.data('filtered'), ['x']));
    expect(plainRows(view.data('counts'))).toEqual(plainRows(expected.data('counts')));
    expect(plainRows(view.data('picked_sum'))).toEqual([{ sum: 10 }]);
    expect(runtime.queries()).toHaveLength(1);
    expect(askedFor(runtime.queries()[0])).toEqual(['counts', 'filtered', 'picked_sum']);
    // Projection pushdown travels with the item.
    const q = runtime.queries()[0];
    const filteredItem = q.items?.find((i) => q.graph?.nodes?.[i.node ?? 0].variable?.name === 'filtered');
    expect(filteredItem?.columns).toEqual(['x']);
  });

  it('asks only for the nodes whose state changed, with only their ancestors', async () => {
    const { view, session, runtime, updates } = await setup();
    await session.ready;
    view.signal('threshold', 3);
    await view.runAsync();
    await waitFor(() => updates.length === 2, 3000, 'the second answer');
    const q = runtime.queries()[1];
    expect(askedFor(q)).toEqual(['filtered']);
    expect((q.graph?.nodes ?? []).map((n) => n.variable?.name).sort()).toEqual(['filtered', 'source', 'threshold']);
    expect(plainRows(view.data('filtered'))).toEqual(plainRows((await oracle(3)).data('filtered'), ['x']));

    view.data('picked', [{ x: 3 }, { x: 4 }]);
    await view.runAsync();
    await waitFor(() => updates.length === 3, 3000, 'the third answer');
    expect(askedFor(runtime.queries()[2])).toEqual(['picked_sum']);
    expect(plainRows(view.data('picked_sum'))).toEqual([{ sum: 7 }]);
    expect(runtime.queries()).toHaveLength(3);
  });

  it('sends the plan\'s selection hints until the runtime has answered once', async () => {
    const hints = [{ store: 'picked', fields: ['x'] }];
    const { view, session, runtime, updates } = await setup({}, 'microtask', { ...makePlan(), selectionHints: hints });
    await session.ready;
    view.signal('threshold', 3);
    await view.runAsync();
    await waitFor(() => updates.length === 2, 3000, 'the second answer');
    const sent = runtime.queries().map((q) => q.selectionHints ?? []);
    expect(sent).toEqual([hints, []]);
  });

  it('sends nothing when a change leaves every state as answered', async () => {
    const { view, session, runtime } = await setup();
    await session.ready;
    view.signal('threshold', 2); // same value: same fingerprint
    view.data('picked', [{ x: 10 }]); // same rows: same fingerprint
    await view.runAsync();
    await new Promise((r) => setTimeout(r, 50));
    expect(runtime.queries()).toHaveLength(1);
  });

  it('coalesces a synchronous burst into one request', async () => {
    const { view, session, runtime, updates } = await setup();
    await session.ready;
    for (let t = 0; t < 10; t++) view.signal('threshold', t);
    await view.runAsync();
    await waitFor(() => updates.length === 2, 3000, 'the answer');
    await new Promise((r) => setTimeout(r, 30));
    expect(runtime.queries()).toHaveLength(2);
    expect(plainRows(view.data('filtered'))).toEqual(plainRows((await oracle(9)).data('filtered'), ['x']));
  });

  it('coalesces changes within a time window into one request', async () => {
    const { view, session, runtime, updates } = await setup({}, 250);
    await session.ready;
    for (let t = 0; t < 5; t++) {
      view.signal('threshold', t);
      await view.runAsync();
    }
    await waitFor(() => updates.length === 2, 3000, 'the answer');
    await new Promise((r) => setTimeout(r, 300));
    expect(runtime.queries()).toHaveLength(2);
    expect(plainRows(view.data('filtered'))).toEqual(plainRows((await oracle(4)).data('filtered'), ['x']));
  });

  it('cancels a superseded request and drops its late answer', async () => {
    const { view, session, runtime, updates } = await setup({ delayMs: (q) => (q.requestId === 2 ? 400 : 0), ignoreCancel: true });
    await session.ready;
    view.signal('threshold', 0);
    await view.runAsync();
    await waitFor(() => runtime.queries().length === 2, 3000, 'the slow request');
    view.signal('threshold', 4);
    await view.runAsync();
    await waitFor(() => updates.length === 2, 3000, 'the newer answer');
    expect(runtime.cancels()).toEqual([runtime.queries()[1].requestId]);
    await new Promise((r) => setTimeout(r, 500)); // the stale answer arrives meanwhile
    expect(updates).toHaveLength(2);
    expect(updates[1].requestId).toBe(runtime.queries()[2].requestId);
    expect(plainRows(view.data('filtered'))).toEqual(plainRows((await oracle(4)).data('filtered'), ['x']));
  });

  it('withdraws a request whose change is undone before the answer', async () => {
    const { view, session, runtime, updates } = await setup({ delayMs: (q) => (q.requestId === 2 ? 300 : 0), ignoreCancel: true });
    await session.ready;
    view.signal('threshold', 0);
    await view.runAsync();
    await waitFor(() => runtime.queries().length === 2, 3000, 'the slow request');
    view.signal('threshold', 2);
    await view.runAsync();
    await new Promise((r) => setTimeout(r, 450));
    expect(runtime.cancels()).toEqual([runtime.queries()[1].requestId]);
    expect(runtime.queries()).toHaveLength(2);
    expect(updates).toHaveLength(1);
    expect(plainRows(view.data('filtered'))).toEqual(plainRows((await oracle(2)).data('filtered'), ['x']));
  });

  it('reports runtime errors through onError and keeps the view working', async () => {
    let fail = true;
    const { view, session, errors, updates } = await setup({
      answer: (q) => {
        if (fail) throw { code: 'bad_expression', message: 'Unknown function "foo"', path: '/nodes/2/task/source/pipeline/0' };
        return evaluateWithVega(q);
      },
    });
    await session.ready;
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'bad_expression', path: '/nodes/2/task/source/pipeline/0' });
    expect(view.data('filtered')).toEqual([]);
    fail = false;
    view.signal('threshold', 1);
    await view.runAsync();
    await waitFor(() => updates.length === 1, 3000, 'the answer after the error');
    // Every node is asked again: none was answered.
    expect(plainRows(view.data('counts'))).toEqual(plainRows((await oracle(1)).data('counts')));
    expect(plainRows(view.data('filtered'))).toEqual(plainRows((await oracle(1)).data('filtered'), ['x']));
  });

  it('gets its answer after the runtime restarts mid-request', async () => {
    const first = await startTestRuntime({ delayMs: 5000 });
    const port = first.port;
    const connection = createConnection(first.url, {
      createWebSocket: wsFactory, logger: silentLogger, reconnect: { initialDelayMs: 30, maxDelayMs: 100 },
    });
    cleanup.push(() => connection.close());
    const view = new View(parse(CLIENT_SPEC), { renderer: 'none' });
    await view.runAsync();
    cleanup.push(() => view.finalize());
    const session = new ChartSession({ connection, plan: makePlan(), view, coalesce: 'microtask', timeZone: 'UTC' }).start();
    cleanup.push(() => session.dispose());
    await waitFor(() => first.queries().length === 1, 3000, 'the first query');
    await first.close();
    const second = await startTestRuntime({ port });
    cleanup.push(() => second.close());
    await session.ready;
    expect(plainRows(view.data('counts'))).toEqual(plainRows((await oracle(2)).data('counts')));
    expect(second.queries()).toHaveLength(1);
  });

  it('stops listening and cancels on dispose', async () => {
    const { view, session, runtime } = await setup({ delayMs: 100, ignoreCancel: true });
    await waitFor(() => runtime.queries().length === 1, 3000, 'the first query');
    session.dispose();
    await waitFor(() => runtime.cancels().length === 1, 3000, 'the cancel');
    view.signal('threshold', 5);
    await view.runAsync();
    await new Promise((r) => setTimeout(r, 150));
    expect(runtime.queries()).toHaveLength(1);
    expect(view.data('filtered')).toEqual([]);
  });
});
