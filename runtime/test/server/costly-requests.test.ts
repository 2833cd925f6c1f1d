/**
 * Requests of a few hundred bytes that would cost minutes and gigabytes are refused before
 * the costly part runs, with a coded error, and the runtime keeps answering.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { arrowToRows, decodeArrow, decodeJsonValue, Namespace, type ITaskGraph } from '@vegafusion-ts/proto';
import { MAX_BUILT_CHARS, MAX_EXPRESSION_LENGTH, MAX_SPLIT_ITEMS, MAX_STRING_LENGTH } from '../../src/engine/expressions/growth.js';
import { MAX_PIVOT_COLUMNS, MAX_PIVOT_KEYS } from '../../src/engine/transforms/pivot.js';
import { startRuntime, silentLogger, type RuntimeHandle } from '../../src/index.js';
import { connect, type TestClient } from '../support/ws-client.js';

let runtime: RuntimeHandle;
let client: TestClient;
let nextId = 1;

const generated = (pipeline: unknown[]): ITaskGraph => ({
  nodes: [{ variable: { name: 'd', namespace: Namespace.NAMESPACE_DATA }, task: { values: { valuesJson: '[]', pipelineJson: JSON.stringify(pipeline) } } }],
});
const ask = (graph: ITaskGraph) => client.query({ requestId: nextId++, timeZone: 'UTC', graph, items: [{ node: 0 }] });

beforeAll(async () => {
  runtime = await startRuntime({ port: 0, logger: silentLogger });
  client = await connect(runtime.url);
});

afterAll(async () => {
  client?.close();
  await runtime?.close();
});

describe('costly requests', () => {
  it('refuses a pivot into thousands of fields, and answers one limited to a few', async () => {
    const pivot = (extra: object) => generated([
      { type: 'sequence', start: 0, stop: 3000 },
      { type: 'formula', as: 'g', expr: 'datum.data % 7' },
      { type: 'pivot', field: 'data', value: 'data', groupby: ['g'], ...extra },
    ]);
    const refused = await ask(pivot({}));
    expect(refused.error?.code).toBe('limit_exceeded');
    expect(refused.error?.message).toContain(`more than ${4 * MAX_PIVOT_COLUMNS} fields; the limit is ${MAX_PIVOT_COLUMNS}`);
    const limited = await ask(pivot({ limit: 5 }));
    expect(limited.error).toBeFalsy();
    const rows = arrowToRows(decodeArrow(limited.result!.values![0].value!.arrow!)) as Record<string, unknown>[];
    expect(rows).toHaveLength(7);
    expect(Object.keys(rows[0]).sort()).toEqual(['0', '1', '2', '3', '4', 'g']);
    expect(rows[0]).toMatchObject({ g: 0, 0: 0 });
  });

  it('refuses a pivot over a million distinct values without reading them all', async () => {
    const read: number[] = [];
    const original = runtime.services.engine.queryRows.bind(runtime.services.engine);
    const watched = vi.spyOn(runtime.services.engine, 'queryRows').mockImplementation(async (sql, signal) => {
      const rows = await original(sql, signal);
      read.push(rows.length);
      return rows;
    });
    try {
      const pivot = (extra: object) => generated([
        { type: 'sequence', start: 0, stop: 1_000_000 },
        { type: 'formula', as: 'g', expr: 'datum.data % 3' },
        { type: 'pivot', field: 'data', value: 'data', groupby: ['g'], ...extra },
      ]);
      const refused = await ask(pivot({}));
      expect(refused.error).toMatchObject({ code: 'limit_exceeded', message: `Pivot on "data" would make more than ${4 * MAX_PIVOT_COLUMNS} fields; the limit is ${MAX_PIVOT_COLUMNS} (set "limit" to keep fewer)` });
      const limited = await ask(pivot({ limit: 3 }));
      expect(limited.error).toMatchObject({ code: 'limit_exceeded', message: `Pivot on "data" has more than ${MAX_PIVOT_KEYS} distinct values to choose its 3 fields from; the limit is ${MAX_PIVOT_KEYS}` });
      expect(read.length).toBeGreaterThan(0);
      expect(Math.max(...read)).toBeLessThanOrEqual(MAX_PIVOT_KEYS + 1);
    } finally {
      watched.mockRestore();
    }
  });

  it('refuses a sequence of billions of rows', async () => {
    const reply = await ask(generated([{ type: 'sequence', start: 0, stop: 5e9 }]));
    expect(reply.error?.code).toBe('limit_exceeded');
    expect((await ask(generated([{ type: 'sequence', start: 0, stop: 3 }]))).error).toBeFalsy();
  });

  const signal = (expr: string): ITaskGraph => ({ nodes: [{ variable: { name: 's' }, task: { signal: { expr } } }] });
  const value = async (graph: ITaskGraph) => {
    const reply = await ask(graph);
    expect(reply.error).toBeFalsy();
    return decodeJsonValue(reply.result!.values![0].value!.json!);
  };

  it('refuses string growth in signals past its bound, naming the function and the limit', async () => {
    const limit = `the limit is ${MAX_STRING_LENGTH}`;
    for (const [expr, what] of [
      // A global pattern: 100,000 matches, each replaced by 1,000 characters.
      ["length(replace(pad('', 100000, 'a'), /a/g, pad('', 1000, 'b')))", 'replace() would build'],
      // "$`" inserts everything before each match: quadratic in the input.
      ["length(replace(pad('', 20000, 'a'), /a/g, '$`'))", 'replace() would build'],
      ["length(join(split(pad('', 900000, 'a'), ''), pad('', 100, 'x')))", 'join() would build 90899900 characters'],
      ["length(pad('', 6000000, 'a') + pad('', 6000000, 'a'))", 'The + operator would build 12000000 characters'],
    ]) {
      const reply = await ask(signal(expr));
      expect(reply.error?.code, expr).toBe('limit_exceeded');
      expect(reply.error?.message).toContain(what);
      expect(reply.error?.message).toContain(limit);
    }
    // Each within the bound, together past what one expression may build.
    const many = await ask(signal(`length([${Array.from({ length: 6 }, () => "pad('', 9000000, 'a')").join(', ')}])`));
    expect(many.error).toMatchObject({ code: 'limit_exceeded', message: `pad() would bring the characters built by one expression to 54000000; the limit is ${MAX_BUILT_CHARS}` });
    const split = await ask(signal("length(split(pad('', 5000000, 'a'), ''))"));
    expect(split.error).toMatchObject({ code: 'limit_exceeded', message: `split() would build 5000000 items; the limit is ${MAX_SPLIT_ITEMS}` });
    // Within the bounds, the same functions answer as Vega does.
    expect(await value(signal("replace('a-b-c', /-/g, '$`')"))).toBe('aaba-bc');
    expect(await value(signal("length(replace(pad('', 1000, 'a'), /a/g, 'bb'))"))).toBe(2000);
    expect(await value(signal("split('a,b,c', ',', 2)"))).toEqual(['a', 'b']);
    expect(await value(signal("join(['a', null, 3], '-')"))).toBe('a--3');
  });

  it('refuses a pad over the bound in a formula, whether its length is given or read from each row', async () => {
    const given = await ask(generated([
      { type: 'sequence', start: 0, stop: 3 },
      { type: 'formula', as: 'big', expr: 'pad(datum.data, 20000000)' },
    ]));
    expect(given.error).toMatchObject({ code: 'limit_exceeded', message: `pad() would build 20000000 characters; the limit is ${MAX_STRING_LENGTH}` });
    const perRow = await ask(generated([
      { type: 'sequence', start: 0, stop: 12 },
      { type: 'formula', as: 'big', expr: "pad('x', datum.data * 1000000)" },
      { type: 'aggregate', ops: ['max'], fields: ['big'], as: ['m'] },
    ]));
    expect(perRow.error?.code).toBe('limit_exceeded');
    expect(perRow.error?.message).toBe(`pad() would build more than ${MAX_STRING_LENGTH} characters in a row; the limit is ${MAX_STRING_LENGTH}`);
    const small = await ask(generated([
      { type: 'sequence', start: 0, stop: 3 },
      { type: 'formula', as: 'p', expr: "pad('x', datum.data + 2, '.')" },
    ]));
    expect(arrowToRows(decodeArrow(small.result!.values![0].value!.arrow!)).map((r) => (r as { p: string }).p)).toEqual(['x.', 'x..', 'x...']);
  });

  it('refuses an expression source over its bound before parsing it', async () => {
    const long = `length([${'1,'.repeat(MAX_EXPRESSION_LENGTH / 2)}1])`;
    const reply = await ask(signal(long));
    expect(reply.error).toMatchObject({ code: 'limit_exceeded', message: `Expression of ${long.length} characters; the limit is ${MAX_EXPRESSION_LENGTH}` });
  });
});

