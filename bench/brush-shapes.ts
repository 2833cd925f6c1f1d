/**
 * `npm run bench:shapes [-- --sizes 1m,10m,100m] [-- --quick] [-- --scenarios float,2-D] [-- --plain-vega-at 10m] [-- --vegafusion-at 100m] [-- --no-hints] [-- --reuse-floor] [-- --indexed-only]`: brushes of every shape on a
 * synthetic sales table (a float price with millions of distinct values, a timestamp to
 * the millisecond, lat/lon floats, a category), in a four-view crossfilter where each view
 * is filtered by the other views' selections: a float x-brush, a timestamp x-brush, a 2-D
 * brush on the lat x lon heatmap, point clicks on the category bars, and two brushes at
 * once. Each is measured over the WebSocket with indexes, without them (the plain query on
 * every step), against the hand-written SQL floor (the same aggregates scanning the
 * table in DuckDB), plain Vega in Node (where it can hold the rows) and the Python
 * vegafusion package, in one run; with index build time (the first step) and index memory.
 * The category view shows the mean price (Vega folds it row by row), the others counts.
 * Data files are generated into .cache/bench (not committed).
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeJsonValue, type IQueryItem, type ISelectionHint, type ITaskGraph } from '@vegafusion-ts/proto';
import { compileToVega, planChart } from '../components/react/src/planner/index.js';
import { childJson } from './child.js';
import { createDuckDbEngine, type SqlEngine } from '../runtime/src/engine/duckdb.js';
import { describeCapabilities } from '../runtime/src/index.js';
import { DEFAULT_TRANSFORMS } from '../runtime/src/engine/transforms/index.js';
import { benchDataRoot, ensureWarmupData } from './data.js';
import { startWarmRuntime } from './warmup.js';
import { addRatios, formatTable, summarize, type ResultRow } from './stats.js';
import { connectClient } from './ws-client.js';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const sizesArg = args[args.indexOf('--sizes') + 1];
const SIZES: Record<string, number> = { '1m': 1e6, '10m': 1e7, '100m': 1e8 };
const sizes = (args.includes('--sizes') && sizesArg ? sizesArg.split(',') : ['10m']).filter((s) => s in SIZES);
const scenariosArg = args[args.indexOf('--scenarios') + 1];
/** Scenario names (or parts of them) to run; all by default. */
const only = args.includes('--scenarios') && scenariosArg ? scenariosArg.split(',') : undefined;
const STEPS = quick ? 10 : 40;
/** Without the plan's selection hints: no index is built ahead, the first brush builds what it needs. */
const noHints = args.includes('--no-hints');
/** Floor figures of an earlier run at the same size and steps are reused (the 100M floor takes a quarter of an hour). */
const reuseFloor = args.includes('--reuse-floor');
/** Only the runtime with indexes (each runtime loads the table afresh: minutes at 100M rows). */
const indexedOnly = args.includes('--indexed-only');
const plainVegaArg = args[args.indexOf('--plain-vega-at') + 1];
const vegafusionArg = args[args.indexOf('--vegafusion-at') + 1];
/** Largest size the Python vegafusion package runs at (rows): at 100M its process passed 21 GB resident on a 24 GB machine. */
const vegafusionAt = args.includes('--vegafusion-at') && vegafusionArg in SIZES ? SIZES[vegafusionArg] : 1e7;
/** Largest size plain Vega runs at (rows). */
const plainVegaAt = args.includes('--plain-vega-at') && plainVegaArg in SIZES ? SIZES[plainVegaArg] : 1e6;
const PLAIN_STEPS = quick ? 3 : 8;
const capabilities = describeCapabilities(DEFAULT_TRANSFORMS);
const log = (s: string) => process.stderr.write(`${s}\n`);

