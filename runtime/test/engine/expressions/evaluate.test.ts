import * as vega from 'vega';
import { describe, expect, it } from 'vitest';
import { evaluateExpression } from '../../../src/engine/expressions/index.js';
import { ExpressionError, RuntimeError } from '../../../src/errors.js';
import { diffValues } from '../../support/compare.js';
import { withTimeZone } from '../../support/time-zone.js';
import type { Row } from '../../support/vega-oracle.js';

const signals: Record<string, unknown> = {
  a: 3, b: -1.5, s: 'Hello, World', e: '', z: null, arr: [1, 'two', null, [3]], obj: { x: 1, 'y z': 'w', n: { m: 2 } },
  t: true, nan: NaN, ms: Date.UTC(2020, 2, 8, 7, 30),
};
const datasets: Record<string, Row[]> = {
  brush: [{ unit: 'u', fields: [{ field: 'x', type: 'R' }, { field: 'c', type: 'E' }], values: [[5, 1], ['a', 'b']] },
    { unit: 'v', fields: [{ field: 'x', type: 'R' }, { field: 'c', type: 'E' }], values: [[2, 8], ['b', 'c']] }],
  empty: [],
  ids: [{ unit: 'u', _vgsid_: 1 }, { unit: 'u', _vgsid_: 4 }, { unit: 'v', _vgsid_: 4 }, { unit: 'v', _vgsid_: 5 }],
};

/** Evaluates each expression as a Vega signal in `timeZone`. */
async function vegaValues(exprs: string[], timeZone: string): Promise<unknown[]> {
  return withTimeZone(timeZone, async () => {
    const spec = {
      signals: [
        ...Object.entries(signals).map(([name, value]) => ({ name, value })),
        ...exprs.map((update, i) => ({ name: `e${i}`, update })),
      ],
      data: Object.entries(datasets).map(([name, values]) => ({ name, values })),
    };
    const view = new vega.View(vega.parse(spec as vega.Spec), { renderer: 'none' });
    await view.runAsync();
    const out = exprs.map((_, i) => view.signal(`e${i}`));
    view.finalize();
    return out;
  });
}

async function expectSameAsVega(exprs: string[], timeZone = 'UTC'): Promise<void> {
  const expected = await vegaValues(exprs, timeZone);
  const scope = {
    timeZone,
    signal: (n: string) => {
      if (n in signals) return signals[n];
      throw new RuntimeError('unknown_signal', `Unknown signal "${n}"`);
    },
    data: (n: string) => datasets[n],
  };
  const failures: string[] = [];
  exprs.forEach((expr, i) => {
    const actual = evaluateExpression(expr, scope);
    const d = diffValues(actual, expected[i]);
    if (d) failures.push(`${expr}: ${d} (got ${String(actual)}, Vega ${String(expected[i])})`);
  });
  expect(failures, failures.join('\n')).toEqual([]);
}

