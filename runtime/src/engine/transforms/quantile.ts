/**
 * Vega `quantile`: per group, the values at probabilities `probs` (or every `step` from
 * step/2 below 1), interpolated between order statistics as d3's quantileSorted does.
 */
import { LimitError, TransformError } from '../../errors.js';
import type { TransformDefinition, TransformSpec } from '../types.js';
import { curveRelation, type CurveRow } from './curve-output.js';
import { checkpoint, readCurveInput } from './curve-input.js';
import { quantileSorted, sortLikeVega, validValues } from './curve-math.js';

const EPSILON = 1e-14;
/** Probabilities at most (a step of 1e-9 would ask for a billion rows per group). */
const MAX_PROBS = 100_000;

/** d3-array's range(start, stop, step). */
function range(start: number, stop: number, step: number): number[] {
  const n = Math.max(0, Math.ceil((stop - start) / step)) | 0;
  if (n > MAX_PROBS) throw new LimitError('limit_exceeded', `Quantile step ${step} asks for ${n} probabilities; the runtime computes at most ${MAX_PROBS}`);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) out[i] = start + i * step;
  return out;
}

/** The two output names (`as`), Vega's defaults when absent. */
export function outputNames(spec: TransformSpec, defaults: [string, string]): [string, string] {
  if (spec.as === undefined || spec.as === null) return defaults;
  if (!Array.isArray(spec.as) || spec.as.length !== 2 || !spec.as.every((a) => typeof a === 'string')) {
    throw new TransformError('unsupported_transform', `Parameter "as" of transform "${spec.type}" must be two field names, not ${JSON.stringify(spec.as)}`);
  }
  return [spec.as[0] as string, spec.as[1] as string];
}

function probabilities(spec: TransformSpec): number[] {
  if (spec.probs !== undefined && spec.probs !== null) {
    if (!Array.isArray(spec.probs) || !spec.probs.every((p) => typeof p === 'number')) {
      throw new TransformError('unsupported_transform', `Parameter "probs" of transform "quantile" must be numbers, not ${JSON.stringify(spec.probs)}`);
    }
    return spec.probs as number[];
  }
  if (spec.step !== undefined && spec.step !== null && typeof spec.step !== 'number') {
    throw new TransformError('bad_transform', `Parameter "step" of transform "quantile" must be a number, not ${JSON.stringify(spec.step)}`);
  }
  const step = (spec.step as number | undefined) || 0.01;
  return range(step / 2, 1 - EPSILON, step);
}

export const quantileTransform: TransformDefinition = {
  type: 'quantile',
  params: [
    { name: 'groupby', type: 'fields' },
    { name: 'field', type: 'field', required: true },
    { name: 'probs', type: 'numbers' },
    { name: 'step', type: 'number' },
    { name: 'as', type: 'strings' },
  ],
  async compile(spec, input, ctx) {
    const as = outputNames(spec, ['prob', 'value']);
    const p = probabilities(spec);
    const { groups, dimColumns } = await readCurveInput(
      { transform: 'quantile', groupby: spec.groupby, fields: [{ param: 'field', value: spec.field }] }, input, ctx,
    );
    const rows: CurveRow[] = [];
    for (const [g, group] of groups.entries()) {
      if (g > 0) await checkpoint(ctx, 'quantile');
      const sorted = sortLikeVega(validValues(group.values[0], group.valid[0]));
      for (const prob of p) rows.push({ group: g, values: [prob, quantileSorted(sorted, prob)] });
    }
    return curveRelation(dimColumns, groups.map((g) => g.dims), as, rows, ctx.alias('quantile'));
  },
};
