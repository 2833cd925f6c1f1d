import { describe, expect, it } from 'vitest';
import type { Spec } from 'vega';
import { formatPlanReport, planReportRows, planSummary } from '../../src/render/plan-report.js';
import { sizedSpec } from '../../src/render/render-view.js';
import type { PlanReport } from '../../src/planner/types.js';

const REPORT: PlanReport = {
  entries: [
    { kind: 'data', name: 'source_0', scope: [], status: 'server', path: '/data/0' },
    { kind: 'data', name: 'density', scope: [1, 0], status: 'split', reason: 'Unsupported transform "kde"', path: '/marks/1/marks/0/data/0' },
  ],
  datasetsMoved: 2,
  datasetsTotal: 3,
};

describe('plan report', () => {
  it('lists every entry with its reason and sums the plan up', () => {
    expect(planSummary(REPORT)).toBe('2 of 3 datasets run on the runtime');
    expect(planReportRows(REPORT)[1]).toEqual({
      kind: 'data', name: 'density', scope: '1.0', status: 'split', reason: 'Unsupported transform "kde"', path: '/marks/1/marks/0/data/0',
    });
    expect(formatPlanReport(REPORT).split('\n')).toEqual([
      '2 of 3 datasets run on the runtime',
      'server data source_0',
      'split  data density @1.0 - Unsupported transform "kde"',
    ]);
  });
});

describe('sizedSpec', () => {
  it('overrides only the sizes given, leaving the spec itself untouched', () => {
    const spec = { width: 100, height: 50, marks: [] } as Spec;
    expect(sizedSpec(spec)).toBe(spec);
    expect(sizedSpec(spec, { width: 300 })).toEqual({ width: 300, height: 50, marks: [] });
    expect(spec.width).toBe(100);
  });
});
