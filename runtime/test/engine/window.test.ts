import { describe, expect, it } from 'vitest';
import { awkwardDoubles, check, checkExact, runEngine } from './stats-check.js';

const RANKS = ['row_number', 'rank', 'dense_rank', 'percent_rank', 'cume_dist'];
const VALUE_OPS = ['first_value', 'last_value', 'prev_value', 'next_value'];
const AGG_OPS = ['count', 'valid', 'missing', 'distinct', 'sum', 'product', 'mean', 'average', 'variance',
  'variancep', 'stdev', 'stdevp', 'stderr', 'median', 'q1', 'q3', 'min', 'max'];

const values = [
  { g: 'a', k: 3, x: 1, s: 'p', d: new Date(Date.UTC(2020, 0, 3)) },
  { g: 'b', k: 1, x: null, s: 'q', d: null },
  { g: 'a', k: 1, x: 4, s: null, d: new Date(Date.UTC(2020, 0, 1)) },
  { g: 'a', k: 3, x: NaN, s: 'r', d: null },
  { g: 'b', k: 2, x: 2, s: '', d: new Date(Date.UTC(2020, 0, 5)) },
  { g: 'a', k: null, x: 5, s: 'p', d: new Date(Date.UTC(2020, 0, 9)) },
  { g: 'a', k: 2, x: null, s: 's', d: null },
  { g: 'b', k: 2, x: 8, s: 'q', d: new Date(Date.UTC(2020, 0, 2)) },
  { g: 'a', k: 3, x: 6, s: null, d: new Date(Date.UTC(2020, 0, 4)) },
  { g: null, k: NaN, x: 7, s: 't', d: null },
];

function win(params: Record<string, unknown>) {
  return { values, transform: [{ type: 'window', ...params }] };
}

