/**
 * What travels from the real runtime for a sorted bar over 200,000 rows: tens of rows'
 * worth (the counts and the sorted domain), on load and per brush step, not the column of
 * raw rows; the plan's report counts the bytes. A chart that does draw the raw rows gets
 * one warning naming what reads them.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, View } from 'vega';
import { startRuntime, type RuntimeHandle } from '../../../../runtime/src/index.js';
import { ChartSession, type SessionUpdate } from '../../src/client/ChartSession.js';
import { createPlannedChart } from '../../src/client/PlannedChart.js';
import { createConnection, type RuntimeConnection } from '../../src/client/RuntimeConnection.js';
import { silentLogger } from '../../src/client/logger.js';
import { planChart } from '../../src/planner/index.js';
import type { ChartPlan } from '../../src/planner/types.js';
import { waitFor, wsFactory } from './ws-factory.js';

const ROWS = 200_000;
const REGIONS = ['north', 'south', 'east', 'west', 'centre', 'coast', 'hills', 'islands', 'lakes', 'plains', 'valley', 'delta'];

let dir: string;
let runtime: RuntimeHandle;
let connection: RuntimeConnection;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vf-transfer-'));
  const lines = ['region,v'];
  // Skewed counts: region i appears about in proportion to 1 / (i + 1).
  for (let i = 0; i < ROWS; i++) lines.push(`${REGIONS[Math.floor(((i * 7919) % 1000) ** 2 / 1000 * REGIONS.length / 1000)]},${(i * 37) % 1000}`);
  writeFileSync(join(dir, 'sales.csv'), lines.join('\n'));
  runtime = await startRuntime({ port: 0, logger: silentLogger, logLevel: 'silent', dataRoots: [dir] });
  connection = createConnection(runtime.url, { createWebSocket: wsFactory, logger: silentLogger });
}, 60_000);

afterAll(async () => {
  connection?.close();
  await runtime?.close();
  rmSync(dir, { recursive: true, force: true });
});

const data = { url: 'sales.csv', format: { type: 'csv' } };

async function run(spec: object, steps: ((view: View) => void)[]): Promise<{ plan: ChartPlan; updates: SessionUpdate[]; warnings: string[] }> {
  const plan = planChart(spec, { capabilities: await connection.capabilities() });
  const view = new View(parse(plan.clientSpec), { renderer: 'none' });
  await view.runAsync();
  const updates: SessionUpdate[] = [];
  const errors: Error[] = [];
  const warnings: string[] = [];
  const session = new ChartSession({
    connection, plan, view, coalesce: 'microtask', timeZone: 'UTC',
    onUpdate: (u) => updates.push(u), onError: (e) => errors.push(e), onWarning: (w) => warnings.push(w),
  }).start();
  try {
    await session.ready;
    for (const step of steps) {
      const before = updates.length;
      step(view);
      await view.runAsync();
      await waitFor(() => updates.length > before || errors.length > 0, 20_000, 'the answer to the step');
    }
    expect(errors).toEqual([]);
  } finally {
    session.dispose();
    view.finalize();
  }
  return { plan, updates, warnings };
}

/** A brush over v, as the view's brush writes it (a new copy each time: Vega adds accessors). */
const store = (lo: number, hi: number): object[] => [{ unit: 'concat_0', fields: [{ field: 'v', channel: 'x', type: 'R' }], values: [[lo, hi]] }];

const total = (u: SessionUpdate): number => Object.values(u.bytes).reduce((a, b) => a + b, 0);

describe('bytes from the runtime', () => {
  it('a sorted bar over 200k rows receives tens of rows, on load and per brush step', async () => {
    const spec = {
      data,
      hconcat: [
        {
          params: [{ name: 'brush', select: { type: 'interval', encodings: ['x'] } }],
          mark: 'bar',
          encoding: { x: { field: 'v', type: 'quantitative', bin: true }, y: { aggregate: 'count', type: 'quantitative' } },
        },
        {
          transform: [{ filter: { param: 'brush' } }],
          mark: 'bar',
          encoding: { y: { field: 'region', type: 'nominal', sort: '-x' }, x: { aggregate: 'count', type: 'quantitative' } },
        },
      ],
    };
    const { plan, updates, warnings } = await run(spec, [
      (view) => view.data('brush_store', store(100, 400)),
      (view) => view.data('brush_store', store(250, 900)),
    ]);
    expect(updates).toHaveLength(3);
    // 12 regions twice (counts, sorted domain) and ~20 bins: a few kB with Arrow's framing.
    for (const u of updates) expect(total(u)).toBeLessThan(20_000);
    expect(warnings).toEqual([]);
    expect(plan.report.warnings ?? []).toEqual([]);
    const stats = plan.report.transfers ?? [];
    const domain = stats.find((s) => s.variable.startsWith('data:vf_values_'));
    expect(domain).toMatchObject({ lastRows: REGIONS.length });
    expect(domain?.totalBytes).toBeGreaterThan(domain?.lastBytes ?? 0);
    for (const s of stats) expect(s.lastRows ?? 0).toBeLessThan(100);
  }, 60_000);

  it('a chart that draws the raw rows warns once, naming what reads them', async () => {
    const spec = { data, mark: 'tick', encoding: { x: { field: 'v', type: 'quantitative' } } };
    const { plan, updates, warnings } = await run(spec, []);
    expect(updates).toHaveLength(1);
    expect(total(updates[0])).toBeGreaterThan(100_000);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^The runtime sent data:source_0 to the browser \(200,000 rows, [\d.]+ [kM]B; over the warning limits of 10,000 rows or 1\.0 MB\): read in the browser by mark "marks" \(\/marks\/0\/from\/data\), scale "x" \(\/scales\/0\/domain\/data\)$/);
    expect(plan.report.warnings).toEqual(warnings);
    expect(plan.report.transfers?.[0]).toMatchObject({ variable: 'data:source_0', lastRows: ROWS, answers: 1 });
  }, 60_000);

  it('a planned chart passes the warning to onWarning, with the limits of planOptions', async () => {
    const spec = { data, mark: 'bar', encoding: { y: { field: 'region', type: 'nominal' }, x: { aggregate: 'count', type: 'quantitative' } } };
    const warnings: string[] = [];
    const errors: Error[] = [];
    const chart = await createPlannedChart({
      spec, connection, coalesce: 'microtask', timeZone: 'UTC',
      // A limit of 5 rows: the 12 counts are over it.
      planOptions: { capabilities: await connection.capabilities(), transferWarning: { rows: 5 } },
      mount: (plan) => {
        const view = new View(parse(plan.clientSpec), { renderer: 'none' });
        return Promise.resolve({ view, finalize: () => view.finalize() });
      },
      onWarning: (w) => warnings.push(w), onError: (e) => errors.push(e),
    });
    try {
      await chart.whenSettled();
      expect(errors).toEqual([]);
      expect(warnings).toEqual([expect.stringMatching(/^The runtime sent data:source_0 to the browser \(12 rows, [\d.]+ k?B; over the warning limits of 5 rows or 1\.0 MB\): read in the browser by mark "marks"/)]);
      expect(chart.plan.transferWarning).toEqual({ rows: 5, bytes: 1_000_000 });
    } finally {
      chart.dispose();
    }
  }, 60_000);
});
