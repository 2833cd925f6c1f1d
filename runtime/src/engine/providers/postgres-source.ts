/**
 * One configured PostgreSQL source: a bounded pool of connections, every statement in a
 * read-only transaction with the runtime's query timeout, cancelled on the server when
 * its request gives up; tables' columns read once and trusted for a TTL, their state
 * (statistics and size) for a shorter one. Rows come back through binary COPY, column by
 * column (binary-copy.ts), never as a JS object per row.
 */
import pg from 'pg';
import copyStreams from 'pg-copy-streams';
import { CancelledError, DataError, QueryError } from '../../errors.js';
import type { Row, ValueType } from '../types.js';
import { BinaryCopyReader, type WireColumn, type WireType } from './binary-copy.js';
import { POSTGRES_DIALECT, type Dialect } from './dialect.js';
import type { SourceDefinition } from './source-config.js';

/** A column of a PostgreSQL table as the runtime reads it. */
export interface SourceColumn {
  name: string;
  /** PostgreSQL's name of its type, e.g. `integer`, `timestamp with time zone`. */
  pgType: string;
  type: ValueType;
  wire: WireType;
  notNull: boolean;
  /** Integer types: whole numbers only (no NaN). */
  integral: boolean;
  /** Floating or numeric types, which may hold NaN. */
  mayBeNaN: boolean;
}

export interface SourceTable {
  schema: string;
  table: string;
  /** `r`, `p`: tables (and partitioned ones); `v`, `m`: views; `f`: foreign tables. */
  kind: string;
  columns: SourceColumn[];
}

export interface PostgresSourceOptions {
  /** Longest a statement may run (statement_timeout), in ms. */
  queryTimeoutMs: number;
  /** Clock for the TTLs (tests). */
  now?: () => number;
}

export interface PostgresSource {
  readonly definition: SourceDefinition;
  readonly dialect: Dialect;
  /** The table's columns (read once per schema TTL). */
  describe(schema: string, table: string, signal?: AbortSignal): Promise<SourceTable>;
  /** A stamp that changes when the table's rows may have changed (read once per state TTL). */
  state(schema: string, table: string, signal?: AbortSignal): Promise<string>;
  /** Rows of `select` (generated SQL; values bound as `params`) through binary COPY. */
  copy(select: string, wire: readonly WireType[], signal?: AbortSignal, ordered?: boolean): Promise<WireColumn[]>;
  /** Rows of a generated query with bound `params`, as row objects (small results only). */
  queryRows(sql: string, params: readonly unknown[], signal?: AbortSignal): Promise<Row[]>;
  /**
   * Forgets known states and columns, and makes every state new (a refresh counter is part
   * of it): the next read asks the server, and nothing computed before is served again.
   */
  refresh(schema?: string, table?: string): void;
  stats(): { total: number; idle: number; waiting: number; cancelled: number };
  close(): Promise<void>;
}

const COLUMNS_SQL = `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS pg_type, t.typcategory AS category,
  t.typname AS type_name, a.attnotnull AS not_null, c.relkind AS kind
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
WHERE n.nspname = $1 AND c.relname = $2 AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
ORDER BY a.attnum`;

/** A table's state: its statistics counters, size and file (TRUNCATE and VACUUM FULL change it). */
const TABLE_STATE_SQL = `SELECT coalesce(s.n_tup_ins, 0)::text || ':' || coalesce(s.n_tup_upd, 0)::text || ':' || coalesce(s.n_tup_del, 0)::text
  || ':' || pg_relation_size(c.oid)::text || ':' || c.relfilenode::text AS state
FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_catalog.pg_stat_user_tables s ON s.relid = c.oid
WHERE n.nspname = $1 AND c.relname = $2`;

/** A view (or foreign table) reads other tables: the whole database's counters stand for its state. */
const DATABASE_STATE_SQL = `SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0)::text || ':' || coalesce(sum(pg_relation_size(relid)), 0)::text AS state
FROM pg_catalog.pg_stat_user_tables`;

const INTEGER_TYPES = new Set(['int2', 'int4', 'int8', 'oid']);
/** How many times a cancelled statement's cancel request is sent before the statement timeout is left to stop it. */
const CANCEL_TRIES = 8;
/** How long opening a connection to a source may take. */
const CONNECT_TIMEOUT_MS = 15_000;

