/**
 * The wire form of evaluated tables: columns that mix types (or hold objects) travel as
 * JSON text marked in the Arrow field metadata, and readers get back the values Vega
 * holds: strings stay strings, numbers numbers, objects objects.
 */
import { describe, expect, it } from 'vitest';
import { arrowToRows, decodeArrow, encodeArrow, VALUE_ENCODING_KEY } from '@vegafusion-ts/proto';
import { inferSchema } from '../../src/engine/duckdb.js';
import { queryArrow } from '../../src/engine/output.js';
import { columnList, ident } from '../../src/engine/sql.js';
import { ORDER_COLUMN } from '../../src/engine/types.js';
import { testEngine } from '../support/engine.js';
import { runVega } from '../support/vega-oracle.js';
import { compileExpression, evaluateExpression } from '../../src/engine/expressions/index.js';
import { compilePipeline, createTransformRegistry } from '../../src/engine/pipeline.js';
import { DEFAULT_TRANSFORMS } from '../../src/engine/transforms/index.js';

/** SELECT of `n` rows numbered i, each of `cols` (SQL over i) as a DOUBLE, and the order column. */
function doublesSql(cols: Record<string, string>, n: number, extra = ''): string {
  return `SELECT ${Object.entries(cols).map(([k, v]) => `(${v})::DOUBLE AS ${k}`).join(', ')}${extra}, CAST(i AS DOUBLE) AS ${ident(ORDER_COLUMN)} FROM range(${n}) t(i)`;
}

const ROWS = [
  { title: 'The Land Girls', n: 1, nested: { a: [1, 'x'] }, flag: true },
  { title: 1776, n: 2, nested: null, flag: false },
  { title: null, n: null, nested: [3], flag: null },
  { title: '"quoted"', n: 4.5, nested: 'plain', flag: true },
];

