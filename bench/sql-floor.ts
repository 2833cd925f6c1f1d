/**
 * The floor: hand-written DuckDB SQL doing the dashboard's work and nothing else, on the
 * same embedded DuckDB. Cold: read the file, the three fields' extents, the bins Vega
 * would pick (vega-statistics' bin) and the three histograms. Brush: the three histograms
 * of the rows inside the brush, scanning the loaded table.
 */
import { bin } from 'vega-statistics';
import { createDuckDbEngine, type SqlEngine } from '../runtime/src/engine/duckdb.js';
import type { BrushField } from './dashboard.js';

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

/** Cold: one scan for extents, one per histogram, straight from the file. Returns the elapsed ms. */
export async function floorCold(path: string): Promise<{ ms: number; session: FloorSession }> {
  const engine = await createDuckDbEngine({ connections: 1 });
  const started = performance.now();
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
  const ms = performance.now() - started;
  return { ms, session: { engine, bins, extents, close: () => engine.close() } };
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
