/**
 * Reading a large result into JS stops at its next turn of the event loop when its
 * request aborts (cancelled, timed out, abandoned), instead of converting every row.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDuckDbEngine, type SqlEngine } from '../../src/engine/duckdb.js';
import { CancelledError } from '../../src/errors.js';

let engine: SqlEngine;
beforeAll(async () => {
  // A grace longer than the read: the read itself must stop, not the connection be given up.
  engine = await createDuckDbEngine({ connections: 2, threads: 1, interruptGraceMs: 60_000 });
  // Strings are converted value by value: two million rows take JS seconds to read,
  // while DuckDB runs the statement itself in a small part of that.
  await engine.exec("CREATE TABLE strings AS SELECT 'row ' || x AS s, x::VARCHAR AS v FROM range(2000000) t(x)");
});
afterAll(async () => {
  await engine?.close();
});

describe('a result read into JS', () => {
  it('stops when its signal aborts during the read', async () => {
    const controller = new AbortController();
    let readTurns = 0;
    let reading = true;
    const count = () => {
      if (!reading) return;
      readTurns++;
      setImmediate(count);
    };
    const read = engine.queryColumns!('SELECT s, v FROM strings', controller.signal);
    setImmediate(count);
    setTimeout(() => controller.abort(new CancelledError('stop')), 1000);
    await expect(read).rejects.toBeInstanceOf(CancelledError);
    reading = false;
    expect(readTurns).toBeGreaterThan(1);
    expect(engine.stats!().recycled).toBe(0);
    // The engine is free for the next statement.
    expect(await engine.queryRows('SELECT count(*)::DOUBLE AS n FROM strings')).toEqual([{ n: 2_000_000 }]);
  }, 60_000);
});
