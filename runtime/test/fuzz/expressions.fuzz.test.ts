/**
 * Property-based test of the expression compiler, bounded in time: generated Vega
 * expressions either are refused with an ExpressionError code, or compile to one SQL
 * expression (never a second statement) whose values over tricky rows equal Vega's.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileExpression, EXPRESSION_FUNCTIONS } from '../../src/engine/expressions/index.js';
import { RuntimeError } from '../../src/errors.js';
import { diffValues } from '../support/compare.js';
import { runEngine, testEngine } from '../support/engine.js';
import { runVega } from '../support/vega-oracle.js';
import { ROWS, ROWS_SCHEMA } from '../engine/expressions/harness.js';

const FIELDS = ['n', 'm', 's', 't', 'b', 'd'];
// Functions that read other datasets or selections need a context this test does not build.
const CONTEXT_FUNCTIONS = new Set(['data', 'vlSelectionIdTest', 'vlSelectionResolve', 'vlSelectionTest', 'indata']);
const FUNCTIONS = EXPRESSION_FUNCTIONS.filter((f) => !CONTEXT_FUNCTIONS.has(f));
const EXPRESSION_CODES = ['bad_expression', 'unsupported_function', 'unknown_signal', 'missing_field'];

const literal = fc.oneof(
  fc.constantFrom('0', '1', '-1.5', '2.5', '1e21', '0.1', 'NaN', 'Infinity', 'null', 'true', 'false', "''", "'abc'", "' 12 '", "'é'", '"1e3"'),
  fc.integer({ min: -1000, max: 1000 }).map(String),
);
const field = fc.constantFrom(...FIELDS).map((f) => `datum.${f}`);

const { expr } = fc.letrec<{ expr: string }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    literal,
    field,
    fc.tuple(fc.constantFrom('-', '!', '+'), tie('expr')).map(([op, a]) => `${op}(${a})`),
    fc.tuple(tie('expr'), fc.constantFrom('+', '-', '*', '/', '%', '==', '!=', '===', '!==', '<', '<=', '>', '>=', '&&', '||'), tie('expr'))
      .map(([a, op, b]) => `(${a} ${op} ${b})`),
    fc.tuple(tie('expr'), tie('expr'), tie('expr')).map(([c, a, b]) => `(${c} ? ${a} : ${b})`),
    fc.tuple(fc.constantFrom(...FUNCTIONS), fc.array(tie('expr'), { maxLength: 3 })).map(([f, args]) => `${f}(${args.join(', ')})`),
  ),
}));

/** Compiles; null when refused with an expression error code (anything else fails the test). */
function compileOrRefuse(source: string): string | null {
  try {
    return compileExpression(source, { schema: ROWS_SCHEMA, timeZone: 'UTC', signal: () => undefined, data: () => undefined }).sql;
  } catch (error) {
    if (error instanceof RuntimeError && EXPRESSION_CODES.includes(error.code)) return null;
    throw error;
  }
}

describe('expression compiler fuzz', () => {
  it('refuses with a code or compiles to a single SQL expression', async () => {
    const engine = await testEngine();
    let compiled = 0;
    await fc.assert(fc.asyncProperty(expr, async (source) => {
      const sql = compileOrRefuse(source);
      if (sql === null) return;
      compiled++;
      // DuckDB's own parser: the text embedded as a select item is exactly one SELECT.
      const rows = await engine.queryRows(`SELECT json_serialize_sql(${`'SELECT ${sql.replace(/'/g, "''")} AS x'`}) AS j`);
      const parsed = JSON.parse(String(rows[0].j)) as { error: boolean; statements?: unknown[] };
      expect(parsed.error, source).toBe(false);
      expect(parsed.statements, source).toHaveLength(1);
    }), { numRuns: 400, interruptAfterTimeLimit: 4000, seed: 424242 });
    expect(compiled).toBeGreaterThan(20);
  });

  it('computes what Vega computes for the expressions it compiles', async () => {
    const failures: string[] = [];
    let compared = 0;
    await fc.assert(fc.asyncProperty(fc.array(expr, { minLength: 8, maxLength: 8 }), async (sources) => {
      const kept = sources.filter((s) => compileOrRefuse(s) !== null);
      if (kept.length === 0) return;
      const c = { values: ROWS, transform: kept.map((e, i) => ({ type: 'formula', expr: e, as: `o${i}` })), timeZone: 'UTC' };
      let expected;
      try {
        expected = await runVega(c);
      } catch {
        return; // Vega itself throws on some generated input (e.g. a function on a null); nothing to compare
      }
      const actual = await runEngine(c, [], ROWS_SCHEMA);
      kept.forEach((source, i) => {
        compared++;
        const d = diffValues(actual.rows.map((r) => r[`o${i}`]), expected.rows.map((r) => r[`o${i}`]));
        if (d) failures.push(`${source}: ${d}`);
      });
    }), { numRuns: 60, interruptAfterTimeLimit: 5000, seed: 777 });
    expect(compared).toBeGreaterThan(10);
    expect(failures, failures.join('\n')).toEqual([]);
  });
});
