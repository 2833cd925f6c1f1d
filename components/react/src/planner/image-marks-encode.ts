/**
 * Translates a symbol, rect, rule, line or area mark of a Vega spec into what a runtime render task draws
 * (the mark JSON of proto's RenderTask): each channel a constant, a field through a scale,
 * or a signal the view computes; each scale its type, properties and the view signals
 * that carry its final domain and range. Anything the runtime would not draw as Vega does
 * is refused with the reason, and the mark stays in the browser.
 */
import { isObject, type JsonObject } from './json.js';

/** Channels the runtime draws. */
const DRAWN = new Set([
  'x', 'y', 'x2', 'y2', 'xc', 'yc', 'width', 'height', 'size', 'shape',
  'fill', 'stroke', 'opacity', 'fillOpacity', 'strokeOpacity', 'strokeWidth',
  'strokeCap', 'strokeJoin', 'strokeMiterLimit', 'defined', 'interpolate', 'orient',
]);

/** Mark types the runtime draws. */
export const DRAWN_MARKS: ReadonlySet<string> = new Set(['symbol', 'rect', 'rule', 'line', 'area']);

/** Channels that only some mark types draw, with the types. */
const ONLY_FOR: Record<string, ReadonlySet<string>> = {
  defined: new Set(['line', 'area']),
  interpolate: new Set(['line', 'area']),
  orient: new Set(['area']),
  strokeJoin: new Set(['line']),
  strokeMiterLimit: new Set(['line']),
  strokeCap: new Set(['line', 'rule']),
};

/** Channels that change nothing in the picture (accessibility, tooltips, the cursor). */
const IGNORED = new Set(['tooltip', 'description', 'aria', 'ariaRole', 'ariaRoleDescription', 'href', 'cursor', 'zindex']);

/** Scale properties that shaped the domain or range the view computed (already applied there). */
const APPLIED_IN_VIEW = new Set(['name', 'type', 'domain', 'domainRaw', 'domainMin', 'domainMax', 'domainMid', 'nice', 'zero', 'bins', 'range', 'reverse']);

/** Scale properties passed on as they are (plain values only). */
const PASSED = new Set(['clamp', 'base', 'exponent', 'constant', 'paddingInner', 'paddingOuter', 'padding', 'align', 'round', 'interpolate']);

const SCALE_TYPES = new Set(['linear', 'log', 'pow', 'sqrt', 'symlog', 'time', 'utc', 'sequential', 'band', 'point', 'ordinal']);
const CONTINUOUS = new Set(['linear', 'log', 'pow', 'sqrt', 'symlog', 'sequential']);

/**
 * Vega's default mark properties that matter to the picture (its documented config
 * defaults), applied when the mark's encoding leaves a channel out.
 */
const DEFAULT_CONFIG: JsonObject = {
  symbol: { fill: '#4c78a8', size: 64 },
  rect: { fill: '#4c78a8' },
  rule: { stroke: '#000' },
  line: { stroke: '#4c78a8', strokeWidth: 2 },
  area: { fill: '#4c78a8' },
  style: {
    point: { size: 30, strokeWidth: 2, shape: 'circle' },
    circle: { size: 30, strokeWidth: 2 },
    square: { size: 30, strokeWidth: 2, shape: 'square' },
  },
  range: {
    category: { scheme: 'tableau10' },
    ordinal: { scheme: 'blues' },
    heatmap: { scheme: 'yellowgreenblue' },
    ramp: { scheme: 'blues' },
    diverging: { scheme: 'blueorange', extent: [1, 0] },
  },
};

/** Why a mark cannot be drawn by the runtime. */
export class NotDrawable extends Error {}

/** What the view must send for a render task: signals it computes, by name, with their update expressions. */
export interface ViewSignal {
  name: string;
  update: string;
}

/** A test of a conditional encoding, computed on the server as a formula of the mark's rows. */
export interface RuleTest {
  expr: string;
  as: string;
}

export interface EncodedMark {
  /** The mark JSON of the render task. */
  mark: JsonObject;
  /** Tests of conditional encodings (the render node reads them as columns). */
  tests: RuleTest[];
  /** Signals to add to the client spec (and send): scale domains and ranges, expression channels. */
  signals: ViewSignal[];
  /** Root signals of the spec the task reads as they are (width, height). */
  reads: string[];
  /** Scales the mark reads. */
  scales: string[];
}