describe('queryArrow', () => {
  it('copies number columns from the engine\'s buffers across chunks: NULL, NaN, -0, infinities', async () => {
    const engine = await testEngine();
    const n = 5000;
    const sql = `SELECT (CASE WHEN i % 7 = 0 THEN NULL WHEN i % 11 = 0 THEN 'NaN'::DOUBLE WHEN i % 13 = 0 THEN '-Infinity'::DOUBLE`
      + ` WHEN i = 4099 THEN -0.0::DOUBLE ELSE i / 3 END)::DOUBLE AS v, (CASE WHEN i < 4097 THEN 1.5 END)::DOUBLE AS tail,`
      + ` CAST(i AS DOUBLE) AS ${ident(ORDER_COLUMN)} FROM range(${n}) t(i)`;
    const relation = { sql, schema: [{ name: 'v', type: 'number' as const }, { name: 'tail', type: 'number' as const }] };
    expect(engine.queryColumns).toBeDefined();
    const fast = arrowToRows(decodeArrow(encodeArrow(await queryArrow(engine, relation))));
    // The value-by-value path (an engine without columnar reads) gives the same table.
    const slow = arrowToRows(decodeArrow(encodeArrow(await queryArrow({ ...engine, queryColumns: undefined }, relation))));
    expect(fast).toHaveLength(n);
    expect(fast).toEqual(slow);
    const expected = (i: number) => (i % 7 === 0 ? null : i % 11 === 0 ? NaN : i % 13 === 0 ? -Infinity : i === 4099 ? -0 : i / 3);
    fast.forEach((row, i) => {
      expect(Object.is(row.v, expected(i)) || row.v === expected(i)).toBe(true);
      expect(row.tail).toBe(i < 4097 ? 1.5 : null);
    });
  });

  it('sends whole numbers in the narrowest integer type that holds them, and reads them back as the same numbers', async () => {
    const engine = await testEngine();
    const n = 5000;
    const cols: Record<string, string> = {
      i8: '(i % 200) - 100',
      i16: '(CASE WHEN i % 3 = 0 THEN NULL ELSE i * 7 - 20000 END)',
      i32: 'i * 100000 - 7',
      big: "(CASE WHEN i = 4321 THEN 2147483648 ELSE i END)",
      negzero: "(CASE WHEN i = 4100 THEN CAST('-0' AS DOUBLE) ELSE i::DOUBLE END)",
      nan: "(CASE WHEN i = 3000 THEN 'NaN'::DOUBLE ELSE i END)",
      frac: '(CASE WHEN i = 4999 THEN 0.5 ELSE i END)',
    };
    const relation = { sql: doublesSql(cols, n), schema: Object.keys(cols).map((name) => ({ name, type: 'number' as const })) };
    const table = decodeArrow(encodeArrow(await queryArrow(engine, relation)));
    expect(Object.fromEntries(table.schema.fields.map((f) => [f.name, String(f.type)]))).toEqual({
      i8: 'Int8', i16: 'Int16', i32: 'Int32', big: 'Float64', negzero: 'Float64', nan: 'Float64', frac: 'Float64',
    });
    const slow = arrowToRows(decodeArrow(encodeArrow(await queryArrow({ ...engine, queryColumns: undefined }, relation))));
    const rows = arrowToRows(table);
    expect(rows).toHaveLength(n);
    rows.forEach((row, i) => {
      expect(row.i8).toBe((i % 200) - 100);
      expect(row.i16).toBe(i % 3 === 0 ? null : i * 7 - 20000);
      expect(row.i32).toBe(i * 100000 - 7);
      for (const k of Object.keys(cols)) expect(Object.is(row[k], slow[i][k])).toBe(true);
    });
    expect(Object.is(rows[4100].negzero, -0)).toBe(true);
    expect(rows[4321].big).toBe(2147483648);
  });

  it('reads columns of whole numbers as 32-bit integers, falling back to doubles for values beyond 32 bits', async () => {
    const engine = await testEngine();
    const n = 5000;
    const cols: Record<string, string> = {
      i8: '(i % 200) - 100',
      i16: '(CASE WHEN i % 3 = 0 THEN NULL ELSE i * 7 - 20000 END)',
      i32: '(CASE WHEN i = 4097 THEN -2147483648 ELSE i * 100000 - 7 END)',
      // Narrow in the first chunk, wider in later ones (NULL slots hold anything).
      widens: '(CASE WHEN i < 3000 THEN i % 100 - 50 ELSE -i END)',
      widensNulls: '(CASE WHEN i % 5 = 0 THEN NULL WHEN i < 2100 THEN 1 WHEN i < 4500 THEN -300 ELSE 40000 END)',
    };
    const sql = (extra: string) => doublesSql(cols, n, extra);
    const schema = Object.keys(cols).map((name) => ({ name, type: 'number' as const, integral: true as const }));
    const seen: string[] = [];
    const spied = { ...engine, queryColumns: (q: string, signal?: AbortSignal) => { seen.push(q); return engine.queryColumns!(q, signal); } };
    const plain = { sql: sql(''), schema: schema.map(({ integral: _, ...c }) => c) };
    const expected = arrowToRows(decodeArrow(encodeArrow(await queryArrow(engine, plain))));

    const table = decodeArrow(encodeArrow(await queryArrow(spied, { sql: sql(''), schema })));
    expect(seen).toHaveLength(1);
    expect(seen[0]).toContain('CAST("i16" AS INTEGER)');
    expect(Object.fromEntries(table.schema.fields.map((f) => [f.name, String(f.type)]))).toEqual({
      i8: 'Int8', i16: 'Int16', i32: 'Int32', widens: 'Int16', widensNulls: 'Int32',
    });
    expect(arrowToRows(table)).toEqual(expected);

    // A column of whole numbers beyond 32 bits: read again as doubles, and as doubles from then on.
    const big = { name: 'big', type: 'number' as const, integral: true as const };
    const wide = { sql: sql(", (CASE WHEN i = 4321 THEN 2147483648 ELSE i END)::DOUBLE AS big"), schema: [...schema, big] };
    seen.length = 0;
    const rows = arrowToRows(decodeArrow(encodeArrow(await queryArrow(spied, wide))));
    expect(seen).toHaveLength(2);
    expect(rows[4321].big).toBe(2147483648);
    expect(rows.map((r) => r.i16)).toEqual(expected.map((r) => r.i16));
    seen.length = 0;
    await queryArrow(spied, wide);
    expect(seen).toHaveLength(1);
    expect(seen[0]).not.toContain('CAST("big" AS INTEGER)');
    expect(seen[0]).toContain('CAST("i16" AS INTEGER)');
  });

  it('sends mixed and nested columns as marked JSON that decodes to the original values', async () => {
    const engine = await testEngine();
    const schema = inferSchema(ROWS);
    expect(schema.map((c) => c.type)).toEqual(['object', 'number', 'object', 'boolean']);
    await engine.createTableFromRows('mixed_rows', ROWS, schema);
    const relation = { sql: `SELECT ${columnList(schema)}, ${ident(ORDER_COLUMN)} FROM mixed_rows`, schema };
    const table = decodeArrow(encodeArrow(await queryArrow(engine, relation)));
    expect(table.schema.fields.map((f) => f.metadata.get(VALUE_ENCODING_KEY) ?? null)).toEqual(['json', null, 'json', null]);
    expect(arrowToRows(table)).toEqual(ROWS);
  });

  it('keeps the marks under projection', async () => {
    const engine = await testEngine();
    const schema = inferSchema(ROWS);
    await engine.createTableFromRows('mixed_rows2', ROWS, schema);
    const relation = { sql: `SELECT ${columnList(schema)}, ${ident(ORDER_COLUMN)} FROM mixed_rows2`, schema };
    const rows = arrowToRows(decodeArrow(encodeArrow(await queryArrow(engine, relation, ['title']))));
    expect(rows.map((r) => r.title)).toEqual(ROWS.map((r) => r.title));
  });
});