/** Writes (once) `shapes-<size>.parquet`: deterministic columns from hashes of the row number. */
export async function ensureShapes(size: string): Promise<{ url: string; path: string; bytes: number; rows: number }> {
  const root = benchDataRoot(REPO);
  mkdirSync(root, { recursive: true });
  const url = `shapes-${size}.parquet`;
  const path = join(root, url);
  const rows = SIZES[size];
  if (!existsSync(path)) {
    log(`generating ${url}`);
    const engine = await createDuckDbEngine({ connections: 1 });
    // u(k): a uniform number in [0, 1) from the row number and a salt.
    const u = (k: number) => `((hash(i * 7 + ${k}) % 1000000007) / 1000000007.0)`;
    try {
      await engine.exec(`COPY (SELECT
          round(exp(${u(1)} * 7.0) * 100.0 + ${u(2)}, 6) AS price,
          TIMESTAMP '2024-01-01' + to_milliseconds(CAST(${u(3)} * 366 * 86400000 AS BIGINT)) AS ts,
          37.0 + (${u(4)} + ${u(5)} - 1.0) * 6.0 AS lat,
          -100.0 + (${u(6)} + ${u(7)} + ${u(8)} - 1.5) * 15.0 AS lon,
          ['north', 'south', 'east', 'west', 'central', 'coast', 'plains', 'hills', 'lakes', 'desert', 'valley', 'islands'][1 + CAST(floor(${u(9)} * 12) AS INTEGER)] AS category
        FROM range(${rows}) AS r(i)) TO '${path.replace(/'/g, "''")}' (FORMAT parquet, ROW_GROUP_SIZE 1000000)`);
    } finally {
      await engine.close();
    }
  }
  return { url, path, bytes: statSync(path).size, rows };
}

const SELECTIONS = {
  price: { name: 'price_brush', select: { type: 'interval', encodings: ['x'] } },
  time: { name: 'time_brush', select: { type: 'interval', encodings: ['x'] } },
  geo: { name: 'geo_brush', select: { type: 'interval', encodings: ['x', 'y'] } },
  cat: { name: 'cat_click', select: { type: 'point', fields: ['category'] } },
} as const;
type View = keyof typeof SELECTIONS;

const othersOf = (own: View) => (Object.keys(SELECTIONS) as View[]).filter((k) => k !== own).map((k) => ({ filter: { param: SELECTIONS[k].name } }));

/**
 * The four-view crossfilter over `url`. Bins take the data's extents (as a crossfilter's
 * should: bins computed after a view's own filters would move with every brush).
 */
export function shapesSpec(url: string, e: Extents): Record<string, unknown> {
  const count = { aggregate: 'count', type: 'quantitative' };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    data: { url, format: { type: 'parquet' } },
    columns: 2,
    concat: [
      { params: [SELECTIONS.price], transform: othersOf('price'), mark: 'bar', width: 300, height: 120,
        encoding: { x: { field: 'price', bin: { maxbins: 40, extent: e.price }, type: 'quantitative' }, y: count } },
      { params: [SELECTIONS.time], transform: othersOf('time'), mark: 'bar', width: 300, height: 120,
        encoding: { x: { field: 'ts', timeUnit: 'yearmonthdate', type: 'temporal' }, y: count } },
      { params: [SELECTIONS.geo], transform: othersOf('geo'), mark: 'rect', width: 300, height: 200,
        encoding: { x: { field: 'lon', bin: { maxbins: 30, extent: e.lon }, type: 'quantitative' }, y: { field: 'lat', bin: { maxbins: 30, extent: e.lat }, type: 'quantitative' }, color: count } },
      // The mean price per category: folded in Vega's row order, so the index folds the kept rows.
      { params: [SELECTIONS.cat], transform: othersOf('cat'), mark: 'bar', width: 300, height: 120,
        encoding: { x: { field: 'category', type: 'nominal' }, y: { field: 'price', aggregate: 'mean', type: 'quantitative' } } },
    ],
  };
}

interface Planned {
  graph: ITaskGraph;
  loadItems: IQueryItem[];
  /** The plan's selection hints, which the component sends with its first query. */
  selectionHints: ISelectionHint[];
  /** The graph with the stores holding the given entries, and the items those stores move. */
  step(stores: Partial<Record<View, unknown[]>>): { graph: ITaskGraph; items: IQueryItem[] };
  /** The compiled Vega spec, the names of the datasets the client loads, and of those a state moves (for the other systems). */
  vegaSpec: Record<string, unknown>;
  loadNames: string[];
  movedNames(stores: Partial<Record<View, unknown[]>>): string[];
}

