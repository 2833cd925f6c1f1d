/**
 * The upload store on disk: files named by content hash, least recently used evicted past
 * the bound, leftovers swept at start, and files removed by another process taken as absent.
 */
import { existsSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDatasetStore, sha256Hex } from '../../../src/engine/sources/dataset-store.js';
import { DataError, LimitError } from '../../../src/errors.js';
import { tempDir } from './helpers.js';

const text = (s: string) => new TextEncoder().encode(s);
const ok = async () => undefined;
/** Sets a file's last use `secondsAgo` in the past. */
const age = (file: string, secondsAgo: number) => {
  const t = new Date(Date.now() - secondsAgo * 1000);
  utimesSync(file, t, t);
};

describe('the upload store', () => {
  it('keeps one file per hash, readable by a second store on the same folder', async () => {
    const dir = tempDir('vf-store-');
    const a = createDatasetStore({ dir, maxBytes: 10_000, maxUploadBytes: 10_000 });
    const bytes = text('a,b\n1,2\n');
    const [one, two] = await Promise.all([a.add(bytes, 'csv', ok), a.add(bytes, 'csv', ok)]);
    expect(one.hash).toBe(sha256Hex(bytes));
    expect(two.path).toBe(one.path);
    expect(readdirSync(dir)).toEqual([`${one.hash}.csv`]);
    const b = createDatasetStore({ dir, maxBytes: 10_000, maxUploadBytes: 10_000 });
    const seen = b.get(one.hash);
    expect(seen).toMatchObject({ hash: one.hash, format: 'csv', size: bytes.byteLength });
    expect(new TextDecoder().decode(b.read(seen!))).toBe('a,b\n1,2\n');
    expect(b.stats()).toMatchObject({ datasets: 1, bytes: bytes.byteLength, maxBytes: 10_000 });
  });

  it('evicts the least recently used files past its bound, a read counting as use', async () => {
    const dir = tempDir('vf-store-');
    const evicted: string[] = [];
    const store = createDatasetStore({ dir, maxBytes: 250, maxUploadBytes: 1000, onEvict: (h) => evicted.push(...h) });
    const first = await store.add(new Uint8Array(100).fill(1), 'csv', ok);
    const second = await store.add(new Uint8Array(100).fill(2), 'csv', ok);
    age(first.path, 30);
    age(second.path, 20);
    store.get(first.hash); // used now: the second is now the oldest
    const third = await store.add(new Uint8Array(100).fill(3), 'csv', ok);
    expect(evicted).toEqual([second.hash]);
    expect(store.has(second.hash)).toBe(false);
    expect(store.has(first.hash) && store.has(third.hash)).toBe(true);
    expect(store.stats()).toMatchObject({ datasets: 2, bytes: 200, evictions: 1 });
  });

  it('refuses an upload larger than its bound, and removes a file that fails validation', async () => {
    const dir = tempDir('vf-store-');
    const store = createDatasetStore({ dir, maxBytes: 50, maxUploadBytes: 1000 });
    const big = await store.add(new Uint8Array(60), 'csv', ok).catch((e: unknown) => e);
    expect(big).toBeInstanceOf(LimitError);
    expect((big as LimitError).code).toBe('limit_exceeded');
    const bad = await store.add(text('xx'), 'arrow', async () => { throw new DataError('bad_data', 'not Arrow'); }).catch((e: unknown) => e);
    expect((bad as DataError).code).toBe('bad_data');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('sweeps at start: temporary files of dead writers and old ones go, a live writer\'s stays; then the bound', () => {
    const dir = tempDir('vf-store-');
    const host = hostname().replace(/[^A-Za-z0-9.]/g, '_');
    const dead = path.join(dir, `.tmp-${host}-999999999-abc`);
    const live = path.join(dir, `.tmp-${host}-${process.pid}-def`);
    const stale = path.join(dir, `.tmp-otherhost-${process.pid}-ghi`);
    const fresh = path.join(dir, `.tmp-otherhost-1-jkl`);
    for (const f of [dead, live, stale, fresh]) writeFileSync(f, 'partial');
    age(stale, 2 * 3600);
    const files = [1, 2, 3].map((n) => {
      const bytes = new Uint8Array(100).fill(n);
      const file = path.join(dir, `${sha256Hex(bytes)}.csv`);
      writeFileSync(file, bytes);
      age(file, 100 - n);
      return file;
    });
    createDatasetStore({ dir, maxBytes: 250, maxUploadBytes: 1000 });
    expect([dead, live, stale, fresh].map((f) => existsSync(f))).toEqual([false, true, false, true]);
    expect(files.map((f) => existsSync(f))).toEqual([false, true, true]);
  });

  it('takes a file another process removed as absent: dataset_missing on read, no error on eviction or delete', async () => {
    const dir = tempDir('vf-store-');
    const store = createDatasetStore({ dir, maxBytes: 150, maxUploadBytes: 1000 });
    const entry = await store.add(new Uint8Array(100).fill(7), 'json', ok);
    rmSync(entry.path);
    const err = (() => {
      try {
        store.read(entry);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(DataError);
    expect((err as DataError).code).toBe('dataset_missing');
    expect((err as DataError).message).toContain(entry.hash);
    expect(store.delete(entry.hash)).toBe(false);
    await store.add(new Uint8Array(100).fill(8), 'json', ok);
    expect(store.stats()).toMatchObject({ datasets: 1 });
  });

  it('survives its folder being removed: empty until the next upload makes it again', async () => {
    const dir = tempDir('vf-store-');
    const store = createDatasetStore({ dir, maxBytes: 1000, maxUploadBytes: 1000 });
    const first = await store.add(text('a\n1\n'), 'csv', ok);
    rmSync(dir, { recursive: true });
    expect(store.has(first.hash)).toBe(false);
    expect(store.stats()).toMatchObject({ datasets: 0, bytes: 0 });
    const again = await store.add(text('a\n1\n'), 'csv', ok);
    expect(readdirSync(dir)).toEqual([`${again.hash}.csv`]);
  });

  it('names files by hash only: anything else is not in the store', () => {
    const dir = tempDir('vf-store-');
    writeFileSync(path.join(dir, 'secret.csv'), 'x');
    const store = createDatasetStore({ dir, maxBytes: 150, maxUploadBytes: 1000 });
    expect(store.get('../secret')).toBeUndefined();
    expect(store.get('secret')).toBeUndefined();
    expect(store.delete('secret')).toBe(false);
    expect(readFileSync(path.join(dir, 'secret.csv'), 'utf8')).toBe('x');
  });
});
