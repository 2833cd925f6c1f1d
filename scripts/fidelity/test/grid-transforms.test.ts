/**
 * Density contours from the Vega corpus (`../shared/corpus/vega`) render through the
 * runtime as plain Vega renders them, at every value of their bound signals:
 * - heatmap-image's kde2d (datetime accessor expressions, weights, cellSize 1) computed on
 *   the server, its grid drawn as isocontours (also on the server) instead of the canvas
 *   heatmap that Vega cannot draw in Node;
 * - contour-scatter and scatter-plot-contours' density read through scale() (pixel space)
 *   as written, kept in the browser with that reason, and the same density over data
 *   fields (scale() taken out), computed on the server.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type * as vega from 'vega';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultDataRoot } from '../../../runtime/src/config.js';
import { startRuntime, silentLogger, type RuntimeHandle } from '../../../runtime/src/index.js';
import { createConnection, type RuntimeConnection } from '../../../components/react/src/client/index.js';
import type { ChartPlan } from '../../../components/react/src/planner/index.js';
import { firstDifference } from '../compare.js';
import { boundSignalInteractions } from '../interactions.js';
import { createNodeWebSocket, renderBoth, type RenderEnv } from '../render.js';

type Json = Record<string, unknown>;
/** The parts of a Vega spec these tests edit. */
interface VegaSpec extends Json {
  data: (Json & { name: string; transform?: Json[] })[];
  marks: (Json & { type: string; data?: Json[] })[];
  scales: (Json & { name: string })[];
  legends?: unknown[];
}

const CORPUS = fileURLToPath(new URL('../../../../shared/corpus/vega', import.meta.url));
const load = (name: string): VegaSpec => JSON.parse(readFileSync(`${CORPUS}/${name}.vg.json`, 'utf8')) as VegaSpec;

/** heatmap-image with contour paths of its grid in place of the heatmap image. */
function heatmapAsContours(): VegaSpec {
  const spec = load('heatmap-image');
  const heatmap = spec.data.find((d) => d.name === 'heatmap');
  heatmap?.transform?.push({ type: 'isocontour', field: 'grid', levels: 6, scale: { signal: 'width / 365' } });
  spec.marks = [{
    type: 'path', from: { data: 'heatmap' },
    encode: { update: { fill: { scale: 'color', field: 'contour.value' }, stroke: { value: '#333' }, strokeWidth: { value: 0.5 } } },
    transform: [{ type: 'geopath', field: 'datum.contour' }],
  }];
  const color = spec.scales.find((s) => s.name === 'color');
  if (color) color.domain = { data: 'heatmap', field: 'contour.value' };
  spec.legends = [];
  return spec;
}

/** A spec whose kde2d / contour accessors read `scale('x', datum.F)`, with datum.F read directly instead. */
function withoutScales(spec: VegaSpec): VegaSpec {
  return JSON.parse(JSON.stringify(spec).replace(/scale\('[xy]', (datum\.\w+)\)/g, '$1 * 2')) as VegaSpec;
}

/** The plan's report entries that say why a density stays in the browser. */
function browserReasons(plan: ChartPlan): string[] {
  return plan.report.entries.filter((e) => e.reason?.includes('transform "kde2d"') || e.reason?.includes('transform "contour"')).map((e) => e.reason as string);
}

/** Names of the datasets whose grid transforms run on the server. */
function serverGridDatasets(plan: ChartPlan): string[] {
  return (plan.serverGraph.nodes ?? []).filter((n) => {
    const pipeline = n.task?.url?.pipelineJson ?? n.task?.values?.pipelineJson ?? n.task?.source?.pipelineJson ?? '[]';
    return /"type":"(kde2d|contour|isocontour)"/.test(pipeline);
  }).map((n) => n.variable?.name ?? '');
}

describe.skipIf(!existsSync(CORPUS))('density contours of the Vega corpus through the runtime', () => {
  let runtime: RuntimeHandle;
  let connection: RuntimeConnection;
  let env: RenderEnv;
  const zone = process.env.TZ;

  beforeAll(async () => {
    process.env.TZ = 'America/New_York';
    runtime = await startRuntime({ port: 0, logger: silentLogger });
    connection = createConnection(runtime.url, { createWebSocket: createNodeWebSocket as never, reconnect: false });
    env = { dataRoot: defaultDataRoot(), capabilities: runtime.capabilities, connection, timeoutMs: 60_000 };
  }, 60_000);

  afterAll(async () => {
    connection?.close();
    await runtime?.close();
    process.env.TZ = zone;
  });

  /** Renders both ways, initially and after `steps` steps at least (the bound signals' values the server reads). */
  async function expectSame(spec: VegaSpec, steps = 0): Promise<ChartPlan> {
    const pair = await renderBoth(spec, env, (vg: vega.Spec, view: vega.View, plan: ChartPlan) => boundSignalInteractions(vg, view, plan));
    expect(pair.errors).toEqual([]);
    expect(pair.fallbacks).toEqual([]);
    expect(pair.random).toBe(false);
    expect(pair.planned).toHaveLength(pair.plain.length);
    expect(pair.plain.length).toBeGreaterThan(steps);
    pair.plain.forEach((svg, i) => expect(firstDifference(svg, pair.planned[i] ?? ''), `step ${i}`).toBeNull());
    expect(pair.plain[0]).toContain('<path');
    return pair.plan;
  }

  it('heatmap-image: kde2d over datetime expressions and its isocontours on the server', async () => {
    const plan = await expectSame(heatmapAsContours());
    expect(serverGridDatasets(plan)).toEqual(['heatmap']);
  }, 120_000);

  it('contour-scatter: the density over scale() stays in the browser, saying why', async () => {
    const plan = await expectSame(load('contour-scatter'));
    expect(serverGridDatasets(plan)).toEqual([]);
    expect(browserReasons(plan)[0]).toMatch(/reads scale "x" \(pixel space\)/);
  }, 120_000);

  it('contour-scatter over data fields: the contour on the server', async () => {
    const spec = withoutScales(load('contour-scatter'));
    // Its dataset moves to the top level: values for a dataset declared in a group mark
    // without `from` are not yet applied to the live view (scope_not_found).
    const group = spec.marks.find((m) => m.type === 'group');
    spec.data.push(...((group?.data ?? []) as VegaSpec['data']));
    delete group?.data;
    // count and nice, bound to inputs, are read on the server.
    const plan = await expectSame(spec, 2);
    expect(serverGridDatasets(plan)).toEqual(['contours']);
  }, 120_000);

  it('scatter-plot-contours over data fields, without its canvas heatmap: kde2d and isocontour on the server', async () => {
    const spec = withoutScales(load('scatter-plot-contours'));
    spec.marks = spec.marks.filter((m) => m.type !== 'image');
    // bandwidth, resolve and counts, bound to inputs, are read on the server.
    const plan = await expectSame(spec, 3);
    expect(serverGridDatasets(plan).sort()).toEqual(['contours', 'density']);
  }, 120_000);
});
