import { describe, expect, it } from 'vitest';
import { NotARowFunction, rowFunction } from '../../../src/engine/expressions/row-function.js';
import { expectFilters, expectFormulas, expectRowFunctions } from './harness.js';

const fields = ['datum.n', 'datum.m', 'datum.s', 'datum.b', 'datum.missing', 'null', '"7"', '0', 'NaN', 'true'];

/** Every pair of operands from `fields` under `op` (skipping pairs of constants). */
function pairs(op: string, left = fields, right = fields): string[] {
  const out: string[] = [];
  for (const a of left) for (const b of right) {
    if (a.startsWith('datum') || b.startsWith('datum')) out.push(`${a} ${op} ${b}`);
  }
  return out;
}

describe('arithmetic', () => {
  for (const op of ['-', '*', '/', '%']) {
    it(`${op} coerces like JavaScript (null is 0, undefined and text are NaN)`, () => expectFormulas(pairs(op)));
  }
  it('division by zero and modulo signs', () => expectFormulas([
    'datum.n / 0', '-datum.n / 0', 'datum.n / -0', '0 / datum.m', 'datum.m % 2', '-7 % datum.m', 'datum.n % 0',
    'datum.m % (1 / 0)', 'datum.n % datum.n', 'datum.n - datum.n',
  ]));
  it('unary operators', () => expectFormulas([
    '-datum.n', '+datum.s', '-datum.s', '+datum.b', '!datum.n', '!datum.s', '!datum.b', '!datum.d', '!datum.missing',
    '+datum.d', '-datum.missing', '!!datum.t', '+datum.t',
  ]));
  it('bitwise operators', () => expectFormulas([
    'datum.n & 3', 'datum.m | 1', 'datum.n ^ datum.m', 'datum.m << 3', 'datum.n >> 1', 'datum.n >>> 1', '~datum.m',
    '~datum.n', 'datum.m << 31', '-datum.m >>> 0', 'datum.n | 0', '4294967297.5 & datum.m', 'datum.s | 0',
  ]));
});

describe('+', () => {
  it('adds numbers and concatenates strings with JavaScript number formatting', () => expectFormulas([
    ...pairs('+', fields.filter((f) => f !== 'datum.s'), fields.filter((f) => f !== 'datum.s')),
    '"x" + datum.n', 'datum.n + "x"', '"" + datum.m', 'datum.s + "|"', '"[" + datum.s + "]"', 'datum.b + "!"',
    'datum.s + datum.t + ""', '"" + datum.missing', '"" + (datum.m * 1e-3)',
    '"" + (datum.m / 3)', '"" + (datum.m * 1e20)', '"" + (datum.m * 1e-5)', '"" + (datum.m * -1e-6)',
    '"" + (datum.m * 1e300)', '"" + (datum.m * 4503599627370497)', '"" + (datum.m * 1e16 + 2)', '"" + -(datum.m * 123456789012345678)', '"" + (-datum.m * 1e-300)', '"" + 2 * datum.n', 'upper(datum.s) + datum.n',
  ]));
  it('keeps the truthiness of a sum that is a number when all strings are null', () => expectFilters([
    'datum.s + datum.n', 'datum.s + datum.t', 'datum.s + null', '!(datum.s + datum.b)', 'datum.s + 1', '1 + datum.s',
  ]));
});

describe('comparison', () => {
  for (const op of ['<', '<=', '>', '>=']) {
    it(`${op} is false with NaN and compares strings as strings`, () => expectFormulas([
      ...pairs(op), `datum.s ${op} datum.t`, `datum.d ${op} datum.d`, `datum.d ${op} 1583650000000`, `datum.t ${op} "a"`,
    ]));
  }
});

describe('equality', () => {
  it('== coerces like JavaScript', () => expectFormulas([
    ...pairs('=='), 'datum.s == datum.t', 'datum.d == null', 'datum.missing == datum.n', 'datum.n == datum.n',
    'datum.t == 12', 'datum.t == "12"', 'datum.b == 1', 'datum.s == false',
  ]));
  it('!= is the negation of ==', () => expectFormulas([...pairs('!='), 'datum.d != null']));
  it('=== does not coerce', () => expectFormulas([
    ...pairs('==='), 'datum.s === datum.t', 'datum.d === null', 'datum.missing === datum.other', 'datum.n === datum.n',
    'datum.t === "12"', 'datum.m === -0.5',
  ]));
  it('!== is the negation of ===', () => expectFormulas([...pairs('!=='), 'datum.d !== null']));
});

