/**
 * Uploaded datasets by content address, on disk: one file per sha256 (`<hash>.<format>`)
 * in a folder that outlives the process and that several runtime processes may share.
 *
 * Sharing is safe without locks: a file is written under a temporary name in the same
 * folder and renamed into place (readers never see a partial file; two writers of the
 * same bytes both rename an identical file), last use is the file's mtime (touched on
 * read), and every read, count or removal takes a file that another process removed in
 * the meantime as simply absent. The folder is bounded by bytes: past the bound the
 * least recently used files go.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { DataError, LimitError } from '../../errors.js';
import { processAlive } from '../../runtime-dir.js';

export const UPLOAD_FORMATS = ['arrow', 'parquet', 'csv', 'json'] as const;
export type UploadFormat = (typeof UPLOAD_FORMATS)[number];

export interface StoredDataset {
  hash: string;
  format: UploadFormat;
  /** The file holding the bytes (DuckDB reads Parquet from it in place). */
  path: string;
  /** Its size in bytes. */
  size: number;
}

export interface StoreStats {
  datasets: number;
  bytes: number;
  /** The bound, in bytes. */
  maxBytes: number;
  /** Files this process removed to stay within the bound. */
  evictions: number;
}

/** Upload files, by hash. */
export interface DatasetBytes {
  /** The dataset's file (marked as used now), or undefined when the store holds none. */
  get(hash: string): StoredDataset | undefined;
  /** The bytes of a dataset; a file gone since `get` is a `dataset_missing` error. */
  read(entry: StoredDataset): Uint8Array;
  /** Stores (or finds) the bytes; `validate` runs once the file is in place, and a failure removes it. */
  add(bytes: Uint8Array, format: string, validate: (entry: StoredDataset) => Promise<void>): Promise<StoredDataset>;
  has(hash: string): boolean;
  /** Removes a dataset's file; false when there was none. */
  delete(hash: string): boolean;
  stats(): StoreStats;
  /** Removes leftover temporary files and evicts past the bound; what it removed. */
  sweep(): { temporary: number; evicted: string[] };
  /** Removes the folder when the store made it itself (no `dir` given); a given folder stays. */
  clear(): void;
}

export interface DatasetStoreOptions {
  /** The folder (made if missing). Absent: a new temporary folder that `clear()` removes. */
  dir?: string;
  /** Bytes the folder may hold; least recently used files go first past it. */
  maxBytes: number;
  /** Largest single upload. */
  maxUploadBytes: number;
  /** Called with the hashes of evicted files (their loaded tables can go too). */
  onEvict?: (hashes: readonly string[]) => void;
}

const HASH = /^[0-9a-f]{64}$/;
const ENTRY = /^([0-9a-f]{64})\.(arrow|parquet|csv|json)$/;
const TEMP_PREFIX = '.tmp-';
/** A temporary file this old is left over whoever wrote it. */
const TEMP_MAX_AGE_MS = 60 * 60 * 1000;
/** Reads within this long of the last mark do not touch the file again. */
const TOUCH_EVERY_MS = 1000;

/** sha256 hex of bytes. */
export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The "dataset is not in the store" error, naming the hash. */
export function datasetMissing(hash: string): DataError {
  return new DataError('dataset_missing', `Dataset ${hash} is not in the runtime's upload store (evicted, deleted or never uploaded here); upload it again`);
}

function isGone(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === 'ENOENT';
}

/** A temporary file nobody will rename any more: its writer (on this host) is gone, or it is old. */
function abandoned(name: string, mtimeMs: number, host: string): boolean {
  if (Date.now() - mtimeMs > TEMP_MAX_AGE_MS) return true;
  // .tmp-<host>-<pid>-<random>
  const parts = name.slice(TEMP_PREFIX.length).split('-');
  const pid = Number(parts[parts.length - 2]);
  return parts.slice(0, -2).join('-') === host && Number.isInteger(pid) && pid > 0 && !processAlive(pid);
}

