/**
 * Vega `kde` (Vega-Lite's density): per group, a Gaussian kernel density estimate (or its
 * cumulative distribution) sampled over an extent, as vega-transforms' KDE computes it.
 * The kernel is vega-statistics' own function, summed over the group's values in Vega's
 * row order; vega-statistics' sampleCurve picks the sample points, and a point it asks for
 * is computed between turns of the event loop (sampleCurve is synchronous, so it is run
 * again with the values known so far until it asks for none it lacks).
 */
import { cumulativeNormal, densityNormal, sampleCurve } from 'vega-statistics';
import { LimitError, TransformError } from '../../errors.js';
import type { TransformDefinition, TransformSpec } from '../types.js';
import { createPacer, readCurveInput, type CurveGroup } from './curve-input.js';
import { estimateBandwidth, extentOf, validValues } from './curve-math.js';
import { curveRelation, type CurveRow } from './curve-output.js';
import { outputNames } from './quantile.js';

/** Kernel evaluations at most for one transform (rows times sample points). */
export const MAX_KDE_WORK = 4e9;

/** Asked by sampleCurve for a point whose value is not computed yet. */
const MISSING = Symbol('missing');

/** sampleCurve over `f`, each new point computed by `compute` (which may take turns of the event loop). */
async function sampleCurveAsync(
  compute: (x: number) => Promise<number>, extent: (number | undefined)[], minSteps: number, maxSteps: number,
): Promise<[number, number][]> {
  const known = new Map<number, number>();
  for (;;) {
    let wanted: number | undefined;
    const f = (x: number): number => {
      const y = known.get(x);
      if (y !== undefined || known.has(x)) return y as number;
      wanted = x;
      throw MISSING;
    };
    try {
      return sampleCurve(f, extent, minSteps, maxSteps);
    } catch (error) {
      if (error !== MISSING) throw error;
    }
    known.set(wanted as number, await compute(wanted as number));
  }
}

/** Distinct values at most for the kernel table (codes fit a Uint16Array). */
const MAX_TABLE = 4096;

/**
 * The support as codes into its distinct values, when it has few: the kernel is then
 * evaluated once per distinct value and the same terms are summed in row order (every
 * term the same double as in Vega, so the sum is too). -0 and 0 share a code: x - -0 and
 * x - 0 are equal, and so are the kernels at ±0.
 */
function tableOf(support: Float64Array): { codes: Uint16Array; distinct: Float64Array } | undefined {
  const index = new Map<number, number>();
  const codes = new Uint16Array(support.length);
  for (let i = 0; i < support.length; i++) {
    const v = support[i];
    let c = index.get(v);
    if (c === undefined) {
      if (index.size >= MAX_TABLE) return undefined;
      c = index.size;
      index.set(v, c);
    }
    codes[i] = c;
  }
  return { codes, distinct: Float64Array.from(index.keys()) };
}

/**
 * randomKDE(support, bandwidth).pdf or .cdf as a function of x: the kernel summed over
 * the support in row order, divided as vega-statistics divides.
 */
function densityOf(support: Float64Array, bandwidth: number, cumulative: boolean): { at(x: number): number; work: number } {
  const n = support.length;
  const kernel = cumulative ? cumulativeNormal : densityNormal;
  const finish = (y: number): number => (cumulative ? y / n : y / bandwidth / n);
  const table = tableOf(support);
  if (table) {
    const { codes, distinct } = table;
    const terms = new Float64Array(distinct.length);
    return {
      work: distinct.length + n / 16,
      at(x) {
        for (let j = 0; j < distinct.length; j++) terms[j] = kernel((x - distinct[j]) / bandwidth);
        let y = 0;
        for (let i = 0; i < n; ++i) y += terms[codes[i]];
        return finish(y);
      },
    };
  }
  return {
    work: n,
    at(x) {
      let y = 0;
      for (let i = 0; i < n; ++i) y += kernel((x - support[i]) / bandwidth);
      return finish(y);
    },
  };
}

