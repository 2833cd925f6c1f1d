/**
 * The columns a render task draws, kept in a DuckDB table per source and set of fields,
 * so that a zoom or pan (a new render of the same rows) scans DuckDB's own columns instead
 * of decoding a file and running the source's pipeline again. The source's SQL names only
 * immutable tables and file states, so the same text and fields give the same rows.
 * A table is made when a source is drawn the second time (a source that changes with
 * every interaction, a brushed or filtered one, is never drawn twice and never copied).
 * Few tables are kept (least recently used dropped first), and none for sources past a
 * row bound, whose copy would cost more memory than the scans it saves.
 */
import { createHash } from 'node:crypto';
import type { SqlEngine } from '../engine/duckdb.js';
import { ident } from '../engine/sql.js';
import { ORDER_COLUMN, type Relation } from '../engine/types.js';

/** Tables kept per engine. */
const MAX_TABLES = 4;

/** Sources with more rows are read as they are. */
export const MAX_TABLE_ROWS = 20_000_000;

interface Kept {
  table: Promise<Relation | undefined>;
  used: number;
}

/** Per engine: its tables by key (an engine's tables live and die with it), and the keys drawn once. */
const byEngine = new WeakMap<SqlEngine, { tables: Map<string, Kept>; seen: Set<string> }>();
let clock = 0;

/** The relation's `fields` (and row order) from a table of their own, made on first use; the relation itself when too large. */
export async function drawnRelation(engine: SqlEngine, relation: Relation, fields: string[], signal?: AbortSignal): Promise<Relation> {
  const wanted = [...new Set(fields)].sort();
  const key = createHash('sha256').update(JSON.stringify([relation.sql, wanted])).digest('hex').slice(0, 24);
  let state = byEngine.get(engine);
  if (!state) byEngine.set(engine, (state = { tables: new Map(), seen: new Set() }));
  const { tables, seen } = state;
  let kept = tables.get(key);
  if (!kept && !seen.has(key)) {
    if (seen.size >= 256) seen.clear();
    seen.add(key);
    return relation;
  }
  if (!kept) {
    evict(engine, tables);
    kept = { table: copy(engine, relation, wanted, `vf_render_${key}`, signal), used: 0 };
    tables.set(key, kept);
    const mine = kept;
    // A failed or refused copy is not kept: the next render tries again or reads the source.
    mine.table.then((r) => { if (!r) tables.delete(key); }, () => tables.delete(key));
  }
  kept.used = ++clock;
  return (await kept.table.catch(() => undefined)) ?? relation;
}

async function copy(engine: SqlEngine, relation: Relation, fields: string[], table: string, signal?: AbortSignal): Promise<Relation | undefined> {
  if (relation.maxRows !== undefined && relation.maxRows > MAX_TABLE_ROWS) return undefined;
  const schema = relation.schema.filter((c) => fields.includes(c.name));
  const columns = [...schema.map((c) => ident(c.name)), ident(ORDER_COLUMN)].join(', ');
  await engine.exec(`CREATE OR REPLACE TABLE ${ident(table)} AS SELECT ${columns} FROM (${relation.sql}) AS source`, signal);
  const rows = Number((await engine.query(`SELECT count(*) FROM ${ident(table)}`, signal)).columns[0]?.[0] ?? 0);
  if (rows > MAX_TABLE_ROWS) {
    await engine.exec(`DROP TABLE IF EXISTS ${ident(table)}`);
    return undefined;
  }
  return { sql: `SELECT ${columns} FROM ${ident(table)}`, schema, maxRows: rows };
}

function evict(engine: SqlEngine, tables: Map<string, Kept>): void {
  while (tables.size >= MAX_TABLES) {
    let oldest: string | undefined;
    for (const [k, v] of tables) if (oldest === undefined || v.used < (tables.get(oldest)?.used ?? Infinity)) oldest = k;
    if (oldest === undefined) return;
    tables.delete(oldest);
    void engine.exec(`DROP TABLE IF EXISTS ${ident(`vf_render_${oldest}`)}`).catch(() => undefined);
  }
}
