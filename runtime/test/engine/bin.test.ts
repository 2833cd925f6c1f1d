import { describe, expect, it } from 'vitest';
import { check, runEngine } from './stats-check.js';

const values = [0, 0.1, 0.3, 1, 2.5, 3, 7.7, 9.99, 10, -0.5, 11, null, NaN, 4.2, 5].map((x, i) => ({ i, x }));
const withSignal = { signals: ['bins'] };

function binCase(params: Record<string, unknown>, rows: Record<string, unknown>[] = values) {
  return { values: rows, transform: [{ type: 'bin', field: 'x', signal: 'bins', ...params }] };
}

describe('bin', () => {
  it('bins with defaults (nice, maxbins 20), including values at stop, outside the extent, null, NaN', () =>
    check(binCase({ extent: [0, 10] }), withSignal));
  it('bins with maxbins', () => check(binCase({ extent: [0, 10], maxbins: 3 }), withSignal));
  it('bins with an explicit step', () => check(binCase({ extent: [0, 10], step: 3 }), withSignal));
  it('bins with steps', () => check(binCase({ extent: [0, 10], steps: [0.5, 2, 4] }), withSignal));
  it('bins with base and divide', () => check(binCase({ extent: [0, 10], base: 2, divide: [2] }), withSignal));
  it('bins without nice', () => check(binCase({ extent: [0.3, 9.7], nice: false, maxbins: 7 }), withSignal));
  it('bins with anchor', () => check(binCase({ extent: [0, 10], step: 2, anchor: 0.5 }), withSignal));
  it('bins with minstep', () => check(binCase({ extent: [0, 1], minstep: 0.25 }), withSignal));
  it('bins with span', () => check(binCase({ extent: [0, 10], span: 100 }), withSignal));
  it('bins with a zero-width extent', () => check(binCase({ extent: [3, 3] }), withSignal));
  it('writes only bin0 with interval false, under "as" names', () =>
    check(binCase({ extent: [0, 10], interval: false, as: ['lo', 'hi'] }), withSignal));
  it('names the signal after "name"', () => check(binCase({ extent: [0, 10], name: 'mybin', as: ['lo', 'hi'] }), withSignal));
  it('overwrites an existing field named like an output', () =>
    check({ values: values.map((r) => ({ ...r, bin0: 'old' })), transform: [{ type: 'bin', field: 'x', extent: [0, 10] }] }));
  it('bins floating point edges exactly as Vega (tenths)', () => {
    const rows = Array.from({ length: 101 }, (_, i) => ({ x: i / 10 }));
    return check(binCase({ extent: [0, 10], maxbins: 50 }, rows), withSignal);
  });
  it('bins large numbers', () => {
    const rows = [1e12, 3.3e12, 7.123456789e12, 9.99e12].map((x) => ({ x }));
    return check(binCase({ extent: [1e12, 1e13] }, rows), withSignal);
  });
  it('bins negative ranges', () => {
    const rows = [-103.2, -55, -0.01, -77.7].map((x) => ({ x }));
    return check(binCase({ extent: [-103.2, -0.01], maxbins: 12 }, rows), withSignal);
  });
  it('bins numeric strings and dates through toNumber', () => {
    const rows = [{ x: '5' }, { x: ' 7.5 ' }, { x: '' }, { x: 'abc' }, { x: '1e1' }, { x: null }];
    return check(binCase({ extent: [0, 10] }, rows), withSignal);
  });
  it('bins dates by their milliseconds', () => {
    const rows = [0, 5, 17, 40].map((d) => ({ x: new Date(Date.UTC(2020, 0, 1 + d)) }));
    return check(binCase({ extent: [Date.UTC(2020, 0, 1), Date.UTC(2020, 1, 10)] }, rows), withSignal);
  });
  it('bins empty input', () => check(binCase({ extent: [0, 10] }, []), withSignal));
  it('takes the extent from an extent transform signal (crossfilter pattern)', () =>
    check({
      values,
      transform: [
        { type: 'extent', field: 'x', signal: 'ext' },
        { type: 'bin', field: 'x', extent: { signal: 'ext' }, maxbins: 10, signal: 'bins' },
        { type: 'aggregate', groupby: ['bin0', 'bin1'], ops: ['count'], as: ['n'] },
      ],
    }, { signals: ['ext', 'bins'] }));
  it('queries the extent when none is given', async () => {
    const explicit = await runEngine(binCase({ extent: [-0.5, 11] }), ['bins']);
    const queried = await runEngine({ values, transform: [{ type: 'bin', field: 'x', signal: 'bins' }] }, ['bins']);
    expect(queried.rows).toEqual(explicit.rows);
    expect(queried.signals.bins).toEqual(explicit.signals.bins);
  });
  it('rejects a malformed extent and an unknown parameter', async () => {
    await expect(runEngine(binCase({ extent: [1] }))).rejects.toMatchObject({ name: 'TransformError', code: 'bad_transform' });
    await expect(runEngine(binCase({ extent: [0, 1], bogus: 1 }))).rejects.toMatchObject({ name: 'TransformError', code: 'unsupported_transform' });
  });
});
