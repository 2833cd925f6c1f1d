/**
 * The data sources of the engine: data URLs (with Vega's `format`), inline values, client
 * rows and Arrow tables, and uploaded datasets, each loaded into a DuckDB table whose rows
 * are exactly those a Vega view would hold. URL loads are cached per file state, the
 * format keys that change parsing and (when dates are read as local time) time zone;
 * inline tables per content. Both caches are bounded by bytes and drop the tables of the
 * loads they evict: no client-chosen text makes a table that outlives its entry.
 */
import { createHash, randomBytes } from 'node:crypto';
import path from 'node:path';
import { LRUCache } from 'lru-cache';
import { DataError, LimitError, RuntimeError } from '../../errors.js';
import { inferSchema, inferSchemaInTurns } from '../duckdb.js';
import { ident } from '../sql.js';
import { nextTurn } from '../turns.js';
import type { Relation, Row, Schema } from '../types.js';
import { arrowRows, arrowSchema, arrowValueAt, decodeArrow, type TimestampMode } from './arrow-table.js';
import { createDatasetStore, datasetMissing, sha256Hex, type StoredDataset } from './dataset-store.js';
import { describeParquet, parquetParse, parquetRelation } from './parquet-table.js';
import { fetchBytes, readFileBytes } from './read-bytes.js';
import { applyParse, formatType, formatUsesLocalTime, readFormatInTurns, type VegaFormat } from './read-format.js';
import { datasetUrl, resolveUrl, type SourceTarget } from './resolve-url.js';
import { checkColumnNames, createRowsTable, ingestRows, tableRelation } from './rows-table.js';
import type { DatasetInfo, LoadContext, SourceLoader, SourceOptions } from './types.js';
import { createZoneClock, type ZoneClock } from './zone-time.js';

const DEFAULT_MAX_BYTES = 1024 ** 3;
const DEFAULT_INLINE_BYTES = 64 * 1024 ** 2;
const DEFAULT_LOAD_BYTES = 1024 ** 3;
const DEFAULT_STORE_BYTES = 8 * 1024 ** 3;
/** What an entry counts for at least (a table's own overhead in DuckDB). */
const MIN_ENTRY_BYTES = 4096;

/** The format keys Vega's readers look at; any other key changes nothing. */
const PARSING_KEYS = ['type', 'parse', 'property', 'copy', 'delimiter', 'header'] as const;

/** `format` with only the keys that change what is read, and `type` set. */
export function parsingFormat(format: VegaFormat | undefined, type: string): VegaFormat {
  const out: VegaFormat = {};
  for (const key of PARSING_KEYS) if (format && format[key] !== undefined) out[key] = format[key];
  out.type = type;
  return out;
}

interface Loaded {
  /** The table holding the rows; none for files read in place (Parquet). */
  table?: string;
  relation: Relation;
}

interface UrlSlot {
  key: string;
  promise: Promise<Loaded>;
  /** What the slot counts for in the cache's bytes. */
  bytes: number;
  /** Set when its dataset left the store: the table outlives the slot by DROP_GRACE_MS. */
  lingers?: boolean;
}

/** How long a table whose dataset left the store stays for the queries reading it. */
const DROP_GRACE_MS = 30_000;

/** Datasets whose generation is remembered (the oldest forgotten beyond). */
const MAX_GENERATIONS = 65_536;

/** JSON with object keys sorted, for cache keys. */
function canonical(value: unknown): string {
  return JSON.stringify(value, function replacer(this: unknown, key: string, v: unknown) {
    const raw = key === '' ? v : (this as Record<string, unknown>)[key];
    if (raw instanceof Date) return { $date: raw.getTime() };
    if (typeof raw === 'number' && !Number.isFinite(raw)) return { $number: String(raw) };
    if (typeof raw === 'bigint') return { $bigint: String(raw) };
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      return Object.fromEntries(Object.keys(v).sort().map((k) => [k, (v as Record<string, unknown>)[k]]));
    }
    return v;
  }) ?? 'undefined';
}

