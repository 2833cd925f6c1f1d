import { describe, expect, it } from 'vitest';
import { compileExpression } from '../../../src/engine/expressions/index.js';
import { ExpressionError } from '../../../src/errors.js';
import { runVega, type Row } from '../../support/vega-oracle.js';
import { expectFilters, expectFormulas, expectRowFunctions } from './harness.js';

const values: Row[] = [
  { x: 1, y: 10, c: 'a', d: new Date(Date.UTC(2020, 0, 1)), k: true },
  { x: 2.5, y: 20, c: 'b', d: new Date(Date.UTC(2020, 5, 1)), k: false },
  { x: 4, y: null, c: null, d: null, k: null },
  { x: NaN, y: 40, c: 'c', d: new Date(Date.UTC(2021, 0, 1)), k: true },
  { x: 5, y: 50, c: 'a', d: new Date(Date.UTC(2019, 0, 1)), k: false },
  { x: null, y: 0, c: '', d: new Date(Date.UTC(2020, 2, 8, 7)), k: true },
];

const brush = (unit: string, x: unknown[], y: unknown[]) => ({
  unit, fields: [{ field: 'x', channel: 'x', type: 'R' }, { field: 'y', channel: 'y', type: 'R' }], values: [x, y],
});
const point = (unit: string, field: string, value: unknown, type = 'E') => ({
  unit, fields: [{ field, type }], values: [value],
});

const stores: Record<string, Row[]> = {
  empty: [],
  brush: [brush('view_1', [5, 2], [0, 45])],
  dates: [{ unit: 'v', fields: [{ field: 'd', channel: 'x', type: 'R' }], values: [[new Date(Date.UTC(2019, 6, 1)), new Date(Date.UTC(2020, 6, 1))]] }],
  points: [point('v', 'c', 'a'), point('v', 'c', null), point('v', 'x', 2.5)],
  multi: [point('u1', 'c', 'a'), point('u1', 'c', 'c'), point('u2', 'x', 5), point('u2', 'x', 1)],
  arrays: [point('v', 'c', ['b', 'c']), point('w', 'x', [NaN, 4])],
  bins: [
    { unit: 'v', fields: [{ field: 'x', type: 'R-RE' }], values: [[1, 4]] },
    { unit: 'v', fields: [{ field: 'y', type: 'R-E' }], values: [[10, 50]] },
    { unit: 'w', fields: [{ field: 'y', type: 'R-LE' }], values: [[0, 20]] },
  ],
  preds: [
    { unit: 'v', fields: [{ field: 'x', type: 'E-LT' }, { field: 'y', type: 'E-GTE' }], values: [4, 10] },
    { unit: 'w', fields: [{ field: 'c', type: 'E-ONE' }, { field: 'y', type: 'E-VALID' }], values: [['a', 'c'], true] },
  ],
  dateEnum: [point('v', 'd', new Date(Date.UTC(2020, 0, 1)))],
  missing: [point('v', 'nope', 1), point('v', 'nope', undefined)],
};

const tests = Object.keys(stores).flatMap((s) => [
  `vlSelectionTest(${JSON.stringify(s)}, datum)`,
  `vlSelectionTest(${JSON.stringify(s)}, datum, "union")`,
  `vlSelectionTest(${JSON.stringify(s)}, datum, "intersect")`,
  `!length(data(${JSON.stringify(s)})) || vlSelectionTest(${JSON.stringify(s)}, datum)`,
]);

describe('vlSelectionTest', () => {
  it('as formulas, for interval, point, date, bin and predicate stores', () => expectFormulas(tests, values, { datasets: stores }));
  it('as filters, including empty stores', () => expectFilters(tests, values, { datasets: stores }));
  it('as functions of the row, each store read once', () => expectRowFunctions(tests, values, { datasets: stores }));
  it('vlSelectionIdTest over sorted _vgsid_ stores', () => expectFormulas(
    ['ids', 'idsMulti', 'empty'].flatMap((s) => [
      `vlSelectionIdTest(${JSON.stringify(s)}, datum)`, `vlSelectionIdTest(${JSON.stringify(s)}, datum, "intersect")`,
    ]).concat(['vlSelectionIdTest("ids", datum) || datum.x > 4']),
    values.map((v, i) => ({ ...v, _vgsid_: [1, 2, 3, null, NaN, 5][i] })),
    { datasets: { empty: [], ids: [{ unit: 'u', _vgsid_: 2 }, { unit: 'u', _vgsid_: 5 }], idsMulti: [{ unit: 'u', _vgsid_: 1 }, { unit: 'v', _vgsid_: 1 }, { unit: 'u', _vgsid_: 3 }] } },
  ));
  it('refuses vlSelectionIdTest on a store not sorted by _vgsid_', () => {
    const scope = { schema: [{ name: '_vgsid_', type: 'number' as const }], timeZone: 'UTC', signal: () => undefined, data: () => [{ unit: 'u', _vgsid_: 3 }, { unit: 'u', _vgsid_: 1 }] };
    expect(() => compileExpression('vlSelectionIdTest("s", datum)', scope)).toThrow(expect.objectContaining({ code: 'unsupported_function' }));
  });
  it('rejects a store that is not defined, like Vega', async () => {
    const scope = { schema: [], timeZone: 'UTC', signal: () => undefined, data: () => undefined };
    expect(() => compileExpression('vlSelectionTest("nothing", datum)', scope)).toThrow(ExpressionError);
    expect(() => compileExpression('vlSelectionTest("nothing", datum)', scope)).toThrow(/Undefined data set name/);
    await expect(runVega({ values, transform: [{ type: 'filter', expr: 'vlSelectionTest("nothing", datum)' }] })).rejects.toThrow(/Undefined data set name/);
  });
});
