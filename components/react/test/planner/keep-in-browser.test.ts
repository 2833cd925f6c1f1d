/**
 * `keepInBrowser`: what the runtime reported it could not compute stays in the browser,
 * whole or from a transform on, with everything that depends on it, and the report says why.
 */
import { describe, expect, it } from 'vitest';
import { planChart, type ChartPlan, type KeepInBrowser } from '../../src/planner/index.js';
import { TEST_CAPABILITIES } from './capabilities-fixture.js';

type Json = Record<string, unknown>;
const SPEC: Json = {
  data: [
    { name: 'src', url: 'data/cars.csv', format: { type: 'csv' }, transform: [
      { type: 'filter', expr: 'datum.a > 1' }, { type: 'formula', expr: 'datum.a * 2', as: 'b' }, { type: 'filter', expr: 'datum.b > 3' },
    ] },
    { name: 'child', source: 'src', transform: [{ type: 'aggregate', groupby: ['a'] }] },
  ],
  marks: [
    { type: 'symbol', from: { data: 'src' }, encode: { update: { x: { field: 'b' } } } },
    { type: 'symbol', from: { data: 'child' }, encode: { update: { x: { field: 'count' } } } },
  ],
};
const plan = (keep?: KeepInBrowser[]): ChartPlan => planChart(SPEC, { capabilities: TEST_CAPABILITIES, keepInBrowser: keep });
const entry = (p: ChartPlan, name: string) => p.report.entries.find((e) => e.name === name);

describe('keepInBrowser', () => {
  it('moves everything without it, and names each server node', () => {
    const p = plan();
    expect(entry(p, 'src')?.status).toBe('server');
    expect(entry(p, 'child')?.status).toBe('server');
    expect(p.serverNodes).toEqual([{ kind: 'data', name: 'src', scope: [] }, { kind: 'data', name: 'child', scope: [] }]);
  });

  it('splits a dataset at the transform named, and keeps what reads it in the browser', () => {
    const p = plan([{ name: 'src', fromTransform: 1, reason: 'runtime said no' }]);
    expect(entry(p, 'src')).toMatchObject({ status: 'split', reason: 'runtime said no' });
    expect(entry(p, 'child')).toMatchObject({ status: 'client', reason: 'Source "src" is computed in the browser' });
    expect(JSON.parse(p.serverGraph.nodes?.[0].task?.url?.pipelineJson ?? '[]')).toEqual([{ type: 'filter', expr: 'datum.a > 1' }]);
    expect(p.serverNodes).toEqual([{ kind: 'data', name: 'src', scope: [] }]);
    expect(p.toClient.map((t) => t.name)).toEqual(['src_server']);
  });

  it('keeps a whole dataset, and the earliest request wins', () => {
    const p = plan([{ name: 'src', fromTransform: 2, reason: 'later' }, { name: 'src', reason: 'whole' }]);
    expect(entry(p, 'src')).toMatchObject({ status: 'client', reason: 'whole' });
    expect(p.serverGraph.nodes).toEqual([]);
    expect(p.report.datasetsMoved).toBe(0);
  });

  it('matches the scope when one is given', () => {
    expect(entry(plan([{ name: 'child', scope: [0], reason: 'x' }]), 'child')?.status).toBe('server');
    expect(entry(plan([{ name: 'child', scope: [], reason: 'x' }]), 'child')?.status).toBe('client');
  });
});
