/**
 * The mark a render task draws, as the planner writes it (RenderTask.mark_json), parsed
 * and checked apart from drawing. Every `{"signal": name}` in it names a parent signal
 * node whose value the client's view computed (a scale's final domain, the view's width);
 * they are replaced by those values before the spec is read.
 *
 * ```json
 * {"mark": "symbol", "clip": false, "pixelRatio": 2,
 *  "width": {"signal": "width"}, "height": {"signal": "height"},
 *  "encode": {"x": {"scale": "x", "field": "a"}, "fill": {"value": "#4c78a8"}},
 *  "scales": {"x": {"type": "linear", "domain": {"signal": "vf_x_domain"}, "range": {"signal": "vf_x_range"}}}}
 * ```
 */
import { RenderError } from './errors.js';

export type MarkType = 'symbol' | 'rect' | 'rule' | 'line' | 'area';

const MARK_TYPES: ReadonlySet<string> = new Set(['symbol', 'rect', 'rule', 'line', 'area']);

/** Channels a render task draws; any other channel of the mark is refused by the planner. */
export const CHANNELS = [
  'x', 'y', 'x2', 'y2', 'xc', 'yc', 'width', 'height', 'size', 'shape',
  'fill', 'stroke', 'opacity', 'fillOpacity', 'strokeOpacity', 'strokeWidth',
  'strokeCap', 'strokeJoin', 'strokeMiterLimit', 'defined', 'interpolate', 'orient',
] as const;

export type Channel = (typeof CHANNELS)[number];

/** One channel: a constant, or a field of the row (through a scale), as Vega's encode entry. */
export interface ChannelSpec {
  value?: unknown;
  field?: string;
  scale?: string;
  /** Adds `band` times the scale's bandwidth (Vega's `band`). */
  band?: number;
  mult?: number;
  offset?: number;
  /**
   * Production rules (Vega's `[{test, ...}, ..., {...}]`): the first rule whose test holds
   * for the row gives the value. A test names a boolean column of the source (the planner
   * computes each test's expression as a formula on the server); the last rule may have none.
   */
  rules?: (ChannelSpec & { test?: string })[];
}

export interface ScaleSpec {
  type: string;
  /** The scale's final domain, as the client's view has it (`domain(name)`). */
  domain: unknown[];
  /** The final range (`range(name)`); absent for a color scheme. */
  range?: unknown[];
  scheme?: string | string[];
  schemeExtent?: number[];
  schemeCount?: number;
  reverse?: boolean;
  interpolate?: string;
  interpolateGamma?: number;
  /** Other d3 setters with a plain value (clamp, base, exponent, constant, paddingInner, align, round...). */
  props: Record<string, unknown>;
}

export interface RenderSpec {
  mark: MarkType;
  encode: Partial<Record<Channel, ChannelSpec>>;
  scales: Map<string, ScaleSpec>;
  /** The group's size in CSS pixels. */
  width: number;
  height: number;
  pixelRatio: number;
  /** Whether the mark clips to the group (else the image extends by the largest symbol). */
  clip: boolean;
  /**
   * Density mode: instead of the mark, the number of rows per device pixel, colored by a
   * sequential scheme over the log of the count (as Datashader shades); a choice of the
   * chart's, not Vega's picture.
   */
  density?: { scheme: string };
  /** Line and area: the fields whose values split the rows into one path each (Vega's facet). */
  groupby?: string[];
  /** Line and area: the position each path's points are sorted by (Vega's mark `sort` on `x` or `y`), ties in row order. */
  sort?: { by: 'x' | 'y'; order: 'ascending' | 'descending' };
  /**
   * Line and area: fields that must hold valid numbers for a row to be a point of the path
   * (Vega-Lite's `defined`: `isValid(v) && isFinite(+v)` for each); else the path breaks there.
   */
  definedFields?: string[];
}

/** Scale properties a render task accepts as plain d3 setters. */
const SCALE_PROPS = new Set(['clamp', 'base', 'exponent', 'constant', 'paddingInner', 'paddingOuter', 'padding', 'align', 'round']);

/** Largest image side, and most pixels, in device pixels: bounds on memory whatever a client asks. */
export const MAX_SIDE = 8192;
export const MAX_PIXELS = 8 * 1024 * 1024;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Replaces every `{"signal": name}` object by the value of that parent signal. */
export function resolveSignals(value: unknown, signal: (name: string) => unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => resolveSignals(v, signal));
  if (!isRecord(value)) return value;
  const keys = Object.keys(value);
  if (keys.length === 1 && keys[0] === 'signal' && typeof value.signal === 'string') return signal(value.signal);
  return Object.fromEntries(keys.map((k) => [k, resolveSignals(value[k], signal)]));
}

