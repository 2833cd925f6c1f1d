/**
 * The benchmark's data: flights-3m as shipped, its first 1M rows, and 10M rows upsampled
 * deterministically from it (the 3M rows repeated, each copy's dates shifted by whole
 * years so that times of day and every other column keep their distributions). Written
 * once as Parquet into .cache/bench (gitignored) and reused.
 */
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createDuckDbEngine } from '../runtime/src/engine/duckdb.js';
import { defaultDataRoot } from '../runtime/src/config.js';

export type SizeName = '1m' | '3m' | '10m';

export interface BenchData {
  name: SizeName;
  rows: number;
  /** URL relative to the bench data root. */
  url: string;
  path: string;
  bytes: number;
}

export const ROWS: Record<SizeName, number> = { '1m': 1_000_000, '3m': 3_000_000, '10m': 10_000_000 };

/** Folder the generated files live in (a runtime data root during the bench). */
export function benchDataRoot(repoRoot: string): string {
  return join(repoRoot, '.cache', 'bench');
}

function sourceSql(name: SizeName, src: string): string {
  const read = `read_parquet('${src.replace(/'/g, "''")}', file_row_number = true)`;
  if (name === '1m') return `SELECT date, delay, distance, origin, destination FROM ${read} ORDER BY file_row_number LIMIT 1000000`;
  return `SELECT date + to_years(CAST(k AS INTEGER)) AS date, delay, distance, origin, destination
    FROM ${read}, range(4) AS r(k) ORDER BY k, file_row_number LIMIT ${ROWS[name]}`;
}

/** Makes (if missing) and describes the data files for `sizes`. */
export async function ensureData(repoRoot: string, sizes: SizeName[]): Promise<BenchData[]> {
  const root = benchDataRoot(repoRoot);
  mkdirSync(root, { recursive: true });
  const src = join(defaultDataRoot(), 'data', 'flights-3m.parquet');
  const out: BenchData[] = [];
  const engine = await createDuckDbEngine({ connections: 1 });
  try {
    for (const name of sizes) {
      const file = `flights-${name}.parquet`;
      const path = join(root, file);
      if (!existsSync(path)) {
        await engine.exec(`COPY (${sourceSql(name, src)}) TO '${path.replace(/'/g, "''")}' (FORMAT parquet, ROW_GROUP_SIZE 1000000)`);
      }
      out.push({ name, rows: ROWS[name], url: file, path, bytes: statSync(path).size });
    }
  } finally {
    await engine.close();
  }
  return out;
}

/**
 * A small file of other rows (20k, dates shifted by a century) that every system under
 * test reads once before it is timed, untimed: a cold render then pays for empty caches,
 * not for a process's first statement (JIT, DuckDB's Parquet reader) that a running
 * server paid long before.
 */
export async function ensureWarmupData(repoRoot: string): Promise<BenchData> {
  const root = benchDataRoot(repoRoot);
  mkdirSync(root, { recursive: true });
  const file = 'warmup.parquet';
  const path = join(root, file);
  if (!existsSync(path)) {
    const src = join(defaultDataRoot(), 'data', 'flights-3m.parquet');
    const engine = await createDuckDbEngine({ connections: 1 });
    try {
      await engine.exec(`COPY (SELECT date + to_years(100) AS date, delay, distance, origin, destination
        FROM read_parquet('${src.replace(/'/g, "''")}') LIMIT 20000) TO '${path.replace(/'/g, "''")}' (FORMAT parquet)`);
    } finally {
      await engine.close();
    }
  }
  return { name: '1m', rows: 20_000, url: file, path, bytes: statSync(path).size };
}