export function planShapes(url: string, e: Extents): Planned {
  const plan = planChart(shapesSpec(url, e), { capabilities });
  const nodes = plan.serverGraph.nodes ?? [];
  const storeNode = (v: View) => nodes.findIndex((n) => n.variable?.name === `${SELECTIONS[v].name}_store`);
  for (const v of Object.keys(SELECTIONS) as View[]) if (storeNode(v) < 0) throw new Error(`the plan has no ${SELECTIONS[v].name}_store node`);
  const items = plan.toClient.map((t) => ({ node: t.node, columns: t.columns, signalsOnly: t.signalsOnly }));
  const movedBy = (stores: number[]): boolean[] => {
    const moves = nodes.map((_, i) => stores.includes(i));
    for (let changed = true; changed;) {
      changed = false;
      nodes.forEach((n, i) => {
        if (!moves[i] && (n.parents ?? []).some((p) => moves[p])) { moves[i] = true; changed = true; }
      });
    }
    return moves;
  };
  const withStores = (stores: Partial<Record<View, unknown[]>>): ITaskGraph => ({
    nodes: nodes.map((n, i) => {
      const v = (Object.keys(stores) as View[]).find((k) => storeNode(k) === i);
      return v ? { ...n, task: { value: { json: encodeJsonValue(stores[v]) } } } : n;
    }),
  });
  return {
    graph: withStores({}),
    loadItems: items,
    vegaSpec: compileToVega(shapesSpec(url, e)) as Record<string, unknown>,
    loadNames: [...new Set(plan.toClient.map((t) => t.name))],
    movedNames(stores) {
      const moves = movedBy((Object.keys(stores) as View[]).map(storeNode));
      return [...new Set(plan.toClient.filter((t) => moves[t.node]).map((t) => t.name))];
    },
    selectionHints: plan.selectionHints ?? [],
    step(stores) {
      const moves = movedBy((Object.keys(stores) as View[]).map(storeNode));
      return { graph: withStores(stores), items: items.filter((it) => moves[it.node ?? 0]) };
    },
  };
}

const interval = (view: View, field: string, lo: number, hi: number) => [{ unit: `concat_${view}`, fields: [{ field, channel: 'x', type: 'R' }], values: [[lo, hi]] }];
const box = (x: [number, number], y: [number, number]) => [{
  unit: 'concat_geo', fields: [{ field: 'lon', channel: 'x', type: 'R' }, { field: 'lat', channel: 'y', type: 'R' }], values: [x, y],
}];
const points = (...values: string[]) => values.map((v) => ({ unit: 'concat_cat', fields: [{ field: 'category', type: 'E' }], values: [v] }));

/** `steps` positions of a window `share` of [lo, hi] wide, moved across it. */
function drag(lo: number, hi: number, share: number, steps: number): [number, number][] {
  const width = (hi - lo) * share;
  return Array.from({ length: steps }, (_, i) => {
    const start = lo + ((hi - lo - width) * i) / Math.max(1, steps - 1);
    return [start, start + width];
  });
}

export interface Extents { price: [number, number]; ts: [number, number]; lat: [number, number]; lon: [number, number] }

interface Scenario {
  name: string;
  /** Selection states of one drag, in order. */
  stores(steps: number): Partial<Record<View, unknown[]>>[];
}

const CATS = ['north', 'south', 'east', 'west', 'central', 'coast', 'plains', 'hills', 'lakes', 'desert', 'valley', 'islands'];

/** Extents for listing the scenarios' names (their states are not read). */
const NO_EXTENTS: Extents = { price: [0, 1], ts: [0, 1], lat: [0, 1], lon: [0, 1] };