function columnOf(row: Row): SourceColumn {
  const name = String(row.name);
  const category = String(row.category);
  const typeName = String(row.type_name);
  const base = { name, pgType: String(row.pg_type), notNull: row.not_null === true };
  if (category === 'N' && typeName !== 'money') {
    const integral = INTEGER_TYPES.has(typeName);
    return { ...base, type: 'number', wire: 'float8', integral, mayBeNaN: !integral };
  }
  if (category === 'B') return { ...base, type: 'boolean', wire: 'bool', integral: false, mayBeNaN: false };
  if (typeName === 'timestamp' || typeName === 'timestamptz' || typeName === 'date') {
    return { ...base, type: 'date', wire: 'timestamp', integral: false, mayBeNaN: false };
  }
  // Text, and anything else (uuid, json, intervals) as its text form.
  return { ...base, type: 'string', wire: 'text', integral: false, mayBeNaN: false };
}

/** The SELECT expression that reads `column` in its wire type. */
export function wireExpression(column: SourceColumn, dialect: Dialect = POSTGRES_DIALECT): string {
  const id = dialect.ident(column.name);
  if (column.type === 'number') return dialect.double(id);
  // A naive timestamp stands for its UTC instant (the session's zone is UTC).
  if (column.type === 'date') return `(${id})::timestamp`;
  if (column.type === 'boolean') return id;
  return `(${id})::text`;
}

interface Timed<T> {
  at: number;
  value: Promise<T>;
  /** The read succeeded (a later read may answer with it while a new one runs). */
  settled?: boolean;
  /** A new read is under way. */
  renewing?: boolean;
}

