/**
 * No path from a request to SQL the requester chose. Adversarial field names, string
 * literals and expressions (quotes, comments, semicolons, unicode) travel through the
 * whole runtime (WebSocket, evaluation, DuckDB); a canary table created beforehand must
 * survive with its rows, no file may appear, and the values must be the ones Vega means.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { arrowToRows, decodeArrow, Namespace, type ITaskGraph } from '@vegafusion-ts/proto';
import { startRuntime, silentLogger, type RuntimeHandle } from '../../src/index.js';
import { connect, type TestClient } from '../support/ws-client.js';

const data = (name: string) => ({ name, namespace: Namespace.NAMESPACE_DATA });

let runtime: RuntimeHandle;
let client: TestClient;
let scratch: string;
let nextId = 1;

/** Payloads that would end a string or identifier and start a statement of their own. */
const PAYLOADS = (dir: string): string[] => {
  const file = path.join(dir, 'pwned.csv').replace(/'/g, "''");
  return [
    "'; DROP TABLE canary; --",
    '"; DROP TABLE canary; --',
    `'); COPY canary TO '${file}'; --`,
    `"); COPY canary TO '${file}'; --`,
    '*/ DROP TABLE canary; /*',
    "\\'; DROP TABLE canary; --",
    'a" FROM canary; DROP TABLE canary; SELECT "',
    "x' || (SELECT count(*) FROM canary) || '",
    '\u2019; DROP TABLE canary; --', // right single quotation mark
    '\uff07; DROP TABLE canary; --', // fullwidth apostrophe
    '\u0000; DROP TABLE canary',
    "$$; DROP TABLE canary; $$",
    '`; DROP TABLE canary; `',
    'ÿ\u202e; ATTACH \'/tmp/x.db\' AS x; --', // right-to-left override
    "getvariable('x'); PRAGMA database_list; --",
    'E\'\\x27; DROP TABLE canary',
    '日本語\'"; DROP TABLE canary; -- 🎉',
  ];
};

async function canaryRows(): Promise<number> {
  const rows = await runtime.services.engine.queryRows('SELECT count(*) AS n FROM canary');
  return Number(rows[0].n);
}

async function ask(graph: ITaskGraph, columns?: string[]) {
  const reply = await client.query({ requestId: nextId++, timeZone: 'UTC', graph, items: [{ node: 0, columns }] });
  return reply;
}

function values(rows: unknown[], pipeline: unknown[]): ITaskGraph {
  return { nodes: [{ variable: data('d'), task: { values: { valuesJson: JSON.stringify(rows), pipelineJson: JSON.stringify(pipeline) } } }] };
}

/** A Vega field accessor string naming `name` literally (dots, brackets and quotes escaped). */
function accessor(name: string): string {
  return name.replace(/[\\.[\]'"]/g, '\\$&');
}

function rowsOf(reply: Awaited<ReturnType<typeof ask>>): Record<string, unknown>[] {
  if (reply.error) throw new Error(`${reply.error.code}: ${reply.error.message}`);
  return arrowToRows(decodeArrow(reply.result!.values![0].value!.arrow!));
}

beforeAll(async () => {
  scratch = mkdtempSync(path.join(tmpdir(), 'vf-sec-'));
  runtime = await startRuntime({ port: 0, logger: silentLogger });
  await runtime.services.engine.exec('CREATE TABLE canary AS SELECT * FROM range(3) t(i)');
  client = await connect(runtime.url);
});

afterAll(async () => {
  client?.close();
  await runtime?.close();
  rmSync(scratch, { recursive: true, force: true });
});

describe('adversarial names and literals', () => {
  it('carries field names through project, formula and aggregate exactly', async () => {
    for (const name of PAYLOADS(scratch)) {
      const other = `${name}_sum`;
      const reply = await ask(values([{ [name]: 1, g: 'a' }, { [name]: 2, g: 'a' }, { [name]: 5, g: 'b' }], [
        { type: 'formula', as: other, expr: `datum[${JSON.stringify(name)}] * 10` },
        { type: 'aggregate', groupby: ['g'], fields: [accessor(name), accessor(other)], ops: ['sum', 'max'], as: [name, other] },
      ]));
      // A NUL cannot be part of a DuckDB identifier: such a name is refused, by name.
      if (name.includes('\u0000')) {
        expect(reply.error).toMatchObject({ code: 'bad_data' });
        continue;
      }
      expect(rowsOf(reply)).toEqual([{ g: 'a', [name]: 3, [other]: 20 }, { g: 'b', [name]: 5, [other]: 50 }]);
    }
    expect(await canaryRows()).toBe(3);
  });

  it('keeps string literals exactly, in filters and formulas', async () => {
    const payloads = PAYLOADS(scratch);
    const rows = payloads.map((p, i) => ({ s: p, i }));
    for (const [i, p] of payloads.entries()) {
      const graph = values(rows, [
        { type: 'filter', expr: `datum.s === ${JSON.stringify(p)}` },
        { type: 'formula', as: 'echo', expr: `${JSON.stringify(p)} + '|' + length(${JSON.stringify(p)})` },
      ]);
      expect(rowsOf(await ask(graph, ['i', 'echo']))).toEqual([{ i, echo: `${p}|${p.length}` }]);
    }
    expect(await canaryRows()).toBe(3);
  });

  it('refuses or evaluates hostile expressions, never runs them as SQL', async () => {
    const hostile = [
      "1; DROP TABLE canary",
      "datum.x) FROM canary; DROP TABLE canary; --",
      "/* */ 1 -- ",
      "read_csv('/etc/passwd')",
      "datum['a'] + '\\''; DROP TABLE canary",
      'this.constructor.constructor("return process")().exit()',
      "datum.__proto__.polluted = 1",
      "query('DROP TABLE canary')",
      "(function(){ return 1 })()",
    ];
    for (const expr of hostile) {
      const reply = await ask(values([{ x: 1, a: 'q' }], [{ type: 'formula', as: 'y', expr }]));
      if (reply.error) expect(['bad_expression', 'unsupported_function', 'missing_field']).toContain(reply.error.code);
    }
    const signal = await client.query({
      requestId: nextId++, timeZone: 'UTC', items: [{ node: 0 }],
      graph: { nodes: [{ variable: { name: 's' }, task: { signal: { expr: 'this.constructor.constructor("return process")()' } } }] },
    });
    expect(signal.error?.code).toBe('bad_expression');
    expect(await canaryRows()).toBe(3);
    expect(readdirSync(scratch)).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('survives generated names and literals (property-based, bounded)', async () => {
    const hostileChar = fc.constantFrom("'", '"', ';', '-', '/', '*', '\\', '`', '$', ' ', '\n', '\u0000', '\u2019', '\u202e', 'é', '🎉', 'a', '(', ')', '%', '?');
    const text = fc.array(hostileChar, { minLength: 1, maxLength: 12 }).map((cs) => cs.join(''));
    await fc.assert(fc.asyncProperty(text, text, async (name, literal) => {
      fc.pre(name !== 'g');
      const reply = await ask(values([{ [name]: literal, g: 1 }, { [name]: 'other', g: 2 }], [
        { type: 'filter', expr: `datum[${JSON.stringify(name)}] == ${JSON.stringify(literal)}` },
        { type: 'project', fields: [accessor(name), 'g'], as: [name, 'g'] },
      ]));
      if (name.includes('\u0000')) return reply.error?.code === 'bad_data';
      const rows = rowsOf(reply);
      return literal === 'other' ? rows.length === 2 : rows.length === 1 && rows[0][name] === literal && rows[0].g === 1;
    }), { numRuns: 60, interruptAfterTimeLimit: 8000, seed: 20240611 });
    expect(await canaryRows()).toBe(3);
    expect(existsSync(path.join(scratch, 'pwned.csv'))).toBe(false);
  });
});