describe('window', () => {
  it('numbers rows and ranks without a sort (every row its own peer)', () =>
    check(win({ groupby: ['g'], ops: [...RANKS, 'ntile'], params: [null, null, null, null, null, 3] })));
  it('ranks with ties, nulls and NaN in the sort, per partition', () =>
    check(win({ groupby: ['g'], sort: { field: 'k' }, ops: [...RANKS, 'ntile'], params: [null, null, null, null, null, 4] })));
  it('ranks by a descending multi-field sort', () =>
    check(win({ sort: { field: ['g', 'k'], order: ['descending', 'ascending'] }, ops: RANKS })));
  it('percent_rank of a one-row partition is NaN', () =>
    check(win({ groupby: ['x'], sort: { field: 'k' }, ops: ['percent_rank'] })));
  it('lags and leads with default and explicit offsets', () =>
    check(win({ groupby: ['g'], sort: { field: 'k' }, ops: ['lag', 'lead', 'lag', 'lead'], fields: ['x', 'x', 's', 'd'], params: [null, null, 2, 3], as: ['l1', 'n1', 'l2', 'n3'] })));
  it('fills values forward and backward (prev_value, next_value)', () =>
    check(win({ sort: { field: 'k' }, ops: ['prev_value', 'next_value', 'prev_value', 'next_value'], fields: ['x', 'x', 'd', 'd'] })));
  it('reads first, last and nth values over the default frame, peers included', () =>
    check(win({ groupby: ['g'], sort: { field: 'k' }, ops: [...VALUE_OPS, 'nth_value'], fields: ['x', 'x', 'x', 'x', 'x'], params: [null, null, null, null, 2] })));
  // Vega re-reads min and max from a memo that its quartile ops overwrite within one row,
  // giving stale extremes when both kinds share a field; they are checked apart.
  const FRAME_GROUPS = [AGG_OPS.filter((op) => !['min', 'max'].includes(op)), ['min', 'max', 'count', 'sum']];
  for (const frame of [[null, 0], [null, null], [-1, 1], [-2, 0], [0, 2], [0, null]]) {
    for (const ignorePeers of [false, true]) {
      for (const aggOps of FRAME_GROUPS) {
        it(`computes ${aggOps.length} aggregate ops and value ops over frame ${JSON.stringify(frame)}${ignorePeers ? ' ignoring peers' : ''}`, () =>
          check(win({
            groupby: ['g'], sort: { field: 'k' }, frame, ignorePeers,
            ops: [...aggOps, 'first_value', 'last_value', 'nth_value'],
            fields: [...aggOps.map(() => 'x'), 'x', 'x', 'x'],
            params: [...aggOps.map(() => null), null, null, 2],
          })));
      }
    }
  }
  // Vega fails on value ops (and, with peers, on the frame ends) for frames that leave the
  // partition. For a frame starting after the row, its first step removes rows it never
  // added, which leaves min and max wrong; counts and sums stay right.
  it('computes aggregate ops over a frame before the row', () =>
    check(win({ groupby: ['g'], sort: { field: 'k' }, frame: [-3, -1], ignorePeers: true, ops: ['count', 'sum', 'min', 'valid', 'median'], fields: [null, 'x', 'x', 'x', 'x'] })));
  it('computes counts and sums over a frame after the row', () =>
    check(win({ groupby: ['g'], sort: { field: 'k' }, frame: [1, 3], ignorePeers: true, ops: ['count', 'sum', 'valid'], fields: [null, 'x', 'x'] })));
  it('computes a running count and sum in row order without a sort', () =>
    check(win({ ops: ['count', 'sum', 'distinct'], fields: [null, 'x', 's'] })));
  it('computes frame aggregates over strings (without empty strings) and dates', () =>
    check({ values: values.map((r) => ({ ...r, s: r.s === '' ? 'm' : r.s })), transform: [{ type: 'window', sort: { field: 'x' }, frame: [-2, 2], ops: ['min', 'max', 'distinct', 'min', 'max', 'mean'], fields: ['s', 's', 's', 'd', 'd', 'd'], as: ['a', 'b', 'c', 'e', 'f', 'h'] }] }));
  it('keeps ties of many rows stable (row_number over a constant sort key)', () => {
    const rows = Array.from({ length: 400 }, (_, i) => ({ g: i % 3, k: i % 5, i }));
    return check({ values: rows, transform: [{ type: 'window', groupby: ['g'], sort: { field: 'k', order: 'descending' }, ops: ['row_number', 'rank', 'sum'], fields: [null, null, 'i'], frame: [-5, 5] }] });
  });
  it('handles empty input', () => check({ values: [], transform: [{ type: 'window', ops: ['row_number'] }] }));
  it('rejects unknown ops, row-object ops and bad params', async () => {
    await expect(runEngine(win({ ops: ['nope'] }))).rejects.toMatchObject({ name: 'TransformError', code: 'unsupported_transform', path: '/0' });
    await expect(runEngine(win({ ops: ['argmax'], fields: ['x'] }))).rejects.toMatchObject({ name: 'TransformError', code: 'unsupported_transform' });
    await expect(runEngine(win({ ops: ['ntile'], params: [0] }))).rejects.toMatchObject({ name: 'TransformError', code: 'bad_transform' });
    await expect(runEngine(win({ ops: ['nth_value'], fields: ['x'], params: [0] }))).rejects.toMatchObject({ name: 'TransformError', code: 'bad_transform' });
    await expect(runEngine(win({ ops: ['lag'] }))).rejects.toMatchObject({ name: 'TransformError', code: 'bad_transform' });
    await expect(runEngine(win({ ops: ['sum'], fields: ['x'], frame: [0.5, 1] }))).rejects.toMatchObject({ name: 'TransformError', code: 'bad_transform' });
  });
});

// Vega's window adds values entering the frame and removes those leaving it, so a running
// or sliding mean is a chain of updates that only a replay reproduces to the last bit.
describe('window arithmetic matches Vega bit for bit', () => {
  const FOLD_OPS = ['sum', 'product', 'mean', 'average', 'variance', 'variancep', 'stdev', 'stdevp', 'stderr'];
  const rows = awkwardDoubles(600, 5).map((x, i) => ({
    g: ['a', 'b', null][(i * 5) % 3],
    k: Math.floor(((i * 37) % 101) / 4),
    x: i % 13 === 3 ? null : i % 31 === 8 ? NaN : x,
  }));
  const names = FOLD_OPS.map((op) => `${op}_x`);
  const fold = (params: Record<string, unknown>) =>
    ({ values: rows, transform: [{ type: 'window', ops: FOLD_OPS, fields: FOLD_OPS.map(() => 'x'), ...params }] });
  for (const frame of [[null, 0], [null, null], [-3, 2], [0, null], [-5, -1], [2, 4]]) {
    // Vega itself fails with peers on frames that leave the partition (see above).
    const leaves = frame.every((f) => f !== null && f !== 0);
    if (!leaves) {
      it(`over frame ${JSON.stringify(frame)} with sort peers, by group`, () =>
        checkExact(fold({ frame, groupby: ['g'], sort: { field: 'k' } }), names));
    }
    it(`over frame ${JSON.stringify(frame)} ignoring peers, in row order`, () =>
      checkExact(fold({ frame, ignorePeers: true }), names));
  }
  it('over the default frame (running values) with a descending sort', () =>
    checkExact(fold({ sort: { field: 'k', order: 'descending' } }), names));
});
