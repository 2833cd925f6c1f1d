import { describe, it } from 'vitest';
import { ROWS, expectFormulas } from './harness.js';

describe('string functions', () => {
  it('length, lower, upper, trim', () => expectFormulas([
    'length(datum.s || "")', 'length(datum.t || "-")', '(datum.s || "").length', 'lower(datum.s)', 'upper(datum.t)', 'upper(datum.n)',
    'lower(datum.b)', 'trim(datum.s)', 'trim("\\t\\u00a0 " + datum.t + " \\n")', 'length(datum.s + "\\ud83d\\ude00")',
    'lower(datum.missing)',
  ]));
  it('upper and lower map every character of the BMP like JavaScript', () => {
    const rows: { c: string }[] = [];
    // U+FEFF does not survive loading into DuckDB, whatever the expression.
    for (let c = 32; c < 0x10000; c += 1) if ((c < 0xd800 || c >= 0xe000) && c !== 0xfeff) rows.push({ c: `${String.fromCharCode(c)}x` });
    rows.push({ c: 'Straße ﬁne ǰ İstanbul 𐐨𐑐' });
    return expectFormulas(['upper(datum.c)', 'lower(datum.c)'], rows);
  });
  it('pad and truncate', () => expectFormulas([
    'pad(datum.s, 6)', 'pad(datum.s, 6, "*", "left")', 'pad(datum.t, 7, "-", "center")', 'pad(datum.n, 8, "0", "left")',
    'pad(datum.s, datum.n % 10)', 'pad(datum.t, 5.7, "ab")', 'truncate(datum.s, 3)', 'truncate(datum.s, 4, "left")',
    'truncate(datum.s, 5, "center")', 'truncate(datum.s, 6, "right", "..")', 'truncate(datum.n, 4)', 'truncate(datum.t, datum.m % 5)',
  ]));
  it('substring and slice', () => expectFormulas([
    'substring(datum.s, 1)', 'substring(datum.s, 1, 3)', 'substring(datum.s, 3, 1)', 'substring(datum.s, -2, 100)',
    'substring(datum.n, 0, 2)', 'substring(datum.s, datum.m, datum.n)', 'substring(datum.s, NaN, 2.9)',
    'slice(datum.s, 1)', 'slice(datum.s, -2)', 'slice(datum.s, 1, -1)', 'slice(datum.t, -10, 2)', 'slice(datum.s, datum.m)',
    'slice(datum.s, 2, 1)',
  ].map((e) => (e.includes('datum.s') ? e.replace(/datum\.s/g, 'datum.u') : e)), [
    { u: 'abcdef', t: 'xy', n: 12.5, m: 2 }, { u: '', t: '', n: -1, m: -3 }, { u: 'é', t: 'z', n: NaN, m: 0.5 },
  ]));
  it('indexof and lastindexof on strings and literal arrays', () => expectFormulas([
    'indexof(datum.u, "a")', 'indexof(datum.u, "")', 'lastindexof(datum.u, "l")', 'lastindexof(datum.u, "")',
    'indexof(datum.u, datum.t)', 'lastindexof(datum.u, datum.t)', 'indexof(datum.u, "l")', 'indexof(datum.u, 1)', 'indexof(["a", "b", "12"], datum.t)',
    'indexof([1, 2, 42, 2], datum.n)', 'lastindexof([1, 2, 42, 42], datum.n)', 'indexof([null, true], datum.b)',
    'indexof(["0", 0], datum.s)', 'indexof([], datum.n)', 'indexof([NaN], datum.n)',
  ], [...ROWS.map((r) => ({ ...r, u: String(r.s) + 'l' + String(r.t) })), { ...ROWS[0], u: '🦆a\u0301bl🦆l\u0301\nl.', t: 'l' }, { ...ROWS[1], u: 'x.y.z', t: '.' }]));
  it('replace with a string pattern replaces the first match', () => expectFormulas([
    'replace(datum.s, "l", "L")', 'replace(datum.s, "", "^")', 'replace(datum.t, "a", "")', 'replace(datum.n, ".", ",")',
    'replace(datum.s, "o", 0)', 'replace(datum.s, "ö", "oe")',
  ]));
  it('split on a literal separator and join of literal arrays', () => expectFormulas([
    'split(datum.s, "l")', 'split(datum.s, " ")', 'split(datum.n, ".")', 'split(datum.s + ",x,", ",")',
    'join(["a", null, 1], datum.t)', 'join([1, 2]) + datum.s', 'join([], datum.s)',
  ]));
  it('parseFloat and parseInt read a leading number', () => expectFormulas([
    'parseFloat(datum.s)', 'parseFloat(datum.t)', 'parseInt(datum.s)', 'parseInt(datum.t)', 'parseFloat(datum.n)',
    'parseInt(datum.n)', 'parseInt(datum.t, 16)', 'parseInt(datum.t, 10)', 'parseFloat(datum.b)', 'parseInt(datum.m)',
    'parseFloat(datum.missing)',
  ]));
  it('parses number prefixes', () => expectFormulas(
    ['parseFloat(datum.v)', 'parseInt(datum.v)', 'parseInt(datum.v, 16)', '+datum.v', 'toNumber(datum.v)'],
    ['  -12.5e3x', '.5', '-.5e-2', '5.', '0x1A', '-0x10', '1e', 'e5', '+Infinityx', '-0', '0b101', 'abc', '12abc',
      '\n 42 \t', '1_000', 'inf', '00012', '9007199254740993', '0x123456789abcdef0123', '-0xfffffffffffffffff'].map((v) => ({ v })),
  ));
});

describe('conversions', () => {
  const values = ['datum.n', 'datum.m', 'datum.s', 'datum.t', 'datum.b', 'datum.missing'];
  it('toNumber, toString, toBoolean', () => expectFormulas(
    ['toNumber', 'toString', 'toBoolean'].flatMap((f) => values.map((v) => `${f}(${v})`)),
  ));
  it('toDate of numbers and dates', () => expectFormulas(['toDate(datum.n)', 'toDate(datum.d)', 'toDate(datum.b)', 'toDate(datum.missing)', 'toNumber(datum.d)']));
  it('inrange', () => expectFormulas([
    'inrange(datum.n, [0, 100])', 'inrange(datum.m, [3, -1])', 'inrange(datum.m, [0, 2], false, true)',
    'inrange(datum.m, [0, 2], true, false)', 'inrange(datum.s, [0, 20])', 'inrange(datum.t, ["a", "b"])',
    'inrange(datum.d, [datetime(2020, 0, 1), datetime(2021, 0, 1)])', 'inrange(datum.n, [])', 'inrange(datum.m, [0])',
  ]));
});
