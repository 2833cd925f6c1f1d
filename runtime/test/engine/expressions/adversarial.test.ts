import { describe, it } from 'vitest';
import type { Row } from '../../support/vega-oracle.js';
import { expectFilters, expectFormulas } from './harness.js';

const names = ['a"b', "a'b", 'x; DROP TABLE t; --', '/* c */ d', 'ünï 🦆', 'a.b', 'select', ' ', 'a\\b', '$1', '"'];

const values: Row[] = [0, 1, 2].map((i) => Object.fromEntries(names.map((n, j) => [n, `${n}#${i * j}`])));

describe('adversarial names and literals', () => {
  it('reads fields with quotes, SQL, comments and unicode in their names', () => expectFormulas(
    names.map((n) => `datum[${JSON.stringify(n)}] + "|"`),
    values,
  ));
  it('keeps string literals exactly', () => expectFormulas([
    '"\'; DROP TABLE t; --" + datum["a.b"]', '"it\'s " + datum["a\'b"]', '"\\"" + datum["\\""]', '"/* x */ -- y" + datum.select',
    '"\\u00e9\\ud83e\\udd86\\n\\t" + datum.select', '\'$1 $$ \\\\\' + datum.select', 'datum["a\\"b"] == "a\\"b#0"',
    'replace(datum["a\'b"], "\'", "\'\'")', 'indexof(datum["x; DROP TABLE t; --"], ";")', 'upper(datum["ünï 🦆"])',
    '"a\\u0000b" + datum.select', 'length("\\u0000" + datum.select)',
  ], values));
  it('filters on adversarial names and literals', () => expectFilters([
    'datum["x; DROP TABLE t; --"] === "x; DROP TABLE t; --#0"', 'datum["/* c */ d"] !== "\'"', 'indexof(datum[" "], "#2") >= 0',
  ], values));
});