/** Inline rows canonicalized and hashed between turns of the event loop. */
const KEYED_ROWS_PER_TURN = 8192;

/**
 * The cache key of inline values read with a format (canonical JSON hashed), and the
 * bytes their text counts for. Row by row, with turns of the event loop: megabytes of
 * values are neither held up as one string nor keep other sessions waiting.
 */
async function valuesKey(values: unknown, head: unknown): Promise<{ key: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  // JSON text holds no raw newline: one per part keeps the parts apart.
  const add = (text: string) => {
    hash.update(text).update('\n');
    bytes += text.length * 2;
  };
  add(canonical(head));
  if (Array.isArray(values)) {
    add('[');
    for (let i = 0; i < values.length; i++) {
      if (i > 0 && i % KEYED_ROWS_PER_TURN === 0) await nextTurn();
      add(canonical(values[i]));
    }
  } else {
    add(canonical(values));
  }
  return { key: hash.digest('hex'), bytes };
}

/** Waits for `promise` unless the caller gives up first; a shared load goes on for others. */
function untilAborted<T>(promise: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(new RuntimeError('cancelled', 'Data load cancelled'));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new RuntimeError('cancelled', 'Data load cancelled'));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function decodeText(bytes: Uint8Array): string {
  // Like a browser's response.text(): UTF-8, a byte order mark dropped.
  return new TextDecoder('utf-8').decode(bytes);
}

