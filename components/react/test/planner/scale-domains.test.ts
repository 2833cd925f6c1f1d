/**
 * Data-driven scale domains over server datasets read small server datasets instead of
 * the raw rows: Altair's sorted bars (`sort="-x"`, `sort="y"`, an aggregate op, an
 * explicit order), a domain over several datasets, a continuous domain. A dataset whose
 * rows the browser reads anyway keeps its domains as they are.
 */
import { describe, expect, it } from 'vitest';
import { planChart, type ChartPlan } from '../../src/planner/index.js';
import { TEST_CAPABILITIES } from './capabilities-fixture.js';

type Json = Record<string, unknown>;
const plan = (spec: Json): ChartPlan => planChart(spec, { capabilities: TEST_CAPABILITIES });
const scale = (p: ChartPlan, name: string): Json => ((p.clientSpec as unknown as { scales: Json[] }).scales).find((s) => s.name === name) as Json;
/** Names of the server datasets whose tables travel to the browser, with their columns. */
const shipped = (p: ChartPlan): Record<string, string[]> => Object.fromEntries(p.toClient.filter((t) => !t.signalsOnly).map((t) => [t.name, t.columns]));
const pipeline = (p: ChartPlan, name: string): unknown => {
  const i = p.serverNodes.findIndex((o) => o.name === name);
  return JSON.parse(p.serverGraph.nodes?.[i]?.task?.source?.pipelineJson ?? 'null');
};

const sortedBar = (sort: unknown, extra: Json = {}): Json => ({
  data: { url: 'vegafusion+dataset://sales' },
  mark: 'bar',
  encoding: { y: { field: 'region', type: 'nominal', sort }, x: { aggregate: 'count', type: 'quantitative' } },
  ...extra,
});

