import { describe, expect, it } from 'vitest';
import { inferSchema } from '../../src/engine/duckdb.js';
import { MAX_PREGROUP_SPAN } from '../../src/engine/transforms/aggregate.js';
import type { Schema } from '../../src/engine/types.js';
import { awkwardDoubles, check, checkExact, lastSql, runEngine } from './stats-check.js';

const OPS = ['count', 'valid', 'missing', 'distinct', 'sum', 'product', 'mean', 'average', 'variance',
  'variancep', 'stdev', 'stdevp', 'stderr', 'median', 'q1', 'q3', 'min', 'max'];
const ROW_OPS = ['argmin', 'argmax', 'values'];

const values = [
  { g: 'a', h: 1, x: 3, s: 'p', d: new Date(Date.UTC(2020, 0, 3)), b: true },
  { g: 'b', h: 2, x: null, s: 'q', d: null, b: false },
  { g: 'a', h: 2, x: NaN, s: '', d: new Date(Date.UTC(2019, 5, 1)), b: null },
  { g: 'a', h: 1, x: 1, s: null, d: new Date(Date.UTC(2020, 0, 3, 0, 0, 0, 400)), b: true },
  { g: null, h: 1, x: -2.5, s: 'q', d: new Date(Date.UTC(2021, 1, 1)), b: false },
  { g: 'b', h: 3, x: 3, s: 'r', d: null, b: true },
  { g: 'c', h: 3, x: 1e15, s: 'p', d: new Date(Date.UTC(1969, 11, 31)), b: null },
  { g: 'a', h: 1, x: 1, s: 'p', d: new Date(Date.UTC(2020, 0, 3)), b: false },
  { g: 'c', h: 2, x: null, s: null, d: null, b: null },
];

function allOps(field: string, ops = OPS) {
  return { type: 'aggregate', groupby: ['g'], fields: ops.map(() => field), ops };
}

