/**
 * Scale domains computed on the server render as plain Vega renders them: sorted bars
 * (by an aggregate, by value, by an explicit order), several datasets in one domain and a
 * continuous domain over raw rows, over data with ties in the sort value, nulls in the
 * domain field and in the sorted field, and after brush steps that filter the rows.
 * Each planned chart must also leave the raw rows on the server.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as vega from 'vega';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, silentLogger, type RuntimeHandle } from '../../../runtime/src/index.js';
import { createConnection, type RuntimeConnection } from '../../../components/react/src/client/index.js';
import type { ChartPlan } from '../../../components/react/src/planner/index.js';
import { firstDifference } from '../compare.js';
import { selectionInteractions } from '../interactions.js';
import { createNodeWebSocket, renderBoth, type RenderEnv } from '../render.js';

/**
 * Rows with ties: regions a and b have the same count and the same sum of v; region e
 * only has null v (its mean is undefined); some rows have no region at all.
 */
function rows(): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const plan: [string | null, number][] = [['c', 30], ['a', 20], ['b', 20], ['d', 5], ['e', 8], [null, 6], ['f', 20]];
  let i = 0;
  for (const [region, n] of plan) {
    for (let k = 0; k < n; k++, i++) {
      const v = region === 'e' || k % 7 === 3 ? null : (region === 'f' ? (k % 4) * 2 : (k % 5) + (region === 'c' ? 1 : 0));
      out.push({ region, v, w: (i * 37) % 101, other: k % 3 === 0 ? 'x' : 'y' });
    }
  }
  // Interleaved, so that first-seen order differs from the order above.
  return out.map((r, j) => ({ r, key: (j * 53) % out.length })).sort((p, q) => p.key - q.key).map((p) => p.r);
}

/** CSV rows: NaN and empty cells, dates, strings to take the min/max of. */
function csv(): string {
  const lines = ['region,v,when,label'];
  const regions = ['c', 'a', '', 'b', 'a', 'd', 'b', 'c', 'e', ''];
  for (let i = 0; i < 120; i++) {
    const v = i % 11 === 0 ? 'NaN' : i % 13 === 0 ? '' : String((i * 7) % 9);
    const when = i % 17 === 0 ? '' : `2024-0${1 + (i % 9)}-1${i % 10}`;
    lines.push(`${regions[i % regions.length]},${v},${when},${['kiwi', 'apple', 'fig', ''][(i * 5) % 4]}`);
  }
  return `${lines.join('\n')}\n`;
}

const csvBar = (sort: unknown) => ({
  data: { url: 'domains.csv', format: { type: 'csv', parse: { v: 'number', when: 'date' } } },
  mark: 'bar',
  encoding: { y: { field: 'region', type: 'nominal', sort }, x: { aggregate: 'count', type: 'quantitative' } },
});

const bar = (sort: unknown, extra: Record<string, unknown> = {}) => ({
  mark: 'bar',
  encoding: { y: { field: 'region', type: 'nominal', sort }, x: { aggregate: 'count', type: 'quantitative' } },
  ...extra,
});

/** A histogram of w with a brush over it, beside the sorted bar filtered by the brush. */
const brushed = (sort: unknown) => ({
  data: { url: 'domains.json' },
  hconcat: [
    {
      params: [{ name: 'brush', select: { type: 'interval', encodings: ['x'] } }],
      mark: 'bar',
      encoding: { x: { field: 'w', type: 'quantitative', bin: true }, y: { aggregate: 'count', type: 'quantitative' } },
    },
    bar(sort, { transform: [{ filter: { param: 'brush' } }] }),
  ],
});