describe('logical and conditional', () => {
  it('&& and || return an operand', () => expectFormulas([
    'datum.n && datum.m', 'datum.n || datum.m', 'datum.s || "none"', 'datum.s && "yes"', 'datum.b || false',
    'datum.missing || datum.n', 'datum.n || null', 'null || datum.s', 'true && datum.n', 'false || datum.t',
    'datum.d || null',
  ]));
  it('?: and if() use JavaScript truthiness', () => expectFormulas([
    'datum.n ? "t" : "f"', 'datum.s ? datum.s : "empty"', 'if(datum.b, datum.n, datum.m)', 'datum.d ? 1 : 0',
    'datum.missing ? 1 : 2', 'datum.n > 0 ? datum.n : null', 'if(datum.s, 1, 0)', 'datum.t ? datum.d : null',
    'true ? datum.n : datum.s', 'datum.m > 0 ? (datum.n > 0 ? "a" : "b") : "c"',
  ]));
  it('filters on values of mixed types by truthiness', () => expectFilters([
    'datum.n', 'datum.s', 'datum.b', 'datum.d', 'datum.missing', 'datum.n && datum.s', 'datum.n || datum.s',
    'datum.b ? datum.s : datum.n', '!datum.n', 'datum.m > 0 && datum.t', 'datum.n > 0 || datum.s',
    'datum.n !== datum.n', 'datum.n == null', 'datum.n != null', 'datum.s === ""', 'if(datum.b, datum.n, datum.s)',
  ]));
  // Chains of booleans compile to AND/OR; a nullable boolean (datum.b) keeps its null where chosen.
  const chains = [
    'datum.m > 0 && datum.n > 0', 'datum.m > 0 && datum.b', 'datum.b && datum.m > 0', 'datum.m > 0 || datum.b',
    'datum.b || datum.m > 0', '!datum.b && datum.b', 'isValid(datum.n) && datum.n > 0 && datum.m < 5 && datum.b',
    'datum.m > 0 && (datum.n > 0 && datum.b)', 'datum.m > 0 && false && datum.b', 'true && datum.m > 0 && datum.b',
    'isValid(datum.n) && isFinite(+datum.n)', 'isValid(datum.n) && isFinite(+datum.n) && isValid(datum.m) && isFinite(+datum.m)',
    'datum.m > 0 && isValid(datum.n) && isFinite(+datum.n)', 'isValid(datum.s) && isFinite(+datum.s)',
    'isValid(datum.missing) && isFinite(+datum.missing)', 'isValid(datum.n) && isFinite(+datum.m)',
    'isValid(datum.d) && isFinite(+datum.d)', '!(isValid(datum.n) && isFinite(+datum.n))',
    '(isValid(datum.n) && isFinite(+datum.n)) || datum.b',
  ];
  it('chains of booleans give JavaScript\'s value, null included', () => expectFormulas(chains));
  it('chains of booleans filter as JavaScript does', () => expectFilters([...chains, 'true && datum.m > 0 && datum.s']));
  it('as functions of the row, operators, conditionals and calls give Vega\'s values', () => expectRowFunctions([
    ...chains, ...pairs('+'), ...pairs('<'), ...pairs('=='), 'datum.n ? "t" : "f"', 'if(datum.b, datum.n, datum.m)',
    '-datum.n', '!datum.s', '~datum.m', 'datum["n"] % 2', '[datum.n, datum.m][1]', 'abs(datum.m) + 1',
    'datum.missing', 'datum.missing || datum.n',
  ]));
  it('as functions of the row, leave to SQL what they do not evaluate', () => {
    const scope = { timeZone: 'UTC', signal: () => undefined, data: () => undefined };
    expect(() => rowFunction('{a: datum.n}', scope)).toThrow(NotARowFunction);
    expect(() => rowFunction('{a: datum.n}', scope)).toThrow(expect.objectContaining({ code: 'unsupported_function' }));
    // What reads no row is evaluated once, and the interpreter's errors are its own.
    expect(rowFunction('{a: 1}.a + datum.n', scope)({ n: 2 })).toBe(3);
    expect(() => rowFunction('nope(datum.n)', scope)).toThrow(expect.objectContaining({ code: 'unsupported_function' }));
  });
});