describe('aggregate', () => {
  const binned = [1, 7, NaN, null, 19.5, 20, -3, 7.25, Infinity, 12, -Infinity, 0].map((v, i) => ({ v, i, w: i % 3 }));
  const bin = { type: 'bin', field: 'v', extent: [0, 20], maxbins: 4, as: ['b0', 'b1'] };
  it('groups by a bin\'s start and end (its end computed per group): nulls, NaN, infinities, the last edge', () =>
    check({ values: binned, transform: [bin, { type: 'aggregate', groupby: ['b0', 'b1'], fields: ['i'], ops: ['count'] }] }));
  it('groups by a bin\'s start and end after filters, formulas and a second bin', () =>
    check({ values: binned, transform: [bin, { type: 'filter', expr: 'datum.i != 5' }, { type: 'formula', expr: 'datum.i * 2', as: 'k' },
      { type: 'bin', field: 'i', extent: [0, 12], maxbins: 3, as: ['c0', 'c1'] },
      { type: 'aggregate', groupby: ['b1', 'c0', 'w', 'b0', 'c1'], fields: ['k'], ops: ['sum'] }] }));
  it('groups by both columns again once a formula rewrote a bin\'s start or end', async () => {
    await check({ values: binned, transform: [bin, { type: 'formula', expr: 'datum.i % 2', as: 'b0' }, { type: 'aggregate', groupby: ['b0', 'b1'] }] });
    await check({ values: binned, transform: [bin, { type: 'formula', expr: 'datum.i % 2', as: 'b1' }, { type: 'aggregate', groupby: ['b0', 'b1'] }] });
    await check({ values: binned, transform: [bin, { type: 'impute', field: 'b0', key: 'i', groupby: ['w'], value: 99 }, { type: 'aggregate', groupby: ['b0', 'b1'] }] });
  });

  it('counts rows by default, groups in order of first appearance', () =>
    check({ values, transform: [{ type: 'aggregate', groupby: ['g'] }] }));
  it('counts all rows without groupby', () => check({ values, transform: [{ type: 'aggregate' }] }));
  it('yields no rows for empty input, with or without groupby', async () => {
    await check({ values: [], transform: [{ type: 'aggregate' }] });
    await check({ values: [], transform: [{ type: 'aggregate', groupby: ['g'], fields: ['x'], ops: ['sum'] }] });
  });
  it('computes every op over numbers with null and NaN', () => check({ values, transform: [allOps('x')] }));
  it('computes every op over strings (valid, missing, distinct, min, max; numbers by coercion)', () =>
    check({ values: values.map((r, i) => ({ ...r, n: ['4', ' 5 ', '', 'abc', null, '1e1', '-2', '0x10', '7'][i] })), transform: [allOps('n')] }));
  it('computes every op over booleans', () => check({ values, transform: [allOps('b')] }));
  it('computes every op over dates (numeric ops on milliseconds, distinct by second)', () =>
    check({ values, transform: [allOps('d')] }));
  it('computes row ops (argmin, argmax, values) as row objects', () =>
    check({ values, transform: [allOps('x', ROW_OPS)] }, { jsonFields: ['argmin_x', 'argmax_x', 'values_x'] }));
  it('breaks argmin/argmax ties by first row, over strings and dates too', async () => {
    const rows = [{ k: 1, v: 5, s: 'b' }, { k: 2, v: 1, s: 'a' }, { k: 3, v: 5, s: 'c' }, { k: 4, v: 1, s: 'a' }, { k: 5, v: null, s: 'c' }];
    await check({ values: rows, transform: [{ type: 'aggregate', fields: ['v', 'v', 's', 's'], ops: ['argmin', 'argmax', 'argmin', 'argmax'] }] },
      { jsonFields: ['argmin_v', 'argmax_v', 'argmin_s', 'argmax_s'] });
  });
  it('gives {} for argmin of a group without valid values', () =>
    check({ values: [{ g: 1, v: null }, { g: 1, v: NaN }], transform: [{ type: 'aggregate', groupby: ['g'], fields: ['v'], ops: ['argmin'] }] },
      { jsonFields: ['argmin_v'] }));
  it('groups by several fields, numbers, nulls and NaN', () =>
    check({ values: [...values, { g: 'a', h: NaN, x: 2 }, { g: 'a', h: NaN, x: 4 }], transform: [{ type: 'aggregate', groupby: ['g', 'h'], fields: ['x', 'x'], ops: ['sum', 'count'], as: ['total', null] }] }));
  it('groups dates by the second, keeping the first row value', () =>
    check({ values, transform: [{ type: 'aggregate', groupby: ['d'], fields: ['x'], ops: ['sum'] }] }));
  it('groups by an aliased field and a missing field', () =>
    check({ values, transform: [{ type: 'aggregate', groupby: [{ field: 'g', as: 'G' }, 'zz'], fields: ['x', 'zz'], ops: ['max', 'valid'] }] }));
  it('lets later outputs with the same name win', () =>
    check({ values, transform: [{ type: 'aggregate', groupby: ['g'], fields: ['x', 'x'], ops: ['sum', 'max'], as: ['v', 'v'] }] }));
  it('fills the cross product of groupby values, integer-like keys first', () =>
    check({ values: [
      { a: 'z', n: 10, v: 1 }, { a: 'y', n: 2, v: 2 }, { a: 'z', n: 1.5, v: 3 }, { a: '3', n: 2, v: 4 },
      { a: null, n: -1, v: 5 }, { a: '1', n: 0, v: 6 },
    ], transform: [{ type: 'aggregate', groupby: ['a', 'n'], cross: true, fields: ['v', 'v', 'v', 'v', 'v', 'v'], ops: ['sum', 'count', 'distinct', 'values', 'argmax', 'q1'] }] },
    { jsonFields: ['values_v', 'argmax_v'] }));
  it('reads undefined for an aliased dimension in made cross cells', () =>
    check({ values: [{ a: 1, b: 'x' }, { a: 2, b: 'y' }], transform: [{ type: 'aggregate', groupby: [{ field: 'a', as: 'A' }, 'b'], cross: true }] }));
  it('ignores cross for a single groupby field, and drop: false on one evaluation', async () => {
    await check({ values, transform: [{ type: 'aggregate', groupby: ['g'], cross: true }] });
    await check({ values, transform: [{ type: 'aggregate', groupby: ['g', 'h'], drop: false }] });
  });
  it('groups by a key field while reporting groupby values of the first row', () =>
    check({ values, transform: [{ type: 'aggregate', groupby: ['g'], key: 'h', fields: ['x'], ops: ['count'] }] }));
  it('sums integers and floats, large and small, like Vega', () => {
    const rows = Array.from({ length: 1000 }, (_, i) => ({ g: i % 3, i, f: i * 0.1 + 1e-7, big: 9007199254740000 + i }));
    return check({ values: rows, transform: [{ type: 'aggregate', groupby: ['g'], fields: ['i', 'f', 'big', 'f', 'f'], ops: ['sum', 'sum', 'mean', 'variance', 'median'] }] });
  });
  it('rejects an unknown op, a bootstrap op and unmatched fields/ops', async () => {
    await expect(runEngine({ values, transform: [{ type: 'aggregate', fields: ['x'], ops: ['nope'] }] }))
      .rejects.toMatchObject({ name: 'TransformError', code: 'unsupported_transform', path: '/0' });
    await expect(runEngine({ values, transform: [{ type: 'aggregate', fields: ['x'], ops: ['ci0'] }] }))
      .rejects.toMatchObject({ name: 'TransformError', code: 'unsupported_transform' });
    await expect(runEngine({ values, transform: [{ type: 'aggregate', fields: ['x', 'x'], ops: ['sum'] }] }))
      .rejects.toMatchObject({ name: 'TransformError', code: 'bad_transform' });
    await expect(runEngine({ values, transform: [{ type: 'aggregate', fields: [null], ops: ['sum'] }] }))
      .rejects.toMatchObject({ name: 'TransformError', code: 'bad_transform' });
  });
});