function numberParam(spec: TransformSpec, name: string): number | undefined {
  const v = spec[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number') throw new TransformError('unsupported_transform', `Parameter "${name}" of transform "kde" must be a number, not ${JSON.stringify(v)}`);
  return v;
}

function extentParam(spec: TransformSpec): (number | undefined)[] | undefined {
  const v = spec.extent;
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || v.length !== 2 || !v.every((x) => typeof x === 'number')) {
    throw new TransformError('unsupported_transform', `Parameter "extent" of transform "${spec.type}" must be two numbers, not ${JSON.stringify(v)}`);
  }
  return v as number[];
}

/** The extent of every group's valid values together (vega-util extent over the source). */
function sharedExtent(groups: CurveGroup[]): (number | undefined)[] {
  let lo: number | undefined;
  let hi: number | undefined;
  for (const g of groups) {
    const [a, b] = extentOf(g.values[0], g.valid[0]);
    if (a === undefined || b === undefined) continue;
    if (lo === undefined || a < lo) lo = a;
    if (hi === undefined || b > hi) hi = b;
  }
  return [lo, hi];
}

export const kdeTransform: TransformDefinition = {
  type: 'kde',
  params: [
    { name: 'groupby', type: 'fields' },
    { name: 'field', type: 'field', required: true },
    { name: 'cumulative', type: 'boolean' },
    { name: 'counts', type: 'boolean' },
    { name: 'bandwidth', type: 'number' },
    { name: 'extent', type: 'numbers' },
    { name: 'resolve', type: 'string', values: ['shared', 'independent'] },
    { name: 'steps', type: 'number' },
    { name: 'minsteps', type: 'number' },
    { name: 'maxsteps', type: 'number' },
    { name: 'as', type: 'strings' },
  ],
  async compile(spec, input, ctx) {
    const as = outputNames(spec, ['value', 'density']);
    const bandwidth = numberParam(spec, 'bandwidth');
    const steps = numberParam(spec, 'steps');
    let minsteps = steps || numberParam(spec, 'minsteps') || 25;
    let maxsteps = steps || numberParam(spec, 'maxsteps') || 200;
    let domain = extentParam(spec);
    const { groups, dimColumns } = await readCurveInput(
      { transform: 'kde', groupby: spec.groupby, fields: [{ param: 'field', value: spec.field }] }, input, ctx,
    );
    if (spec.resolve === 'shared') {
      domain ??= sharedExtent(groups);
      minsteps = maxsteps = steps || maxsteps;
    }
    // sampleCurve takes at most about twice maxsteps points (it stops halving below span / maxsteps).
    const rowsTotal = groups.reduce((n, g) => n + g.size, 0);
    const work = rowsTotal * 2 * Math.max(minsteps, maxsteps);
    if (work > MAX_KDE_WORK) {
      throw new LimitError('too_costly', `Transform "kde" over ${rowsTotal} rows at up to ${2 * Math.max(minsteps, maxsteps)} sample points needs ${work.toExponential(2)} kernel evaluations; the runtime computes at most ${MAX_KDE_WORK.toExponential(0)}`);
    }
    const pace = createPacer(ctx, 'kde');
    const rows: CurveRow[] = [];
    for (const [g, group] of groups.entries()) {
      const support = group.values[0];
      // randomKDE estimates the bandwidth when it is given as 0 (or not at all).
      const bw = bandwidth || estimateBandwidth(validValues(support, group.valid[0]), group.size);
      const scale = spec.counts ? group.size : 1;
      const local = domain ?? extentOf(support, group.valid[0]);
      const density = densityOf(support, bw, Boolean(spec.cumulative));
      const curve = await sampleCurveAsync(async (x) => {
        const y = density.at(x);
        await pace(density.work + 1);
        return y;
      }, local, minsteps, maxsteps);
      for (const [x, y] of curve) rows.push({ group: g, values: [x, y * scale] });
    }
    return curveRelation(dimColumns, groups.map((g) => g.dims), as, rows, ctx.alias('kde'));
  },
};
