/**
 * Writes the docs' copy of the bench results: the JSON, the Markdown table, and an SVG
 * chart rendered by Vega (headless) from that JSON, for docs/performance.md.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vega from 'vega';
import { compile } from 'vega-lite';
import type { ResultRow } from './stats.js';

export function chartSpec(rows: ResultRow[]): Record<string, unknown> {
  const values = rows.filter((r) => Number.isFinite(r.p50) && r.n > 0).map((r) => ({ ...r, label: `${r.scenario} (${r.size})` }));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: 'p50 latency by scenario (ms, log scale; lower is better)',
    data: { values },
    mark: 'bar',
    width: 420,
    encoding: {
      row: { field: 'label', type: 'nominal', title: null, header: { labelAngle: 0, labelAlign: 'left', labelLimit: 220 } },
      y: { field: 'system', type: 'nominal', title: null, axis: { labelLimit: 240 } },
      x: { field: 'p50', type: 'quantitative', scale: { type: 'log' }, title: 'p50 ms' },
      color: { field: 'system', type: 'nominal', legend: null },
      tooltip: [{ field: 'system' }, { field: 'p50', format: '.1f' }, { field: 'p95', format: '.1f' }],
    },
  };
}

export async function writeDocs(repo: string, result: { rows: ResultRow[] }, table: string): Promise<void> {
  const dir = join(repo, 'docs');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'performance-results.json'), `${JSON.stringify(result, null, 2)}\n`);
  writeFileSync(join(dir, 'performance-table.md'), `${table}\n`);
  const view = new vega.View(vega.parse(compile(chartSpec(result.rows) as never).spec), { renderer: 'none' });
  writeFileSync(join(dir, 'performance.svg'), await view.toSVG());
  view.finalize();
}