function scenarios(e: Extents): Scenario[] {
  return [
    { name: 'float x-brush (price)', stores: (n) => drag(e.price[0], 1200, 0.25, n).map(([a, b]) => ({ price: interval('price', 'price', a, b) })) },
    { name: 'timestamp x-brush (ts)', stores: (n) => drag(e.ts[0], e.ts[1], 0.2, n).map(([a, b]) => ({ time: interval('time', 'ts', a, b) })) },
    { name: '2-D brush (lon x lat)', stores: (n) => drag(e.lon[0], e.lon[1], 0.3, n).map(([a, b], i) => {
      const [c, d] = drag(e.lat[0], e.lat[1], 0.3, n)[n - 1 - i];
      return { geo: box([a, b], [c, d]) };
    }) },
    { name: 'point clicks (category)', stores: (n) => Array.from({ length: n }, (_, i) => ({ cat: i % 3 === 2 ? points(CATS[i % 12], CATS[(i + 5) % 12]) : points(CATS[i % 12]) })) },
    { name: 'two brushes (price set, ts dragged)', stores: (n) => drag(e.ts[0], e.ts[1], 0.2, n).map(([a, b]) => ({
      price: interval('price', 'price', 150, 600), time: interval('time', 'ts', a, b),
    })) },
  ];
}

/** The floor: the same aggregates, hand-written, over the table in DuckDB, for the views each state moves. */
function floorQueries(stores: Partial<Record<View, unknown[]>>, e: Extents): string[] {
  const preds: Record<View, string | undefined> = { price: undefined, time: undefined, geo: undefined, cat: undefined };
  const values = (v: View) => (stores[v]?.[0] as { values: unknown[] } | undefined)?.values;
  if (stores.price) { const [a, b] = values('price')![0] as number[]; preds.price = `price BETWEEN ${Math.min(a, b)} AND ${Math.max(a, b)}`; }
  if (stores.time) { const [a, b] = values('time')![0] as number[]; preds.time = `epoch_ms(ts) BETWEEN ${Math.min(a, b)} AND ${Math.max(a, b)}`; }
  if (stores.geo) {
    const [x, y] = values('geo') as number[][];
    preds.geo = `lon BETWEEN ${Math.min(...x)} AND ${Math.max(...x)} AND lat BETWEEN ${Math.min(...y)} AND ${Math.max(...y)}`;
  }
  if (stores.cat) preds.cat = `category IN (${(stores.cat as { values: string[] }[]).map((s) => `'${s.values[0]}'`).join(', ')})`;
  const where = (own: View) => {
    const p = (Object.keys(preds) as View[]).filter((k) => k !== own && preds[k]).map((k) => `(${preds[k]})`);
    return p.length ? `WHERE ${p.join(' AND ')}` : '';
  };
  const step = (r: [number, number], bins: number) => (r[1] - r[0]) / bins;
  const views: Record<View, string> = {
    price: `SELECT floor(price / ${step(e.price, 40)}) AS b, count(*) FROM t ${where('price')} GROUP BY 1`,
    time: `SELECT date_trunc('day', ts) AS b, count(*) FROM t ${where('time')} GROUP BY 1`,
    geo: `SELECT floor(lon / ${step(e.lon, 30)}) AS bx, floor(lat / ${step(e.lat, 30)}) AS bt, count(*) FROM t ${where('geo')} GROUP BY 1, 2`,
    cat: `SELECT category, avg(price) FROM t ${where('cat')} GROUP BY 1`,
  };
  const moved = (Object.keys(views) as View[]).filter((v) => (Object.keys(stores) as View[]).some((s) => s !== v));
  return moved.map((v) => views[v]);
}

async function floorRun(engine: SqlEngine, states: Partial<Record<View, unknown[]>>[], e: Extents): Promise<number[]> {
  const ms: number[] = [];
  for (const s of states) {
    const started = performance.now();
    await Promise.all(floorQueries(s, e).map((q) => engine.queryRows(q)));
    ms.push(performance.now() - started);
  }
  return ms;
}

/** Stores by Vega dataset name, as the compiled spec names them. */
function vegaStores(stores: Partial<Record<View, unknown[]>>): Record<string, unknown[]> {
  return Object.fromEntries((Object.keys(stores) as View[]).map((v) => [`${SELECTIONS[v].name}_store`, stores[v]!]));
}

/**
 * The same states in plain Vega (Node; up to 1M rows unless --plain-vega-at names more:
 * 10M row objects exceed what a browser tab holds) and in the Python vegafusion package
 * (the moved datasets pre-transformed per state, the table passed in memory).
 */
