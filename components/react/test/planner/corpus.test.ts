/**
 * Every corpus spec plans without throwing; the plan's client spec, fed what the runtime
 * would send (computed here by plain Vega, projected to the planned columns), renders the
 * same SVG as the original spec.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Spec as VegaSpec } from 'vega';
import { compileToVega, planChart } from '../../src/planner/index.js';
import { TEST_CAPABILITIES } from './capabilities-fixture.js';
import { fillClientSpec, renderSvg } from './support/simulate.js';
import { CORPUS, HAS_CORPUS } from '../support/corpus.js';

/** Timer-driven animations: their selection store changes after the first pulse. */
const UNSTABLE = new Set(['animated_gapminder', 'animated_hop']);
const names = !HAS_CORPUS ? [] : readdirSync(CORPUS).filter((f) => f.endsWith('.vl.json')).map((f) => f.replace('.vl.json', '')).sort();
const load = (name: string): unknown => JSON.parse(readFileSync(`${CORPUS}/${name}.vl.json`, 'utf8'));

describe.skipIf(!HAS_CORPUS)('planner over the corpus', () => {
  it('plans every spec and reports datasets moved / total', () => {
    let moved = 0;
    let total = 0;
    for (const name of names) {
      const plan = planChart(load(name), { capabilities: TEST_CAPABILITIES });
      expect(plan.report.datasetsMoved).toBeLessThanOrEqual(plan.report.datasetsTotal);
      moved += plan.report.datasetsMoved;
      total += plan.report.datasetsTotal;
    }
    console.warn(`planner: ${moved}/${total} datasets moved (entirely or in part) over ${names.length} corpus specs`);
    expect(moved).toBeGreaterThan(total / 2);
  });

  // Rendering is heavy: FIDELITY=all checks every spec, the default a fixed stride.
  const sample = process.env.FIDELITY === 'all' ? names : names.filter((_, i) => i % 6 === 0);
  it.each(sample)('renders %s like plain Vega', async (name) => {
    const original = compileToVega(load(name)) as VegaSpec;
    const plan = planChart(load(name), { capabilities: TEST_CAPABILITIES });
    const filled = await fillClientSpec(original, plan);
    const expected = await renderSvg(original);
    const actual = await renderSvg(filled);
    // Specs that draw random numbers (ci0/ci1 bootstrap, sample, random()) or run on a
    // timer render differently from one plain-Vega run to the next: nothing to compare.
    if (actual !== expected && (await renderSvg(original)) !== expected) return;
    if (UNSTABLE.has(name)) return;
    expect(actual).toBe(expected);
  });
});
