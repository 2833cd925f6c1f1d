/**
 * Runs a pipeline case through the engine on a real in-memory DuckDB, the way the
 * runtime evaluates a data task: rows -> table -> compiled pipeline -> ordered rows.
 */
import { afterAll } from 'vitest';
import { createDuckDbEngine, inferSchema, type SqlEngine } from '../../src/engine/duckdb.js';
import { compileExpression, evaluateExpression } from '../../src/engine/expressions/index.js';
import { queryRowsOf } from '../../src/engine/output.js';
import { compilePipeline, createTransformRegistry } from '../../src/engine/pipeline.js';
import { columnList, ident } from '../../src/engine/sql.js';
import { DEFAULT_TRANSFORMS } from '../../src/engine/transforms/index.js';
import type { Schema } from '../../src/engine/types.js';
import { RuntimeError } from '../../src/errors.js';
import type { PipelineCase, PipelineOutput, Row } from './vega-oracle.js';

let enginePromise: Promise<SqlEngine> | undefined;
let tableCounter = 0;

/** One DuckDB per test file, closed after it. */
export function testEngine(): Promise<SqlEngine> {
  if (!enginePromise) {
    enginePromise = createDuckDbEngine({ connections: 2, threads: 2 });
    afterAll(async () => {
      const e = await enginePromise;
      enginePromise = undefined;
      await e?.close();
    });
  }
  return enginePromise;
}

const registry = createTransformRegistry(DEFAULT_TRANSFORMS);

/** Runs the case on the engine; `schema` overrides the inferred input schema. */
export async function runEngine(c: PipelineCase, signalNames: string[] = [], schema?: Schema): Promise<PipelineOutput> {
  const engine = await testEngine();
  const table = `input_${++tableCounter}`;
  const inputSchema = schema ?? inferSchema(c.values);
  await engine.createTableFromRows(table, c.values, inputSchema);
  const signals = c.signals ?? {};
  // Other datasets become tables too, so lookups can join them.
  const relations = new Map<string, { sql: string; schema: Schema }>();
  for (const [name, rows] of Object.entries(c.datasets ?? {})) {
    const t = `data_${++tableCounter}`;
    const s = inferSchema(rows);
    await engine.createTableFromRows(t, rows, s);
    relations.set(name, { sql: `SELECT ${columnList(s)} FROM ${ident(t)}`, schema: s });
  }
  const { relation, signals: defined } = await compilePipeline(
    { sql: `SELECT ${columnList(inputSchema)} FROM ${ident(table)}`, schema: inputSchema },
    c.transform,
    {
      transforms: registry,
      compileExpr: compileExpression,
      evaluateExpr: evaluateExpression,
      queryRows: (sql) => engine.queryRows(sql),
      queryColumns: engine.queryColumns ? (sql) => engine.queryColumns!(sql) : undefined,
      timeZone: c.timeZone ?? 'UTC',
      signal: (name) => {
        if (name in signals) return signals[name];
        throw new RuntimeError('unknown_signal', `Unknown signal "${name}"`);
      },
      data: (name) => c.datasets?.[name],
      dataRelation: (name) => relations.get(name),
    },
  );
  const rows: Row[] = await queryRowsOf(engine, relation);
  await engine.exec(`DROP TABLE ${ident(table)}`);
  const out: Record<string, unknown> = {};
  for (const n of signalNames) out[n] = defined.get(n);
  return { rows, signals: out };
}
