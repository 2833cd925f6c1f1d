/**
 * Falling back to the browser when the runtime cannot compute a dataset: the error's
 * path is read against the plan, the chart is re-planned with that part in the browser,
 * and the view then holds what plain Vega computes; other errors are reported.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, View, type Spec } from 'vega';
import { startRuntime, type RuntimeHandle } from '../../../../runtime/src/index.js';
import { ChartSession } from '../../src/client/ChartSession.js';
import { RuntimeReplyError } from '../../src/client/errors.js';
import { browserFallback, isDatasetMissing, missingDatasetHash } from '../../src/client/fallback.js';
import { silentLogger } from '../../src/client/logger.js';
import { createPlannedChart, type PlannedChart } from '../../src/client/PlannedChart.js';
import { createConnection, type RuntimeConnection } from '../../src/client/RuntimeConnection.js';
import { compileToVega, planChart, type ChartPlan, type KeepInBrowser } from '../../src/planner/index.js';
import { makePlan, plainRows } from './fixtures.js';
import { startTestRuntime } from './test-runtime.js';
import { wsFactory } from './ws-factory.js';

const reply = (code: string, path: string) => new RuntimeReplyError(code, 'cannot', path, 1);

describe('browserFallback', () => {
  const plan = makePlan();
  it('keeps the named transform and what follows it, for a dataset node', () => {
    expect(browserFallback(plan, reply('unsupported_function', '/nodes/2/task/source/pipeline/0/expr'))).toEqual({
      name: 'filtered', scope: [], fromTransform: 0, reason: 'The runtime could not compute it: cannot [unsupported_function]',
    });
  });
  it('keeps the whole dataset when the failure is outside its pipeline', () => {
    expect(browserFallback(plan, reply('bad_data', '/nodes/1/task/values'))).toMatchObject({ name: 'source' });
    expect(browserFallback(plan, reply('bad_data', '/nodes/1/task/values'))?.fromTransform).toBeUndefined();
  });
  it('does not fall back for other codes, other errors, root values or paths without a node', () => {
    expect(browserFallback(plan, reply('internal', '/nodes/2/task/source/pipeline/0'))).toBeNull();
    // Work past what the browser could do either (a loess over millions of points) is reported, not handed over.
    expect(browserFallback(plan, reply('too_costly', '/nodes/2/task/source/pipeline/0'))).toBeNull();
    expect(browserFallback(plan, reply('unauthorized', ''))).toBeNull();
    expect(browserFallback(plan, reply('bad_expression', ''))).toBeNull();
    expect(browserFallback(plan, reply('bad_expression', '/nodes/0/task/value'))).toBeNull();
    expect(browserFallback(plan, reply('bad_expression', '/nodes/99'))).toBeNull();
    expect(browserFallback(plan, new Error('x'))).toBeNull();
  });
  it('never falls back for a dataset read from an upload, which Vega cannot read; dataset_missing names its hash', () => {
    const hash = 'ab'.repeat(32);
    const uploaded = makePlan();
    uploaded.serverGraph.nodes![1] = { ...uploaded.serverGraph.nodes![1], task: { url: { url: `vegafusion+dataset://${hash}`, formatJson: '{}' } } };
    // An older runtime's code for it, on the upload's node and on a dataset derived from it.
    expect(browserFallback(uploaded, reply('data_not_found', '/nodes/1/task/url'))).toBeNull();
    expect(browserFallback(uploaded, reply('query_failed', '/nodes/2/task/source/pipeline/0'))).toBeNull();
    const missing = new RuntimeReplyError('dataset_missing', `Dataset ${hash} is not in the runtime's upload store`, '/nodes/1/task/url', 1);
    expect(browserFallback(uploaded, missing)).toBeNull();
    expect(browserFallback(plan, missing)).toBeNull();
    expect(isDatasetMissing(missing)).toBe(true);
    expect(missingDatasetHash(missing)).toBe(hash);
    expect(isDatasetMissing(reply('data_not_found', ''))).toBe(false);
    // The same failure on data the browser can read still falls back.
    expect(browserFallback(plan, reply('query_failed', '/nodes/2/task/source/pipeline/0'))).toMatchObject({ name: 'filtered' });
  });
});

/** Lengths of nested arrays and characters of strings: things the runtime declines at run time. */
const SPEC = {
  $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
  data: {
    values: [
      { o: { v: [3, 1] }, d: 'x2020', g: 'a' }, { o: { v: [5] }, d: 'y2020', g: 'b' },
      { o: { v: [1, 1, 1] }, d: 'x2021', g: 'a' }, { o: { v: [] }, d: 'z2021', g: 'b' },
    ],
  },
  transform: [
    { filter: 'datum.g != null' },
    { calculate: 'datum.o.v.length * 2', as: 'w' },
    { calculate: 'datum.d[0]', as: 'y' },
  ],
  mark: 'bar',
  encoding: { x: { field: 'y', type: 'ordinal' }, y: { aggregate: 'sum', field: 'w', type: 'quantitative' } },
};