const SPECS: Record<string, unknown> = {
  'sort by count, descending (sort="-x")': { data: { url: 'domains.json' }, ...bar('-x') },
  'sort by value (sort="y")': { data: { url: 'domains.json' }, ...bar('y') },
  'sort by the mean of a field with nulls': { data: { url: 'domains.json' }, ...bar({ op: 'mean', field: 'v' }) },
  'sort by the sum of a field, descending': { data: { url: 'domains.json' }, ...bar({ op: 'sum', field: 'v', order: 'descending' }) },
  'explicit order': { data: { url: 'domains.json' }, ...bar(['d', 'b', 'a']) },
  'sort="-x" filtered by a brush': brushed('-x'),
  'sort by the mean filtered by a brush': brushed({ op: 'mean', field: 'v', order: 'descending' }),
  'sort by value filtered by a brush': brushed('y'),
  'CSV: sort by the mean with NaN and empty cells': csvBar({ op: 'mean', field: 'v' }),
  'CSV: sort by the median, descending': csvBar({ op: 'median', field: 'v', order: 'descending' }),
  'CSV: sort by the earliest date': csvBar({ op: 'min', field: 'when' }),
  'CSV: sort by the last label (strings)': csvBar({ op: 'max', field: 'label', order: 'descending' }),
  'CSV: sort by distinct values of v': csvBar({ op: 'distinct', field: 'v' }),
  'CSV: sort by value, empty region included': csvBar('y'),
  'a time domain over raw dates with empty cells (Vega)': {
    width: 300, height: 100,
    data: [
      { name: 'raw', url: 'domains.csv', format: { type: 'csv', parse: { v: 'number', when: 'date' } } },
      { name: 'byLabel', source: 'raw', transform: [{ type: 'aggregate', groupby: ['label'], ops: ['max'], fields: ['when'], as: ['last'] }] },
    ],
    scales: [
      { name: 'x', type: 'time', range: 'width', domain: { data: 'raw', field: 'when' }, nice: true },
      { name: 'y', type: 'point', range: 'height', domain: { data: 'byLabel', field: 'label', sort: true } },
    ],
    axes: [{ orient: 'bottom', scale: 'x' }, { orient: 'left', scale: 'y' }],
    marks: [{ type: 'symbol', from: { data: 'byLabel' }, encode: { update: { x: { scale: 'x', field: 'last' }, y: { scale: 'y', field: 'label' } } } }],
  },
  'a domain over two datasets (Vega)': {
    width: 200, height: 200,
    data: [
      { name: 'raw', url: 'domains.json' },
      { name: 'others', source: 'raw', transform: [{ type: 'filter', expr: 'datum.w > 40' }, { type: 'formula', as: 'kind', expr: 'datum.other' }] },
      { name: 'counts', source: 'raw', transform: [{ type: 'aggregate', groupby: ['region'] }] },
    ],
    scales: [
      { name: 'y', type: 'band', range: 'height', domain: { fields: [{ data: 'raw', field: 'region' }, { data: 'others', field: 'kind' }], sort: { op: 'count', order: 'descending' } } },
      { name: 'x', type: 'linear', range: 'width', domain: { data: 'counts', field: 'count' } },
    ],
    axes: [{ orient: 'left', scale: 'y' }, { orient: 'bottom', scale: 'x' }],
    marks: [{ type: 'rect', from: { data: 'counts' }, encode: { update: { y: { scale: 'y', field: 'region' }, height: { scale: 'y', band: 1 }, x: { scale: 'x', value: 0 }, x2: { scale: 'x', field: 'count' } } } }],
  },
  'a continuous domain over raw rows (Vega)': {
    width: 200, height: 200,
    data: [
      { name: 'raw', url: 'domains.json' },
      { name: 'means', source: 'raw', transform: [{ type: 'aggregate', groupby: ['region'], ops: ['mean'], fields: ['w'], as: ['mw'] }] },
    ],
    scales: [
      { name: 'y', type: 'band', range: 'height', domain: { data: 'means', field: 'region', sort: true } },
      { name: 'x', type: 'linear', range: 'width', domain: { data: 'raw', field: 'w' }, nice: true },
      { name: 'c', type: 'linear', range: [0, 1], domain: { fields: [{ data: 'raw', field: 'v' }, { data: 'means', field: 'mw' }] } },
    ],
    axes: [{ orient: 'left', scale: 'y' }, { orient: 'bottom', scale: 'x' }],
    marks: [{ type: 'rect', from: { data: 'means' }, encode: { update: { y: { scale: 'y', field: 'region' }, height: { scale: 'y', band: 1 }, x: { scale: 'x', value: 0 }, x2: { scale: 'x', field: 'mw' }, opacity: { scale: 'c', field: 'mw' } } } }],
  },
};

/** Datasets the browser receives whole from the file (the raw rows). */
function rawInBrowser(plan: ChartPlan): string[] {
  return plan.toClient.filter((t) => !t.signalsOnly && plan.serverGraph.nodes?.[t.node]?.task?.url).map((t) => t.name);
}

describe('scale domains computed on the server render as plain Vega', () => {
  let dir: string;
  let runtime: RuntimeHandle;
  let connection: RuntimeConnection;
  let env: RenderEnv;
  const zone = process.env.TZ;

  beforeAll(async () => {
    process.env.TZ = 'America/New_York';
    dir = mkdtempSync(join(tmpdir(), 'vf-domains-'));
    writeFileSync(join(dir, 'domains.json'), JSON.stringify(rows()));
    writeFileSync(join(dir, 'domains.csv'), csv());
    runtime = await startRuntime({ port: 0, logger: silentLogger, dataRoots: [dir] });
    connection = createConnection(runtime.url, { createWebSocket: createNodeWebSocket as never, reconnect: false });
    env = { dataRoot: dir, capabilities: runtime.capabilities, connection, timeoutMs: 30_000 };
  }, 60_000);

  afterAll(async () => {
    connection?.close();
    await runtime?.close();
    rmSync(dir, { recursive: true, force: true });
    process.env.TZ = zone;
  });

  it.each(Object.keys(SPECS))('%s', async (name) => {
    const pair = await renderBoth(SPECS[name], env, (vg: vega.Spec, view: vega.View) => selectionInteractions(vg, view));
    expect(pair.errors).toEqual([]);
    expect(pair.random).toBe(false);
    expect(pair.plan.report.entries.filter((e) => e.kind === 'scale').length).toBeGreaterThan(0);
    expect(rawInBrowser(pair.plan)).toEqual([]);
    expect(pair.planned).toHaveLength(pair.plain.length);
    pair.plain.forEach((svg, i) => {
      const planned = pair.planned[i] ?? '';
      // Vega's incremental aggregates give results that depend on the history of states
      // (a group emptied and refilled by a brush is numbered anew): as the corpus harness
      // does (run.ts), a step passes when the planned chart equals plain Vega rendered fresh
      // at that state, or its own fresh render holding the same runtime values does.
      const d = firstDifference(svg, planned);
      const fresh = pair.fresh[i];
      const freshPlanned = pair.freshPlanned[i];
      const explained = d !== null && fresh !== null && fresh !== undefined && (firstDifference(fresh, planned) === null
        || (freshPlanned?.sameValues === true && firstDifference(fresh, freshPlanned.svg) === null));
      expect(explained ? null : d, `step ${i}`).toBeNull();
    });
    if (name.includes('brush')) expect(pair.plain.length).toBeGreaterThan(2);
  }, 60_000);
});
