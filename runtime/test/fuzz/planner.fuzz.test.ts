/**
 * Property-based test of the planner against this runtime, bounded in time: generated
 * Vega-Lite specs plan without throwing anything but a PlannerError, the client spec
 * parses in Vega, and the server graph, planned against the runtime's own announcement,
 * evaluates: the planner never moves what the runtime cannot do.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parse } from 'vega';
import { compile as compileVegaLite, type TopLevelSpec } from 'vega-lite';
import { planChart, PlannerError } from '../../../components/react/src/planner/index.js';
import { createServices, defaultConfig, describeCapabilities, evaluateQuery, type EvaluateServices } from '../../src/index.js';
import { DEFAULT_TRANSFORMS } from '../../src/engine/transforms/index.js';
import { RuntimeError } from '../../src/errors.js';
import type { SqlEngine } from '../../src/engine/duckdb.js';

const QUANT = ['Horsepower', 'Miles_per_Gallon', 'Displacement', 'Acceleration', 'Weight_in_lbs', 'Cylinders'];
const NOMINAL = ['Origin', 'Cylinders', 'Name'];
const capabilities = describeCapabilities(DEFAULT_TRANSFORMS);

const quantChannel = fc.record({
  field: fc.constantFrom(...QUANT),
  type: fc.constant('quantitative'),
  bin: fc.oneof(fc.constant(undefined), fc.constant(true), fc.record({ maxbins: fc.integer({ min: 2, max: 40 }) })),
  aggregate: fc.constantFrom(undefined, 'sum', 'mean', 'max', 'median', 'count', 'distinct', 'stdev'),
}, { requiredKeys: ['field', 'type'] });
const nominalChannel = fc.record({ field: fc.constantFrom(...NOMINAL), type: fc.constantFrom('nominal', 'ordinal') });
const timeChannel = fc.record({
  field: fc.constant('Year'), type: fc.constantFrom('temporal', 'ordinal'),
  timeUnit: fc.constantFrom(undefined, 'year', 'month', 'utcyear', 'yearmonth'),
}, { requiredKeys: ['field', 'type'] });
const channel = fc.oneof(quantChannel, nominalChannel, timeChannel);

const transform = fc.oneof(
  fc.record({ filter: fc.constantFrom('datum.Horsepower > 100', "datum.Origin === 'USA'", 'isValid(datum.Miles_per_Gallon)', 'datum.Cylinders % 2 == 0 && datum.Weight_in_lbs < 3000', "test(/^ford/, datum.Name)") }),
  fc.record({ calculate: fc.constantFrom('datum.Horsepower / datum.Weight_in_lbs', "upper(datum.Origin) + '!'", 'year(datum.Year)', 'random()', "format(datum.Acceleration, '.2f')"), as: fc.constantFrom('c1', 'c2') }),
  fc.record({ aggregate: fc.constant([{ op: 'mean', field: 'Horsepower', as: 'Horsepower' }]), groupby: fc.subarray(['Origin', 'Cylinders'], { minLength: 1 }) }),
  fc.record({ bin: fc.constant(true), field: fc.constantFrom(...QUANT), as: fc.constant('binned') }),
  fc.record({ timeUnit: fc.constantFrom('year', 'month', 'yearmonthdate'), field: fc.constant('Year'), as: fc.constant('tu') }),
  fc.record({ window: fc.constant([{ op: 'rank', as: 'rk' }]), sort: fc.constant([{ field: 'Horsepower', order: 'descending' }]) }),
  fc.record({ joinaggregate: fc.constant([{ op: 'count', as: 'n' }]), groupby: fc.constant(['Origin']) }),
  fc.record({ fold: fc.constant(['Horsepower', 'Acceleration']) }),
  fc.record({ density: fc.constant('Horsepower') }),
  fc.record({ loess: fc.constant('Horsepower'), on: fc.constant('Weight_in_lbs') }),
);

const spec = fc.record({
  mark: fc.constantFrom('point', 'bar', 'line', 'tick', 'rect', 'area', 'circle'),
  x: channel,
  y: channel,
  color: fc.option(nominalChannel, { nil: undefined }),
  transforms: fc.array(transform, { maxLength: 3 }),
  brush: fc.boolean(),
}).map((s): TopLevelSpec => ({
  data: { url: 'data/cars.json' },
  mark: s.mark,
  ...(s.transforms.length > 0 ? { transform: s.transforms } : {}),
  ...(s.brush ? { params: [{ name: 'brush', select: { type: 'interval', encodings: ['x'] } }] } : {}),
  encoding: { x: s.x, y: s.y, ...(s.color ? { color: s.color } : {}) },
} as unknown as TopLevelSpec));

let services: EvaluateServices;
let engine: SqlEngine;

beforeAll(async () => {
  ({ services, engine } = await createServices({ ...defaultConfig(), threads: 1 }));
});

afterAll(async () => {
  await engine?.close();
});

describe('planner fuzz', () => {
  it('plans generated specs into client specs Vega parses and server graphs the runtime evaluates', async () => {
    const failures: string[] = [];
    let evaluated = 0;
    // Vega-Lite warns on the console about odd but valid combinations; they are not findings.
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    await fc.assert(fc.asyncProperty(spec, async (vl) => {
      let vegaLiteThrows = false;
      try {
        compileVegaLite(vl);
      } catch {
        vegaLiteThrows = true;
      }
      let plan;
      try {
        plan = planChart(vl, { capabilities });
      } catch (error) {
        // A spec Vega-Lite itself refuses may be refused; anything else must not throw.
        if (vegaLiteThrows && error instanceof PlannerError) return;
        failures.push(`planChart threw ${(error as Error).message} for ${JSON.stringify(vl)}`);
        return;
      }
      try {
        parse(plan.clientSpec);
      } catch (error) {
        failures.push(`client spec does not parse (${(error as Error).message}) for ${JSON.stringify(vl)}`);
        return;
      }
      if (plan.toClient.length === 0) return;
      const items = plan.toClient.map((t) => ({ node: t.node, columns: t.columns, signalsOnly: t.signalsOnly }));
      try {
        await evaluateQuery({ requestId: 1, graph: plan.serverGraph, items, timeZone: 'UTC' }, services);
        evaluated++;
      } catch (error) {
        const e = error instanceof RuntimeError ? `${error.code} at ${error.path}: ${error.message}` : String(error);
        failures.push(`server graph failed: ${e} for ${JSON.stringify(vl)}`);
      }
    }), { numRuns: 80, interruptAfterTimeLimit: 6000, seed: 31337 }).finally(() => warn.mockRestore());
    expect(failures, failures.slice(0, 5).join('\n')).toEqual([]);
    expect(evaluated).toBeGreaterThan(3);
  });
});
