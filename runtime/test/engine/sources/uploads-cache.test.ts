import { createHash } from 'node:crypto';
import { readFileSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Float64, Int64, Table, TimestampMillisecond, Utf8, tableToIPC, vectorFromArray } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import type { SqlEngine } from '../../../src/engine/duckdb.js';
import { createSourceLoader } from '../../../src/engine/sources/index.js';
import { DataError } from '../../../src/errors.js';
import { expectRowsEqual } from '../../support/compare.js';
import { testEngine } from '../../support/engine.js';
import { rowsOf, tempDir, testLoader, vegaRead } from './helpers.js';

const sha = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex');

function arrowBytes(): Uint8Array {
  const table = new Table({
    name: vectorFromArray(['a', null, 'c'], new Utf8()),
    n: vectorFromArray([1n, 2n, null], new Int64()),
    x: vectorFromArray([0.5, NaN, -1], new Float64()),
    t: vectorFromArray([Date.UTC(2020, 0, 1), null, Date.UTC(2021, 5, 1, 12)], new TimestampMillisecond()),
  });
  return tableToIPC(table, 'stream');
}

/** An engine that counts tables created, to see what the cache saves. */
function countingEngine(engine: SqlEngine): { engine: SqlEngine; created: () => number } {
  let created = 0;
  return {
    engine: {
      ...engine,
      async createTableFromRows(name, rows, schema) {
        created++;
        return engine.createTableFromRows(name, rows, schema);
      },
      async createTableFromArrow(name, table, schema, valueAt) {
        created++;
        return engine.createTableFromArrow!(name, table, schema, valueAt);
      },
      async exec(sql) {
        if (/^CREATE/i.test(sql)) created++;
        return engine.exec(sql);
      },
    },
    created: () => created,
  };
}