function configPart(spec: JsonObject, key: string): JsonObject {
  const fromSpec = isObject(spec.config) && isObject(spec.config[key]) ? spec.config[key] : {};
  const fallback = isObject(DEFAULT_CONFIG[key]) ? DEFAULT_CONFIG[key] : {};
  return { ...fallback, ...fromSpec };
}

/** The defaults Vega applies to `mark` (config for its type, then its styles). */
function markDefaults(spec: JsonObject, mark: JsonObject, type: string): JsonObject {
  const styles = configPart(spec, 'style');
  const out: JsonObject = { ...configPart(spec, 'mark'), ...configPart(spec, type) };
  const names = Array.isArray(mark.style) ? mark.style : typeof mark.style === 'string' ? [mark.style] : [];
  for (const s of names) if (typeof s === 'string' && isObject(styles[s])) Object.assign(out, styles[s]);
  return out;
}

function isSimpleField(f: unknown): f is string {
  return typeof f === 'string' && f !== '' && !/[.[\]\\]/.test(f);
}

/** Whether a Vega expression reads the item being encoded. */
function readsItem(expr: string): boolean {
  return /\b(datum|item|parent|group)\b/.test(expr);
}

function plainNumber(v: unknown, what: string): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new NotDrawable(`${what} is not a number`);
  return v;
}

/**
 * Encodes mark `mark` (its index `at` among the root marks) of `spec`. `prefix` names the
 * signals it adds. Throws NotDrawable with the reason when the runtime cannot draw it.
 */
export function encodeMark(spec: JsonObject, mark: JsonObject, prefix: string, pixelRatio: number, groupby: string[] = []): EncodedMark {
  const type = mark.type;
  if (typeof type !== 'string' || !DRAWN_MARKS.has(type)) throw new NotDrawable(`A ${String(type)} mark is not drawn by the runtime`);
  const encode = isObject(mark.encode) ? mark.encode : {};
  for (const set of Object.keys(encode)) {
    if (set !== 'enter' && set !== 'update') throw new NotDrawable(`The mark has an "${set}" encoding set, which an image cannot follow`);
  }
  const entries: JsonObject = { ...markDefaults(spec, mark, type) };
  for (const set of ['enter', 'update']) {
    const e = encode[set];
    if (isObject(e)) Object.assign(entries, e);
  }
  const signals: ViewSignal[] = [];
  const scales = new Set<string>();
  const channels: JsonObject = {};
  const tests: RuleTest[] = [];
  const definedFields: string[] = [];
  for (const [name, raw] of Object.entries(entries)) {
    if (IGNORED.has(name)) continue;
    if (!DRAWN.has(name) || (ONLY_FOR[name] && !ONLY_FOR[name].has(type))) throw new NotDrawable(`Channel "${name}" of a ${type} mark is not drawn by the runtime`);
    if (name === 'defined' && isObject(raw) && typeof raw.signal === 'string' && readsItem(raw.signal)) {
      // Where a path breaks: Vega-Lite's test of valid numbers is read from the columns;
      // another test is computed on the server as a column, like a rule's test.
      const fields = validNumberFields(raw.signal);
      if (fields) definedFields.push(...fields);
      else {
        tests.push({ expr: raw.signal, as: '__vf_defined' });
        channels.defined = { field: '__vf_defined' };
      }
      continue;
    }
    channels[name] = Array.isArray(raw)
      ? encodeRules(name, raw, `${prefix}_${name}`, signals, scales, tests)
      : encodeChannel(name, raw, `${prefix}_${name}`, signals, scales);
  }
  const scaleSpecs: JsonObject = {};
  const fills = new Set(['fill', 'stroke'].flatMap((c) => {
    const ch = channels[c];
    return isObject(ch) && typeof ch.scale === 'string' ? [ch.scale] : [];
  }));
  for (const s of scales) scaleSpecs[s] = encodeScale(spec, s, fills.has(s), `${prefix}_scale_${s}`, signals);
  const paths: JsonObject = type === 'line' || type === 'area' ? pathOptions(type, mark, channels, groupby) : {};
  if (definedFields.length > 0) paths.definedFields = definedFields;
  return {
    mark: {
      mark: type, clip: mark.clip === true, pixelRatio,
      width: { signal: 'width' }, height: { signal: 'height' },
      encode: channels, scales: scaleSpecs, ...paths,
    },
    signals,
    tests,
    reads: ['width', 'height'],
    scales: [...scales],
  };
}

