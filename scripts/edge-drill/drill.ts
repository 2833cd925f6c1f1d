/**
 * `npm run drill:edge -- [--delays 10,40,100] [--repeats 25]`: the latency drill of the
 * edge runtime on loopback. A central runtime and an edge run as processes (the CLI); a
 * delaying proxy stands for the far link (each way), between the edge and the central
 * runtime, and between a far client and the central runtime. A client (the browser
 * client, in this process) loads a dashboard and brushes it, near the edge or far from
 * the centre, and the p50 of each is printed as a Markdown table (and JSON with --json).
 */
import WebSocket from 'ws';
import { encodeJsonValue, Namespace, type IQueryItem, type ITaskGraph, type ISelectionHint } from '@vegafusion-ts/proto';
import { createConnection, type RuntimeConnection, type WebSocketLike } from '../../components/react/src/client/index.js';
import { CLUSTER_TOKEN, startRuntimeProcess, type RuntimeProcess } from '../scale-out/cluster.js';
import { percentile } from '../scale-out/brush-sessions.js';
import { startDelayProxy } from './delay-proxy.js';

const SOURCE = [
  { type: 'extent', field: 'delay', signal: 'delay_extent' },
  { type: 'bin', field: 'delay', extent: { signal: 'delay_extent' }, maxbins: 20, as: ['bin0', 'bin1'], signal: 'delay_bins' },
];
const HIST = [
  { type: 'filter', expr: '!length(data("brush_store")) || vlSelectionTest("brush_store", datum)' },
  { type: 'aggregate', groupby: ['bin0', 'bin1'], ops: ['count'], as: ['count'] },
];
const DIST = [
  { type: 'bin', field: 'distance', extent: [0, 3000], maxbins: 30, as: ['d0', 'd1'] },
  { type: 'aggregate', groupby: ['d0', 'd1'], ops: ['count'], as: ['count'] },
];
const SUMMARY = [{ type: 'aggregate', ops: ['count', 'mean', 'max'], fields: ['delay', 'distance', 'delay'], as: ['n', 'mean_distance', 'worst'] }];

/** A crossfilter-like dashboard over flights-200k: a brushed histogram, a distance histogram, a summary, a signal. */
function dashboard(lo?: number, hi?: number): ITaskGraph {
  const store = lo === undefined ? [] : [{ unit: 'u', fields: [{ field: 'distance', channel: 'x', type: 'R' }], values: [[lo, hi]] }];
  return {
    nodes: [
      { variable: { name: 'source_0', namespace: Namespace.NAMESPACE_DATA }, task: { url: { url: 'data/flights-200k.arrow', formatJson: '{"type":"arrow"}', pipelineJson: JSON.stringify(SOURCE) } }, outputs: [{ name: 'delay_extent' }, { name: 'delay_bins' }] },
      { variable: { name: 'brush_store', namespace: Namespace.NAMESPACE_DATA }, task: { value: { json: encodeJsonValue(store) } } },
      { variable: { name: 'delay_hist', namespace: Namespace.NAMESPACE_DATA }, task: { source: { source: 'source_0', pipelineJson: JSON.stringify(HIST) } }, parents: [0, 1] },
      { variable: { name: 'dist_hist', namespace: Namespace.NAMESPACE_DATA }, task: { source: { source: 'source_0', pipelineJson: JSON.stringify(DIST) } }, parents: [0] },
      { variable: { name: 'summary', namespace: Namespace.NAMESPACE_DATA }, task: { source: { source: 'source_0', pipelineJson: JSON.stringify(SUMMARY) } }, parents: [0] },
      { variable: { name: 'width' }, task: { value: { json: encodeJsonValue(400) } } },
      { variable: { name: 'half' }, task: { signal: { expr: 'width / 2' } }, parents: [5] },
    ],
  };
}
const LOAD_ITEMS: IQueryItem[] = [{ node: 2 }, { node: 3 }, { node: 4 }, { node: 6 }, { node: 0, signalsOnly: true }];
const BRUSH_ITEMS: IQueryItem[] = [{ node: 2 }];
const HINTS: ISelectionHint[] = [{ store: 'brush_store', fields: ['distance'] }];

interface Row {
  delayMs: number;
  loadDirect: number;
  loadEdgeWarm: number;
  loadEdgeCold: number;
  brushDirect: number;
  brushEdge: number;
  brushEdgeReplay: number;
}

