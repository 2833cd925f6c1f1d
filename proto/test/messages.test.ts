import { describe, expect, it } from 'vitest';
import { tableFromArrays } from 'apache-arrow';
import {
  arrowToRows, decodeArrow, decodeClientMessage, decodeJsonValue, encodeArrow, encodeClientMessage,
  encodeJsonValue, encodeServerFrames, encodeServerMessage, PROTOCOL_VERSION, ProtocolError, ServerFrameReader, v1,
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

describe('server frames', () => {
  const big = new Uint8Array(100_000).map((_, i) => i % 251);
  const small = new Uint8Array([1, 2, 3]);
  const reply = { result: { requestId: 4, values: [{ node: 0, value: { arrow: big } }, { node: 1, value: { arrow: small } }, { node: 2, value: { json: '7' } }, { node: 3, value: { arrow: big.subarray(0, 70_000) } }] } };

  it('send large tables as their own frames, the cached bytes themselves, to a client that reads them', () => {
    const frames = encodeServerFrames(reply, true);
    expect(frames).toHaveLength(3);
    expect(frames[1]).toBe(big);
    expect(frames[0].byteLength).toBeLessThan(100);
    const reader = new ServerFrameReader();
    expect(reader.push(frames[0])).toBeUndefined();
    expect(reader.push(frames[1])).toBeUndefined();
    const m = reader.push(frames[2]);
    expect(m?.result?.values?.map((v) => v.value?.kind)).toEqual(['arrow', 'arrow', 'json', 'arrow']);
    expect(m?.result?.values?.[0].value?.arrow).toBe(big);
    expect([...m?.result?.values?.[1].value?.arrow ?? []]).toEqual([1, 2, 3]);
    expect(m?.result?.values?.[3].value?.arrow?.byteLength).toBe(70_000);
    expect(m?.result?.values?.[3].value?.arrowFrame ?? undefined).toBeUndefined();
    // The next message starts afresh.
    expect(reader.push(encodeServerMessage({ error: { requestId: 5, code: 'x' } }))?.error?.requestId).toBe(5);
  });

  it('embed every table for a client that does not ask, or when none is large', () => {
    const [one, ...rest] = encodeServerFrames(reply, false);
    expect(rest).toEqual([]);
    expect(new ServerFrameReader().push(one)?.result?.values?.[0].value?.arrow?.byteLength).toBe(100_000);
    expect(encodeServerFrames({ result: { requestId: 1, values: [{ node: 0, value: { arrow: small } }] } }, true)).toHaveLength(1);
  });

  it('refuse a message whose values and frames do not match', () => {
    const namesMissing = v1.ServerMessage.encode({ version: PROTOCOL_VERSION, frames: 1, result: { requestId: 1, values: [{ node: 0, value: { arrowFrame: 1 } }] } }).finish();
    const reader = new ServerFrameReader();
    reader.push(namesMissing);
    expect(() => reader.push(small)).toThrow(expect.objectContaining({ code: 'bad_message' }));
    const unnamed = v1.ServerMessage.encode({ version: PROTOCOL_VERSION, frames: 2, result: { requestId: 1, values: [{ node: 0, value: { arrowFrame: 0 } }] } }).finish();
    reader.reset();
    reader.push(unnamed);
    reader.push(small);
    expect(() => reader.push(small)).toThrow(/brought 2 frames; its values name 1/);
    const tooMany = v1.ServerMessage.encode({ version: PROTOCOL_VERSION, frames: 1 << 20 }).finish();
    expect(() => reader.push(tooMany)).toThrow(/at most/);
  });

  it('forget a message still waiting for its frames on reset', () => {
    const reader = new ServerFrameReader();
    const [head] = encodeServerFrames(reply, true);
    reader.push(head);
    reader.reset();
    expect(reader.push(encodeServerMessage({ error: { requestId: 9, code: 'x' } }))?.error?.requestId).toBe(9);
  });
});
