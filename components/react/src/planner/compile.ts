/**
 * Vega-Lite to Vega: the planner works on Vega specs, so a Vega-Lite spec is compiled
 * first with the `vega-lite` package (the same compiler vega-embed uses).
 */
import { compile, type TopLevelSpec } from 'vega-lite';
import type { Spec as VegaSpec } from 'vega';
import { PlannerError } from './errors.js';
import { isObject } from './json.js';

/** Keys only a Vega-Lite view has at the top level. */
const VEGA_LITE_KEYS = ['mark', 'layer', 'hconcat', 'vconcat', 'concat', 'repeat', 'spec', 'encoding'];

/** Does `spec` declare a Vega-Lite `$schema`, or (without a schema) have a Vega-Lite shape? */
export function isVegaLiteSpec(spec: unknown): boolean {
  if (!isObject(spec)) return false;
  if (typeof spec.$schema === 'string') {
    if (spec.$schema.includes('vega-lite')) return true;
    if (spec.$schema.includes('/vega/')) return false;
  }
  return VEGA_LITE_KEYS.some((k) => k in spec) && !('marks' in spec);
}

/** Returns the Vega spec for `spec`: compiled if it is Vega-Lite, else `spec` itself. */
export function compileToVega(spec: unknown): VegaSpec {
  if (!isObject(spec)) throw new PlannerError('bad_spec', `A chart spec must be a JSON object, not ${Array.isArray(spec) ? 'an array' : typeof spec}`);
  if (!isVegaLiteSpec(spec)) return spec as VegaSpec;
  try {
    return compile(spec as unknown as TopLevelSpec).spec;
  } catch (cause) {
    throw new PlannerError('compile_failed', `Vega-Lite could not compile the spec: ${(cause as Error).message}`, { cause });
  }
}
