/**
 * The embedded DuckDB: a small pool of connections on one in-process database, all set
 * to UTC so that TIMESTAMP values mean UTC instants whatever the machine's zone.
 */
import {
  DuckDBInstance, DuckDBTimestampValue, DuckDBTypeId, JSDuckDBValueConverter, type DuckDBConnection, type DuckDBAppender,
} from '@duckdb/node-api';
import bindings from '@duckdb/node-bindings';
import { CancelledError, LimitError, MissingTableError, QueryError } from '../errors.js';
import { SQL_LIMIT_MARKER } from './expressions/growth.js';
import { appendArrowTable } from './arrow-ingest.js';
import type { ColumnarOutput, ColumnData, QueryOutput, SqlEngine } from './engine.js';
import { ident, sqlType } from './sql.js';
import { CHUNKS_PER_TURN, nextTurn } from './turns.js';
import { registerFoldFunctions } from './transforms/fold-functions.js';
import { ORDER_COLUMN, type Row, type Schema, type ValueType } from './types.js';

/**
 * Longest SQL statement the engine runs, in characters: a request of a few kilobytes
 * whose statement would take DuckDB seconds and gigabytes just to parse is refused.
 */
export const MAX_STATEMENT_LENGTH = 16_000_000;

export interface DuckDbOptions {
  /** Connections in the pool; queries beyond it wait. Default 4. */
  connections?: number;
  /** DuckDB threads; default: DuckDB's own (the machine's cores). */
  threads?: number;
  /** DuckDB memory limit, e.g. "4GB" (DuckDB's own default: 80% of the machine's memory). */
  memoryLimit?: string;
  /** Where DuckDB spills to disk (default: `.tmp` in the working directory). */
  tempDirectory?: string;
  /**
   * When given, DuckDB may touch files only in these folders (enable_external_access off,
   * allowed_directories these): reading Parquet, CSV or JSON anywhere else, attaching a
   * database or loading an extension fails.
   */
  allowedDirectories?: readonly string[];
  /** Locks DuckDB's configuration once set up: no statement can change a setting after. */
  lockConfiguration?: boolean;
  /**
   * How long an interrupted statement may run on before its connection is given up: the
   * caller is answered at once, a new connection takes its place in the pool, and the old
   * one is closed when its statement ends. Default 2000 ms.
   */
  interruptGraceMs?: number;
}

/** Default of DuckDbOptions.interruptGraceMs. */
export const DEFAULT_INTERRUPT_GRACE_MS = 2000;

