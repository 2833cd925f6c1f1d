import { describe, expect, it } from 'vitest';
import { tableFromArrays } from 'apache-arrow';
import {
  arrowToRows, decodeArrow, decodeClientMessage, decodeJsonValue, encodeArrow, encodeClientMessage,
  encodeJsonValue, PROTOCOL_VERSION, ProtocolError, v1,
} from '../src/index.js';

describe('client messages', () => {
  it('round-trip a query with its graph', () => {
    const bytes = encodeClientMessage({ query: { requestId: 7, timeZone: 'Europe/Berlin', items: [{ node: 1, columns: ['a'] }], graph: { nodes: [{ task: { signal: { expr: '1+1' } } }] } } });
    const m = decodeClientMessage(bytes);
    expect(m.version).toBe(PROTOCOL_VERSION);
    expect(m.query?.requestId).toBe(7);
    expect(m.query?.items?.[0].columns).toEqual(['a']);
    expect(m.query?.graph?.nodes?.[0].task?.signal?.expr).toBe('1+1');
  });

  it('refuse an unknown version with code unsupported_version', () => {
    const bytes = v1.ClientMessage.encode({ version: 99, cancel: { requestId: 1 } }).finish();
    expect(() => decodeClientMessage(bytes)).toThrow(expect.objectContaining({ code: 'unsupported_version' }));
  });

  it('refuse garbage and empty envelopes with code bad_message', () => {
    expect(() => decodeClientMessage(new Uint8Array([0xff, 0xff, 0xff, 0xff]))).toThrow(ProtocolError);
    const empty = v1.ClientMessage.encode({ version: PROTOCOL_VERSION }).finish();
    expect(() => decodeClientMessage(empty)).toThrow(expect.objectContaining({ code: 'bad_message' }));
  });
});

describe('extended JSON values', () => {
  it('keep Dates, NaN and infinities', () => {
    const value = { d: new Date(Date.UTC(2001, 0, 1)), n: NaN, i: [Infinity, -Infinity, 1, null], s: 'x' };
    const back = decodeJsonValue(encodeJsonValue(value)) as typeof value;
    expect(back.d).toBeInstanceOf(Date);
    expect(back.d.getTime()).toBe(value.d.getTime());
    expect(back.n).toBeNaN();
    expect(back.i).toEqual([Infinity, -Infinity, 1, null]);
    expect(back.s).toBe('x');
  });
});

describe('arrow helpers', () => {
  it('turn IPC tables into Vega rows', () => {
    const table = tableFromArrays({ a: Float64Array.from([1, 2]), b: ['x', 'y'] });
    const rows = arrowToRows(decodeArrow(encodeArrow(table)));
    expect(rows).toEqual([{ a: 1, b: 'x' }, { a: 2, b: 'y' }]);
  });
});
