/**
 * A statement that does not stop when interrupted (DuckDB checks between chunks; a lambda
 * over a list of millions of values is one long step) does not keep its connection: past
 * the grace its caller is answered, a new connection takes its place, and the old one is
 * closed once its statement ends.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDuckDbEngine, type SqlEngine } from '../../src/engine/duckdb.js';
import { CancelledError } from '../../src/errors.js';
import { waitUntil } from '../server/helpers.js';

/** One row whose single expression runs for seconds between DuckDB's interrupt checks. */
const STUBBORN = 'SELECT list_reduce(range(3000000), (a, b) -> a + b) AS s';

let engine: SqlEngine;
beforeAll(async () => {
  engine = await createDuckDbEngine({ connections: 1, threads: 1, interruptGraceMs: 1000 });
});
afterAll(async () => {
  await engine?.close();
});

describe('an interrupt the statement does not honour', () => {
  it('costs the connection, not the pool: the next statement runs while the old one ends', async () => {
    const controller = new AbortController();
    const stubborn = engine.query(STUBBORN, controller.signal);
    stubborn.catch(() => undefined);
    await waitUntil(() => engine.stats!().busy === 1, 5000, 'the statement to start');
    await new Promise((r) => setTimeout(r, 100));
    controller.abort(new CancelledError('stop'));
    await expect(stubborn).rejects.toBeInstanceOf(CancelledError);
    // The pool's one connection is free again while the stubborn statement still runs.
    const [row] = await engine.queryRows('SELECT 42 AS answer');
    expect(row).toEqual({ answer: 42 });
    const stats = engine.stats!();
    expect(stats.recycled).toBe(1);
    expect(stats.retiring).toBe(1);
    await waitUntil(() => engine.stats!().retiring === 0, 30_000, 'the old statement to end and its connection to close');
    expect(engine.stats!()).toMatchObject({ connections: 1, busy: 0 });
  }, 60_000);

  it('leaves the connection in the pool when the statement stops within the grace', async () => {
    const before = engine.stats!().recycled;
    const controller = new AbortController();
    const honoured = engine.query('SELECT count(*) FROM range(10000000000)', controller.signal);
    await waitUntil(() => engine.stats!().busy === 1, 5000, 'the statement to start');
    await new Promise((r) => setTimeout(r, 100));
    controller.abort(new CancelledError('stop'));
    await expect(honoured).rejects.toBeInstanceOf(CancelledError);
    expect(engine.stats!().recycled).toBe(before);
  });
});
