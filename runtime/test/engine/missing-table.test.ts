/** A statement over a table the engine no longer holds fails with MissingTableError (the graph re-prepares on it). */
import { describe, expect, it } from 'vitest';
import { MissingTableError, QueryError } from '../../src/errors.js';
import { testEngine } from '../support/engine.js';

describe('missing tables', () => {
  it('are a coded error of their own class, other failures are not', async () => {
    const engine = await testEngine();
    const missing = await engine.queryRows('SELECT * FROM "vf_gone_table"').catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(MissingTableError);
    expect((missing as QueryError).code).toBe('query_failed');
    expect((missing as QueryError).sql).toBe('SELECT * FROM "vf_gone_table"');
    const other = await engine.queryRows('SELECT no_such_function(1)').catch((e: unknown) => e);
    expect(other).toBeInstanceOf(QueryError);
    expect(other).not.toBeInstanceOf(MissingTableError);
  });
});
