import { readFileSync } from 'node:fs';
import { it } from 'vitest';
import type { Spec as VegaSpec } from 'vega';
import { compileToVega, planChart, serverGraphSummary } from '../../src/planner/index.js';
import { TEST_CAPABILITIES } from './capabilities-fixture.js';
import { fillClientSpec, renderSvg } from './support/simulate.js';
it('debug', async () => {
  const name = process.env.SPEC ?? 'bar_aggregate_count';
  const load = () => JSON.parse(readFileSync(`/work/shared/corpus/vega-lite/${name}.vl.json`, 'utf8'));
  const original = compileToVega(load()) as VegaSpec;
  const plan = planChart(load(), { capabilities: TEST_CAPABILITIES });
  console.warn(serverGraphSummary(plan).join('\n'));
  const filled = await fillClientSpec(original, plan);
  console.warn(JSON.stringify((filled as any).data, null, 0).slice(0, 3000));
  console.warn(JSON.stringify((filled as any).signals, null, 0).slice(0, 1500));
  const a = await renderSvg(filled), b = await renderSvg(original);
  console.warn(a === b, a.length, b.length);
});
