/**
 * The engine refuses a statement longer than its bound before DuckDB parses it, with a
 * coded error naming the bound, and runs one within it.
 */
import { describe, expect, it } from 'vitest';
import { MAX_STATEMENT_LENGTH } from '../../src/engine/duckdb.js';
import { LimitError } from '../../src/errors.js';
import { testEngine } from '../support/engine.js';

describe('the statement bound', () => {
  it('refuses a generated statement over MAX_STATEMENT_LENGTH characters, in queries and statements', async () => {
    const engine = await testEngine();
    // A trailing comment: DuckDB would parse it quickly; the bound is on the text alone.
    const long = `SELECT 1 AS one -- ${'x'.repeat(MAX_STATEMENT_LENGTH)}`;
    await expect(engine.queryRows(long)).rejects.toThrow(LimitError);
    await expect(engine.queryRows(long)).rejects.toMatchObject({
      code: 'limit_exceeded', message: `Generated SQL statement of ${long.length} characters; the limit is ${MAX_STATEMENT_LENGTH}`,
    });
    await expect(engine.exec(`CREATE TEMP TABLE t AS ${long}`)).rejects.toMatchObject({ code: 'limit_exceeded' });
    expect(await engine.queryRows(`SELECT 1 AS one -- ${'x'.repeat(1000)}`)).toEqual([{ one: 1 }]);
  });
});