/** Creates the store over `options.dir`, sweeping it first (see `sweep`). */
export function createDatasetStore(options: DatasetStoreOptions): DatasetBytes {
  const { maxBytes, maxUploadBytes } = options;
  const host = hostname().replace(/[^A-Za-z0-9.]/g, '_');
  const pending = new Map<string, Promise<StoredDataset>>();
  const formats = new Map<string, UploadFormat>();
  let ownDir: string | undefined;
  let dir = options.dir;
  let evictions = 0;
  let made = false;

  function folder(): string {
    if (dir === undefined) dir = ownDir = mkdtempSync(path.join(tmpdir(), 'vegafusion-datasets-'));
    else if (!made) mkdirSync(dir, { recursive: true, mode: 0o700 });
    made = true;
    return dir;
  }

  function statOf(hash: string, format: UploadFormat): StoredDataset | undefined {
    if (dir === undefined) return undefined;
    const file = path.join(folder(), `${hash}.${format}`);
    try {
      const st = statSync(file);
      if (Date.now() - st.mtimeMs > TOUCH_EVERY_MS) {
        const now = new Date();
        try {
          utimesSync(file, now, now);
        } catch (error) {
          // Another user's file in a shared folder cannot be marked; it is still there to read.
          if (isGone(error)) return undefined;
        }
      }
      return { hash, format, path: file, size: st.size };
    } catch (error) {
      if (isGone(error)) return undefined;
      throw error;
    }
  }

  function get(hash: string): StoredDataset | undefined {
    if (!HASH.test(hash)) return undefined;
    const known = formats.get(hash);
    const found = known ? statOf(hash, known) : undefined;
    if (found) return found;
    for (const format of UPLOAD_FORMATS) {
      const entry = format === known ? undefined : statOf(hash, format);
      if (entry) {
        if (formats.size > 100_000) formats.clear();
        formats.set(hash, format);
        return entry;
      }
    }
    formats.delete(hash);
    return undefined;
  }

  /** The files of the folder with their sizes and last use, oldest first; vanished ones skipped. */
  function list(): { hash: string; file: string; size: number; used: number }[] {
    const out: { hash: string; file: string; size: number; used: number }[] = [];
    if (dir === undefined) return out;
    let names: string[];
    try {
      names = readdirSync(folder());
    } catch (error) {
      if (!isGone(error)) throw error;
      made = false; // the folder was removed: made again on the next write
      return out;
    }
    for (const name of names) {
      const m = ENTRY.exec(name);
      if (!m) continue;
      const file = path.join(folder(), name);
      try {
        const st = statSync(file);
        out.push({ hash: m[1], file, size: st.size, used: st.mtimeMs });
      } catch (error) {
        if (!isGone(error)) throw error;
      }
    }
    return out.sort((a, b) => a.used - b.used);
  }

  function evict(keep?: string): string[] {
    const files = list();
    let total = files.reduce((n, f) => n + f.size, 0);
    const evicted: string[] = [];
    for (const f of files) {
      if (total <= maxBytes) break;
      if (f.hash === keep) continue;
      try {
        unlinkSync(f.file);
        evictions++;
        evicted.push(f.hash);
      } catch (error) {
        if (!isGone(error)) throw error; // another process removed it: it counted all the same
      }
      total -= f.size;
    }
    if (evicted.length > 0) options.onEvict?.(evicted);
    return evicted;
  }

  function writeAtomically(hash: string, format: UploadFormat, bytes: Uint8Array): StoredDataset {
    const target = path.join(folder(), `${hash}.${format}`);
    const temp = path.join(folder(), `${TEMP_PREFIX}${host}-${process.pid}-${randomBytes(6).toString('hex')}`);
    try {
      try {
        writeFileSync(temp, bytes, { flag: 'wx', mode: 0o600 });
      } catch (error) {
        if (!isGone(error)) throw error;
        // The folder was removed under us: make it again.
        made = false;
        folder();
        writeFileSync(temp, bytes, { flag: 'wx', mode: 0o600 });
      }
      renameSync(temp, target);
    } catch (error) {
      rmSync(temp, { force: true });
      throw error;
    }
    formats.set(hash, format);
    return { hash, format, path: target, size: bytes.byteLength };
  }

  function remove(hash: string): boolean {
    let removed = false;
    if (dir === undefined) return false;
    for (const format of UPLOAD_FORMATS) {
      try {
        unlinkSync(path.join(folder(), `${hash}.${format}`));
        removed = true;
      } catch (error) {
        if (!isGone(error)) throw error;
      }
    }
    formats.delete(hash);
    return removed;
  }

  const store: DatasetBytes = {
    get,
    has: (hash) => get(hash) !== undefined,
    read(entry) {
      try {
        return readFileSync(entry.path);
      } catch (error) {
        if (isGone(error)) throw datasetMissing(entry.hash);
        throw error;
      }
    },
    async add(bytes, format, validate) {
      if (!(UPLOAD_FORMATS as readonly string[]).includes(format)) {
        throw new DataError('bad_data', `Unsupported upload format "${format}" (expected one of ${UPLOAD_FORMATS.join(', ')})`);
      }
      const limit = Math.min(maxUploadBytes, maxBytes);
      if (bytes.byteLength > limit) {
        const what = limit === maxBytes ? 'the upload store\'s bound (--store-bytes)' : 'the limit';
        throw new LimitError('limit_exceeded', `Upload of ${bytes.byteLength} bytes is larger than ${what} of ${limit} bytes`);
      }
      const hash = sha256Hex(bytes);
      const inFlight = pending.get(hash);
      if (inFlight) return inFlight;
      const known = get(hash);
      if (known) return known;
      const promise = (async () => {
        const entry = writeAtomically(hash, format as UploadFormat, bytes);
        try {
          await validate(entry);
        } catch (error) {
          // Only this format's file: the same bytes stored under another format stay.
          rmSync(entry.path, { force: true });
          formats.delete(hash);
          throw error;
        }
        evict(hash);
        return entry;
      })().finally(() => pending.delete(hash));
      pending.set(hash, promise);
      return promise;
    },
    delete: (hash) => HASH.test(hash) && remove(hash),
    stats() {
      const files = list();
      return { datasets: files.length, bytes: files.reduce((n, f) => n + f.size, 0), maxBytes, evictions };
    },
    sweep() {
      let temporary = 0;
      if (dir === undefined) return { temporary, evicted: [] };
      for (const name of readdirSync(folder())) {
        if (!name.startsWith(TEMP_PREFIX)) continue;
        const file = path.join(folder(), name);
        try {
          if (!abandoned(name, statSync(file).mtimeMs, host)) continue;
          unlinkSync(file);
          temporary++;
        } catch (error) {
          if (!isGone(error)) throw error;
        }
      }
      return { temporary, evicted: evict() };
    },
    clear() {
      formats.clear();
      if (ownDir) rmSync(ownDir, { recursive: true, force: true });
      if (ownDir !== undefined && ownDir === dir) {
        dir = ownDir = undefined;
        made = false;
      }
    },
  };
  if (dir !== undefined) store.sweep();
  return store;
}