const nodeSocket = (url: string) => new WebSocket(url) as unknown as WebSocketLike;

async function timed(connection: RuntimeConnection, graph: ITaskGraph, items: IQueryItem[]): Promise<number> {
  const started = performance.now();
  await connection.query({ graph, items, timeZone: 'UTC', selectionHints: HINTS }).result;
  return performance.now() - started;
}

async function p50(runs: number, one: (k: number) => Promise<number>): Promise<number> {
  const times: number[] = [];
  for (let k = 0; k < runs; k++) times.push(await one(k));
  return percentile(times.sort((a, b) => a - b), 50);
}

/** Brush positions: `set` picks a family no other phase asks for. */
const brushAt = (set: number, k: number): [number, number] => [100 + set * 7 + k * 41, 600 + set * 7 + k * 41];

async function drill(delayMs: number, repeats: number, central: RuntimeProcess, set: number): Promise<Row> {
  const link = await startDelayProxy(central.port, delayMs);
  const edge = await startRuntimeProcess({ args: ['--threads', '1', '--upstream', `ws://127.0.0.1:${link.port}/ws`, '--upstream-token', CLUSTER_TOKEN] });
  const far = createConnection(link.url, { createWebSocket: nodeSocket, token: CLUSTER_TOKEN });
  const near = createConnection(edge.url, { createWebSocket: nodeSocket, token: CLUSTER_TOKEN });
  try {
    await far.capabilities();
    await near.capabilities();
    // The first load at this edge: everything it cannot compute comes over the far link.
    const loadEdgeCold = await timed(near, dashboard(), LOAD_ITEMS);
    const loadDirect = await p50(repeats, () => timed(far, dashboard(), LOAD_ITEMS));
    const loadEdgeWarm = await p50(repeats, () => timed(near, dashboard(), LOAD_ITEMS));
    const brushDirect = await p50(repeats, (k) => timed(far, dashboard(...brushAt(2 * set, k)), BRUSH_ITEMS));
    const brushEdge = await p50(repeats, (k) => timed(near, dashboard(...brushAt(2 * set + 1, k)), BRUSH_ITEMS));
    // Brushing back over positions this edge has answered (another session, or a drag back).
    const brushEdgeReplay = await p50(repeats, (k) => timed(near, dashboard(...brushAt(2 * set + 1, k)), BRUSH_ITEMS));
    return { delayMs, loadDirect, loadEdgeWarm, loadEdgeCold, brushDirect, brushEdge, brushEdgeReplay };
  } finally {
    far.close();
    near.close();
    await edge.stop('SIGTERM');
    await link.close();
  }
}

function flag(argv: string[], name: string, fallback: string): string {
  const i = argv.indexOf(name);
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1] : fallback;
}

async function main(argv: string[]): Promise<void> {
  const delays = flag(argv, '--delays', '10,40,100').split(',').map(Number);
  const repeats = Number(flag(argv, '--repeats', '25'));
  const central = await startRuntimeProcess({ args: ['--threads', '1'] });
  try {
    // Warm the central runtime (file loaded, index hinted) so each row compares links, not first loads.
    const warm = createConnection(central.url, { createWebSocket: nodeSocket, token: CLUSTER_TOKEN });
    await timed(warm, dashboard(), LOAD_ITEMS);
    await new Promise((r) => setTimeout(r, 1000));
    warm.close();
    const rows: Row[] = [];
    for (const [set, delay] of delays.entries()) rows.push(await drill(delay, repeats, central, set));
    const ms = (x: number) => x.toFixed(1);
    console.log(`Edge drill: flights-200k dashboard (4 datasets + a signal), ${repeats} runs per p50, delay added each way on the far link\n`);
    console.log('| delay each way | load, direct | load, warm edge | load, cold edge | brush, direct | brush via edge | brush replay, edge |');
    console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const r of rows) {
      console.log(`| ${r.delayMs} ms | ${ms(r.loadDirect)} ms | ${ms(r.loadEdgeWarm)} ms | ${ms(r.loadEdgeCold)} ms | ${ms(r.brushDirect)} ms | ${ms(r.brushEdge)} ms | ${ms(r.brushEdgeReplay)} ms |`);
    }
    if (argv.includes('--json')) console.log(JSON.stringify(rows));
  } finally {
    await central.stop('SIGTERM');
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(`edge drill failed: ${(error as Error).stack ?? String(error)}`);
  process.exit(1);
});