/** A SQL string literal. */
function literal(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/**
 * Settings applied once, before the configuration is locked: no extension is installed
 * or loaded behind the runtime's back (they are compiled in), and file access is limited.
 */
async function harden(c: DuckDBConnection, options: DuckDbOptions): Promise<void> {
  await c.run('SET autoinstall_known_extensions = false');
  await c.run('SET autoload_known_extensions = false');
  if (options.tempDirectory) await c.run(`SET temp_directory = ${literal(options.tempDirectory)}`);
  if (options.allowedDirectories) {
    // A trailing slash makes each entry a folder, not a prefix of other names.
    const dirs = options.allowedDirectories.map((d) => literal(d.endsWith('/') ? d : `${d}/`));
    await c.run(`SET allowed_directories = [${dirs.join(', ')}]`);
    await c.run('SET enable_external_access = false');
  }
  if (options.lockConfiguration) await c.run('SET lock_configuration = true');
}

export type { ColumnarOutput, ColumnData, EngineStats, QueryOutput, SqlEngine } from './engine.js';
export { inferSchema, inferSchemaInTurns } from './infer-schema.js';

class Pool {
  private idle: DuckDBConnection[] = [];
  private waiting: ((c: DuckDBConnection) => void)[] = [];
  readonly size: number;
  constructor(connections: DuckDBConnection[]) {
    this.idle = connections;
    this.size = connections.length;
  }
  get busy(): number {
    return this.size - this.idle.length;
  }
  get queued(): number {
    return this.waiting.length;
  }
  /** A free connection; a waiter whose signal aborts leaves the queue (rejects). */
  async acquire(signal?: AbortSignal): Promise<DuckDBConnection> {
    if (signal?.aborted) throw new CancelledError('Statement cancelled before it started');
    const c = this.idle.pop();
    if (c) return c;
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        this.waiting = this.waiting.filter((w) => w !== take);
        reject(new CancelledError('Statement cancelled while waiting for a connection'));
      };
      const take = (conn: DuckDBConnection) => {
        signal?.removeEventListener('abort', onAbort);
        resolve(conn);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(take);
    });
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
    // Global too, so that a connection opened later is in UTC without a SET of its own.
    await c.run(i === 0 ? "SET GLOBAL TimeZone = 'UTC'" : "SET TimeZone = 'UTC'");
    conns.push(c);
  }
  // Vega's order-exact aggregate folds, shared by every connection of this database.
  if (conns[0]) {
    registerFoldFunctions(conns[0]);
    await harden(conns[0], options);
  }
  const pool = new Pool(conns);
  const graceMs = options.interruptGraceMs ?? DEFAULT_INTERRUPT_GRACE_MS;
  let interrupted = 0;
  let recycled = 0;
  let retiring = 0;
  let closed = false;

  /** A new connection for the pool, in place of one whose statement would not stop. */
  async function replaceConnection(): Promise<void> {
    const fresh = await instance.connect();
    if (closed) {
      fresh.closeSync();
      return;
    }
    // Handed to the next waiter or kept idle: the pool keeps its size.
    pool.release(fresh);
  }

  async function withConnection<T>(fn: (c: DuckDBConnection) => Promise<T>, signal?: AbortSignal): Promise<T> {
    const c = await pool.acquire(signal);
    if (signal?.aborted) {
      pool.release(c);
      throw new CancelledError('Statement cancelled before it started');
    }
    let retired = false;
    let grace: NodeJS.Timeout | undefined;
    let giveUp!: (error: Error) => void;
    const givenUp = new Promise<never>((_, reject) => { giveUp = reject; });
    givenUp.catch(() => undefined);
    const onAbort = () => {
      interrupted++;
      c.interrupt();
      // DuckDB checks for interrupts between chunks; one long step (a lambda over a huge
      // list) may run on for seconds. Past the grace, the connection is given up.
      grace = setTimeout(() => {
        // Once more: an interrupt sent while the statement was still being set up is lost.
        c.interrupt();
        retired = true;
        recycled++;
        retiring++;
        replaceConnection().catch(() => undefined);
        giveUp(new CancelledError(`Statement did not stop within ${graceMs} ms of its interrupt; its connection was replaced`));
      }, graceMs);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    const work = fn(c);
    try {
      return await Promise.race([work, givenUp]);
    } finally {
      clearTimeout(grace);
      signal?.removeEventListener('abort', onAbort);
      if (!retired) pool.release(c);
      else {
        void work.then(() => undefined, () => undefined).finally(() => {
          retiring--;
          try {
            c.closeSync();
          } catch {
            // The engine closed meanwhile, and the connection with it.
          }
        });
      }
    }
  }

  /** A statement longer than MAX_STATEMENT_LENGTH is refused before DuckDB parses it. */
  function checkStatement(sql: string): void {
    if (sql.length > MAX_STATEMENT_LENGTH) {
      throw new LimitError('limit_exceeded', `Generated SQL statement of ${sql.length} characters; the limit is ${MAX_STATEMENT_LENGTH}`);
    }
  }

  /** The error for a failed statement: a cancellation when its signal aborted. */
  function failure(verb: string, sql: string, cause: unknown, signal?: AbortSignal): Error {
    if (cause instanceof CancelledError) return cause;
    if (signal?.aborted) return new CancelledError('Query cancelled', { cause: new QueryError((cause as Error).message, sql, { cause }) });
    // A bound checked by the statement itself (SQL error() with the marker): a coded refusal.
    const message = (cause as Error).message ?? '';
    const marked = message.indexOf(SQL_LIMIT_MARKER);
    if (marked >= 0) return new LimitError('limit_exceeded', message.slice(marked + SQL_LIMIT_MARKER.length), { cause });
    // DuckDB's catalog error for a dropped table: the one place its text is read.
    if (/Table with name \S+ does not exist/.test((cause as Error).message)) return new MissingTableError(`DuckDB ${verb} failed: ${(cause as Error).message}`, sql, { cause });
    return new QueryError(`DuckDB ${verb} failed: ${(cause as Error).message}`, sql, { cause });
  }

  /** Creates (or replaces) table `name` with the schema's columns and the order column, filled through an appender. */
  async function createTable(name: string, schema: Schema, fill: (appender: DuckDBAppender) => void | Promise<void>): Promise<void> {
    const cols = [...schema.map((c) => `${ident(c.name)} ${sqlType(c.type)}`), `${ident(ORDER_COLUMN)} DOUBLE`];
    await withConnection(async (c) => {
      await c.run(`CREATE OR REPLACE TABLE ${ident(name)} (${cols.join(', ')})`);
      const appender = await c.createAppender(name);
      try {
        await fill(appender);
      } finally {
        appender.closeSync();
      }
    });
  }

  async function query(sql: string, signal?: AbortSignal): Promise<QueryOutput> {
    const out = await queryColumns(sql, signal);
    return { names: out.names, types: out.types, columns: out.columns.map(columnValues) };
  }

  async function queryColumns(sql: string, signal?: AbortSignal): Promise<ColumnarOutput> {
    checkStatement(sql);
    try {
      return await withConnection(async (c) => {
        const result = await c.run(sql);
        const names = result.columnNames();
        const types = result.columnTypes().map((t) => t.toString());
        const rows = result.rowCount;
        const columns = names.map((_, j) => new ColumnCollector(rows, result.columnTypeId(j)));
        let offset = 0;
        // The result is materialized: its chunks are read synchronously, a few at a time
        // between turns of the event loop so other sessions' messages are not held up.
        for (let i = 0; i < result.chunkCount; i++) {
          if (i > 0 && i % CHUNKS_PER_TURN === 0) await nextTurn(signal);
          const chunk = result.getChunk(i);
          const n = bindings.data_chunk_get_size(chunk.chunk);
          columns.forEach((col, j) => {
            if (col.addFixed(bindings.data_chunk_get_vector(chunk.chunk, j), n, offset)) return;
            col.add(chunk.convertColumnValues(j, JSDuckDBValueConverter), offset);
          });
          offset += n;
        }
        return { names, types, rows, columns: columns.map((col) => col.finish()) };
      }, signal);
    } catch (cause) {
      throw failure('query', sql, cause, signal);
    }
  }

  return {
    query,
    queryColumns,
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
    async exec(sql, signal) {
      checkStatement(sql);
      try {
        await withConnection((c) => c.run(sql).then(() => undefined), signal);
      } catch (cause) {
        throw failure('statement', sql, cause, signal);
      }
    },
    createTableFromRows: (name, rows, schema) => createTable(name, schema, (appender) => appendRows(appender, rows, schema)),
    createTableFromArrow: (name, table, schema, valueAt) => createTable(name, schema, (appender) => appendArrowTable(appender, table, schema, valueAt)),
    stats: () => ({ connections: pool.size, busy: pool.busy, waiting: pool.queued, interrupted, recycled, retiring }),
    async close() {
      closed = true;
      for (const c of pool.all()) c.closeSync();
      instance.closeSync();
    },
  };
}

