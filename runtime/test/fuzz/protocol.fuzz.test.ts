/**
 * Property-based test of the protocol decoder, bounded in time: random and mutated
 * frames decode to a message of a known kind or throw a ProtocolError with its code,
 * and a runtime fed them over a WebSocket answers each with at most one structured
 * reply and keeps serving.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  decodeClientMessage, decodeServerMessage, encodeClientMessage, Namespace, ProtocolError, type IClientMessage, type ServerMessage,
} from '@vegafusion-ts/proto';
import { startRuntime, silentLogger, type RuntimeHandle } from '../../src/index.js';
import { connect, type TestClient } from '../support/ws-client.js';
import { waitUntil } from '../server/helpers.js';

const text = fc.string({ maxLength: 20 });
const node = fc.record({
  variable: fc.record({ name: text, namespace: fc.constantFrom(Namespace.NAMESPACE_SIGNAL, Namespace.NAMESPACE_DATA) }),
  parents: fc.array(fc.nat({ max: 5 }), { maxLength: 3 }),
  task: fc.oneof(
    fc.record({ value: fc.record({ json: text }) }),
    fc.record({ url: fc.record({ url: text, formatJson: text, pipelineJson: text }) }),
    fc.record({ source: fc.record({ source: text, pipelineJson: text }) }),
    fc.record({ signal: fc.record({ expr: text }) }),
  ),
});
const message: fc.Arbitrary<Omit<IClientMessage, 'version'>> = fc.oneof(
  fc.record({ query: fc.record({
    requestId: fc.nat(), timeZone: text, graph: fc.record({ nodes: fc.array(node, { maxLength: 5 }) }),
    items: fc.array(fc.record({ node: fc.nat({ max: 6 }), columns: fc.array(text, { maxLength: 2 }), signalsOnly: fc.boolean() }), { maxLength: 3 }),
  }) }),
  fc.record({ cancel: fc.record({ requestId: fc.nat() }) }),
  fc.record({ capabilities: fc.record({ requestId: fc.nat() }) }),
);

/** A valid frame damaged: truncated, bytes flipped, or bytes inserted. */
const damaged = fc.tuple(message, fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 8 }), fc.constantFrom('truncate', 'flip', 'insert'))
  .map(([m, at, junk, how]) => {
    const bytes = encodeClientMessage(m);
    const i = bytes.length === 0 ? 0 : at % bytes.length;
    if (how === 'truncate') return bytes.slice(0, i);
    if (how === 'flip') {
      const out = bytes.slice();
      junk.forEach((b, k) => { if (i + k < out.length) out[i + k] ^= b; });
      return out;
    }
    return new Uint8Array([...bytes.slice(0, i), ...junk, ...bytes.slice(i)]);
  });
const frame = fc.oneof(fc.uint8Array({ maxLength: 300 }), damaged);

/** Decodes, or returns the ProtocolError code; any other outcome fails the property. */
function decodeOutcome(bytes: Uint8Array): string {
  try {
    const m = decodeClientMessage(bytes);
    expect(m.version).toBe(1);
    expect(['query', 'cancel', 'capabilities']).toContain(m.kind);
    return m.kind ?? '';
  } catch (error) {
    expect(error).toBeInstanceOf(ProtocolError);
    expect(['bad_message', 'unsupported_version']).toContain((error as ProtocolError).code);
    return (error as ProtocolError).code;
  }
}

describe('protocol decoder fuzz', () => {
  it('round-trips every message it encodes', () => {
    fc.assert(fc.property(message, (m) => {
      const decoded = decodeClientMessage(encodeClientMessage(m));
      expect(decoded.kind).toBe(Object.keys(m)[0]);
    }), { numRuns: 300, interruptAfterTimeLimit: 2000, seed: 1 });
  });

  it('decodes random and damaged frames or refuses them with a code', () => {
    const outcomes = new Set<string>();
    fc.assert(fc.property(frame, (bytes) => {
      outcomes.add(decodeOutcome(bytes));
    }), { numRuns: 3000, interruptAfterTimeLimit: 3000, seed: 2 });
    expect(outcomes).toContain('bad_message');
    expect(outcomes).toContain('unsupported_version');
  });
});

describe('a runtime fed random frames', () => {
  let runtime: RuntimeHandle;
  let client: TestClient;
  const replies: ServerMessage[] = [];

  beforeAll(async () => {
    runtime = await startRuntime({ port: 0, logger: silentLogger, maxConcurrentQueries: 64 });
    client = await connect(runtime.url);
    client.ws.on('message', (bytes: Buffer) => replies.push(decodeServerMessage(new Uint8Array(bytes))));
  });
  afterAll(async () => {
    client?.close();
    await runtime?.close();
  });

  it('answers each with at most one structured reply and keeps serving', async () => {
    const frames = fc.sample(frame, { numRuns: 300, seed: 3 });
    let expected = 0;
    for (const bytes of frames) {
      const kind = decodeOutcome(bytes);
      // A cancel is not answered; every other frame is, once.
      if (kind !== 'cancel') expected++;
      client.sendRaw(bytes);
    }
    await waitUntil(() => replies.length >= expected, 20_000, `${expected} replies (have ${replies.length})`);
    await new Promise((r) => setTimeout(r, 100));
    expect(replies.length).toBe(expected);
    for (const r of replies) {
      if (r.error) expect(r.error.code).toMatch(/^[a-z_]+$/);
      expect(r.error?.code).not.toBe('internal');
    }
    const ok = await client.query({ requestId: 4_000_000_000, timeZone: 'UTC', items: [{ node: 0 }], graph: { nodes: [{ variable: { name: 's' }, task: { signal: { expr: '1 + 1' } } }] } });
    expect(ok.result?.values?.[0].value?.json).toBe('2');
  });
});
