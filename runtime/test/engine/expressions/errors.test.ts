import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EXPRESSION_FUNCTIONS, compileExpression, truthy } from '../../../src/engine/expressions/index.js';
import type { ExprScope } from '../../../src/engine/types.js';
import { ExpressionError, RuntimeError } from '../../../src/errors.js';
import { testEngine } from '../../support/engine.js';

const scope: ExprScope = {
  schema: [{ name: 'n', type: 'number' }, { name: 's', type: 'string' }, { name: 'o', type: 'object' }, { name: 'd', type: 'date' }],
  timeZone: 'UTC',
  signal: (name) => {
    if (name === 'sig') return 2;
    throw new RuntimeError('unknown_signal', `Unknown signal "${name}"`);
  },
  data: () => undefined,
};

function errorOf(source: string): RuntimeError {
  try {
    void compileExpression(source, scope).sql;
  } catch (e) {
    expect(e, source).toBeInstanceOf(RuntimeError);
    if ((e as RuntimeError).code !== 'unknown_signal') expect(e, source).toBeInstanceOf(ExpressionError);
    return e as RuntimeError;
  }
  throw new Error(`${source} compiled`);
}

describe('expression errors', () => {
  it('names an unsupported function and the expression', () => {
    for (const name of ['now', 'random', 'scale', 'sequence', 'geoArea', 'sampleNormal', 'regexp', 'test', 'format', 'timeParse']) {
      const source = `${name}(datum.n)`;
      const e = errorOf(source);
      expect(e.code, source).toBe('unsupported_function');
      expect(e.message).toBe(`Unsupported function "${name}" in expression ${JSON.stringify(source)}`);
    }
  });
  it('rejects uses of supported functions it cannot compile exactly', () => {
    for (const source of [
      'replace(datum.s, /a/g, "b")', 'replace(datum.s, "a", "$&")', 'timeFormat(datum.d, "%c")', 'timeFormat(datum.s, "%Y")',
      'year(datum.s)', 'toDate(datum.s)', 'datum.d + 1', 'datum.d == datum.d', 'datum.o + 1', 'datum[datum.s]',
      'pad(datum.s, 3, datum.s)', 'parseInt(datum.s, 8)', 'split(datum.s, "")', 'join(split(datum.s, ","))', 'datum',
      'datum.n > 0 ? datum.s : datum.n', 'datetime()', 'toString(datum.d)', 'indexof(datum.n, 1)',
    ]) {
      expect(errorOf(source).code, source).toBe('unsupported_function');
    }
  });
  it('reports syntax errors as bad_expression', () => {
    for (const source of ['datum.n +', 'a = 1', 'datum.n; 1', '(1, 2)', 'if(datum.n, 1)', 'clamp(datum.n, 1)', '"unterminated', 'datum.n in sig']) {
      expect(errorOf(source).code, source).toBe('bad_expression');
    }
  });
  it('reports unknown signals', () => {
    expect(errorOf('datum.n + nope').code).toBe('unknown_signal');
  });
  it('stays small or refuses on deeply nested expressions', () => {
    let eq = 'datum.n';
    let sum = 'datum.s';
    let neg = 'datum.n';
    for (let i = 0; i < 40; i++) {
      eq = `(${eq} == ${i % 2 ? '"1"' : 'datum.s'})`;
      if (i < 12) sum = `(${sum} + ${sum})`;
      neg = `-(${i % 2 ? '"" + ' : '+'}${neg})`;
    }
    for (const source of [eq, neg]) expect(compileExpression(source, scope).sql.length, source).toBeLessThan(400_000);
    const start = Date.now();
    expect(() => compileExpression(sum, scope).sql).toThrow(expect.objectContaining({ code: 'unsupported_function' }));
    expect(Date.now() - start).toBeLessThan(5000);
  });
  it('compiles a missing field to undefined, like Vega', () => {
    expect(compileExpression('datum.zz', scope).type).toBe('unknown');
    expect(compileExpression('isDefined(datum.zz)', scope).sql).toBe('FALSE');
  });
});

describe('truthy', () => {
  it('is never NULL and follows JavaScript for plain compiled values', async () => {
    const engine = await testEngine();
    const cases: [string, 'number' | 'string' | 'boolean' | 'date' | 'object' | 'unknown', boolean][] = [
      ['NULL::DOUBLE', 'number', false], ["'NaN'::DOUBLE", 'number', false], ['0::DOUBLE', 'number', false], ['2::DOUBLE', 'number', true],
      ["''", 'string', false], ["'0'", 'string', true], ['NULL::VARCHAR', 'string', false], ['FALSE', 'boolean', false],
      ['NULL::BOOLEAN', 'boolean', false], ['make_timestamp(0::BIGINT)', 'date', true], ['NULL', 'unknown', false],
      ["'[]'::JSON", 'object', true], ["'0'::JSON", 'object', false],
    ];
    for (const [sql, type, want] of cases) {
      const rows = await engine.queryRows(`SELECT ${truthy({ sql, type })} AS v`);
      expect(rows[0].v, sql).toBe(want);
    }
  });
});

describe('EXPRESSION_FUNCTIONS', () => {
  it('lists only functions that the tests compare against Vega', () => {
    const dir = dirname(fileURLToPath(import.meta.url));
    const sources = readdirSync(dir).filter((f) => f.endsWith('.ts') && f !== 'errors.test.ts')
      .map((f) => readFileSync(join(dir, f), 'utf8')).join('\n');
    const untested = EXPRESSION_FUNCTIONS.filter((name) => {
      const uses = sources.match(new RegExp(`\\b${name}\\(`, 'g'))?.length ?? 0;
      const generated = new RegExp(`['"\`]${name}['"\`]`).test(sources);
      return uses === 0 && !generated;
    });
    expect(untested).toEqual([]);
  });
  it('does not list functions that read the clock, randomness or the view', () => {
    for (const name of ['now', 'random', 'scale', 'data_', 'event']) expect(EXPRESSION_FUNCTIONS).not.toContain(name);
  });
});