function finiteNumber(v: unknown, what: string, fallback?: number): number {
  if (v === undefined && fallback !== undefined) return fallback;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new RenderError('bad_graph', `${what} must be a finite number, not ${JSON.stringify(v)}`);
  return v;
}

function parseRules(name: string, v: unknown): ChannelSpec {
  const path = `/encode/${name}/rules`;
  if (!Array.isArray(v) || v.length === 0) throw new RenderError('bad_graph', `Channel "${name}" rules must be a list`, { path });
  const rules = v.map((rule, i) => {
    if (!isRecord(rule)) throw new RenderError('bad_graph', `Channel "${name}" rule ${i} must be an object`, { path: `${path}/${i}` });
    const { test, ...entry } = rule;
    if (test === undefined && i < v.length - 1) throw new RenderError('bad_graph', `Channel "${name}" rule ${i} has no test but is not the last`, { path: `${path}/${i}` });
    if (test !== undefined && (typeof test !== 'string' || test === '')) throw new RenderError('bad_graph', `Channel "${name}" rule ${i} test must name a column`, { path: `${path}/${i}/test` });
    if ('rules' in entry) throw new RenderError('bad_graph', `Channel "${name}" rule ${i} nests rules`, { path: `${path}/${i}` });
    const parsed: ChannelSpec & { test?: string } = parseChannel(name, entry);
    if (typeof test === 'string') parsed.test = test;
    return parsed;
  });
  return { rules };
}

function parseChannel(name: string, v: unknown): ChannelSpec {
  if (!isRecord(v)) throw new RenderError('bad_graph', `Channel "${name}" must be an object`, { path: `/encode/${name}` });
  if ('rules' in v) {
    if (Object.keys(v).length !== 1) throw new RenderError('bad_graph', `Channel "${name}" has rules and other properties`, { path: `/encode/${name}` });
    return parseRules(name, v.rules);
  }
  const out: ChannelSpec = {};
  for (const [k, x] of Object.entries(v)) {
    if (k === 'value') out.value = x;
    else if (k === 'field' || k === 'scale') {
      if (typeof x !== 'string' || x === '') throw new RenderError('bad_graph', `Channel "${name}" ${k} must be a name`, { path: `/encode/${name}/${k}` });
      out[k] = x;
    } else if (k === 'band' || k === 'mult' || k === 'offset') out[k] = finiteNumber(x, `Channel "${name}" ${k}`);
    else throw new RenderError('unsupported_transform', `Channel "${name}" has property "${k}", which a render task does not draw`, { path: `/encode/${name}/${k}` });
  }
  if (out.field === undefined && out.value === undefined && out.band === undefined) {
    throw new RenderError('bad_graph', `Channel "${name}" has neither a field nor a value`, { path: `/encode/${name}` });
  }
  return out;
}

function parseScale(name: string, v: unknown): ScaleSpec {
  const path = `/scales/${name}`;
  if (!isRecord(v) || typeof v.type !== 'string') throw new RenderError('bad_graph', `Scale "${name}" needs a type`, { path });
  if (!Array.isArray(v.domain)) throw new RenderError('bad_graph', `Scale "${name}" needs its final domain as an array`, { path: `${path}/domain` });
  const spec: ScaleSpec = { type: v.type, domain: v.domain, props: {} };
  for (const [k, x] of Object.entries(v)) {
    if (k === 'type' || k === 'domain') continue;
    if (k === 'range') {
      if (!Array.isArray(x)) throw new RenderError('bad_graph', `Scale "${name}" range must be an array`, { path: `${path}/range` });
      spec.range = x;
    } else if (k === 'scheme') {
      if (typeof x !== 'string' && !(Array.isArray(x) && x.every((c) => typeof c === 'string'))) {
        throw new RenderError('bad_graph', `Scale "${name}" scheme must be a name or colors`, { path: `${path}/scheme` });
      }
      spec.scheme = x as string | string[];
    } else if (k === 'schemeExtent') {
      if (!Array.isArray(x) || x.length !== 2) throw new RenderError('bad_graph', `Scale "${name}" schemeExtent must be two numbers`, { path: `${path}/${k}` });
      spec.schemeExtent = x.map((e) => finiteNumber(e, `Scale "${name}" schemeExtent`));
    } else if (k === 'schemeCount' || k === 'interpolateGamma') spec[k] = finiteNumber(x, `Scale "${name}" ${k}`);
    else if (k === 'reverse') spec.reverse = x === true;
    else if (k === 'interpolate') {
      if (typeof x !== 'string') throw new RenderError('bad_graph', `Scale "${name}" interpolate must be a name`, { path: `${path}/${k}` });
      spec.interpolate = x;
    } else if (SCALE_PROPS.has(k)) spec.props[k] = x;
    else throw new RenderError('unsupported_transform', `Scale "${name}" has property "${k}", which a render task does not apply`, { path: `${path}/${k}` });
  }
  if (spec.range === undefined && spec.scheme === undefined) throw new RenderError('bad_graph', `Scale "${name}" needs a range or a scheme`, { path });
  return spec;
}