function normalizeJs(v: unknown): unknown {
  return typeof v === 'bigint' ? Number(v) : v;
}

/** Rows appended between turns of the event loop. */
const ROWS_PER_TURN = 16_384;

async function appendRows(appender: DuckDBAppender, rows: Row[], schema: Schema): Promise<void> {
  for (let i = 0; i < rows.length; i++) {
    // A large table of rows (a file's, inline values') leaves other sessions their turns.
    if (i > 0 && i % ROWS_PER_TURN === 0) await nextTurn();
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

type RawVector = ReturnType<typeof bindings.data_chunk_get_vector>;

export type IntArray = Int8Array | Int16Array | Int32Array;

/** The integer arrays whole numbers are kept in, narrowest first. */
const INT_ARRAYS = [Int8Array, Int16Array, Int32Array] as const;

/** Which of INT_ARRAYS is the narrowest holding every integer in [lo, hi] (within 32 bits). */
function intWidth(lo: number, hi: number): 0 | 1 | 2 {
  if (lo >= -0x80 && hi <= 0x7f) return 0;
  if (lo >= -0x8000 && hi <= 0x7fff) return 1;
  return 2;
}

/** The narrowest integer array type holding every integer in [lo, hi] (within 32 bits). */
export function intArrayFor(lo: number, hi: number): (typeof INT_ARRAYS)[number] {
  return INT_ARRAYS[intWidth(lo, hi)];
}

/**
 * One result column gathered chunk by chunk. DOUBLE vectors' buffers are copied straight
 * into one array; INTEGER vectors' values into the narrowest integer array that holds
 * every valid value so far (widened, copying what is there, when a chunk needs it), so no
 * 32-bit copy is kept; NULLs into an Arrow validity bitmap. Any other type as JS values.
 */
class ColumnCollector {
  private doubles?: Float64Array;
  private ints?: IntArray;
  private width = 0;
  private valid?: Uint8Array;
  private nulls = 0;
  private js?: unknown[];

  constructor(private readonly rows: number, private readonly type: DuckDBTypeId) {}

  /** Appends a chunk's values as JS values (`offset`: the rows gathered before it). */
  add(values: unknown[], offset: number): void {
    const fixed = this.doubles ?? this.ints;
    if (!this.js) this.js = fixed ? fixedValues({ values: fixed.subarray(0, offset), valid: this.valid }) : [];
    for (const v of values) this.js.push(v);
  }

  finish(): ColumnData {
    const valid = this.nulls > 0 ? this.valid : undefined;
    if (this.js) return { kind: 'js', values: this.js };
    if (this.type === DuckDBTypeId.DOUBLE) return { kind: 'double', values: this.doubles ?? new Float64Array(0), valid, nulls: this.nulls };
    if (this.type === DuckDBTypeId.INTEGER) return { kind: 'int', values: this.ints ?? new Int8Array(0), valid, nulls: this.nulls };
    return { kind: 'js', values: [] };
  }

  /**
   * Reads a DOUBLE or INTEGER vector from its buffers (the C API's vector data and
   * validity mask: bit r of little-endian 64-bit words). False when the column is of
   * another type or already holds JS values.
   */
  addFixed(vector: RawVector, n: number, offset: number): boolean {
    if (this.js) return false;
    if (this.type === DuckDBTypeId.DOUBLE) {
      const data = bindings.vector_get_data(vector, n * 8);
      this.doubles ??= new Float64Array(this.rows);
      this.doubles.set(new Float64Array(data.buffer as ArrayBuffer, data.byteOffset, n), offset);
      this.addNulls(vector, n, offset);
      return true;
    }
    if (this.type !== DuckDBTypeId.INTEGER) return false;
    const data = bindings.vector_get_data(vector, n * 4);
    const values = new Int32Array(data.buffer as ArrayBuffer, data.byteOffset, n);
    const nullsBefore = this.nulls;
    this.addNulls(vector, n, offset);
    const [lo, hi] = this.nulls > nullsBefore ? validRange(values, this.valid as Uint8Array, offset) : range(values);
    const width = Math.max(this.width, intWidth(lo, hi));
    if (!this.ints || width > this.width) {
      const wider = new INT_ARRAYS[width](this.rows);
      if (this.ints) wider.set(this.ints.subarray(0, offset));
      this.ints = wider;
      this.width = width;
    }
    // Converted natively; a NULL's slot may hold anything, and its bit says it is NULL.
    this.ints.set(values, offset);
    return true;
  }

  private addNulls(vector: RawVector, n: number, offset: number): void {
    const mask = bindings.vector_get_validity(vector, Math.ceil(n / 64) * 8);
    if (!mask) return;
    const bits = new Uint8Array(mask.buffer, mask.byteOffset, Math.ceil(n / 8));
    const words = new Uint32Array(mask.buffer, mask.byteOffset, n >> 5);
    // Whole words of valid rows first (the usual case), bit by bit only where a word has a NULL.
    for (let w = 0; w <= words.length; w++) {
      if (w < words.length && words[w] === 0xffffffff) continue;
      for (let r = w * 32; r < Math.min(n, (w + 1) * 32); r++) {
        if (validAt(bits, r)) continue;
        this.valid ??= new Uint8Array(Math.ceil(this.rows / 8)).fill(0xff);
        const bit = offset + r;
        this.valid[bit >> 3] &= ~(1 << (bit & 7));
        this.nulls++;
      }
    }
  }
}

/** Least and greatest of `values` (0 included); a loop with no branch to mispredict. */
function range(values: Int32Array): [number, number] {
  let lo = 0;
  let hi = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    lo = v < lo ? v : lo;
    hi = v > hi ? v : hi;
  }
  return [lo, hi];
}

/** Least and greatest of the valid `values` (0 included); `valid` holds row `offset + i`'s bit. */
function validRange(values: Int32Array, valid: Uint8Array, offset: number): [number, number] {
  let lo = 0;
  let hi = 0;
  for (let i = 0; i < values.length; i++) {
    if (!validAt(valid, offset + i)) continue;
    const v = values[i];
    lo = v < lo ? v : lo;
    hi = v > hi ? v : hi;
  }
  return [lo, hi];
}

/** Whether bit `r` of a validity bitmap is set (no bitmap: every value is valid). */
function validAt(valid: Uint8Array | undefined, r: number): boolean {
  return !valid || (valid[r >> 3] & (1 << (r & 7))) !== 0;
}

function fixedValues(c: { values: Float64Array | IntArray; valid?: Uint8Array }): (number | null)[] {
  return Array.from(c.values, (v, r) => (validAt(c.valid, r) ? v : null));
}

/** A result column as JS values (NULL as null). */
export function columnValues(data: ColumnData): unknown[] {
  return data.kind === 'js' ? data.values : fixedValues(data);
}