describe('evaluateExpression', () => {
  it('operators and member access on signal values', () => expectSameAsVega([
    'a + b * 2', 'a / 0', '-a % 2', 's + a', 'a > "2"', 'z == null', 'z === null', 'e || "empty"', 't && s', '!e',
    'a > 2 ? "big" : "small"', 'arr[1]', 'arr[3][0]', 'arr.length', 'obj.x', 'obj["y z"]', 'obj.n.m', 'obj.none',
    's[0]', 's.length', '[a, b, [s]]', '{k: a, "q": [1]}', 'a & 6 | 1', '~b', 'a << 2 >>> 1', 'nan !== nan', 'PI * a',
    'if(t, arr, obj)',
  ]));
  it('math, string and type functions', () => expectSameAsVega([
    'abs(b)', 'round(b)', 'clamp(a, 0, 2)', 'max(a, b, 7)', 'min()', 'hypot(3, 4)', 'pow(2, 10)', 'log(E)', 'sqrt(a)',
    'atan2(1, 1)', 'floor(b)', 'ceil(b)', 'exp(1)', 'sin(1) + cos(1) + tan(1) + asin(0.5) + acos(0.5) + atan(1)',
    'isNumber(a)', 'isString(s)', 'isArray(arr)', 'isObject(obj)', 'isValid(z)', 'isDefined(obj.none)', 'isDate(datetime(2020, 1))',
    'isBoolean(t)', 'isRegExp(s)', 'isNaN(nan)', 'isFinite(a)', 'toNumber(s)', 'toNumber("12")', 'toString(a)', 'toBoolean("0")',
    'length(s)', 'lower(s)', 'upper(s)', 'trim("  x ")', 'pad(s, 15, "*", "center")', 'truncate(s, 6)', 'parseFloat("3.5x")',
    'parseInt("0x1f")', 'indexof(s, "o")', 'lastindexof(s, "o")', 'indexof(arr, "two")', 'substring(s, 2, 5)', 'slice(s, -5)',
    'slice(arr, 1, 3)', 'replace(s, "o", "0")', 'split(s, ", ")', 'join(arr, "-")', 'inrange(a, [5, 1])', 'inrange(a, [1, 3], true, false)',
  ]));
  it('selection stores', () => expectSameAsVega([
    'vlSelectionResolve("brush")', 'vlSelectionResolve("brush", "intersect")', 'vlSelectionResolve("brush", "union", true)',
    'vlSelectionResolve("brush", "intersect", true, true)', 'vlSelectionResolve("empty")', 'length(data("brush"))',
    'vlSelectionTest("brush", {x: 3, c: "b"})', 'vlSelectionIdTest("ids", {_vgsid_: 4})', 'vlSelectionIdTest("ids", {_vgsid_: 5}, "intersect")',
    'vlSelectionIdTest("ids", {_vgsid_: 4}, "intersect")', 'vlSelectionIdTest("ids", {})', 'vlSelectionIdTest("empty", {_vgsid_: 1})', 'vlSelectionTest("brush", {x: 3, c: "a"}, "intersect")', 'vlSelectionTest("empty", {})',
  ]));
  for (const timeZone of ['UTC', 'America/New_York', 'Asia/Kolkata', 'Europe/Berlin']) {
    it(`dates in ${timeZone}`, () => expectSameAsVega([
      'datetime(2020, 2, 8, 2, 30)', 'datetime(2020, 10, 1, 1, 30)', 'datetime(2020, 2, 29, 2, 30)', 'datetime(2020, 9, 25, 2, 30)',
      'datetime(ms)', 'datetime(99, 0)', 'datetime("2020-01-01")', 'datetime("2020-01-01T10:00")', 'datetime("Jan 5, 2020 10:00")',
      'year(ms)', 'month(ms)', 'date(ms)', 'day(ms)', 'hours(ms)', 'minutes(ms)', 'seconds(ms)', 'milliseconds(ms + 7)',
      'quarter(ms)', 'dayofyear(ms)', 'week(ms)', 'utcweek(ms)', 'utcdayofyear(ms)', 'utcquarter(ms)', 'timezoneoffset(ms)',
      'utcyear(ms)', 'utcmonth(ms)', 'utcdate(ms)', 'utcday(ms)', 'utchours(ms)', 'utcminutes(ms)', 'utcseconds(ms)',
      'utcmilliseconds(ms)', 'time(datetime(2021, 5, 6))', 'utc(2020, 1, 30)', 'hours(s)', 'toDate("2020-06-01")',
      'toDate("2020-06-01 12:00")', 'toDate(ms)', 'timeFormat(ms, "%Y-%m-%d %H:%M %Z %a %j")', 'utcFormat(datetime(2020, 0, 1), "%c" == "" ? "" : "%B %-d %I%p")',
      'timeFormat(null, "%Y")', 'timeFormat(nan, "%Y-%m-%d %b %p %I")',
    ], timeZone));
  }
  it('rejects what is not a pure function of its inputs', () => {
    const scope = { timeZone: 'UTC', signal: () => 1, data: () => undefined };
    for (const expr of ['now()', 'random()', 'sequence(3)', 'scale("x", 1)', 'eval("1")', 'constructor("x")', 'event.x']) {
      const error = (() => { try { evaluateExpression(expr, scope); return undefined; } catch (e) { return e; } })();
      expect(error, expr).toBeInstanceOf(ExpressionError);
      expect((error as ExpressionError).code, expr).toBe('unsupported_function');
    }
  });
  it('never hands out functions or prototypes through member access', () => {
    const scope = { timeZone: 'UTC', signal: (n: string) => signals[n], data: () => undefined };
    for (const expr of ['arr.map', 's.constructor', 'obj.__proto__', 'obj.hasOwnProperty']) {
      expect(evaluateExpression(expr, scope), expr).toBeUndefined();
    }
    // The parser turns these computed names into identifiers, which Vega reads as signals.
    for (const expr of ['obj["constructor"]', 'arr["constructor"]["constructor"]', 'obj["__proto__"]', 'toString']) {
      expect(() => evaluateExpression(expr, scope), expr).toThrow(expect.objectContaining({ code: 'unknown_signal' }));
    }
  });
  it('reports unknown signals and syntax errors by code', () => {
    const scope = {
      timeZone: 'UTC', data: () => undefined,
      signal: (n: string) => { throw new RuntimeError('unknown_signal', `Unknown signal "${n}"`); },
    };
    expect(() => evaluateExpression('nope + 1', scope)).toThrow(expect.objectContaining({ code: 'unknown_signal' }));
    expect(() => evaluateExpression('1 +', scope)).toThrow(expect.objectContaining({ code: 'bad_expression' }));
    expect(() => evaluateExpression('a = 1', scope)).toThrow(expect.objectContaining({ code: 'bad_expression' }));
    expect(() => evaluateExpression('{__proto__: 1}', scope)).toThrow(expect.objectContaining({ code: 'bad_expression' }));
    expect(() => evaluateExpression('(1, 2)', scope)).toThrow(expect.objectContaining({ code: 'bad_expression' }));
  });
});