// Sum, mean and the variance family are sequential folds in Vega; these compare the
// doubles bit for bit on inputs whose results depend on the order and the formula.
const FOLD_OPS = ['sum', 'mean', 'average', 'variance', 'variancep', 'stdev', 'stdevp', 'stderr'];
const xs = awkwardDoubles(3000, 7);
const foldRows = xs.map((x, i) => ({
  g: ['a', 'b', 'c', 'd'][(i * 7) % 4],
  x: i % 17 === 5 ? null : i % 23 === 7 ? NaN : x,
  p: 1 + (x % 1) / 50,
}));

function foldSpec(field: string, ops: string[], groupby?: string[]) {
  return { type: 'aggregate', ...(groupby ? { groupby } : {}), fields: ops.map(() => field), ops };
}

describe('aggregate arithmetic matches Vega bit for bit', () => {
  it('has inputs where the order of addition changes the doubles', () => {
    const valid = foldRows.map((r) => r.x).filter((x): x is number => x !== null && !Number.isNaN(x));
    const forward = valid.reduce((a, v) => a + v, 0);
    const backward = valid.slice().reverse().reduce((a, v) => a + v, 0);
    const sorted = valid.slice().sort((a, b) => a - b).reduce((a, v) => a + v, 0);
    expect(new Set([forward, backward, sorted]).size).toBeGreaterThan(1);
    let mean = 0;
    valid.forEach((v, i) => { mean += (v - mean) / (i + 1); });
    expect(mean).not.toBe(forward / valid.length);
  });
  it('over all rows', () => checkExact({ values: foldRows, transform: [foldSpec('x', FOLD_OPS)] }, FOLD_OPS.map((op) => `${op}_x`)));
  it('by group', () => checkExact({ values: foldRows, transform: [foldSpec('x', FOLD_OPS, ['g'])] }, FOLD_OPS.map((op) => `${op}_x`)));
  it('for the fixed cancelling sequence alone', () =>
    checkExact({ values: xs.slice(0, 12).map((x) => ({ x })), transform: [foldSpec('x', FOLD_OPS)] }, FOLD_OPS.map((op) => `${op}_x`)));
  it('for products', () => checkExact({ values: foldRows, transform: [foldSpec('p', ['product', 'sum'], ['g'])] }, ['product_p', 'sum_p']));
  it('for values that coerce (strings, booleans, dates), -0 and infinities', () => {
    const ops = [...FOLD_OPS, 'product'];
    const names = (f: string) => ops.map((op) => `${op}_${f}`);
    const strings = [{ g: 1, v: ' 2.5 ' }, { g: 1, v: '0.1' }, { g: 2, v: 'abc' }, { g: 2, v: '' }, { g: 2, v: '1e-3' }, { g: 3, v: '' }];
    const numbers = [{ g: 1, v: -0 }, { g: 2, v: Infinity }, { g: 2, v: 1 }, { g: 3, v: -0 }, { g: 3, v: -0 }, { g: 4, v: -Infinity }];
    const booleans = [{ v: true }, { v: false }, { v: true }];
    const dates = [{ v: new Date(Date.UTC(2020, 0, 1, 0, 0, 0, 1)) }, { v: new Date(Date.UTC(2021, 5, 3)) }, { v: new Date(7) }];
    return Promise.all([
      checkExact({ values: strings, transform: [foldSpec('v', ops, ['g'])] }, names('v')),
      checkExact({ values: numbers, transform: [foldSpec('v', ops, ['g'])] }, names('v')),
      checkExact({ values: booleans, transform: [foldSpec('v', ops)] }, names('v')),
      checkExact({ values: dates, transform: [foldSpec('v', ops)] }, names('v')),
    ]);
  });
  it('gives NaN where Vega leaves the value undefined (no valid value; one value for sample statistics)', async () => {
    const rows = await checkExact({
      values: [{ g: 'a', x: null }, { g: 'a', x: NaN }, { g: 'b', x: 4 }, { g: 'c', x: null }],
      transform: [foldSpec('x', [...FOLD_OPS, 'product'], ['g'])],
    }, [...FOLD_OPS, 'product'].map((op) => `${op}_x`));
    expect(rows[0].mean_x).toBeUndefined();
    expect(rows[1].variance_x).toBeUndefined();
  });
  it('fills made cross cells with NaN for the arithmetic ops', () =>
    checkExact({
      values: [{ a: 1, b: 'x', v: 0.1 }, { a: 2, b: 'y', v: 0.2 }],
      transform: [{ type: 'aggregate', groupby: ['a', 'b'], cross: true, fields: ['v', 'v'], ops: ['sum', 'stdev'] }],
    }, ['sum_v', 'stdev_v']));
});

