import { describe, expect, it } from 'vitest';
import { arrowToRows, decodeArrow, decodeJsonValue } from '@vegafusion-ts/proto';
import { decodeTaskValue, encodeDatasetValue, encodeSignalValue, AUTO_ARROW_ROWS } from '../../src/client/values.js';
import { ClientError } from '../../src/client/errors.js';

describe('values', () => {
  it('sends signals as extended JSON', () => {
    const v = encodeSignalValue({ d: new Date(10), n: NaN, a: [1, -Infinity] });
    expect(decodeJsonValue(v.json ?? '')).toEqual({ d: new Date(10), n: NaN, a: [1, -Infinity] });
  });

  it('sends flat datasets as Arrow when asked, keeping types and nulls', () => {
    const rows = [{ n: 1.5, s: 'a', b: true, d: new Date(86_400_000) }, { n: null, s: null, b: false, d: null }];
    const v = encodeDatasetValue(rows, 'arrow');
    expect(v.arrow).toBeInstanceOf(Uint8Array);
    expect(arrowToRows(decodeArrow(v.arrow as Uint8Array))).toEqual(rows);
  });

  it('falls back to JSON for nested or mixed columns', () => {
    const nested = [{ unit: 'u', values: [1, 2] }];
    expect(encodeDatasetValue(nested, 'arrow').json).toBeDefined();
    expect(encodeDatasetValue([{ a: 1 }, { a: 'x' }], 'arrow').json).toBeDefined();
  });

  it('switches to Arrow past a size in auto mode', () => {
    const small = Array.from({ length: 3 }, (_, i) => ({ i }));
    const large = Array.from({ length: AUTO_ARROW_ROWS }, (_, i) => ({ i }));
    expect(encodeDatasetValue(small, 'auto').json).toBeDefined();
    expect(encodeDatasetValue(large, 'auto').arrow).toBeDefined();
    expect(decodeTaskValue(encodeDatasetValue(large, 'auto'), 't')).toEqual(large);
  });

  it('decodes runtime values and names what failed', () => {
    expect(decodeTaskValue({ json: '{"$vf":"nan"}' }, 's')).toBeNaN();
    expect(decodeTaskValue({}, 's')).toBeUndefined();
    const stream = encodeDatasetValue([{ a: 1 }, { a: 2 }], 'arrow').arrow as Uint8Array;
    expect(() => decodeTaskValue({ arrow: stream.slice(0, stream.length - 10) }, 'data:x')).toThrow(ClientError);
    expect(() => decodeTaskValue({ json: '{' }, 'data:x')).toThrow(/data:x/);
  });
});