const nodeView = (spec: unknown): View => new View(parse(spec as Spec), { renderer: 'none' });

/**
 * A server dataset that reads a signal Vega computes by an `update` expression (a point
 * selection resolved from its store): it has no value until the view first runs.
 */
const NEAREST_SPEC = {
  $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
  data: { values: [{ d: 1, p: 10 }, { d: 2, p: 12 }, { d: 3, p: 9 }, { d: 4, p: 15 }] },
  encoding: { x: { field: 'd', type: 'quantitative' } },
  layer: [
    { mark: 'line', encoding: { y: { field: 'p', type: 'quantitative' } } },
    {
      params: [{ name: 'index', select: { type: 'point', encodings: ['x'], on: 'pointermove', nearest: true } }],
      mark: 'point', encoding: { y: { field: 'p', type: 'quantitative' }, opacity: { value: 0 } },
    },
    { transform: [{ filter: { and: ['index.d', { param: 'index' }] } }], mark: 'rule' },
  ],
};

describe('PlannedChart against the runtime', () => {
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

  /** A planned chart of `spec` on unrun views (the session runs them), recording what happens. */
  async function plannedChart(spec: unknown) {
    const errors: Error[] = [];
    const replans: KeepInBrowser[] = [];
    const mounted: View[] = [];
    const chart: PlannedChart = await createPlannedChart({
      spec,
      planOptions: { capabilities: await connection.capabilities() },
      connection,
      coalesce: 'microtask',
      mount: (plan) => {
        const view = nodeView(plan.clientSpec);
        mounted.push(view);
        return Promise.resolve({ view, finalize: () => view.finalize() });
      },
      onError: (e) => errors.push(e),
      onReplan: (_c, kept) => replans.push(kept),
    });
    return { chart, errors, replans, mounted };
  }

  /** Every dataset of the chart's view equals what plain Vega computes for `spec`. */
  async function expectPlainVega(chart: PlannedChart, spec: unknown): Promise<void> {
    const oracle = nodeView(compileToVega(spec));
    await oracle.runAsync();
    await chart.view.runAsync();
    for (const d of (compileToVega(spec).data ?? []).map((x) => x.name)) {
      expect(plainRows(chart.view.data(d)), d).toEqual(plainRows(oracle.data(d)));
    }
    oracle.finalize();
  }

  it('re-plans what the runtime cannot compute into the browser and matches plain Vega', async () => {
    const { chart, errors, replans, mounted } = await plannedChart(SPEC);
    try {
      const firstPlan: ChartPlan = planChart(SPEC, { capabilities: await connection.capabilities() });
      expect(firstPlan.report.datasetsMoved).toBeGreaterThan(0);
      await chart.whenSettled();
      expect(errors).toEqual([]);
      expect(replans.length).toBeGreaterThan(0);
      expect(chart.fallbackList).toEqual(replans);
      expect(mounted.length).toBe(replans.length + 1);
      expect(chart.view).toBe(mounted[mounted.length - 1]);
      // The report names the runtime's reason for what stayed in the browser.
      const reasons = chart.plan.report.entries.map((e) => e.reason ?? '');
      expect(reasons.some((r) => r.startsWith('The runtime could not compute it:'))).toBe(true);
      await expectPlainVega(chart, SPEC);
    } finally {
      chart.dispose();
    }
    expect(chart.session).toBeNull();
  });

  it('asks for what reads a signal the view has not computed yet after its first run, not falling back', async () => {
    const plan = planChart(NEAREST_SPEC, { capabilities: await connection.capabilities() });
    const filtered = (plan.serverGraph.nodes ?? []).findIndex((n) => n.task?.source?.pipelineJson?.includes('index.d'));
    expect(filtered).toBeGreaterThanOrEqual(0);
    expect(plan.toClient.some((e) => e.node === filtered)).toBe(true);
    const { chart, errors, replans } = await plannedChart(NEAREST_SPEC);
    try {
      await chart.whenSettled();
      expect(errors).toEqual([]);
      expect(replans).toEqual([]);
      await expectPlainVega(chart, NEAREST_SPEC);
    } finally {
      chart.dispose();
    }
  });
});