/**
 * The fields of Vega-Lite's `defined` test, `isValid(datum["f"]) && isFinite(+datum["f"])`
 * for each field, which the runtime checks on the columns it reads; else undefined.
 */
function validNumberFields(expr: string): string[] | undefined {
  const parts = expr.split(' && ');
  if (parts.length % 2 !== 0) return undefined;
  const out: string[] = [];
  for (let i = 0; i < parts.length; i += 2) {
    const m = /^isValid\(datum\[("(?:[^"\\]|\\.)*")\]\)$/.exec(parts[i]);
    if (!m || parts[i + 1] !== `isFinite(+datum[${m[1]}])`) return undefined;
    const field: unknown = JSON.parse(m[1]);
    if (!isSimpleField(field)) return undefined;
    out.push(field);
  }
  return out;
}

/** What only a constant can say, as the runtime draws it. */
function constantOf(channels: JsonObject, name: string): unknown {
  const ch = channels[name];
  if (ch === undefined) return undefined;
  if (!isObject(ch) || ch.field !== undefined || ch.scale !== undefined || isObject(ch.value)) throw new NotDrawable(`Channel "${name}" is not a constant`);
  return ch.value;
}

/**
 * A line's or an area's path options: its series (`groupby`, the facet of the group it
 * sits in) and the position its points are sorted by (Vega's mark `sort` on an item's
 * x or y, as Vega-Lite writes it). Anything but straight segments stays in Vega.
 */
function pathOptions(type: string, mark: JsonObject, channels: JsonObject, groupby: string[]): JsonObject {
  const interpolate = constantOf(channels, 'interpolate');
  if (interpolate !== undefined && interpolate !== 'linear') throw new NotDrawable(`Interpolation "${String(interpolate)}" is drawn only by Vega (the runtime draws straight segments)`);
  const orient = constantOf(channels, 'orient');
  if (orient !== undefined && orient !== 'vertical') throw new NotDrawable(`An area of orient "${String(orient)}" is drawn only by Vega`);
  if (type === 'line' && channels.fill !== undefined) throw new NotDrawable('A filled line is not drawn by the runtime');
  if (type === 'area' && channels.stroke !== undefined) throw new NotDrawable('A stroked area is not drawn by the runtime');
  if (type === 'area' && (channels.x2 !== undefined || channels.xc !== undefined || channels.yc !== undefined || channels.width !== undefined || channels.height !== undefined)) {
    throw new NotDrawable('An area is drawn by the runtime from x, y and y2 only');
  }
  for (const c of ['strokeCap', 'strokeJoin']) constantOf(channels, c);
  const out: JsonObject = {};
  if (groupby.length > 0) out.groupby = groupby;
  if (mark.sort !== undefined) {
    const sort = mark.sort;
    const field = isObject(sort) ? sort.field : undefined;
    const order = isObject(sort) ? sort.order : undefined;
    if ((field !== 'x' && field !== 'y') || (order !== undefined && order !== 'ascending' && order !== 'descending')) {
      throw new NotDrawable(`The ${type} is sorted by ${JSON.stringify(sort)}; the runtime sorts by an item's x or y only`);
    }
    out.sort = { by: field, order: order ?? 'ascending' };
  }
  return out;
}

/**
 * A channel of production rules: each test becomes a column the server computes (a
 * formula over the mark's rows, so selection tests read their stores there), and the
 * rule reads it by name.
 */
function encodeRules(name: string, rules: unknown[], signalName: string, signals: ViewSignal[], scales: Set<string>, tests: RuleTest[]): JsonObject {
  return {
    rules: rules.map((rule, r) => {
      if (!isObject(rule)) throw new NotDrawable(`Channel "${name}" has a rule that is not an object`);
      const { test, ...entry } = rule;
      const out = encodeChannel(name, entry, `${signalName}_${r}`, signals, scales);
      if (test === undefined) return out;
      if (typeof test !== 'string') throw new NotDrawable(`Channel "${name}" has a test that is not an expression`);
      const as = `__vf_test_${name}_${r}`;
      tests.push({ expr: test, as });
      return { ...out, test: as };
    }),
  };
}

function encodeChannel(name: string, raw: unknown, signalName: string, signals: ViewSignal[], scales: Set<string>): JsonObject {
  if (!isObject(raw)) {
    // A config default is a plain value.
    if (typeof raw === 'number' || typeof raw === 'string') return { value: raw };
    throw new NotDrawable(`Channel "${name}" has a conditional or unsupported encoding`);
  }
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(raw)) {
    if (k === 'value') out.value = v;
    else if (k === 'field' && isObject(v) && Object.keys(v).length === 1 && (v.group === 'width' || v.group === 'height')) {
      // The enclosing group's size: at the top level (or in a group as large), the view's.
      out.value = { signal: v.group };
    } else if (k === 'field') {
      if (!isSimpleField(v)) throw new NotDrawable(`Channel "${name}" reads field ${JSON.stringify(v)}, not a plain field name`);
      out.field = v;
    } else if (k === 'scale') {
      if (typeof v !== 'string') throw new NotDrawable(`Channel "${name}" names its scale indirectly`);
      out.scale = v;
      scales.add(v);
    } else if (k === 'band' || k === 'mult' || k === 'offset') {
      if (isObject(v) && typeof v.signal === 'string' && !readsItem(v.signal)) {
        signals.push({ name: `${signalName}_${k}`, update: v.signal });
        out[k] = { signal: `${signalName}_${k}` };
      } else out[k] = plainNumber(v, `Channel "${name}" ${k}`) ?? 0;
    } else if (k === 'signal') {
      if (typeof v !== 'string' || readsItem(v)) throw new NotDrawable(`Channel "${name}" is an expression of the item`);
      signals.push({ name: signalName, update: v });
      out.value = { signal: signalName };
    } else throw new NotDrawable(`Channel "${name}" uses "${k}", which the runtime does not draw`);
  }
  return out;
}

