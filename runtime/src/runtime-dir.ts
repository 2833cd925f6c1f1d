/**
 * The runtime's own folder in the temp directory: DuckDB's spill files live there, not in
 * the working directory (uploads live in the upload store, see config.storeDir). It is removed on close;
 * folders left by runtimes that died without closing are removed when the next one starts.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const PREFIX = 'vegafusion-runtime-';

export interface RuntimeDir {
  /** The folder. */
  path: string;
  /** DuckDB's temp_directory inside it. */
  duckdbTemp: string;
  /** Removes the folder. */
  remove(): void;
}

/** Whether a process of this host is running (one of another user's counts). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes runtime folders in `parent` whose process is gone; returns how many. */
export function removeStaleRuntimeDirs(parent: string = tmpdir()): number {
  let removed = 0;
  let names: string[];
  try {
    names = readdirSync(parent);
  } catch {
    return 0;
  }
  for (const name of names) {
    if (!name.startsWith(PREFIX)) continue;
    const dir = path.join(parent, name);
    let pid: number;
    try {
      pid = Number(readFileSync(path.join(dir, 'pid'), 'utf8'));
    } catch {
      continue; // not ours, or still being made
    }
    if (!Number.isInteger(pid) || pid <= 0 || processAlive(pid)) continue;
    rmSync(dir, { recursive: true, force: true });
    removed++;
  }
  return removed;
}

/** Makes this runtime's folder (after clearing stale ones) under `parent`, default the temp folder. */
export function createRuntimeDir(parent: string = tmpdir()): RuntimeDir {
  removeStaleRuntimeDirs(parent);
  const dir = mkdtempSync(path.join(parent, PREFIX));
  writeFileSync(path.join(dir, 'pid'), String(process.pid));
  const duckdbTemp = path.join(dir, 'duckdb');
  mkdirSync(duckdbTemp);
  return { path: dir, duckdbTemp, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