describe('sorted bars (Altair) keep the raw rows on the server', () => {
  it('sort="-x": the domain reads counts per region, sorted by them descending', () => {
    const p = plan(sortedBar('-x'));
    expect(shipped(p)).toEqual({ data_0: ['__count', 'region'], vf_values_y: ['__vf_sort', 'region'] });
    expect(pipeline(p, 'vf_values_y')).toEqual([{ type: 'aggregate', groupby: ['region'], ops: ['count'], fields: [null], as: ['__vf_sort'] }]);
    expect(scale(p, 'y').domain).toEqual({ data: 'vf_values_y', field: 'region', sort: { op: 'max', field: '__vf_sort', order: 'descending' } });
    expect(p.report.entries.find((e) => e.kind === 'scale')).toMatchObject({ name: 'y', status: 'server', path: '/scales/1' });
  });

  it('sort="y": the distinct regions, sorted by value', () => {
    const p = plan(sortedBar('y'));
    expect(Object.keys(shipped(p)).sort()).toEqual(['data_0', 'vf_values_y']);
    expect(scale(p, 'y').domain).toEqual({ data: 'vf_values_y', field: 'region', sort: true });
  });

  it('sort by the mean of a field: the mean is computed on the server', () => {
    const p = plan(sortedBar({ op: 'mean', field: 'profit', order: 'descending' }));
    expect(Object.keys(shipped(p)).sort()).toEqual(['data_0', 'vf_values_y']);
    expect(pipeline(p, 'vf_values_y')).toEqual([{ type: 'aggregate', groupby: ['region'], ops: ['mean'], fields: ['profit'], as: ['__vf_sort'] }]);
    expect(scale(p, 'y').domain).toMatchObject({ sort: { op: 'max', field: '__vf_sort', order: 'descending' } });
  });

  it('an explicit order keeps its order (the sort index Vega-Lite computes, by its min)', () => {
    const p = plan(sortedBar(['west', 'east', 'north']));
    expect(Object.keys(shipped(p)).sort()).toEqual(['data_0', 'vf_values_y']);
    expect(pipeline(p, 'vf_values_y')).toEqual([{ type: 'aggregate', groupby: ['region'], ops: ['min'], fields: ['y_region_sort_index'], as: ['__vf_sort'] }]);
  });

  it('a layered bar with count labels (Altair bar + text, sort="-x") shares one server domain', () => {
    const enc = { y: { field: 'region', type: 'nominal', sort: '-x' }, x: { aggregate: 'count', type: 'quantitative' } };
    const p = plan({ data: { url: 'vegafusion+dataset://sales' }, layer: [{ mark: 'bar', encoding: enc }, { mark: 'text', encoding: { ...enc, text: { aggregate: 'count', type: 'quantitative' } } }] });
    expect(Object.keys(shipped(p)).sort()).toEqual(['data_0', 'vf_values_y']);
    expect(p.report.entries.filter((e) => e.kind === 'scale')).toHaveLength(1);
  });

  it('an explicit domain (a list of values) stays as it is', () => {
    const p = plan(sortedBar('-x', { encoding: { y: { field: 'region', type: 'nominal', scale: { domain: ['a', 'b'] } }, x: { aggregate: 'count', type: 'quantitative' } } }));
    expect(scale(p, 'y').domain).toEqual(['a', 'b']);
    expect(p.report.entries.some((e) => e.kind === 'scale')).toBe(false);
  });

  it('a sorted domain in a layered chart over two datasets reads their per-field aggregates', () => {
    const p = plan({
      data: [
        { name: 'raw', url: 'vegafusion+dataset://sales' },
        { name: 'returns', url: 'vegafusion+dataset://returns' },
        { name: 'counts', source: 'raw', transform: [{ type: 'aggregate', groupby: ['region'] }] },
      ],
      scales: [{ name: 'y', type: 'band', domain: { fields: [{ data: 'raw', field: 'region' }, { data: 'returns', field: 'area' }], sort: { op: 'count', order: 'descending' } } }],
      marks: [{ type: 'rect', from: { data: 'counts' }, encode: { update: { y: { scale: 'y', field: 'region' }, width: { field: 'count' } } } }],
    });
    expect(Object.keys(shipped(p)).sort()).toEqual(['counts', 'vf_values_y', 'vf_values_y_2']);
    expect(pipeline(p, 'vf_values_y_2')).toEqual([
      { type: 'aggregate', groupby: ['area'], ops: ['count'], fields: [null], as: ['__vf_count'] },
      { type: 'formula', expr: 'datum["area"]', as: '__vf_key' },
    ]);
    expect(scale(p, 'y').domain).toEqual({ data: 'vf_values_y_union', field: '__vf_key', sort: { op: 'sum', field: '__vf_count', order: 'descending' } });
    expect((p.clientSpec as unknown as { data: Json[] }).data).toContainEqual({ name: 'vf_values_y_union', source: ['vf_values_y', 'vf_values_y_2'] });
  });

  it('a domain over several fields that cannot be rewritten adds no dataset', () => {
    const p = plan({
      data: [{ name: 'raw', url: 'vegafusion+dataset://sales' }, { name: 'returns', url: 'vegafusion+dataset://returns' }],
      scales: [{ name: 'y', type: 'band', domain: { fields: [{ data: 'raw', field: 'region' }, { data: 'returns', field: 'a.b' }] } }],
    });
    expect(p.report.entries.some((e) => e.kind === 'scale' || e.name.startsWith('vf_'))).toBe(false);
    expect(Object.keys(shipped(p)).sort()).toEqual(['raw', 'returns']);
  });

  it('a continuous domain over raw rows reads the extent signal', () => {
    const p = plan({
      data: [
        { name: 'raw', url: 'vegafusion+dataset://sales' },
        { name: 'means', source: 'raw', transform: [{ type: 'aggregate', groupby: ['region'], ops: ['mean'], fields: ['profit'], as: ['m'] }] },
      ],
      scales: [
        { name: 'x', type: 'linear', domain: { data: 'raw', field: 'profit' } },
        { name: 'c', type: 'linear', domain: { fields: [{ data: 'raw', field: 'cost' }, { data: 'means', field: 'm' }] } },
      ],
      marks: [{ type: 'rect', from: { data: 'means' }, encode: { update: { x: { scale: 'x', field: 'm' }, fill: { scale: 'c', field: 'm' } } } }],
    });
    expect(shipped(p)).toEqual({ means: ['m'] });
    expect(scale(p, 'x').domain).toEqual({ signal: 'vf_extent_x' });
    // The marks read "means" anyway: its field stays as it is.
    expect(scale(p, 'c').domain).toEqual({ fields: [{ signal: 'vf_extent_c' }, { data: 'means', field: 'm' }] });
    expect(p.toClient.filter((t) => t.signalsOnly).flatMap((t) => t.signals).sort()).toEqual(['vf_extent_c', 'vf_extent_x']);
  });

  it('leaves the domain alone when a mark draws the raw rows anyway', () => {
    const domain = { data: 'raw', field: 'region', sort: { op: 'sum', field: 'profit' } };
    const p = plan({
      data: [{ name: 'raw', url: 'vegafusion+dataset://sales' }],
      scales: [{ name: 'y', type: 'point', domain }],
      marks: [{ type: 'symbol', from: { data: 'raw' }, encode: { update: { y: { scale: 'y', field: 'region' }, x: { field: 'profit' } } } }],
    });
    expect(p.report.entries.some((e) => e.kind === 'scale')).toBe(false);
    expect(scale(p, 'y').domain).toEqual(domain);
    expect(shipped(p)).toEqual({ raw: ['profit', 'region'] });
  });

  it('leaves domains over browser data and quantile domains alone', () => {
    const p = plan({
      data: [{ name: 'web', url: 'https://example.com/a.json' }, { name: 'raw', url: 'vegafusion+dataset://sales' }],
      scales: [
        { name: 'a', type: 'band', domain: { data: 'web', field: 'k', sort: true } },
        { name: 'q', type: 'quantile', domain: { data: 'raw', field: 'v' } },
      ],
    });
    expect(p.report.entries.some((e) => e.kind === 'scale')).toBe(false);
  });

  it('serverDomains: false leaves every domain as the spec gives it', () => {
    const p = planChart(sortedBar('-x'), { capabilities: TEST_CAPABILITIES, serverDomains: false });
    expect(p.report.entries.some((e) => e.kind === 'scale')).toBe(false);
    expect(shipped(p)).toEqual({ source_0: ['region'], data_0: ['__count', 'region'] });
  });

  it('resolves the transfer warning limits: defaults, a partial override, or none', () => {
    expect(plan(sortedBar('-x')).transferWarning).toEqual({ rows: 10_000, bytes: 1_000_000 });
    expect(planChart(sortedBar('-x'), { capabilities: TEST_CAPABILITIES, transferWarning: { rows: 5, bytes: undefined } }).transferWarning).toEqual({ rows: 5, bytes: 1_000_000 });
    expect(planChart(sortedBar('-x'), { capabilities: TEST_CAPABILITIES, transferWarning: false }).transferWarning).toBeUndefined();
  });

  it('keeps the domain as it is when the runtime lacks the sort op', () => {
    const p = planChart(sortedBar({ op: 'q3', field: 'profit' }), { capabilities: { ...TEST_CAPABILITIES, aggregateOps: TEST_CAPABILITIES.aggregateOps.filter((o) => o !== 'q3') } });
    expect(p.report.entries.some((e) => e.kind === 'scale')).toBe(false);
    expect(Object.keys(shipped(p))).toContain('source_0');
  });
});