describe('uploaded datasets', () => {
  it('stores Arrow bytes once and reads them by content address', async () => {
    const loader = await testLoader({ dataRoots: [] });
    const bytes = arrowBytes();
    const [first, second] = await Promise.all([loader.uploads.put(bytes, 'arrow'), loader.uploads.put(bytes, 'arrow')]);
    expect(first).toEqual(second);
    expect(first.hash).toBe(sha(bytes));
    expect(first.url).toBe(`vegafusion+dataset://${first.hash}`);
    expect(first.rows).toBe(3);
    expect(first.columns).toEqual([
      { name: 'name', type: 'string' }, { name: 'n', type: 'number' }, { name: 'x', type: 'number' }, { name: 't', type: 'date' },
    ]);
    expect(loader.uploads.stats()).toMatchObject({ datasets: 1, bytes: bytes.byteLength });
    expect(loader.uploads.has(first.hash)).toBe(true);
    const rows = await rowsOf(await loader.loadUrl(first.url, undefined, { timeZone: 'UTC' }));
    expectRowsEqual(rows, [
      { name: 'a', n: 1, x: 0.5, t: new Date(Date.UTC(2020, 0, 1)) },
      { name: null, n: 2, x: NaN, t: null },
      { name: 'c', n: null, x: -1, t: new Date(Date.UTC(2021, 5, 1, 12)) },
    ]);
    // A client Arrow table reads the same way.
    expectRowsEqual(await rowsOf(await loader.loadArrow(bytes)), rows);
  });

  it('stores Parquet and CSV uploads', async () => {
    const engine = await testEngine();
    const dir = tempDir();
    const file = path.join(dir, 'small.parquet');
    await engine.exec(`COPY (SELECT i::INTEGER AS i, 'v' || i AS s, TIMESTAMP '2020-01-01' + INTERVAL (i) HOUR AS t FROM range(5) r(i)) TO '${file}' (FORMAT parquet)`);
    const loader = await testLoader({ dataRoots: [] });
    const pq = await loader.uploads.put(readFileSync(file), 'parquet');
    expect(pq).toMatchObject({ rows: 5, columns: [{ name: 'i', type: 'number' }, { name: 's', type: 'string' }, { name: 't', type: 'date' }] });
    const rows = await rowsOf(await loader.loadUrl(pq.url, { type: 'parquet' }, { timeZone: 'UTC' }));
    expect(rows[4]).toEqual({ i: 4, s: 'v4', t: new Date(Date.UTC(2020, 0, 1, 4)) });

    const csv = 'a,b\n1,2001-01-01 10:00\n2,x\n';
    const up = await loader.uploads.put(new TextEncoder().encode(csv), 'csv');
    expect(up).toMatchObject({ hash: sha(csv), rows: 2, columns: [{ name: 'a', type: 'string' }, { name: 'b', type: 'string' }] });
    // The spec's format (parse) applies to the stored text, in the browser's zone.
    const format = { parse: { a: 'number', b: 'date' } };
    const parsed = await rowsOf(await loader.loadUrl(up.url, format, { timeZone: 'Asia/Kolkata' }));
    expectRowsEqual(parsed, vegaRead(csv, { type: 'csv', ...format }, 'Asia/Kolkata'));
    expect(loader.uploads.stats().datasets).toBe(2);
  });

  it('refuses bad uploads and unknown addresses', async () => {
    const loader = await testLoader({ dataRoots: [], maxBytes: 1000 });
    await expect(loader.uploads.put(new Uint8Array([1, 2, 3]), 'arrow')).rejects.toMatchObject({ code: 'bad_data' });
    await expect(loader.uploads.put(new Uint8Array([1, 2, 3]), 'parquet')).rejects.toMatchObject({ code: 'bad_data' });
    await expect(loader.uploads.put(new Uint8Array([1]), 'xlsx')).rejects.toMatchObject({ code: 'bad_data' });
    await expect(loader.uploads.put(new Uint8Array(2000), 'csv')).rejects.toMatchObject({ code: 'limit_exceeded' });
    expect(loader.uploads.stats()).toMatchObject({ datasets: 0, bytes: 0 });
    const missing = `vegafusion+dataset://${'0'.repeat(64)}`;
    const err = await loader.loadUrl(missing, undefined, { timeZone: 'UTC' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataError);
    expect((err as DataError).code).toBe('dataset_missing');
    expect((err as DataError).message).toContain('0'.repeat(64));
    expect(() => loader.urlState(`vegafusion+dataset://${'A'.repeat(64)}`)).toThrow(DataError);
  });
});

describe('caching', () => {
  it('loads the same file and format once, concurrent loads sharing one promise', async () => {
    const counting = countingEngine(await testEngine());
    const dir = tempDir();
    writeFileSync(path.join(dir, 'd.csv'), 'when,v\n2021-03-14 02:30,1\n2021-06-01,2\n');
    const loader = createSourceLoader({ engine: counting.engine, dataRoots: [dir] });
    const ctx = { timeZone: 'America/New_York' };
    const fmt = { type: 'csv', parse: { v: 'number' } };
    const [a, b] = await Promise.all([loader.loadUrl('d.csv', fmt, ctx), loader.loadUrl('/d.csv', { parse: { v: 'number' }, type: 'csv' }, ctx)]);
    expect(a).toEqual(b);
    expect(counting.created()).toBe(1);
    // No local-time parsing: another zone reuses the table.
    expect(await loader.loadUrl('d.csv', fmt, { timeZone: 'Asia/Kolkata' })).toEqual(a);
    expect(counting.created()).toBe(1);
    // Local dates: one table per zone.
    const dated = { type: 'csv', parse: { when: 'date' } };
    const ny = await loader.loadUrl('d.csv', dated, ctx);
    const ist = await loader.loadUrl('d.csv', dated, { timeZone: 'Asia/Kolkata' });
    expect(ny.sql).not.toBe(ist.sql);
    expect(counting.created()).toBe(3);
    expect((await rowsOf(ny))[0].when).not.toBe((await rowsOf(ist))[0].when);
    await loader.clear();
  });

  it('changes urlState and reloads when the file changes', async () => {
    const counting = countingEngine(await testEngine());
    const dir = tempDir();
    const file = path.join(dir, 'd.json');
    writeFileSync(file, '[{"a":1}]');
    const loader = createSourceLoader({ engine: counting.engine, dataRoots: [dir] });
    const state1 = loader.urlState('d.json');
    expect(loader.urlState('d.json')).toBe(state1);
    expect(await rowsOf(await loader.loadUrl('d.json', undefined, { timeZone: 'UTC' }))).toEqual([{ a: 1 }]);
    writeFileSync(file, '[{"a":2},{"a":3}]');
    utimesSync(file, new Date(), new Date(Date.now() + 5000));
    const state2 = loader.urlState('d.json');
    expect(state2).not.toBe(state1);
    expect(await rowsOf(await loader.loadUrl('d.json', undefined, { timeZone: 'UTC' }))).toEqual([{ a: 2 }, { a: 3 }]);
    expect(counting.created()).toBe(2);
    await loader.clear();
  });

  it('reuses inline tables by content and drops tables on clear', async () => {
    const counting = countingEngine(await testEngine());
    const loader = createSourceLoader({ engine: counting.engine, dataRoots: [] });
    const values = [{ a: 1 }, { a: 2 }];
    const r1 = await loader.loadValues(values, undefined, { timeZone: 'UTC' });
    const r2 = await loader.loadValues([{ a: 1 }, { a: 2 }], undefined, { timeZone: 'America/New_York' });
    expect(r2).toEqual(r1);
    const rows1 = await loader.loadRows([{ d: new Date(0) }]);
    const rows2 = await loader.loadRows([{ d: new Date(0).toISOString() }]);
    expect(rows1.schema[0].type).toBe('date');
    expect(rows2.schema[0].type).toBe('string');
    expect(counting.created()).toBe(3);
    await loader.clear();
    await expect(rowsOf(r1)).rejects.toThrow();
  });

  it('lets a caller stop waiting without failing others', async () => {
    const loader = await testLoader();
    const controller = new AbortController();
    const first = loader.loadUrl('cars.json', undefined, { timeZone: 'UTC', signal: controller.signal });
    const second = loader.loadUrl('cars.json', undefined, { timeZone: 'UTC' });
    controller.abort();
    await expect(first).rejects.toMatchObject({ code: 'cancelled' });
    expect((await rowsOf(await second)).length).toBe(406);
  });

  it('keeps a deleted dataset\'s table for the queries already reading it, and an upload of it again is a new state', async () => {
    const loader = await testLoader({ dataRoots: [], storeDir: tempDir('vf-store-') });
    const bytes = arrowBytes();
    const { url, hash } = await loader.uploads.put(bytes, 'arrow');
    const before = loader.urlState(url);
    const relation = await loader.loadUrl(url, undefined, { timeZone: 'UTC' });
    expect(loader.uploads.delete(hash)).toBe(true);
    // A query that resolved the table before the delete still reads it, later on too.
    await new Promise((r) => setTimeout(r, 300));
    expect(await rowsOf(relation)).toHaveLength(3);
    // A new one finds the dataset missing.
    await expect(loader.loadUrl(url, undefined, { timeZone: 'UTC' })).rejects.toMatchObject({ code: 'dataset_missing' });
    // Uploaded again, it is a new state: nothing prepared over the old table matches it.
    await loader.uploads.put(bytes, 'arrow');
    expect(loader.urlState(url)).not.toBe(before);
    expect(await rowsOf(await loader.loadUrl(url, undefined, { timeZone: 'UTC' }))).toHaveLength(3);
  });
});