describe('absent and undefined values', () => {
  it('marks a field some rows lack (and none holds as null) as absent', () => {
    expect(inferSchema([{ a: 1, b: 2 }, { a: 2 }])).toEqual([{ name: 'a', type: 'number' }, { name: 'b', type: 'number', nulls: 'absent' }]);
    expect(inferSchema([{ a: 1, b: null }, { a: 2 }])).toEqual([{ name: 'a', type: 'number' }, { name: 'b', type: 'number' }]);
    expect(inferSchema([{ a: 1, b: undefined }])[1]).toEqual({ name: 'b', type: 'number', nulls: 'absent' });
  });

  it('gives back rows without the field, as Vega holds them', async () => {
    const engine = await testEngine();
    const rows = [{ name: 'x', end: 3 }, { name: 'y', end: 4, commonwealth: true }];
    const schema = inferSchema(rows);
    await engine.createTableFromRows('absent_rows', rows, schema);
    const relation = { sql: `SELECT ${columnList(schema)}, ${ident(ORDER_COLUMN)} FROM absent_rows`, schema };
    const out = arrowToRows(decodeArrow(encodeArrow(await queryArrow(engine, relation))));
    expect(out).toEqual(rows);
    expect('commonwealth' in out[0]).toBe(false);
  });
});

describe('pivot cells without valid values', () => {
  it('arrive as undefined, as Vega\'s aggregate leaves them', async () => {
    const engine = await testEngine();
    const values = [{ d: 1, s: 'A', p: 2 }, { d: 1, s: 'B', p: 3 }, { d: 2, s: 'A', p: 5 }];
    const transform = [{ type: 'pivot', field: 's', value: 'p', groupby: ['d'] }];
    const schema = inferSchema(values);
    await engine.createTableFromRows('pivot_rows', values, schema);
    const { relation } = await compilePipeline({ sql: `SELECT ${columnList(schema)} FROM pivot_rows`, schema }, transform, {
      transforms: createTransformRegistry(DEFAULT_TRANSFORMS),
      compileExpr: compileExpression,
      evaluateExpr: evaluateExpression,
      queryRows: (sql) => engine.queryRows(sql),
      timeZone: 'UTC',
      signal: () => undefined,
      data: () => undefined,
      dataRelation: () => undefined,
    });
    const rows = arrowToRows(decodeArrow(encodeArrow(await queryArrow(engine, relation))));
    // Without the tuple ids Vega keeps under a symbol.
    const expected = (await runVega({ values, transform })).rows.map((r) => Object.fromEntries(Object.entries(r)));
    expect(rows).toEqual(expected);
    expect('B' in rows[1] && rows[1].B === undefined).toBe(true);
    expect('B' in expected[1] && expected[1].B === undefined).toBe(true);
  });
});
