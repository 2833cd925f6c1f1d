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

describe('plan report with values received', () => {
  it('sums the bytes up, shows the warnings first and the bytes of each value last', () => {
    const report: PlanReport = {
      ...REPORT,
      transfers: [
        { variable: 'data:data_0', lastBytes: 2_812, totalBytes: 8_436, lastRows: 12, answers: 3 },
        { variable: 'data:source_0', lastBytes: 19_712_000, totalBytes: 19_712_000, lastRows: 2_000_000, answers: 1 },
      ],
      warnings: ['The runtime sent data:source_0 to the browser (2,000,000 rows, 19.7 MB)'],
    };
    expect(planSummary(report)).toBe('2 of 3 datasets run on the runtime; 19.7 MB received; 1 warning');
    expect(formatPlanReport(report).split('\n')).toEqual([
      '2 of 3 datasets run on the runtime; 19.7 MB received; 1 warning',
      'warning: The runtime sent data:source_0 to the browser (2,000,000 rows, 19.7 MB)',
      'server data source_0',
      'split  data density @1.0 - Unsupported transform "kde"',
      'bytes  data:data_0: last 2.8 kB (12 rows), total 8.4 kB in 3 answers',
      'bytes  data:source_0: last 19.7 MB (2000000 rows), total 19.7 MB in 1 answer',
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