describe('aggregate quartiles match Vega bit for bit', () => {
  const rows = awkwardDoubles(999, 3).map((x, i) => ({ g: i % 6, x: i % 11 === 2 ? null : x / 7 }));
  const ops = ['q1', 'median', 'q3'];
  it('by group and over all rows', () => Promise.all([
    checkExact({ values: rows, transform: [foldSpec('x', ops, ['g'])] }, ['q1_x', 'median_x', 'q3_x']),
    checkExact({ values: rows, transform: [foldSpec('x', ops)] }, ['q1_x', 'median_x', 'q3_x']),
    checkExact({ values: [{ g: 1, x: 0.1 }, { g: 2, x: null }, { g: 3, x: 0.7 }, { g: 3, x: 0.1 }], transform: [foldSpec('x', ops, ['g'])] }, ['q1_x', 'median_x', 'q3_x']),
  ]));
});

describe('binned aggregates over a column of whole numbers (grouped by value first)', () => {
  // Whole numbers with nulls and repeats, on both sides of the bins' extent [0, 40].
  const rows = Array.from({ length: 400 }, (_, i) => ({
    v: i % 17 === 0 ? null : ((i * 37) % 61) - 10, w: i % 3, i, s: i % 5 === 0 ? '' : String(i % 4), d: new Date(Date.UTC(2020, 0, 1 + (i % 9))),
  }));
  const schema: Schema = inferSchema(rows).map((c) => (c.name === 'v' ? { ...c, integral: true } : c));
  const bin = { type: 'bin', field: 'v', extent: [0, 40], maxbins: 8, as: ['b0', 'b1'] };
  const pregrouped = () => expect(lastSql.value).toContain('pregroup');

  it('counts and takes valid, missing, min and max per bin, with Vega\'s order and out-of-range bins', async () => {
    await check({ values: rows, transform: [bin, { type: 'aggregate', groupby: ['b0', 'b1'], fields: [null, 'v', 's', 'i', 'i', 'd', 'v'], ops: ['count', 'valid', 'missing', 'min', 'max', 'max', 'min'] }] }, { schema });
    pregrouped();
  });
  it('groups by other columns too, and by the start alone', async () => {
    await check({ values: rows, transform: [bin, { type: 'aggregate', groupby: ['w', 'b1', 'b0'], fields: ['i'], ops: ['min'] }] }, { schema });
    pregrouped();
    await check({ values: rows, transform: [bin, { type: 'filter', expr: 'datum.i % 7 != 3' }, { type: 'aggregate', groupby: ['b0'] }] }, { schema });
    pregrouped();
  });
  it('keeps the plain grouping where it would not be exact or not bounded', async () => {
    // A formula replaced the binned column after the bin.
    await check({ values: rows, transform: [bin, { type: 'formula', expr: 'datum.i * 1.5', as: 'v' }, { type: 'aggregate', groupby: ['b0', 'b1'], fields: ['v'], ops: ['max'] }] }, { schema });
    expect(lastSql.value).not.toContain('pregroup');
    // Sums and means need their values.
    await check({ values: rows, transform: [bin, { type: 'aggregate', groupby: ['b0', 'b1'], fields: ['v', 'v'], ops: ['sum', 'mean'] }] }, { schema });
    expect(lastSql.value).not.toContain('pregroup');
    // A range wider than the bound.
    await check({ values: rows, transform: [{ ...bin, extent: [0, MAX_PREGROUP_SPAN * 2] }, { type: 'aggregate', groupby: ['b0', 'b1'] }] }, { schema });
    expect(lastSql.value).not.toContain('pregroup');
    // Numbers not known to be whole.
    await check({ values: rows, transform: [bin, { type: 'aggregate', groupby: ['b0', 'b1'] }] });
    expect(lastSql.value).not.toContain('pregroup');
  });
});

