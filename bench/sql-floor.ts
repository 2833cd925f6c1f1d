/**
 * The floor: hand-written DuckDB SQL doing the dashboard's work and nothing else, on the
 * same embedded DuckDB, warmed first on other rows (untimed). Cold: read the file, the
 * three fields' extents, the bins Vega would pick (vega-statistics' bin) and the three
 * histograms. Brush: the three histograms of the rows inside the brush, scanning the
 * loaded table.
 */
import { bin } from 'vega-statistics';
import { createDuckDbEngine, type SqlEngine } from '../runtime/src/engine/duckdb.js';
import type { BrushField } from './dashboard.js';
import { bin0Sql, bin1Sql, binBoundaries } from '../runtime/src/engine/transforms/bin.js';

const FIELDS = {
  distance: 'distance::DOUBLE',
  delay: 'delay::DOUBLE',
  time: "(hour(date) + minute(date) / 60)::DOUBLE",
} as const;

export interface FloorSession {
  engine: SqlEngine;
  bins: Record<BrushField, { start: number; step: number }>;
  extents: Record<BrushField, [number, number]>;
  close(): Promise<void>;
}

function histogramSql(from: string, field: BrushField, b: { start: number; step: number }, where = ''): string {
  return `SELECT ${b.start} + ${b.step} * floor((${field} - ${b.start}) / ${b.step}) AS bin0, count(*)::DOUBLE AS n FROM ${from} ${where} GROUP BY 1`;
}

/** The cold work: one scan for extents, one per histogram, straight from the file. */
async function coldQueries(engine: SqlEngine, path: string): Promise<Pick<FloorSession, 'bins' | 'extents'>> {
  const file = `read_parquet('${path.replace(/'/g, "''")}')`;
  const src = `(SELECT ${Object.entries(FIELDS).map(([k, v]) => `${v} AS ${k}`).join(', ')} FROM ${file})`;
  const [ext] = await engine.queryRows(`SELECT ${Object.keys(FIELDS).map((k) => `min(${k}) AS ${k}_lo, max(${k}) AS ${k}_hi`).join(', ')} FROM ${src}`);
  const extents = {} as FloorSession['extents'];
  const bins = {} as FloorSession['bins'];
  for (const f of Object.keys(FIELDS) as BrushField[]) {
    extents[f] = [Number(ext[`${f}_lo`]), Number(ext[`${f}_hi`])];
    const b = bin({ extent: extents[f], maxbins: 20 });
    bins[f] = { start: b.start, step: b.step };
  }
  await Promise.all((Object.keys(FIELDS) as BrushField[]).map((f) => engine.queryRows(histogramSql(src, f, bins[f]))));
  return { bins, extents };
}

/** Cold: the work on `path`, timed, after the same work on the warm-up file `warm` untimed. */
export async function floorCold(path: string, warm: string): Promise<{ ms: number; session: FloorSession }> {
  const engine = await createDuckDbEngine({ connections: 1 });
  await coldQueries(engine, warm);
  const started = performance.now();
  const { bins, extents } = await coldQueries(engine, path);
  const ms = performance.now() - started;
  return { ms, session: { engine, bins, extents, close: () => engine.close() } };
}

/**
 * The floor again with Vega's exact answers: the bin expression Vega's Bin computes (its
 * clamping, epsilon, NaN and infinity cases), the bin end from the start, and groups in
 * order of first appearance, as Vega's aggregate outputs them. Still one extent scan and
 * one query per histogram, straight from the file: what the runtime's work costs with no
 * overhead of its own.
 */
export async function floorExactCold(path: string, warm: string): Promise<number> {
  const engine = await createDuckDbEngine({ connections: 1 });
  try {
    await exactColdQueries(engine, warm);
    const started = performance.now();
    await exactColdQueries(engine, path);
    return performance.now() - started;
  } finally {
    await engine.close();
  }
}

async function exactColdQueries(engine: SqlEngine, path: string): Promise<void> {
  const file = `read_parquet('${path.replace(/'/g, "''")}', file_row_number = true)`;
  const src = `(SELECT ${Object.entries(FIELDS).map(([k, v]) => `${v} AS ${k}`).join(', ')}, file_row_number FROM ${file})`;
  const [ext] = await engine.queryRows(`SELECT ${Object.keys(FIELDS).map((k) => `min(${k}) AS ${k}_lo, max(${k}) FILTER (WHERE NOT isnan(${k})) AS ${k}_hi`).join(', ')} FROM ${src}`);
  await Promise.all((Object.keys(FIELDS) as BrushField[]).map((f) => {
    const b = binBoundaries({ extent: [Number(ext[`${f}_lo`]), Number(ext[`${f}_hi`])], maxbins: 20 });
    const b0 = bin0Sql(f, b);
    return engine.queryRows(`SELECT bin0, ${bin1Sql('bin0', b)} AS bin1, n FROM (SELECT ${b0} AS bin0, count(*)::DOUBLE AS n, min(file_row_number) AS o FROM ${src} GROUP BY 1) WHERE isfinite(bin0) ORDER BY o`);
  }));
}

/** Loads the file's three fields into a table for the brush floor. */
export async function loadFloorTable(session: FloorSession, path: string): Promise<void> {
  await session.engine.exec(`CREATE OR REPLACE TABLE flights AS SELECT ${Object.entries(FIELDS).map(([k, v]) => `${v} AS ${k}`).join(', ')} FROM read_parquet('${path.replace(/'/g, "''")}')`);
}

/** One brush update: the three histograms of the rows inside [lo, hi] on `field`. */
export async function floorBrush(session: FloorSession, field: BrushField, lo: number, hi: number): Promise<number> {
  const started = performance.now();
  const where = `WHERE ${field} BETWEEN ${lo} AND ${hi}`;
  for (const f of Object.keys(FIELDS) as BrushField[]) await session.engine.queryRows(histogramSql('flights', f, session.bins[f], where));
  return performance.now() - started;
}
