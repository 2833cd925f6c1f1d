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

const ROWS = [
  { title: 'The Land Girls', n: 1, nested: { a: [1, 'x'] }, flag: true },
  { title: 1776, n: 2, nested: null, flag: false },
  { title: null, n: null, nested: [3], flag: null },
  { title: '"quoted"', n: 4.5, nested: 'plain', flag: true },
];

describe('queryArrow', () => {
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