/** Creates the source loader over an engine, data roots and allowed hosts. */
export function createSourceLoader(options: SourceOptions): SourceLoader {
  const { engine } = options;
  const roots = options.dataRoots.map((r) => path.resolve(r));
  const hosts = options.allowedHosts ?? [];
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const prefix = `vf_src_${randomBytes(4).toString('hex')}`;
  let counter = 0;
  const newTable = () => `${prefix}_${++counter}`;
  const clocks = new Map<string, ZoneClock>();
  const maxLoadBytes = options.maxLoadBytes ?? DEFAULT_LOAD_BYTES;
  const maxInlineBytes = options.maxInlineBytes ?? DEFAULT_INLINE_BYTES;
  // An entry larger than the bound is still kept (alone), so its table is still dropped with it.
  const urlSlots = new LRUCache<string, UrlSlot>({
    maxSize: maxLoadBytes,
    sizeCalculation: (slot) => Math.min(slot.bytes, maxLoadBytes),
    // A load evicted, replaced (the file changed) or deleted takes its table with it; one
    // whose dataset left the store keeps it a while for the queries already reading it.
    dispose: (slot) => {
      if (!slot.lingers) {
        void drop(slot.promise);
        return;
      }
      const timer = setTimeout(() => { void drop(slot.promise); }, DROP_GRACE_MS);
      timer.unref?.();
    },
  });
  /** Per dataset, a number that changes each time its loaded table is forgotten. */
  const generations = new Map<string, number>();
  let generation = 0;
  /**
   * Forgets the loaded tables of datasets no longer in the store (memory follows the disk):
   * new queries find them missing (dataset_missing), the tables are dropped once the queries
   * already reading them have had DROP_GRACE_MS to finish, and a dataset uploaded again is a
   * new state, so nothing prepared over the old table matches it.
   */
  const forgetDatasets = (hashes: readonly string[]): void => {
    const keys = new Set(hashes.map((h) => `dataset:${h}`));
    for (const [slotKey, slot] of urlSlots.entries()) {
      if (!keys.has(slot.key)) continue;
      slot.lingers = true;
      urlSlots.delete(slotKey);
    }
    for (const hash of hashes) {
      generations.delete(hash);
      generations.set(hash, ++generation);
      if (generations.size > MAX_GENERATIONS) generations.delete(generations.keys().next().value!);
    }
  };
  const datasets = createDatasetStore({
    dir: options.storeDir, maxBytes: options.storeBytes ?? DEFAULT_STORE_BYTES, maxUploadBytes: maxBytes, onEvict: forgetDatasets,
  });
  // Uploads being stored, read from their bytes in memory: another runtime on the store may
  // evict the file before this one has loaded it, which must not fail the upload.
  const uploading = new Map<string, { entry: StoredDataset; bytes: Uint8Array }>();

  const clockFor = (timeZone: string): ZoneClock => {
    let clock = clocks.get(timeZone);
    if (!clock) {
      clock = createZoneClock(timeZone);
      clocks.set(timeZone, clock);
    }
    return clock;
  };

  const drop = (loaded: Promise<Loaded>): Promise<void> =>
    loaded.then((l) => (l.table ? engine.exec(`DROP TABLE IF EXISTS ${ident(l.table)}`) : undefined)).catch(() => undefined);

  const inline = new LRUCache<string, { promise: Promise<Loaded>; bytes: number }>({
    maxSize: maxInlineBytes,
    sizeCalculation: (entry) => Math.min(entry.bytes, maxInlineBytes),
    dispose: (entry) => { void drop(entry.promise); },
  });

  /** The schema of rows parsed from JSON text: their nested values are exactly their JSON. */
  async function jsonTextSchema(rows: Row[]): Promise<Schema> {
    return (await inferSchemaInTurns(rows)).map((c) => (c.type === 'object' ? { ...c, exactJson: true } : c));
  }

  async function rowsTable(rows: Row[], schema?: Schema): Promise<Loaded> {
    const table = newTable();
    return { table, relation: await createRowsTable(engine, table, rows, schema) };
  }

  async function arrowTable(bytes: Uint8Array, timestamps: TimestampMode, format: VegaFormat | undefined, clock: ZoneClock | undefined): Promise<Loaded> {
    const decoded = decodeArrow(bytes);
    const parses = Boolean(format?.parse && clock && decoded.numRows > 0);
    if (!parses && engine.createTableFromArrow) {
      // Column by column: no JS row per record.
      const schema = arrowSchema(decoded, timestamps);
      checkColumnNames(schema);
      const table = newTable();
      await engine.createTableFromArrow(table, decoded, schema, arrowValueAt(decoded, schema));
      return { table, relation: tableRelation(table, schema, decoded.numRows) };
    }
    const { rows, schema } = arrowRows(decoded, timestamps);
    if (parses && format?.parse && clock) {
      applyParse(rows, format.parse, clock);
      // A parse may change a field's type; fields that are all null keep the Arrow type.
      const inferred = new Map(inferSchema(rows).map((c) => [c.name, c]));
      const merged = schema.map((c) => (rows.some((r) => r[c.name] !== null && r[c.name] !== undefined) ? inferred.get(c.name) ?? c : c));
      for (const c of inferred.values()) if (!merged.some((m) => m.name === c.name)) merged.push(c);
      return rowsTable(rows, merged);
    }
    return rowsTable(rows, schema);
  }

  /** A Parquet file read in place; `stamp` names its state (see parquetRelation). */
  async function parquetFile(file: string, format: VegaFormat | undefined, stamp: string): Promise<Loaded> {
    const columns = await describeParquet(engine, file);
    return { relation: parquetRelation(columns, stamp, parquetParse(columns.schema, format?.parse)) };
  }

  /** Rows of text in a Vega format; parsed with turns of the event loop, so other sessions are answered meanwhile. */
  async function textTable(text: string, format: VegaFormat | undefined, clock: ZoneClock): Promise<Loaded> {
    const rows = ingestRows(await readFormatInTurns(text, format, clock));
    return rowsTable(rows, await jsonTextSchema(rows));
  }

  async function loadBytes(bytes: Uint8Array, type: string, format: VegaFormat | undefined, clock: ZoneClock, timestamps: TimestampMode, tempPath?: string): Promise<Loaded> {
    if (type === 'arrow') return arrowTable(bytes, timestamps, format, clock);
    if (type === 'parquet') {
      if (!tempPath) throw new DataError('bad_data', 'Parquet data is read from files only');
      // The file is named by its content's hash: its path is its state.
      return parquetFile(tempPath, format, 'content-addressed');
    }
    return textTable(decodeText(bytes), format, clock);
  }

  async function loadTarget(target: SourceTarget, type: string, format: VegaFormat | undefined, clock: ZoneClock, signal?: AbortSignal): Promise<Loaded> {
    if (target.kind === 'file') {
      if (type === 'parquet') {
        if (target.size > maxBytes) {
          throw new LimitError('limit_exceeded', `Data file "${target.path}" is larger than the limit of ${maxBytes} bytes`);
        }
        return parquetFile(target.path, format, stateOf(target));
      }
      const bytes = await readFileBytes(target.path, target.size, maxBytes, signal, roots);
      return loadBytes(bytes, type, format, clock, 'number');
    }
    if (target.kind === 'http') {
      const bytes = await fetchBytes(target.url, hosts, maxBytes, signal);
      if (type === 'parquet') {
        // DuckDB reads Parquet from files: keep the download as a (content-addressed) upload.
        const entry = await datasets.add(bytes, 'parquet', async () => undefined);
        return parquetFile(entry.path ?? '', format, 'content-addressed');
      }
      return loadBytes(bytes, type, format, clock, 'number');
    }
    const pinned = uploading.get(target.hash);
    const entry = pinned?.entry ?? storedDataset(target.hash);
    // Parquet is read in place; the other formats are decoded from the file's bytes.
    const bytes = entry.format === 'parquet' ? new Uint8Array(0) : pinned?.bytes ?? datasets.read(entry);
    return loadBytes(bytes, entry.format, format, clock, 'date', entry.path);
  }

  function storedDataset(hash: string): StoredDataset {
    const entry = datasets.get(hash);
    if (!entry) throw datasetMissing(hash);
    return entry;
  }

  function stateOf(target: SourceTarget): string {
    if (target.kind === 'file') return `file:${target.size}:${target.mtimeMs}`;
    if (target.kind === 'http') return `http:${target.url}`;
    storedDataset(target.hash);
    return `dataset:${target.hash}:${generations.get(target.hash) ?? 0}`;
  }

  /** The bytes a load of `target` counts for: its size where known. */
  function sizeOf(target: SourceTarget): number {
    if (target.kind === 'file') return Math.max(MIN_ENTRY_BYTES, target.size);
    if (target.kind === 'dataset') return Math.max(MIN_ENTRY_BYTES, datasets.get(target.hash)?.size ?? 0);
    return Math.max(MIN_ENTRY_BYTES, Math.min(maxBytes, 1024 ** 2));
  }

  /**
   * One cached load per source and parsing format (and zone), replaced when the source
   * changes. Keys a format carries that Vega's readers ignore neither key nor reach it.
   */
  function loadSlot(target: SourceTarget, type: string, format: VegaFormat | undefined, ctx: LoadContext): Promise<Loaded> {
    const effective = parsingFormat(format, type);
    const clock = clockFor(ctx.timeZone);
    const id = target.kind === 'file' ? target.path : target.kind === 'http' ? target.url : target.hash;
    const zone = formatUsesLocalTime(effective) && type !== 'parquet' ? clock.timeZone : '';
    const slotKey = canonical([target.kind, id, effective, zone]);
    const key = target.kind === 'dataset' ? `dataset:${target.hash}` : stateOf(target);
    const slot = urlSlots.get(slotKey);
    if (slot && slot.key === key) return slot.promise;
    const promise = loadTarget(target, type, effective, clock);
    const entry: UrlSlot = { key, promise, bytes: type === 'parquet' ? MIN_ENTRY_BYTES : sizeOf(target) };
    // Replacing the slot of a file's previous state drops that state's table.
    urlSlots.set(slotKey, entry);
    promise.catch(() => {
      if (urlSlots.peek(slotKey) === entry) urlSlots.delete(slotKey);
    });
    return promise;
  }

  async function loadUrl(url: string, format: VegaFormat | undefined, ctx: LoadContext): Promise<Relation> {
    const target = resolveUrl(url, roots, hosts);
    const type = target.kind === 'dataset' ? storedDataset(target.hash).format : formatType(format);
    return (await untilAborted(loadSlot(target, type, format, ctx), ctx.signal)).relation;
  }

  function cachedInline(key: string, bytes: number, load: () => Promise<Loaded>): Promise<Loaded> {
    const known = inline.get(key);
    if (known) return known.promise;
    const promise = load();
    const entry = { promise, bytes: Math.max(MIN_ENTRY_BYTES, bytes) };
    inline.set(key, entry);
    promise.catch(() => {
      if (inline.peek(key) === entry) inline.delete(key);
    });
    return promise;
  }

  async function loadValues(values: unknown, format: VegaFormat | undefined, ctx: LoadContext): Promise<Relation> {
    const type = formatType(format);
    if (type === 'arrow' || type === 'parquet') throw new DataError('bad_data', `Inline values cannot have format "${type}"`);
    const clock = clockFor(ctx.timeZone);
    const effective = format ? parsingFormat(format, type) : undefined;
    const zone = formatUsesLocalTime(effective) ? clock.timeZone : '';
    let keyed: { key: string; bytes: number };
    try {
      keyed = await valuesKey(values, ['values', effective ?? null, zone]);
    } catch (cause) {
      throw new DataError('bad_data', `Inline values cannot be serialized: ${(cause as Error).message}`, { cause });
    }
    const loaded = cachedInline(keyed.key, keyed.bytes, async () => {
      // Vega parses the values in place; work on copies of the rows.
      const data = Array.isArray(values)
        ? values.map((v) => (v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date) ? { ...v } : v))
        : values;
      const rows = ingestRows(await readFormatInTurns(data, effective, clock));
      return rowsTable(rows, await jsonTextSchema(rows));
    });
    return (await untilAborted(loaded, ctx.signal)).relation;
  }

  async function loadRows(rows: Record<string, unknown>[]): Promise<Relation> {
    if (!Array.isArray(rows)) throw new DataError('bad_data', 'Rows must be an array');
    const text = canonical(['rows', rows]);
    return (await cachedInline(sha256Hex(text), text.length * 2, () => rowsTable(ingestRows(rows)))).relation;
  }

  async function loadArrow(bytes: Uint8Array): Promise<Relation> {
    const key = `arrow:${sha256Hex(bytes)}`;
    return (await cachedInline(key, bytes.byteLength, () => arrowTable(bytes, 'date', undefined, undefined))).relation;
  }

  async function describe(hash: string, relation: Relation): Promise<DatasetInfo> {
    const [{ n }] = await engine.queryRows(`SELECT count(*)::DOUBLE AS n FROM (${relation.sql}) AS t`);
    return { hash, url: datasetUrl(hash), rows: Number(n), columns: relation.schema.map((c) => ({ name: c.name, type: c.type })) };
  }

  return {
    loadUrl,
    loadValues,
    loadRows,
    loadArrow,
    urlState(url) {
      return stateOf(resolveUrl(url, roots, hosts));
    },
    uploads: {
      async put(bytes, format) {
        // Reading the upload once checks it and leaves its table loaded for specs.
        const load = (e: StoredDataset): Promise<Loaded> => {
          // loadTarget looks the bytes up before its first await: the pin can go at once.
          uploading.set(e.hash, { entry: e, bytes });
          try {
            return loadSlot({ kind: 'dataset', hash: e.hash }, e.format, undefined, { timeZone: 'UTC' });
          } finally {
            uploading.delete(e.hash);
          }
        };
        const entry = await datasets.add(bytes, format, async (e) => {
          await load(e);
        });
        const loaded = await load(entry);
        return describe(entry.hash, loaded.relation);
      },
      has: (hash) => datasets.has(hash),
      delete(hash) {
        const removed = datasets.delete(hash);
        forgetDatasets([hash]);
        return removed;
      },
      stats: () => datasets.stats(),
    },
    async clear() {
      const loads = [...urlSlots.values()].map((s) => s.promise);
      const inlineLoads = [...inline.values()].map((e) => e.promise);
      urlSlots.clear();
      // The cache's dispose drops these too; dropping here lets clear() wait for it.
      inline.clear();
      await Promise.all([...loads, ...inlineLoads].map(drop));
      datasets.clear();
    },
  };
}
