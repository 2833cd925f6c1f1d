/**
 * The embedded DuckDB: a small pool of connections on one in-process database, all set
 * to UTC so that TIMESTAMP values mean UTC instants whatever the machine's zone.
 */
import {
  DuckDBInstance, DuckDBTimestampValue, type DuckDBConnection, type DuckDBAppender,
} from '@duckdb/node-api';
import { QueryError } from '../errors.js';
import { ident, sqlType } from './sql.js';
import { registerFoldFunctions } from './transforms/fold-functions.js';
import { ORDER_COLUMN, type Row, type Schema, type ValueType } from './types.js';

export interface DuckDbOptions {
  /** Connections in the pool; queries beyond it wait. Default 4. */
  connections?: number;
  /** DuckDB threads; default: DuckDB's own (the machine's cores). */
  threads?: number;
  /** DuckDB memory limit, e.g. "4GB". */
  memoryLimit?: string;
}

export interface QueryOutput {
  names: string[];
  types: string[];
  /** Column-major JS values (numbers, strings, booleans, Dates, bigint, null). */
  columns: unknown[][];
}

/** The SQL engine the runtime evaluates with; an interface so a test can count calls. */
export interface SqlEngine {
  query(sql: string, signal?: AbortSignal): Promise<QueryOutput>;
  queryRows(sql: string, signal?: AbortSignal): Promise<Row[]>;
  exec(sql: string): Promise<void>;
  /** Creates (or replaces) a table from Vega rows with the given schema and an order column. */
  createTableFromRows(name: string, rows: Row[], schema: Schema): Promise<void>;
  close(): Promise<void>;
}

class Pool {
  private idle: DuckDBConnection[] = [];
  private waiting: ((c: DuckDBConnection) => void)[] = [];
  constructor(connections: DuckDBConnection[]) {
    this.idle = connections;
  }
  async acquire(): Promise<DuckDBConnection> {
    const c = this.idle.pop();
    if (c) return c;
    return new Promise((resolve) => this.waiting.push(resolve));
  }
  release(c: DuckDBConnection): void {
    const next = this.waiting.shift();
    if (next) next(c);
    else this.idle.push(c);
  }
  all(): DuckDBConnection[] {
    return this.idle;
  }
}

export async function createDuckDbEngine(options: DuckDbOptions = {}): Promise<SqlEngine> {
  const config: Record<string, string> = {};
  if (options.threads) config.threads = String(options.threads);
  if (options.memoryLimit) config.memory_limit = options.memoryLimit;
  const instance = await DuckDBInstance.create(':memory:', config);
  const conns: DuckDBConnection[] = [];
  for (let i = 0; i < (options.connections ?? 4); i++) {
    const c = await instance.connect();
    await c.run("SET TimeZone = 'UTC'");
    conns.push(c);
  }
  // Vega's order-exact aggregate folds, shared by every connection of this database.
  if (conns[0]) registerFoldFunctions(conns[0]);
  const pool = new Pool(conns);

  async function withConnection<T>(fn: (c: DuckDBConnection) => Promise<T>, signal?: AbortSignal): Promise<T> {
    const c = await pool.acquire();
    const onAbort = () => c.interrupt();
    signal?.addEventListener('abort', onAbort);
    try {
      return await fn(c);
    } finally {
      signal?.removeEventListener('abort', onAbort);
      pool.release(c);
    }
  }

  async function query(sql: string, signal?: AbortSignal): Promise<QueryOutput> {
    try {
      return await withConnection(async (c) => {
        const reader = await c.runAndReadAll(sql);
        return {
          names: reader.columnNames(),
          types: reader.columnTypes().map((t) => t.toString()),
          columns: reader.getColumnsJS() as unknown[][],
        };
      }, signal);
    } catch (cause) {
      if (signal?.aborted) throw new QueryError('Query cancelled', sql, { cause });
      throw new QueryError(`DuckDB query failed: ${(cause as Error).message}`, sql, { cause });
    }
  }

  return {
    query,
    async queryRows(sql, signal) {
      const out = await query(sql, signal);
      const n = out.columns[0]?.length ?? 0;
      const rows: Row[] = new Array(n);
      for (let i = 0; i < n; i++) {
        const row: Row = {};
        out.names.forEach((name, c) => { row[name] = normalizeJs(out.columns[c][i]); });
        rows[i] = row;
      }
      return rows;
    },
    async exec(sql) {
      try {
        await withConnection((c) => c.run(sql).then(() => undefined));
      } catch (cause) {
        throw new QueryError(`DuckDB statement failed: ${(cause as Error).message}`, sql, { cause });
      }
    },
    async createTableFromRows(name, rows, schema) {
      const cols = [...schema.map((c) => `${ident(c.name)} ${sqlType(c.type)}`), `${ident(ORDER_COLUMN)} DOUBLE`];
      await withConnection(async (c) => {
        await c.run(`CREATE OR REPLACE TABLE ${ident(name)} (${cols.join(', ')})`);
        const appender = await c.createAppender(name);
        try {
          appendRows(appender, rows, schema);
        } finally {
          appender.closeSync();
        }
      });
    },
    async close() {
      for (const c of pool.all()) c.closeSync();
      instance.closeSync();
    },
  };
}

function normalizeJs(v: unknown): unknown {
  return typeof v === 'bigint' ? Number(v) : v;
}

function appendRows(appender: DuckDBAppender, rows: Row[], schema: Schema): void {
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    for (const col of schema) appendValue(appender, row[col.name], col.type);
    appender.appendDouble(i);
    appender.endRow();
  }
}

function appendValue(appender: DuckDBAppender, v: unknown, type: ValueType): void {
  if (v === null || v === undefined) {
    appender.appendNull();
    return;
  }
  switch (type) {
    case 'number':
      appender.appendDouble(typeof v === 'number' ? v : Number(v));
      return;
    case 'string':
      appender.appendVarchar(String(v));
      return;
    case 'boolean':
      appender.appendBoolean(Boolean(v));
      return;
    case 'date': {
      const ms = v instanceof Date ? v.getTime() : Number(v);
      if (Number.isNaN(ms)) appender.appendNull();
      else appender.appendTimestamp(new DuckDBTimestampValue(BigInt(Math.round(ms * 1000))));
      return;
    }
    default:
      appender.appendVarchar(JSON.stringify(v));
  }
}

/** Infers the Vega value type of each field over rows, in first-appearance order. */
export function inferSchema(rows: Row[]): Schema {
  const types = new Map<string, ValueType | 'null'>();
  for (const row of rows) {
    for (const [k, v] of Object.entries(row)) {
      const t = typeOfValue(v);
      const prev = types.get(k);
      if (prev === undefined || prev === 'null') types.set(k, t);
      else if (t !== 'null' && t !== prev) types.set(k, 'object');
    }
  }
  return [...types].map(([name, t]) => ({ name, type: t === 'null' ? 'number' : t }));
}

function typeOfValue(v: unknown): ValueType | 'null' {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'boolean';
  if (v instanceof Date) return 'date';
  return 'object';
}
