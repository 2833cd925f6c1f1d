/**
 * A table sent to a client over `largeValueWarnBytes` is logged as a warning naming the
 * dataset, once per dataset and connection (the Python client forwards the runtime's warnings to Python's logging); small
 * values and a limit of 0 log nothing.
 */
import { describe, expect, it } from 'vitest';
import { Namespace, type ITaskGraph } from '@vegafusion-ts/proto';
import { startRuntime, silentLogger, type Logger } from '../../src/index.js';
import { parseConfig } from '../../src/config.js';
import { connect } from '../support/ws-client.js';

const graph = (stop: number): ITaskGraph => ({
  nodes: [{ variable: { name: 'rows', namespace: Namespace.NAMESPACE_DATA }, task: { values: { valuesJson: '[]', pipelineJson: JSON.stringify([{ type: 'sequence', start: 0, stop }]) } } }],
});

function capture(): { logger: Logger; warnings: [string, Record<string, unknown> | undefined][] } {
  const warnings: [string, Record<string, unknown> | undefined][] = [];
  return { logger: { ...silentLogger, warn: (message, fields) => warnings.push([message, fields]) }, warnings };
}

describe('large values', () => {
  it('logs a warning for a table over the limit, with its name and size', async () => {
    const { logger, warnings } = capture();
    const runtime = await startRuntime({ port: 0, logger, largeValueWarnBytes: 10_000 });
    const client = await connect(runtime.url);
    try {
      await client.query({ requestId: 1, timeZone: 'UTC', graph: graph(100), items: [{ node: 0 }] });
      expect(warnings.filter(([m]) => m === 'large table sent to a client')).toEqual([]);
      await client.query({ requestId: 2, timeZone: 'UTC', graph: graph(20_000), items: [{ node: 0 }] });
      const large = warnings.filter(([m]) => m === 'large table sent to a client');
      expect(large).toHaveLength(1);
      expect(large[0][1]).toMatchObject({ dataset: 'rows', scope: [], limit: 10_000 });
      expect(large[0][1]?.bytes).toBeGreaterThan(10_000);
      // Once per dataset and connection: the next large answer for it logs nothing more.
      await client.query({ requestId: 3, timeZone: 'UTC', graph: graph(30_000), items: [{ node: 0 }] });
      expect(warnings.filter(([m]) => m === 'large table sent to a client')).toHaveLength(1);
    } finally {
      client.close();
      await runtime.close();
    }
  });

  it('logs nothing with a limit of 0; the flag and the environment set the limit', async () => {
    const { logger, warnings } = capture();
    const runtime = await startRuntime({ port: 0, logger, largeValueWarnBytes: 0 });
    const client = await connect(runtime.url);
    try {
      await client.query({ requestId: 1, timeZone: 'UTC', graph: graph(20_000), items: [{ node: 0 }] });
      expect(warnings.filter(([m]) => m === 'large table sent to a client')).toEqual([]);
    } finally {
      client.close();
      await runtime.close();
    }
    expect(parseConfig(['--large-value-warn-bytes', '2MB'], {}).largeValueWarnBytes).toBe(2 * 1024 * 1024);
    expect(parseConfig([], { VEGAFUSION_LARGE_VALUE_WARN_BYTES: '0' }).largeValueWarnBytes).toBe(0);
  });
});