async function otherSystems(
  scenario: string, size: string, data: { path: string; rows: number; bytes: number }, planned: Planned, states: Partial<Record<View, unknown[]>>[],
): Promise<ResultRow[]> {
  const out: ResultRow[] = [];
  const few = states.filter((_, i) => i % Math.max(1, Math.floor(states.length / (quick ? 3 : 8))) === 0);
  if (data.rows <= plainVegaAt) {
    const v = await childJson(REPO, process.execPath, ['--max-old-space-size=16000', '--import', 'tsx', join(REPO, 'bench', 'plain-vega.ts')], {
      path: data.path, spec: planned.vegaSpec, stores: few.map(vegaStores), repeats: 1,
      select: 'price, ts, lat, lon, category',
    }, `vega-shapes-${size}`);
    out.push(v
      ? { scenario, system: 'plain Vega (Node)', size, ...summarize(v.updates as number[]), bytes: data.bytes, note: `cold render ${(v.cold as number[])[0].toFixed(0)} ms; bytes: the Parquet file it downloads` }
      : { scenario, system: 'plain Vega (Node)', size, n: 0, p50: NaN, p95: NaN, note: 'failed (out of memory or time)' });
  } else {
    out.push({ scenario, system: 'plain Vega (Node)', size, n: 0, p50: NaN, p95: NaN, note: `not run: ${size} JS row objects exceed what a browser tab holds` });
  }
  if (data.rows > vegafusionAt) {
    out.push({ scenario, system: 'vegafusion (Python)', size, n: 0, p50: NaN, p95: NaN, note: `not run: at 100M rows its process passed 21 GB resident (of 24) before its first answer` });
  } else if (existsSync(join(REPO, '.venv', 'bin', 'python'))) {
    const vf = await childJson(REPO, join(REPO, '.venv', 'bin', 'python'), [join(REPO, 'bench', 'vegafusion_bench.py')], {
      path: data.path, spec: planned.vegaSpec, dataset: 'shapes', load_datasets: planned.loadNames,
      brush_datasets: planned.movedNames(states[0]), stores: few.map(vegaStores), repeats: 1,
    }, `vegafusion-shapes-${size}`);
    out.push(vf
      ? { scenario, system: `vegafusion ${String(vf.version)} (Python)`, size, ...summarize(vf.updates as number[]), peakBytes: vf.peak as number, note: `pre-transforms of the moved datasets per state; cold ${(vf.cold as number[])[0].toFixed(0)} ms, data in memory` }
      : { scenario, system: 'vegafusion (Python)', size, n: 0, p50: NaN, p95: NaN, note: 'failed (out of memory or time)' });
  }
  return out;
}

async function gauge(url: string, name: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return Number(new RegExp(`^${name} ([0-9.e+]+)$`, 'm').exec(text)?.[1] ?? NaN);
}

