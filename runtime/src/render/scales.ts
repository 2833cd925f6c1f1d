/**
 * Scales for a render task, built with vega-scale as Vega's Scale operator builds them, but
 * from the final domain and range the client's view computed (so zero, nice, padding and
 * step sizes are already applied and are not applied twice). A color scheme is resolved
 * here as Vega resolves it, because a scheme does not survive `range(name)`.
 */
import {
  interpolate, interpolateColors, interpolateRange, isContinuous, isInterpolating, quantizeInterpolator, scale as vegaScale, scheme as vegaScheme,
  type VegaScale,
} from 'vega-scale';
import { RenderError } from './errors.js';
import type { ScaleSpec } from './render-spec.js';

/** A scale ready to map values, with a fast path for the commonest continuous case. */
export interface BuiltScale {
  scale: VegaScale;
  /** The scale's key in vega-scale (`linear`, `sequential-linear`, `band`...). */
  key: string;
  bandwidth: number;
  /**
   * For a linear (or time) scale of two numbers onto two numbers without clamping: the
   * numbers d3 interpolates between, so a column maps without a call per value.
   */
  affine?: { d0: number; d1: number; r0: number; r1: number };
}

const TEMPORAL = new Set(['time', 'utc']);

/** Vega's key for a continuous color scale: sequential or diverging by domain length. */
function scaleKey(spec: ScaleSpec): string {
  const t = spec.type;
  if (t === 'sequential') return 'sequential-linear';
  const colors = spec.scheme !== undefined || (spec.range !== undefined && spec.range.length > 0 && spec.range.every((c) => typeof c === 'string'));
  if (isContinuous(t) && !TEMPORAL.has(t) && colors) {
    const n = spec.domain.length;
    return `${n === 2 ? 'sequential-' : n === 3 ? 'diverging-' : ''}${t}`.toLowerCase();
  }
  return t.toLowerCase();
}

function flip<T>(array: T[], reverse: boolean | undefined): T[] {
  return reverse ? array.slice().reverse() : array;
}

function adjustScheme(s: ((t: number) => string) | string[], extent: number[] | undefined, reverse?: boolean): ((t: number) => string) | string[] {
  return typeof s === 'function' && (extent || reverse) ? interpolateRange(s, flip(extent ?? [0, 1], reverse)) : s;
}

/** The colors (or interpolator) of a scheme, as Vega's configureScheme gives them. */
function schemeRange(key: string, spec: ScaleSpec, count: number): ((t: number) => string) | string[] {
  const s = spec.scheme;
  let colors: ((t: number) => string) | string[] | undefined;
  if (Array.isArray(s)) colors = interpolateColors(s, spec.interpolate, spec.interpolateGamma);
  else colors = vegaScheme(String(s).toLowerCase());
  if (!colors) throw new RenderError('bad_graph', `Unknown color scheme "${String(s)}"`);
  const n = key === 'threshold' ? count + 1 : key === 'bin-ordinal' ? count - 1
    : key === 'ordinal' ? spec.schemeCount ?? (count || 10) : key === 'quantile' || key === 'quantize' ? spec.schemeCount ?? 10 : count;
  if (isInterpolating(key)) return adjustScheme(colors, spec.schemeExtent, spec.reverse);
  if (typeof colors === 'function') return quantizeInterpolator(adjustScheme(colors, spec.schemeExtent) as (t: number) => string, n);
  return key === 'ordinal' ? colors : colors.slice(0, n);
}

/** Builds a scale from a render task's scale spec; throws RenderError for what vega-scale lacks. */
export function buildScale(name: string, spec: ScaleSpec): BuiltScale {
  const key = scaleKey(spec);
  const make = vegaScale(key);
  if (!make) throw new RenderError('unsupported_transform', `Scale "${name}" has type "${spec.type}", which vega-scale does not know`);
  const s = make();
  for (const [prop, value] of Object.entries(spec.props)) {
    if (prop === 'round') continue;
    // `padding` of a continuous scale widened its domain in the view already.
    if (prop === 'padding' && isContinuous(key)) continue;
    const setter = s[prop];
    if (typeof setter === 'function') (setter as (v: unknown) => unknown).call(s, value);
  }
  const domain = TEMPORAL.has(key) ? spec.domain.map((d) => (typeof d === 'string' || typeof d === 'number' ? new Date(d) : d)) : spec.domain;
  s.domain(domain);
  let range: unknown[] | undefined = spec.range;
  if (spec.scheme !== undefined) {
    const r = schemeRange(key, spec, domain.length);
    if (typeof r === 'function') {
      if (!s.interpolator) throw new RenderError('unsupported_transform', `Scale "${name}" of type ${key} does not interpolate a color scheme`);
      s.interpolator(r);
      return { scale: s, key, bandwidth: 0 };
    }
    range = r;
  }
  if (range && isInterpolating(key) && s.interpolator) {
    s.interpolator(interpolateColors(flip(range as string[], spec.reverse), spec.interpolate, spec.interpolateGamma));
    return { scale: s, key, bandwidth: 0 };
  }
  const round = spec.props.round === true;
  if (range && spec.interpolate && s.interpolate) s.interpolate(interpolate(spec.interpolate, spec.interpolateGamma));
  else if (typeof s.round === 'function') (s.round as (v: boolean) => unknown).call(s, round);
  else if (round && s.interpolate) s.interpolate(interpolate('round'));
  if (range) s.range(flip(range, spec.reverse));
  return { scale: s, key, bandwidth: s.bandwidth ? s.bandwidth() : 0, affine: affineOf(s, key, spec, range) };
}

function affineOf(s: VegaScale, key: string, spec: ScaleSpec, range: unknown[] | undefined): BuiltScale['affine'] {
  if (key !== 'linear' && !TEMPORAL.has(key)) return undefined;
  if (spec.props.clamp === true || spec.props.round === true || spec.interpolate || !range || range.length !== 2) return undefined;
  const d = s.domain().map(Number);
  const r = s.range();
  if (d.length !== 2 || typeof r[0] !== 'number' || typeof r[1] !== 'number') return undefined;
  return { d0: d[0], d1: d[1], r0: r[0], r1: r[1] };
}

/**
 * Maps numbers through an affine scale exactly as d3 does (the same operations in the
 * same order, so positions match Vega's to the last bit): normalize, then interpolate.
 */
export function mapAffine(a: NonNullable<BuiltScale['affine']>, values: Float64Array, out: Float64Array): void {
  let { d0, d1, r0, r1 } = a;
  if (d1 < d0) {
    [d0, d1] = [d1, d0];
    [r0, r1] = [r1, r0];
  }
  const span = d1 - d0;
  const n = values.length;
  if (span === 0) {
    // d3 maps every value to the middle of a degenerate domain (normalize's constant 0.5).
    const mid = r0 * 0.5 + r1 * 0.5;
    for (let i = 0; i < n; i++) out[i] = Number.isNaN(values[i]) ? NaN : mid;
    return;
  }
  for (let i = 0; i < n; i++) {
    const t = (values[i] - d0) / span;
    out[i] = r0 * (1 - t) + r1 * t;
  }
}