describe('binned aggregates over a formula of few values (grouped by value first)', () => {
  // Times of day over many days, with nulls; the formula takes at most 26 × 62 values.
  const rows = Array.from({ length: 600 }, (_, i) => ({
    d: i % 41 === 0 ? null : new Date(Date.UTC(2019, i % 12, 1 + (i % 28), (i * 5) % 24, (i * 11) % 60, i % 60)), i,
  }));
  const timeOfDay = { type: 'formula', expr: 'hours(datum.d) + minutes(datum.d) / 60', as: 't' };
  const bin = { type: 'bin', field: 't', extent: [0, 24], maxbins: 20, as: ['b0', 'b1'] };
  const aggregate = { type: 'aggregate', groupby: ['b0', 'b1'], fields: [null, 'i', 'i', 't'], ops: ['count', 'min', 'max', 'valid'] };
  const pregrouped = () => expect(lastSql.value).toContain('pregroup');

  for (const timeZone of ['UTC', 'America/New_York']) {
    it(`counts the time of day per bin as Vega does (${timeZone})`, async () => {
      await check({ values: rows, timeZone, transform: [timeOfDay, bin, aggregate] });
      pregrouped();
    });
  }
  it('carries the bound through later formulas and filters', async () => {
    await check({ values: rows, transform: [timeOfDay, { type: 'formula', expr: 'datum.t * 60', as: 'm' }, { type: 'filter', expr: 'datum.i % 4 != 1' },
      { ...bin, field: 'm', extent: [0, 1440] }, { type: 'aggregate', groupby: ['b0'] }] });
    pregrouped();
  });
  it('keeps the plain grouping for formulas of unknown count', async () => {
    await check({ values: rows, transform: [{ type: 'formula', expr: 'datum.i / 7 + hours(datum.d)', as: 't' }, bin, aggregate] });
    expect(lastSql.value).not.toContain('pregroup');
  });
});