/**
 * Parses a render task's mark JSON; `signal` gives the parents' signal values.
 * Throws RenderError (`bad_graph`, or `unsupported_transform` for what it does not draw).
 */
export function parseRenderSpec(json: string, signal: (name: string) => unknown): RenderSpec {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (cause) {
    throw new RenderError('bad_graph', `Mark JSON does not parse: ${(cause as Error).message}`, { cause });
  }
  const v = resolveSignals(raw, signal);
  if (!isRecord(v)) throw new RenderError('bad_graph', 'Mark JSON must be an object');
  if (typeof v.mark !== 'string' || !MARK_TYPES.has(v.mark)) throw new RenderError('unsupported_transform', `Mark type ${JSON.stringify(v.mark)} is not rendered by the runtime`, { path: '/mark' });
  const encode: RenderSpec['encode'] = {};
  for (const [k, x] of Object.entries(isRecord(v.encode) ? v.encode : {})) {
    if (!(CHANNELS as readonly string[]).includes(k)) throw new RenderError('unsupported_transform', `Channel "${k}" is not drawn by the runtime`, { path: `/encode/${k}` });
    encode[k as Channel] = parseChannel(k, x);
  }
  const scales = new Map<string, ScaleSpec>();
  for (const [k, x] of Object.entries(isRecord(v.scales) ? v.scales : {})) scales.set(k, parseScale(k, x));
  for (const [k, ch] of Object.entries(encode)) {
    if (ch.scale !== undefined && !scales.has(ch.scale)) throw new RenderError('bad_graph', `Channel "${k}" reads scale "${ch.scale}", which the task does not define`, { path: `/encode/${k}/scale` });
  }
  const width = finiteNumber(v.width, 'width');
  const height = finiteNumber(v.height, 'height');
  const pixelRatio = finiteNumber(v.pixelRatio, 'pixelRatio', 1);
  if (width < 0 || height < 0 || pixelRatio <= 0 || pixelRatio > 8 || width * pixelRatio > MAX_SIDE || height * pixelRatio > MAX_SIDE
    || width * height * pixelRatio * pixelRatio > MAX_PIXELS) {
    throw new RenderError('limit_exceeded', `Image of ${width}x${height} at pixel ratio ${pixelRatio} is out of bounds (at most ${MAX_SIDE} device pixels a side, ${MAX_PIXELS} in all)`);
  }
  let density: RenderSpec['density'];
  if (v.density !== undefined) {
    const d = v.density;
    if (!isRecord(d) || (d.scheme !== undefined && typeof d.scheme !== 'string')) throw new RenderError('bad_graph', 'density must be an object with a scheme name', { path: '/density' });
    density = { scheme: typeof d.scheme === 'string' ? d.scheme : 'viridis' };
  }
  const paths = parsePathOptions(v);
  return { mark: v.mark as MarkType, encode, scales, width, height, pixelRatio, clip: v.clip === true, ...(density ? { density } : {}), ...paths };
}

/** A line's or an area's `groupby` and `sort`. */
function parsePathOptions(v: Record<string, unknown>): Pick<RenderSpec, 'groupby' | 'sort' | 'definedFields'> {
  const out: Pick<RenderSpec, 'groupby' | 'sort' | 'definedFields'> = {};
  if (v.definedFields !== undefined) {
    if (!Array.isArray(v.definedFields) || !v.definedFields.every((f) => typeof f === 'string' && f !== '')) throw new RenderError('bad_graph', 'definedFields must be a list of field names', { path: '/definedFields' });
    out.definedFields = v.definedFields as string[];
  }
  if (v.groupby !== undefined) {
    if (!Array.isArray(v.groupby) || !v.groupby.every((f) => typeof f === 'string' && f !== '')) throw new RenderError('bad_graph', 'groupby must be a list of field names', { path: '/groupby' });
    out.groupby = v.groupby as string[];
  }
  if (v.sort !== undefined) {
    const s = v.sort;
    if (!isRecord(s) || (s.by !== 'x' && s.by !== 'y') || (s.order !== undefined && s.order !== 'ascending' && s.order !== 'descending')) {
      throw new RenderError('bad_graph', 'sort must be {"by": "x" | "y", "order"?: "ascending" | "descending"}', { path: '/sort' });
    }
    out.sort = { by: s.by, order: s.order === 'descending' ? 'descending' : 'ascending' };
  }
  if ((out.groupby || out.sort || out.definedFields) && v.mark !== 'line' && v.mark !== 'area') throw new RenderError('bad_graph', 'groupby, sort and definedFields apply to line and area marks only', { path: '/mark' });
  return out;
}