async function main(): Promise<void> {
  const warm = await ensureWarmupData(REPO);
  const rows: ResultRow[] = [];
  const extra: Record<string, unknown>[] = [];
  for (const size of sizes) {
    const data = await ensureShapes(size);
    const floor = await createDuckDbEngine({ connections: 4 });
    const floorFile = join(benchDataRoot(REPO), `shapes-floor-${size}-${STEPS}.json`);
    const kept = reuseFloor && existsSync(floorFile) ? JSON.parse(readFileSync(floorFile, 'utf8')) as Record<string, ResultRow> : {};
    // With every floor figure kept, the table is only read for its extents.
    const allKept = scenarios(NO_EXTENTS).every((sc) => kept[sc.name]);
    await floor.exec(`CREATE ${allKept ? 'VIEW' : 'TABLE'} t AS SELECT * FROM read_parquet('${data.path.replace(/'/g, "''")}')`);
    const [x] = await floor.queryRows('SELECT min(price) AS p0, max(price) AS p1, epoch_ms(min(ts)) AS t0, epoch_ms(max(ts)) AS t1, min(lat) AS a0, max(lat) AS a1, min(lon) AS o0, max(lon) AS o1 FROM t');
    const e: Extents = { price: [Number(x.p0), Number(x.p1)], ts: [Number(x.t0), Number(x.t1)], lat: [Number(x.a0), Number(x.a1)], lon: [Number(x.o0), Number(x.o1)] };
    const planned = planShapes(data.url, e);
    const chosen = scenarios(e).filter((x) => !only || only.some((o) => x.name.includes(o)));
    // The floor first, for every scenario; its copy of the table is then freed, before the
    // runtimes load theirs. Kept per size and steps, reused by --reuse-floor.
    for (const sc of chosen) {
      if (!kept[sc.name]) {
        log(`${sc.name}, ${size} rows: floor`);
        kept[sc.name] = { scenario: sc.name, system: 'floor: DuckDB SQL scan', size, ...summarize(await floorRun(floor, sc.stores(STEPS).slice(1), e)) };
        writeFileSync(floorFile, JSON.stringify(kept));
      }
      rows.push(kept[sc.name]);
    }
    await floor.close();
    for (const sc of chosen) {
      log(`${sc.name}, ${size} rows`);
      const states = sc.stores(STEPS);
      rows.push(...await otherSystems(sc.name, size, data, planned, states));
      // What is measured so far, kept as it comes (a long run may be stopped).
      writeFileSync(join(benchDataRoot(REPO), `brush-shapes-partial-${size}.json`), JSON.stringify({ rows, extra }, null, 2));
      for (const index of indexedOnly ? [true] : [true, false]) {
        const rt = await startWarmRuntime(REPO, warm, capabilities, index);
        try {
          const c = await connectClient(rt.url);
          // As the component loads: with the selection hints, so indexes are built ahead.
          await c.query({ timeZone: 'UTC', graph: planned.graph, items: planned.loadItems, selectionHints: index && !noHints ? planned.selectionHints : [] });
          const loaded = performance.now();
          await new Promise((r) => setTimeout(r, 50));
          while (index && await gauge(rt.url, 'vegafusion_indexes_ahead_running') > 0 && performance.now() - loaded < 900_000) await new Promise((r) => setTimeout(r, 100));
          const aheadMs = performance.now() - loaded;
          const first: number[] = [];
          const rest: number[] = [];
          let bytes = 0;
          const run = index ? states : states.slice(0, PLAIN_STEPS);
          for (let i = 0; i < run.length; i++) {
            const { graph, items } = planned.step(run[i]);
            const r = await c.query({ timeZone: 'UTC', graph, items });
            (i === 0 ? first : rest).push(r.ms);
            bytes = Math.max(bytes, r.bytes);
          }
          const indexBytes = await gauge(rt.url, 'vegafusion_index_bytes');
          const bucketed = await gauge(rt.url, 'vegafusion_index_answers_bucketed_total');
          const memory = await gauge(rt.url, 'vegafusion_index_answers_memory_total');
          c.close();
          rows.push({
            scenario: sc.name, system: index ? 'runtime, WebSocket, indexes' : 'runtime, WebSocket, no index', size, ...summarize(rest), bytes, peakBytes: rt.memory().peak,
            note: index ? `${noHints ? 'no hints (the first step builds)' : `indexes built ahead in ${(aheadMs / 1000).toFixed(1)} s`}; first step ${first[0].toFixed(1)} ms; index memory ${(indexBytes / 1e6).toFixed(0)} MB (${((100 * indexBytes) / data.bytes).toFixed(0)}% of the Parquet file, ${((100 * indexBytes) / (data.rows * 5 * 8)).toFixed(0)}% of 8 bytes a value); answers bucketed ${bucketed}, per-value ${memory}` : undefined,
          });
          if (index) extra.push({ scenario: sc.name, size, aheadMs, firstMs: first[0], indexBytes, parquetBytes: data.bytes, hinted: !noHints });
        } catch (error) {
          // A run that fails (a limit, memory) is reported as such; the others go on.
          log(`${sc.name}: ${(error as Error).message}`);
          rows.push({ scenario: sc.name, system: index ? 'runtime, WebSocket, indexes' : 'runtime, WebSocket, no index', size, n: 0, p50: NaN, p95: NaN, note: `failed: ${(error as Error).message}` });
        } finally {
          await rt.stop();
        }
      }
    }
  }
  addRatios(rows);
  console.log(formatTable(rows));
  const out = join(benchDataRoot(REPO), `brush-shapes-results-${sizes.join('-')}.json`);
  writeFileSync(out, JSON.stringify({ rows, extra }, null, 2));
  log(`results: ${out}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    log(`bench failed: ${(error as Error).stack ?? String(error)}`);
    process.exit(1);
  });
}
