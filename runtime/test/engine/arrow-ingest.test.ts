/**
 * Arrow tables loaded column by column (arrow-ingest.ts) hold exactly the rows the
 * value-by-value path (arrowRows, then the row appender) holds: every Arrow type the
 * runtime reads, NULLs across chunk boundaries, sliced data and many record batches.
 */
import {
  Bool, DateDay, DateMillisecond, Dictionary, Float16, Float32, Float64, Int16, Int32, Int64, Int8, LargeUtf8, List, Field,
  Struct, Table, TimestampMicrosecond, TimestampMillisecond, TimestampNanosecond, TimestampSecond, Uint32, Uint64, Uint8,
  Utf8, makeData, makeVector, tableFromIPC, tableToIPC, vectorFromArray, type DataType, type Vector,
} from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { queryRowsOf } from '../../src/engine/output.js';
import { arrowRows, arrowSchema, arrowValueAt, type TimestampMode } from '../../src/engine/sources/arrow-table.js';
import { tableRelation } from '../../src/engine/sources/rows-table.js';
import { testEngine } from '../support/engine.js';

let counter = 0;

/** The rows of `table` loaded both ways, in order. */
async function bothWays(table: Table, timestamps: TimestampMode = 'date') {
  const engine = await testEngine();
  const schema = arrowSchema(table, timestamps);
  const columnar = `ingest_cols_${++counter}`;
  const byRows = `ingest_rows_${counter}`;
  await engine.createTableFromArrow!(columnar, table, schema, arrowValueAt(table, schema));
  await engine.createTableFromRows(byRows, arrowRows(table, timestamps).rows, schema);
  return {
    columns: await queryRowsOf(engine, tableRelation(columnar, schema, table.numRows)),
    rows: await queryRowsOf(engine, tableRelation(byRows, schema, table.numRows)),
  };
}

/** A deterministic sequence of n values, every `nullEvery`-th one null. */
function series<T>(n: number, at: (i: number) => T, nullEvery = 7): (T | null)[] {
  return Array.from({ length: n }, (_, i) => (i % nullEvery === 3 ? null : at(i)));
}

function column(values: unknown[], type: DataType): Vector {
  return vectorFromArray(values as never[], type as never) as Vector;
}

