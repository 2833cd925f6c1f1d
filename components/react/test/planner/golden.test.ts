/**
 * Golden plans for a handful of corpus specs: the server graph, what travels each way,
 * and the report. Regenerate with UPDATE_GOLDEN=1 after an intended change.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { planChart, serverGraphSummary } from '../../src/planner/index.js';
import { TEST_CAPABILITIES } from './capabilities-fixture.js';
import { CORPUS, HAS_CORPUS } from '../support/corpus.js';

const GOLDEN = new URL('./golden/', import.meta.url);
const SPECS = ['histogram', 'interactive_seattle_weather', 'facet_grid_bar', 'layer_line_co2_concentration',
  'area_density_facet', 'lookup', 'trellis_cross_sort'];

describe.skipIf(!HAS_CORPUS)('golden plans', () => {
  it.each(SPECS)('%s', (name) => {
    const spec = JSON.parse(readFileSync(`${CORPUS}/${name}.vl.json`, 'utf8')) as unknown;
    const plan = planChart(spec, { capabilities: TEST_CAPABILITIES });
    const golden = {
      graph: serverGraphSummary(plan),
      nodes: plan.serverGraph.nodes,
      toClient: plan.toClient,
      toServer: plan.toServer,
      report: plan.report,
      clientData: (plan.clientSpec as { data?: unknown }).data,
    };
    const text = `${JSON.stringify(golden, null, 2)}\n`;
    const file = new URL(`${name}.plan.json`, GOLDEN);
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(file, text);
    expect(existsSync(file), `missing golden ${name}.plan.json (run with UPDATE_GOLDEN=1)`).toBe(true);
    expect(text).toBe(readFileSync(file, 'utf8'));
  });
});
