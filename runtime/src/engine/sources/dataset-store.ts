/**
 * Uploaded datasets by content address: the bytes are kept once per sha256 (Parquet also
 * as a file, which DuckDB reads), whatever the number of uploads of the same data.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DataError, LimitError } from '../../errors.js';

export const UPLOAD_FORMATS = ['arrow', 'parquet', 'csv', 'json'] as const;
export type UploadFormat = (typeof UPLOAD_FORMATS)[number];

export interface StoredDataset {
  hash: string;
  format: UploadFormat;
  bytes: Uint8Array;
  /** A file holding the bytes, for formats DuckDB reads from files. */
  path?: string;
}

/** Bytes of uploads, by hash. */
export interface DatasetBytes {
  get(hash: string): StoredDataset | undefined;
  /** Stores (or finds) the bytes; `validate` runs before a new entry counts as stored. */
  add(bytes: Uint8Array, format: string, validate: (entry: StoredDataset) => Promise<void>): Promise<StoredDataset>;
  has(hash: string): boolean;
  stats(): { datasets: number; bytes: number };
  clear(): void;
}

/** sha256 hex of bytes. */
export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Keeps upload bytes; files DuckDB reads go in a folder made under `baseDir` (default: the temp folder). */
export function createDatasetBytes(maxBytes: number, baseDir?: string): DatasetBytes {
  const entries = new Map<string, StoredDataset>();
  const pending = new Map<string, Promise<StoredDataset>>();
  let dir: string | undefined;

  function fileFor(hash: string, format: UploadFormat, bytes: Uint8Array): string {
    dir ??= mkdtempSync(path.join(baseDir ?? tmpdir(), 'vegafusion-datasets-'));
    const file = path.join(dir, `${hash}.${format}`);
    writeFileSync(file, bytes);
    return file;
  }

  return {
    get: (hash) => entries.get(hash),
    has: (hash) => entries.has(hash),
    async add(bytes, format, validate) {
      if (!(UPLOAD_FORMATS as readonly string[]).includes(format)) {
        throw new DataError('bad_data', `Unsupported upload format "${format}" (expected one of ${UPLOAD_FORMATS.join(', ')})`);
      }
      if (bytes.byteLength > maxBytes) {
        throw new LimitError('limit_exceeded', `Upload of ${bytes.byteLength} bytes is larger than the limit of ${maxBytes} bytes`);
      }
      const hash = sha256Hex(bytes);
      const known = entries.get(hash);
      if (known) return known;
      const inFlight = pending.get(hash);
      if (inFlight) return inFlight;
      const fmt = format as UploadFormat;
      const copy = new Uint8Array(bytes);
      const entry: StoredDataset = { hash, format: fmt, bytes: copy };
      if (fmt === 'parquet') entry.path = fileFor(hash, fmt, copy);
      const promise = validate(entry).then(() => {
        entries.set(hash, entry);
        return entry;
      }).finally(() => pending.delete(hash));
      pending.set(hash, promise);
      return promise;
    },
    stats() {
      let bytes = 0;
      for (const e of entries.values()) bytes += e.bytes.byteLength;
      return { datasets: entries.size, bytes };
    },
    clear() {
      entries.clear();
      if (dir) rmSync(dir, { recursive: true, force: true });
      dir = undefined;
    },
  };
}
