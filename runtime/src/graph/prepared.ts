/**
 * What preparing a node gives (a signal's value, or a dataset as a relation and the
 * signals its pipeline defines), what preparation is given, and the reads every preparer
 * shares: a dataset's relation, its rows for expressions.
 */
import type { ITaskGraph } from '@vegafusion-ts/proto';
import { queryRowsOf } from '../engine/output.js';
import type { TransformRegistry } from '../engine/pipeline.js';
import type { SourceLoader } from '../engine/sources/index.js';
import type { SqlEngine } from '../engine/duckdb.js';
import { ident } from '../engine/sql.js';
import { ORDER_COLUMN, type Relation, type Row, type Schema } from '../engine/types.js';
import { LimitError, RuntimeError } from '../errors.js';
import type { IndexStore } from './preaggregate/index-store.js';

export type Prepared =
  | { kind: 'signal'; value: unknown }
  | {
    kind: 'data'; signals: Map<string, unknown>; rows?: Row[];
    /**
     * The columns of `rows` when they were computed with their types known (an index's
     * cells combined in memory): the rows are then sent as they are, without the engine.
     */
    schema?: Schema;
    /** The node's rows as SQL; absent for a value node until something reads it as SQL. */
    relation?: Relation;
    /** Loads `relation` (a value node's rows into a table) on first use; see relationOf. */
    load?: () => Promise<Relation>;
    /** A table holding the node's rows, when it was materialized for several dependants. */
    table?: string;
    /** Extents computed ahead for the datasets built on this one (see PipelineOptions). */
    ahead?: ReadonlyMap<string, unknown>;
    /**
     * A database table whose pipeline the database computes whole: a dataset built on this
     * one may push its own leading transforms after it (read lazily through `load`).
     */
    pushdown?: { url: string; pipeline: readonly unknown[] };
  };

export type DataPrepared = Extract<Prepared, { kind: 'data' }>;

/**
 * The relation of a prepared dataset. A value node (a selection store, a client's rows)
 * goes into a table only when a pipeline reads it as SQL: expressions read its rows, and
 * a brush writes a new store on every move.
 */
export function relationOf(prep: DataPrepared): Promise<Relation> {
  if (prep.relation) return Promise.resolve(prep.relation);
  const load = prep.load;
  if (!load) throw new RuntimeError('bad_graph', 'Dataset has neither a relation nor rows to load');
  const loading = load();
  prep.load = () => loading;
  // A failed load is tried again by the next reader.
  return loading.then((r) => (prep.relation = r), (error: unknown) => {
    prep.load = load;
    throw error;
  });
}

/** Whether a pipeline reads other datasets as SQL (lookup's `from`). */
export function readsRelations(pipeline: unknown[]): boolean {
  return pipeline.some((t) => (t as { type?: unknown } | null)?.type === 'lookup');
}

export interface PrepareServices {
  engine: SqlEngine;
  sources: SourceLoader;
  transforms: TransformRegistry;
  /** Most rows a dataset read by an expression (`data()`, selection stores) may have. */
  maxLookupRows: number;
  /** Pre-aggregated indexes for selection-filtered aggregates; without it, none are used. */
  indexes?: IndexStore;
}

export interface PrepareContext {
  graph: ITaskGraph;
  timeZone: string;
  signal?: AbortSignal;
  /** Materialize node `index` into a table (it feeds several datasets); key names the table. */
  materialize?(index: number): string | undefined;
  /** Prepares (or returns the shared preparation of) a parent node. */
  prepareNode(index: number): Promise<Prepared>;
  /** The server-computed state fingerprint of a node (keys what an index summarizes). */
  stateOf?(index: number): string;
}

/** Rows of a dataset an expression reads; refuses (rather than truncates) one too large. */
export async function readLookupRows(relation: Relation, name: string, services: PrepareServices, signal?: AbortSignal): Promise<Row[]> {
  const n = Math.max(0, Math.floor(services.maxLookupRows));
  const limited = { sql: `SELECT * FROM (${relation.sql}) ORDER BY ${ident(ORDER_COLUMN)} LIMIT ${n + 1}`, schema: relation.schema };
  const rows = await queryRowsOf(services.engine, limited, signal);
  if (rows.length > n) throw new LimitError('limit_exceeded', `Dataset "${name}" has more than ${n} rows, too many to read in an expression`);
  return rows;
}