describe('errors no re-plan avoids', () => {
  it('maps the pruned request graph back to the plan graph in error paths', async () => {
    const runtime = await startTestRuntime({
      answer: (query) => {
        const i = (query.graph?.nodes ?? []).findIndex((n) => n.variable?.name === 'filtered');
        throw { code: 'bad_expression', message: 'nope', path: `/nodes/${i}/task/source/pipeline/0` };
      },
    });
    const connection = createConnection(runtime.url, { createWebSocket: wsFactory, logger: silentLogger });
    const plan = makePlan();
    const view = nodeView(plan.clientSpec);
    const errors: Error[] = [];
    const session = new ChartSession({ connection, plan, view, coalesce: 'microtask', onError: (e) => errors.push(e) }).start();
    try {
      await session.whenIdle();
      expect(errors).toHaveLength(1);
      expect(errors[0]).toBeInstanceOf(RuntimeReplyError);
      expect((errors[0] as RuntimeReplyError).path).toBe('/nodes/2/task/source/pipeline/0');
      expect(errors[0].message).toBe('nope (at /nodes/2/task/source/pipeline/0)');
      expect(browserFallback(plan, errors[0])?.name).toBe('filtered');
    } finally {
      session.dispose();
      view.finalize();
      connection.close();
      await runtime.close();
    }
  });

  it('reports an error that is not about computing a dataset and keeps its plan', async () => {
    const runtime = await startTestRuntime({
      answer: () => { throw { code: 'internal', message: 'boom', path: '/nodes/0/task/values' }; },
    });
    const connection = createConnection(runtime.url, { createWebSocket: wsFactory, logger: silentLogger });
    const errors: Error[] = [];
    let mounts = 0;
    const spec = {
      data: [{ name: 'd', values: [{ a: 1 }, { a: 2 }], transform: [{ type: 'filter', expr: 'datum.a > 1' }] }],
      marks: [{ type: 'symbol', from: { data: 'd' }, encode: { update: { x: { field: 'a' } } } }],
    };
    const chart = await createPlannedChart({
      spec,
      planOptions: { capabilities: { ...await connection.capabilities(), transformParams: { filter: ['expr'] } } },
      connection,
      coalesce: 'microtask',
      mount: (p) => {
        mounts++;
        const view = nodeView(p.clientSpec);
        return Promise.resolve({ view, finalize: () => view.finalize() });
      },
      onError: (e) => errors.push(e),
    });
    try {
      expect(chart.plan.toClient.length, JSON.stringify(chart.plan.report)).toBeGreaterThan(0);
      await chart.whenSettled();
      expect(errors.map((e) => (e as RuntimeReplyError).code)).toEqual(['internal']);
      expect(mounts).toBe(1);
      expect(chart.fallbackList).toEqual([]);
    } finally {
      chart.dispose();
      connection.close();
      await runtime.close();
    }
  });
});
