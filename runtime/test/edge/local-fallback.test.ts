/**
 * An edge of an older release than its upstream: the planner plans against the upstream's
 * capabilities, so a request may hold a transform the edge's own engine lacks. What the
 * edge would compute itself is then forwarded, and answered.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { arrowToRows, decodeArrow, Namespace, type IQuery } from '@vegafusion-ts/proto';
import { createServices, defaultConfig, silentLogger, startRuntime, type RuntimeHandle } from '../../src/index.js';
import { createEdge, type Edge } from '../../src/edge/index.js';
import type { SqlEngine } from '../../src/engine/duckdb.js';

let upstream: RuntimeHandle;
let engine: SqlEngine;
let edge: Edge;

beforeAll(async () => {
  upstream = await startRuntime({ port: 0, logger: silentLogger });
  const made = await createServices({ ...defaultConfig(), dataRoots: [] });
  engine = made.engine;
  // This edge's engine knows no `fold`.
  made.services.transforms = new Map([...made.services.transforms].filter(([type]) => type !== 'fold'));
  edge = createEdge({ upstream: `ws://127.0.0.1:${upstream.port}/ws`, services: made.services, cacheBytes: 1 << 24, maxInlineBytes: 1 << 20, logger: silentLogger });
}, 60_000);

afterAll(async () => {
  edge?.close();
  await engine?.close();
  await upstream?.close();
});

const inline = (pipeline: unknown[]): IQuery => ({
  requestId: 1, timeZone: 'UTC', items: [{ node: 0 }],
  graph: { nodes: [{ variable: { name: 't', namespace: Namespace.NAMESPACE_DATA }, task: { values: { valuesJson: JSON.stringify([{ a: 1, b: 2 }]), pipelineJson: JSON.stringify(pipeline) } } }] },
});

describe('local work the edge cannot do', () => {
  it('is forwarded to the upstream and answered', async () => {
    const computed = await edge.answer(inline([{ type: 'formula', expr: 'datum.a + datum.b', as: 'c' }]), new AbortController().signal);
    expect(computed.values?.[0].origin).toBe('edge-computed');
    const folded = await edge.answer(inline([{ type: 'fold', fields: ['a', 'b'] }]), new AbortController().signal);
    expect(folded.values?.[0].origin).toBe('upstream>computed');
    expect(arrowToRows(decodeArrow(folded.values![0].value!.arrow!)).map((r) => [r.key, r.value])).toEqual([['a', 1], ['b', 2]]);
    const stats = edge.stats();
    expect(stats.computedItems).toBe(1);
    expect(stats.forwardedItems).toBe(1);
  });
});