function findScale(spec: JsonObject, name: string): JsonObject {
  const s = Array.isArray(spec.scales) ? spec.scales.find((x) => isObject(x) && x.name === name) : undefined;
  if (!isObject(s)) throw new NotDrawable(`Scale "${name}" is not defined at the top level`);
  return s;
}

function encodeScale(spec: JsonObject, name: string, color: boolean, signalName: string, signals: ViewSignal[]): JsonObject {
  const s = findScale(spec, name);
  const type = typeof s.type === 'string' ? s.type : 'linear';
  if (!SCALE_TYPES.has(type)) throw new NotDrawable(`Scale "${name}" of type "${type}" is not drawn by the runtime`);
  const out: JsonObject = { type, domain: { signal: `${signalName}_domain` } };
  signals.push({ name: `${signalName}_domain`, update: `domain(${JSON.stringify(name)})` });
  for (const [k, v] of Object.entries(s)) {
    if (APPLIED_IN_VIEW.has(k)) continue;
    if (!PASSED.has(k)) throw new NotDrawable(`Scale "${name}" has property "${k}", which the runtime does not apply`);
    if (isObject(v) || Array.isArray(v)) throw new NotDrawable(`Scale "${name}" property "${k}" is not a plain value`);
    out[k] = v;
  }
  const scheme = color && CONTINUOUS.has(type) ? colorScheme(spec, s) : undefined;
  if (scheme) Object.assign(out, scheme);
  else {
    // The final range as the view has it (reverse and step sizes applied).
    out.range = { signal: `${signalName}_range` };
    signals.push({ name: `${signalName}_range`, update: `range(${JSON.stringify(name)})` });
    delete out.interpolate;
    if (color && CONTINUOUS.has(type)) throw new NotDrawable(`Scale "${name}" has a color range the runtime cannot read`);
  }
  return out;
}

/** A continuous color scale's scheme or color list, as Vega's parser resolves its range. */
function colorScheme(spec: JsonObject, s: JsonObject): JsonObject | undefined {
  let range = s.range;
  const named = configPart(spec, 'range');
  if (typeof range === 'string') range = named[range];
  const out: JsonObject = {};
  if (s.reverse === true) out.reverse = true;
  if (typeof s.interpolate === 'string') out.interpolate = s.interpolate;
  else if (isObject(s.interpolate)) throw new NotDrawable('The color interpolation is not a plain name');
  if (Array.isArray(range) && range.every((c) => typeof c === 'string')) return { ...out, range };
  if (!isObject(range) || range.scheme === undefined) return undefined;
  const { scheme, extent, count } = range;
  if (typeof scheme !== 'string' && !(Array.isArray(scheme) && scheme.every((c) => typeof c === 'string'))) return undefined;
  out.scheme = scheme;
  if (Array.isArray(extent)) out.schemeExtent = extent;
  if (typeof count === 'number') out.schemeCount = count;
  return out;
}
