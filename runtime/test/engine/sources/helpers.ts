/**
 * Shared pieces of the source tests: a loader over a real DuckDB, rows of a relation, and
 * Vega's own reader (vega-loader's read) run in a browser time zone as the oracle.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { read } from 'vega-loader';
import { queryRowsOf } from '../../../src/engine/output.js';
import { createSourceLoader, type SourceLoader, type SourceOptions } from '../../../src/engine/sources/index.js';
import type { Relation } from '../../../src/engine/types.js';
import type { Row } from '../../support/compare.js';
import { testEngine } from '../../support/engine.js';

export const DATA_DIR = path.resolve(import.meta.dirname, '../../../../node_modules/vega-datasets/data');

/** A fresh temporary directory. */
export function tempDir(prefix = 'vf-sources-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

/** A loader on the test file's DuckDB. */
export async function testLoader(options: Partial<SourceOptions> = {}): Promise<SourceLoader> {
  const engine = await testEngine();
  return createSourceLoader({ engine, dataRoots: [DATA_DIR], ...options });
}

/** The rows of a relation in Vega order. */
export async function rowsOf(relation: Relation): Promise<Row[]> {
  return queryRowsOf(await testEngine(), relation);
}

/**
 * Vega's rows for data with a format, read with the process in `timeZone` as a browser
 * there would, and ingested as the dataflow does (primitives wrapped as {data}).
 */
export function vegaRead(data: unknown, format: Record<string, unknown> | undefined, timeZone: string): Row[] {
  const previous = process.env.TZ;
  process.env.TZ = timeZone;
  try {
    const out = read(data, format);
    const list = Array.isArray(out) ? out : out == null ? [] : [out];
    return list.map((v) => (v !== null && typeof v === 'object' ? { ...(v as Row) } : { data: v }));
  } finally {
    if (previous === undefined) delete process.env.TZ;
    else process.env.TZ = previous;
  }
}