/** Creates the source; connects lazily (nothing reaches the network before the first query). */
export function createPostgresSource(definition: SourceDefinition, options: PostgresSourceOptions): PostgresSource {
  const now = options.now ?? Date.now;
  const clientConfig: pg.ClientConfig = {
    host: definition.host, port: definition.port, database: definition.database, user: definition.user, password: definition.password,
    // Connecting (TLS, SCRAM) is not the statement: a short query timeout must not refuse connections.
    application_name: 'vegafusion-runtime', connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
  };
  const pool = new pg.Pool({ ...clientConfig, max: definition.poolSize, idleTimeoutMillis: 30_000 });
  // An idle connection the server closes must not take the process down; the next query reconnects.
  pool.on('error', () => undefined);
  const pids = new WeakMap<pg.PoolClient, number>();
  const schemas = new Map<string, Timed<SourceTable>>();
  const states = new Map<string, Timed<string>>();
  let cancelled = 0;
  let generation = 0;

  async function cancelOnServer(pid: number): Promise<void> {
    cancelled++;
    // Through a connection of its own: the pool may be full of the work being cancelled.
    const client = new pg.Client(clientConfig);
    try {
      await client.connect();
      await client.query('SELECT pg_cancel_backend($1)', [pid]);
    } catch {
      // The statement may have ended; the timeout stops it otherwise.
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  /**
   * Runs `fn` in a read-only transaction on a pooled connection (`ordered`: scans in table
   * order); aborting cancels it on the server.
   */
  async function readOnly<T>(what: string, sql: string, signal: AbortSignal | undefined, ordered: boolean, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    if (signal?.aborted) throw new CancelledError('Statement cancelled before it started');
    let client: pg.PoolClient;
    try {
      client = await pool.connect();
    } catch (cause) {
      throw new DataError('data_not_found', `Cannot connect to source "${definition.name}": ${(cause as Error).message}`, { cause });
    }
    let pid = pids.get(client);
    let aborted = false;
    let settled = false;
    const onAbort = () => {
      aborted = true;
      // A cancel that reaches the server between two statements cancels nothing: send it
      // again until the statement has ended (a few times at most).
      void (async () => {
        for (let i = 0; i < CANCEL_TRIES && !settled; i++) {
          if (pid !== undefined) await cancelOnServer(pid);
          await new Promise((resolve) => setTimeout(resolve, 100 * (i + 1)));
        }
      })();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    let broken = false;
    try {
      if (pid === undefined) {
        pid = Number((await client.query('SELECT pg_backend_pid() AS pid')).rows[0].pid);
        pids.set(client, pid);
      }
      if (signal?.aborted) throw new CancelledError('Statement cancelled before it started');
      // One round trip: the settings are generated text, no parameters.
      await client.query(['BEGIN READ ONLY', ...POSTGRES_DIALECT.sessionSettings(options.queryTimeoutMs, ordered)].join('; '));
      const out = await fn(client);
      await client.query('COMMIT');
      return out;
    } catch (cause) {
      await client.query('ROLLBACK').catch(() => { broken = true; });
      if (aborted || signal?.aborted) throw new CancelledError(`${what} cancelled`, { cause });
      throw failure(what, sql, cause);
    } finally {
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      client.release(broken);
    }
  }

  function failure(what: string, sql: string, cause: unknown): Error {
    const e = cause as { code?: string; message?: string };
    if (e.code === '57014') return new QueryError(`${what} on source "${definition.name}" ran past the query timeout of ${options.queryTimeoutMs} ms`, sql, { cause });
    if (e.code === '42501') return new DataError('data_forbidden', `Source "${definition.name}" refuses to read: ${e.message ?? ''}`, { cause });
    if (e.code === '42P01') return new DataError('data_not_found', `Source "${definition.name}": ${e.message ?? ''}`, { cause });
    if (cause instanceof DataError || cause instanceof CancelledError) return cause;
    return new QueryError(`${what} on source "${definition.name}" failed: ${e.message ?? String(cause)}`, sql, { cause });
  }

  async function queryRows(sql: string, params: readonly unknown[], signal?: AbortSignal): Promise<Row[]> {
    return readOnly('Query', sql, signal, false, async (client) => (await client.query(sql, [...params])).rows as Row[]);
  }

  /**
   * A value read at most once per `ttl`. Past it, a value that was read is still answered
   * while a new read runs (its result answers the requests after it): a slow or unreachable
   * database does not hold up requests that tables already read can answer.
   */
  function cached<T>(map: Map<string, Timed<T>>, key: string, ttl: number, load: () => Promise<T>): Promise<T> {
    const known = map.get(key);
    if (known && now() - known.at < ttl) return known.value;
    if (known?.settled) {
      if (!known.renewing) {
        known.renewing = true;
        load().then((value) => {
          if (map.get(key) === known) map.set(key, { at: now(), value: Promise.resolve(value), settled: true });
        }, () => {
          // Tried again after another ttl; the known value stands meanwhile.
          if (map.get(key) === known) map.set(key, { ...known, at: now(), renewing: false });
        });
      }
      return known.value;
    }
    const value = load();
    const entry: Timed<T> = { at: now(), value };
    map.set(key, entry);
    value.then(() => { entry.settled = true; }, () => {
      if (map.get(key) === entry) map.delete(key);
    });
    return value;
  }

  async function describe(schema: string, table: string, signal?: AbortSignal): Promise<SourceTable> {
    const known = schemas.has(JSON.stringify([schema, table]));
    return cached(schemas, JSON.stringify([schema, table]), definition.schemaTtlMs, async () => {
      // A read renewing a known value runs for later requests: no one request's signal stops it.
      const rows = await queryRows(COLUMNS_SQL, [schema, table], known ? undefined : signal);
      if (rows.length === 0) throw new DataError('data_not_found', `Source "${definition.name}" has no table or view "${schema}.${table}" it may read`);
      return { schema, table, kind: String(rows[0].kind), columns: rows.map(columnOf) };
    });
  }

  async function state(schema: string, table: string, signal?: AbortSignal): Promise<string> {
    const info = await describe(schema, table, signal);
    const known = states.has(JSON.stringify([schema, table]));
    return cached(states, JSON.stringify([schema, table]), definition.stateTtlMs, async () => {
      const isTable = info.kind === 'r' || info.kind === 'p' || info.kind === 'm';
      const rows = await queryRows(isTable ? TABLE_STATE_SQL : DATABASE_STATE_SQL, isTable ? [schema, table] : [], known ? undefined : signal);
      return `${definition.host}:${definition.port}/${definition.database}:${info.kind}:${String(rows[0]?.state ?? 'gone')}:r${generation}`;
    });
  }

  async function copy(select: string, wire: readonly WireType[], signal?: AbortSignal, ordered = true): Promise<WireColumn[]> {
    const sql = `COPY (${select}) TO STDOUT (FORMAT binary)`;
    return readOnly('Read', sql, signal, ordered, (client) => new Promise<WireColumn[]>((resolve, reject) => {
      const reader = new BinaryCopyReader(wire);
      const stream = client.query(copyStreams.to(sql));
      stream.on('data', (chunk: Buffer) => {
        try {
          reader.push(chunk);
        } catch (error) {
          stream.destroy(error as Error);
        }
      });
      stream.on('error', reject);
      stream.on('end', () => {
        try {
          resolve(reader.finish());
        } catch (error) {
          reject(error as Error);
        }
      });
    }));
  }

  return {
    definition,
    dialect: POSTGRES_DIALECT,
    describe,
    state,
    copy,
    queryRows,
    refresh(schema, table) {
      generation++;
      if (schema === undefined || table === undefined) {
        states.clear();
        schemas.clear();
        return;
      }
      const key = JSON.stringify([schema, table]);
      states.delete(key);
      schemas.delete(key);
    },
    stats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount, cancelled }),
    close: () => pool.end(),
  };
}
