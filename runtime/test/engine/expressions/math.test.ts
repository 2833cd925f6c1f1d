import { describe, it } from 'vitest';
import { expectFilters, expectFormulas } from './harness.js';

const args = ['datum.n', 'datum.m', 'datum.s', 'datum.b', 'datum.missing'];

describe('math functions', () => {
  it('one-argument functions coerce with ToNumber and keep NaN and infinities', () => expectFormulas(
    ['abs', 'ceil', 'floor', 'round', 'exp', 'sqrt', 'log', 'sin', 'cos', 'tan', 'atan', 'asin', 'acos']
      .flatMap((f) => args.map((a) => `${f}(${a})`)),
  ));
  it('round rounds halves up like Math.round', () => expectFormulas([
    'round(datum.m * 5)', 'round(-datum.m * 5)', 'round(datum.m - 0.5)', 'round(datum.n + 0.5)', 'round(0.49999999999999994 + datum.m * 0)',
    'asin(datum.m / 10)', 'acos(-datum.m / 10)', 'log(datum.m)', 'sqrt(-datum.m)', 'exp(datum.m * 1000)',
  ]));
  it('two-argument and variadic functions', () => expectFormulas([
    'atan2(datum.n, datum.m)', 'atan2(datum.m, -1)', 'pow(datum.n, 2)', 'pow(datum.m, datum.n)', 'pow(1, datum.n)',
    'pow(-8, 1 / datum.m)', 'pow(datum.m, 0.5)', 'hypot(datum.n, datum.m)', 'hypot(datum.m)', 'hypot(datum.m, 4, datum.n)',
    'max(datum.n, datum.m)', 'min(datum.n, datum.m)', 'max(datum.m)', 'min(datum.m, 0, datum.s)', 'max(datum.b, datum.m)',
    'min(datum.n, datum.missing)', 'max(datum.m, datum.s)', 'clamp(datum.n, 0, 10)', 'clamp(datum.m, -1, 1)',
    'clamp(datum.s, 1, 5)', 'clamp(datum.m, datum.n, 100)',
  ]));
  it('uses constants', () => expectFormulas([
    'datum.m * PI', 'datum.m + E', 'datum.m * LN2 + LN10 + LOG2E + LOG10E + SQRT1_2 + SQRT2', 'datum.m + NaN',
    'datum.m > MAX_VALUE', 'datum.m * MIN_VALUE',
  ]));
});

describe('type tests', () => {
  const tests = ['isValid', 'isDefined', 'isNumber', 'isString', 'isBoolean', 'isDate', 'isArray', 'isObject',
    'isRegExp', 'isNaN', 'isFinite'];
  const values = [...args, 'datum.d', 'datum.t', 'datum.n + 1', 'datum.s + "x"', 'datum.n > 0 ? datum.n : datum.s'];
  it('in formulas', () => expectFormulas(tests.flatMap((f) => values.map((v) => `${f}(${v})`))));
  it('in filters', () => expectFilters(['isValid(datum.n)', 'isValid(datum.s) && isDate(datum.d)', '!isNaN(datum.n)', 'isFinite(datum.n)']));
  it('on nested values', () => expectFormulas(
    tests.map((f) => `${f}(datum.o)`),
    [{ o: [1, 2] }, { o: { a: 1 } }, { o: 'x' }, { o: 3 }, { o: true }, { o: null }],
  ));
});