describe('Arrow tables loaded column by column', () => {
  it('numbers of every width, with NULLs, NaN, infinities and -0, across chunks', async () => {
    const n = 5000;
    const table = new Table({
      f64: column(series(n, (i) => [NaN, -0, Infinity, -Infinity, 1.5e300, i / 3][i % 6]), new Float64()),
      f32: column(series(n, (i) => i / 7), new Float32()),
      f16: column(series(n, (i) => (i % 50) / 4), new Float16()),
      i8: column(series(n, (i) => (i % 256) - 128), new Int8()),
      i16: column(series(n, (i) => i * 7 - 20000), new Int16()),
      i32: column(series(n, (i) => i * 400000 - 2 ** 31 + 1), new Int32()),
      u8: column(series(n, (i) => i % 256), new Uint8()),
      u32: column(series(n, (i) => 2 ** 32 - 1 - i), new Uint32()),
      // Beyond 2^53 the nearest double, as Number(bigint) gives it.
      i64: column(series(n, (i) => BigInt(i - 2500) * 3_000_000_000_123n + (i % 2 ? 1n : -1n) * 2n ** 62n * BigInt(i % 3 === 0 ? 1 : 0)), new Int64()),
      u64: column(series(n, (i) => 2n ** 64n - 1n - BigInt(i) * 1234567891011n), new Uint64()),
    });
    const { columns, rows } = await bothWays(table);
    expect(columns).toHaveLength(n);
    expect(columns).toStrictEqual(rows);
    expect(columns[1].f64).toBe(-0);
    expect(columns[3].f64).toBeNull();
    expect(columns[0].u64).toBe(Number(2n ** 64n - 1n));
  });

  it('strings: short, exactly 12 bytes, long, multi-byte, empty, NULL, large offsets and dictionaries', async () => {
    const words = ['', 'a', 'SFO', 'twelve bytes', 'thirteen byte', 'é', 'naïve café', '🙂🙂🙂', 'a much longer string that lives in the heap', 'x'.repeat(300)];
    const n = 4500;
    const table = new Table({
      s: column(series(n, (i) => words[i % words.length], 5), new Utf8()),
      large: column(series(n, (i) => words[(i * 3) % words.length], 4), new LargeUtf8()),
      dict: column(series(n, (i) => words[(i * 7) % words.length], 6), new Dictionary(new Utf8(), new Int32())),
    });
    const { columns, rows } = await bothWays(table);
    expect(columns).toStrictEqual(rows);
    expect(columns.slice(0, 4).map((r) => r.s)).toEqual(['', 'a', 'SFO', null]);
    expect(columns[1].large).toBe('twelve bytes');
  });

  it('strings that are not UTF-8 on their own read as apache-arrow decodes them', async () => {
    const text = new TextEncoder().encode('abcé🙂z');
    // Offsets splitting é and the emoji, and a stray continuation byte.
    const bytes = new Uint8Array([...text, 0x80, 0x41]);
    const offsets = new Int32Array([0, 2, 4, 6, 9, bytes.length - 2, bytes.length]);
    const data = makeData({ type: new Utf8(), length: 6, valueOffsets: offsets, data: bytes, nullCount: 0 });
    const table = new Table({ s: makeVector(data) });
    const { columns, rows } = await bothWays(table);
    expect(columns).toStrictEqual(rows);
    expect(columns.map((r) => r.s)).toEqual(new Array(6).fill(0).map((_, i) => table.getChildAt(0)?.get(i)));
  });

  it('booleans and nested values', async () => {
    const n = 3000;
    const table = new Table({
      b: column(series(n, (i) => i % 3 === 0), new Bool()),
      list: column(series(n, (i) => [i, i + 1]), new List(new Field('item', new Int32(), true))),
      obj: column(series(n, (i) => ({ k: `v${i % 4}`, n: i })), new Struct([new Field('k', new Utf8(), true), new Field('n', new Float64(), true)])),
    });
    const { columns, rows } = await bothWays(table);
    expect(columns).toStrictEqual(rows);
    expect(columns[0]).toEqual({ b: true, list: [0, 1], obj: { k: 'v0', n: 0 } });
  });

  for (const timestamps of ['date', 'number'] as const) {
    it(`timestamps and dates of every unit (read as ${timestamps === 'date' ? 'Dates' : 'numbers'})`, async () => {
      const n = 4200;
      const ms = (i: number) => (i - 2100) * 86_400_123 + (i % 2 ? 999 : -1) + 17;
      const table = new Table({
        s: column(series(n, (i) => Math.trunc(ms(i) / 1000) * 1000), new TimestampSecond()),
        ms: column(series(n, ms), new TimestampMillisecond()),
        us: makeVector(makeData({ type: new TimestampMicrosecond(), length: n, data: bigints(n, (i) => BigInt(ms(i)) * 1000n + BigInt((i * 37) % 1000) * (i % 2 ? 1n : -1n)) })),
        ns: makeVector(makeData({ type: new TimestampNanosecond(), length: n, data: bigints(n, (i) => BigInt(ms(i)) * 1_000_000n - BigInt(i * 1234567 % 1_000_000)) })),
        day: column(series(n, (i) => Date.UTC(1960 + (i % 90), i % 12, 1 + (i % 28))), new DateDay()),
        dms: column(series(n, ms), new DateMillisecond()),
      });
      const { columns, rows } = await bothWays(table, timestamps);
      expect(columns).toStrictEqual(rows);
      const first = columns[0].ms;
      expect(timestamps === 'date' ? first instanceof Date : typeof first === 'number').toBe(true);
    });
  }

  it('timestamps outside a JS Date\'s range are NULL as Dates and stay numbers otherwise', async () => {
    const seconds = BigInt64Array.from([10n ** 13n, -(10n ** 13n), 8_640_000_000_000n, 0n]);
    const table = new Table({ t: makeVector(makeData({ type: new TimestampSecond(), length: 4, data: seconds })) });
    const dates = await bothWays(table, 'date');
    expect(dates.columns).toStrictEqual(dates.rows);
    expect(dates.columns.map((r) => r.t)).toEqual([null, null, new Date(8.64e15), new Date(0)]);
    const numbers = await bothWays(table, 'number');
    expect(numbers.columns).toStrictEqual(numbers.rows);
    expect(numbers.columns.map((r) => r.t)).toEqual([1e16, -1e16, 8.64e15, 0]);
  });

  it('tables of many record batches and sliced data (offsets not on a byte boundary)', async () => {
    const batch = (from: number, n: number) => new Table({
      x: column(series(n, (i) => from + i, 5), new Float64()),
      s: column(series(n, (i) => `r${from + i}`, 9), new Utf8()),
      t: column(series(n, (i) => (from + i) * 1000, 11), new TimestampMillisecond()),
      b: column(series(n, (i) => (from + i) % 2 === 0, 13), new Bool()),
    });
    const many = new Table([...batch(0, 3000).batches, ...batch(3000, 17).batches, ...batch(3017, 2100).batches]);
    const sliced = batch(0, 5000).slice(3, 4990);
    const viaIpc = tableFromIPC(tableToIPC(many, 'stream'));
    for (const table of [many, sliced, viaIpc]) {
      const { columns, rows } = await bothWays(table);
      expect(columns).toStrictEqual(rows);
      expect(columns).toHaveLength(table.numRows);
    }
    const { columns } = await bothWays(sliced);
    expect(columns.slice(0, 2)).toEqual([{ x: null, s: null, t: null, b: null }, { x: 4, s: 'r4', t: new Date(4000), b: true }]);
  });

  it('an empty table', async () => {
    const table = new Table({ x: column([], new Float64()), s: column([], new Utf8()) });
    const { columns, rows } = await bothWays(table);
    expect(columns).toEqual([]);
    expect(rows).toEqual([]);
  });
});

function bigints(n: number, at: (i: number) => bigint): BigInt64Array {
  return BigInt64Array.from({ length: n }, (_, i) => at(i));
}
