/**
 * Server-side rendering of large marks, the planner's part. A root-level symbol, rect,
 * rule, line or area mark (or a group faceting one line or area into series, as
 * Vega-Lite writes a line per color) whose dataset is computed on the server and holds more rows than a threshold is
 * replaced in the client spec by an image mark, fed by a render node of the server graph
 * (see runtime/src/render/). Its rows then never travel: the scales it reads take their
 * domains from small server aggregates (min/max, or the distinct values), and the view
 * sends each scale's final domain and range, and its size, back to the render node, so
 * a zoom or a resize re-renders. Axes, legends and every other mark stay in Vega.
 *
 * The row count is not known when planning: a chart opts in with threshold 0 (draw every
 * eligible mark as an image) or passes the counts it knows (`rowCounts`).
 */
import { isObject, type JsonObject } from './json.js';
import { DRAWN_MARKS, encodeMark, NotDrawable, type EncodedMark } from './image-marks-encode.js';
import type { DataPlan } from './partition.js';
import type { PlanReportEntry } from './types.js';

export interface ImageMarkOptions {
  /** Rows above which a mark is drawn by the runtime (0: every eligible mark); default 50,000. */
  threshold?: number;
  /** Row counts of server datasets by name, when known. */
  rowCounts?: Record<string, number>;
  /** Device pixels per CSS pixel of the images; default 1. */
  pixelRatio?: number;
  /**
   * Density mode for symbol marks (100M rows and more): rows per pixel colored by a
   * sequential scheme (default viridis) over the log of the count, as Datashader shades,
   * instead of the points themselves.
   */
  density?: boolean | { scheme?: string };
}

export const DEFAULT_IMAGE_THRESHOLD = 50_000;

/** A mark the runtime draws. */
export interface ImageMark {
  /** Index among the root marks. */
  index: number;
  /** Its dataset (root scope). */
  data: string;
  /** The dataset the render node reads: `data`, or a server dataset over it computing the tests of conditional encodings. */
  source: string;
  /** Name of the image's dataset in the client spec and of the render node. */
  imageData: string;
  encoded: EncodedMark;
}

export interface ImageMarkPlan {
  /** The spec with the marks replaced (the input itself when no mark is). */
  spec: JsonObject;
  marks: ImageMark[];
  report: PlanReportEntry[];
  /** Datasets whose row counts would decide whether their marks become images. */
  countsWanted: string[];
}

/** The chart's own options (`usermeta.vegafusion.imageMarks`) over the plan's; undefined: no image marks. */
export function imageMarkOptions(spec: JsonObject, options: ImageMarkOptions | false | undefined): ImageMarkOptions | undefined {
  const meta = isObject(spec.usermeta) && isObject(spec.usermeta.vegafusion) ? spec.usermeta.vegafusion.imageMarks : undefined;
  // Opt-in: the plan's options or the chart's own usermeta ask for images.
  if (meta === false || (!isObject(meta) && (options === false || options === undefined))) return undefined;
  const base = options === false || options === undefined ? {} : options;
  if (!isObject(meta)) return base;
  const density = meta.density === true || meta.density === false ? meta.density
    : isObject(meta.density) ? { ...(typeof meta.density.scheme === 'string' ? { scheme: meta.density.scheme } : {}) } : undefined;
  return { ...base, ...(typeof meta.threshold === 'number' ? { threshold: meta.threshold } : {}), ...(density === undefined ? {} : { density }) };
}

function rootDataPlan(plans: Map<string, DataPlan>, name: string): DataPlan | undefined {
  for (const plan of plans.values()) if (plan.def.name === name && plan.def.scope.path.length === 0) return plan;
  return undefined;
}

/**
 * Chooses the marks to draw as images and rewrites the spec for them. `plans`: the
 * partition of the unchanged spec (which datasets the server computes). `excluded`: marks
 * a previous attempt found still needing their rows in the browser, with the reason.
 */
export function planImageMarks(
  spec: JsonObject, plans: Map<string, DataPlan>, options: ImageMarkOptions, excluded: Map<number, string> = new Map(),
): ImageMarkPlan {
  const threshold = options.threshold ?? DEFAULT_IMAGE_THRESHOLD;
  const marks: ImageMark[] = [];
  const report: PlanReportEntry[] = [];
  const countsWanted: string[] = [];
  const rootMarks = Array.isArray(spec.marks) ? spec.marks : [];
  rootMarks.forEach((outer, index) => {
    if (!isObject(outer)) return;
    const faceted = facetedPath(outer);
    const mark = faceted ? faceted.mark : outer;
    if (typeof mark.type !== 'string' || !DRAWN_MARKS.has(mark.type)) return;
    const from = isObject(mark.from) ? mark.from : {};
    const data = faceted ? faceted.data : typeof from.data === 'string' ? from.data : undefined;
    const plan = data === undefined ? undefined : rootDataPlan(plans, data);
    if (!data || !plan || plan.status !== 'server' || plan.mirrored) return;
    const entry: PlanReportEntry = { kind: 'mark', name: typeof mark.name === 'string' ? mark.name : `marks/${index}`, scope: [], status: 'client', path: `/marks/${index}` };
    report.push(entry);
    if (excluded.has(index)) {
      entry.reason = excluded.get(index);
      return;
    }
    let encoded: EncodedMark;
    try {
      encoded = encodeMark(spec, mark, `vf_image_${index}`, options.pixelRatio ?? 1, faceted?.groupby);
    } catch (error) {
      if (!(error instanceof NotDrawable)) throw error;
      entry.reason = `Drawn by Vega: ${error.message}`;
      return;
    }
    const rows = options.rowCounts?.[data];
    if (threshold > 0 && rows === undefined) {
      entry.reason = `Drawn by Vega: the row count of "${data}" is not known (image threshold ${threshold})`;
      if (!countsWanted.includes(data)) countsWanted.push(data);
      return;
    }
    if (threshold > 0 && (rows ?? 0) <= threshold) {
      entry.reason = `Drawn by Vega: ${rows} rows, within the image threshold of ${threshold}`;
      return;
    }
    const density = options.density && mark.type === 'symbol' ? { scheme: (typeof options.density === 'object' && options.density.scheme) || 'viridis' } : undefined;
    if (density) encoded.mark.density = density;
    marks.push({ index, data, source: encoded.tests.length > 0 ? `vf_image_${index}_rows` : data, imageData: `vf_image_${index}`, encoded });
    entry.status = 'server';
    const as = density ? `a density image (rows per pixel, ${density.scheme})` : 'an image';
    entry.reason = threshold > 0 ? `Drawn by the runtime as ${as}: ${rows} rows, over the threshold of ${threshold}` : `Drawn by the runtime as ${as} (threshold 0)`;
  });
  if (marks.length === 0) return { spec, marks, report, countsWanted };
  return { spec: rewriteSpec(spec, marks), marks, report, countsWanted };
}

/**
 * A group that only facets its dataset into series for one line or area mark (Vega-Lite's
 * `pathgroup`: the group as large as the view, no scales, axes or data of its own): the
 * mark, the faceted dataset and the series fields. Otherwise undefined.
 */
function facetedPath(group: JsonObject): { mark: JsonObject; data: string; groupby: string[] } | undefined {
  if (group.type !== 'group' || !isObject(group.from) || !isObject(group.from.facet)) return undefined;
  const { name, data, groupby, ...rest } = group.from.facet;
  const fields = typeof groupby === 'string' ? [groupby] : groupby;
  if (typeof name !== 'string' || typeof data !== 'string' || Object.keys(rest).length > 0) return undefined;
  if (!Array.isArray(fields) || fields.length === 0 || !fields.every((f): f is string => typeof f === 'string' && /^[^.[\]\\]+$/.test(f))) return undefined;
  const allowed = new Set(['type', 'name', 'from', 'encode', 'marks', 'role', 'style']);
  if (Object.keys(group).some((k) => !allowed.has(k))) return undefined;
  const encode = isObject(group.encode) ? group.encode : {};
  const sized = Object.entries(encode).every(([set, e]) => set === 'update' && isObject(e) && Object.entries(e).every(([c, v]) => (c === 'width' || c === 'height') && isObject(v) && isObject(v.field) && v.field.group === c));
  const marks = Array.isArray(group.marks) ? group.marks : [];
  const mark = marks[0];
  if (!sized || marks.length !== 1 || !isObject(mark) || (mark.type !== 'line' && mark.type !== 'area')) return undefined;
  if (!isObject(mark.from) || mark.from.data !== name) return undefined;
  return { mark, data, groupby: fields };
}

/** The spec with each image mark in place, the domains it fed computed from aggregates, and the signals the render nodes read. */
function rewriteSpec(spec: JsonObject, marks: ImageMark[]): JsonObject {
  const out = structuredClone(spec);
  const byIndex = new Map(marks.map((m) => [m.index, m]));
  const data = Array.isArray(out.data) ? out.data : [];
  const scales = Array.isArray(out.scales) ? out.scales : [];
  const imageData = new Set(marks.map((m) => m.data));
  for (const scale of scales) {
    if (!isObject(scale) || !isObject(scale.domain)) continue;
    const domain = scale.domain;
    if (typeof domain.data !== 'string' || !imageData.has(domain.data)) continue;
    const aggregate = domainAggregate(String(scale.name), domain, typeof scale.type === 'string' ? scale.type : 'linear');
    if (!aggregate) continue;
    data.push({ name: aggregate.name, source: domain.data, transform: aggregate.transform });
    scale.domain = aggregate.domain;
  }
  for (const m of marks) {
    if (m.source === m.data) continue;
    data.push({ name: m.source, source: m.data, transform: m.encoded.tests.map((t) => ({ type: 'formula', expr: t.expr, as: t.as })) });
  }
  const signals = Array.isArray(out.signals) ? out.signals : [];
  out.marks = (Array.isArray(out.marks) ? out.marks : []).flatMap((mark, i) => {
    const m = byIndex.get(i);
    if (!m || !isObject(mark)) return [mark];
    const hover = hoverParts(mark, m);
    // A faceting group stays, as large as the view, holding the image: Vega lays out a
    // legend beside a group's bounds (an image's own would not move it).
    if (mark.type === 'group') return [{ type: 'group', ...(typeof mark.name === 'string' ? { name: mark.name } : {}), encode: mark.encode ?? {}, marks: [imageMark({}, m)] }];
    if (!hover) return [imageMark(mark, m)];
    data.push(hover.data);
    signals.push(hover.signal);
    return [imageMark(mark, m), hover.mark];
  });
  out.data = data;
  for (const m of marks) for (const s of m.encoded.signals) signals.push({ name: s.name, update: s.update });
  out.signals = signals;
  return out;
}

/** The hover signal's value away from the plot: [x, y, half width, half height] of an empty window. */
const NO_POINTER = [0, 0, -1, -1];

/** Device-independent pixels around the pointer within which the nearest point is looked for. */
const HOVER_RADIUS = 8;

/**
 * Tooltips over an image: the pointer's position (debounced) in data units travels to
 * the runtime, which finds the nearest row within a few pixels; that row is drawn by the
 * original mark, invisible, so Vega shows its tooltip for it exactly as it would.
 * Only for positions through continuous scales (which invert).
 */
function hoverParts(mark: JsonObject, m: ImageMark): { signal: JsonObject; data: JsonObject; mark: JsonObject } | undefined {
  if (mark.type !== 'symbol' && mark.type !== 'rect') return undefined;
  const encode = isObject(mark.encode) ? mark.encode : {};
  const entries: JsonObject = { ...(isObject(encode.enter) ? encode.enter : {}), ...(isObject(encode.update) ? encode.update : {}) };
  if (entries.tooltip === undefined) return undefined;
  const scales = isObject(m.encoded.mark.scales) ? m.encoded.mark.scales : {};
  const axis = (c: string) => {
    const e = entries[c];
    if (!isObject(e) || typeof e.field !== 'string' || typeof e.scale !== 'string') return undefined;
    const s = scales[e.scale];
    const type = isObject(s) ? s.type : undefined;
    return typeof type === 'string' && ['linear', 'log', 'pow', 'sqrt', 'symlog', 'time', 'utc'].includes(type) ? { field: e.field, scale: e.scale } : undefined;
  };
  const x = axis('x');
  const y = axis('y');
  if (!x || !y) return undefined;
  const name = `${m.imageData}_hover`;
  const sx = JSON.stringify(x.scale);
  const sy = JSON.stringify(y.scale);
  const r = HOVER_RADIUS;
  const at = (f: string) => `datum[${JSON.stringify(f)}]`;
  return {
    signal: {
      name,
      // No pointer: a window of negative size, which no row is within (and which the
      // runtime can read as an array, unlike null, when it folds the signal's parts).
      value: NO_POINTER,
      on: [
        {
          events: { type: 'mousemove', debounce: 80 },
          update: `[invert(${sx}, x()), invert(${sy}, y()), abs(invert(${sx}, x() + ${r}) - invert(${sx}, x())), abs(invert(${sy}, y() + ${r}) - invert(${sy}, y()))]`,
        },
        { events: 'mouseout', update: JSON.stringify(NO_POINTER) },
      ],
    },
    data: {
      name: `${name}_rows`,
      source: m.data,
      transform: [
        { type: 'filter', expr: `isArray(${name}) && abs(${at(x.field)} - ${name}[0]) <= ${name}[2] && abs(${at(y.field)} - ${name}[1]) <= ${name}[3]` },
        { type: 'formula', as: '__vf_distance', expr: `pow((${at(x.field)} - ${name}[0]) / ${name}[2], 2) + pow((${at(y.field)} - ${name}[1]) / ${name}[3], 2)` },
        { type: 'window', sort: { field: '__vf_distance', order: 'ascending' }, ops: ['row_number'], as: ['__vf_rank'] },
        { type: 'filter', expr: 'datum.__vf_rank === 1' },
      ],
    },
    mark: {
      ...mark,
      name: `${typeof mark.name === 'string' ? mark.name : 'marks'}_vf_hover`,
      from: { data: `${name}_rows` },
      encode: { ...encode, update: { ...entries, fillOpacity: { value: 0 }, strokeOpacity: { value: 0 } } },
    },
  };
}

const DISCRETE = new Set(['band', 'point', 'ordinal']);

/**
 * A domain over a dataset whose rows no longer travel, computed by a small aggregate of
 * it instead: min and max for a continuous scale, the distinct values (in first-seen
 * order, sorted as the domain asks) for a discrete one. Vega computes the same domain
 * from either.
 */
function domainAggregate(scale: string, domain: JsonObject, type: string): { name: string; transform: JsonObject[]; domain: JsonObject } | undefined {
  const name = `vf_domain_${scale}`;
  const fields = typeof domain.field === 'string' ? [domain.field] : Array.isArray(domain.fields) && domain.fields.every((f) => typeof f === 'string') ? domain.fields as string[] : undefined;
  if (!fields) return undefined;
  if (DISCRETE.has(type)) {
    if (fields.length !== 1 || (domain.sort !== undefined && domain.sort !== true)) return undefined;
    const out: JsonObject = { data: name, field: fields[0] };
    if (domain.sort === true) out.sort = true;
    return { name, transform: [{ type: 'aggregate', groupby: [fields[0]] }], domain: out };
  }
  const as = fields.flatMap((_, i) => [`min_${i}`, `max_${i}`]);
  // Vega's extent reads numbers (toNumber: a CSV's unparsed strings too); a time scale's dates compare as they are.
  const numeric = type !== 'time' && type !== 'utc';
  const read = numeric ? fields.map((_, i) => `__vf_domain_${i}`) : fields;
  return {
    name,
    transform: [
      ...(numeric ? fields.map((f, i) => ({ type: 'formula', as: read[i], expr: `toNumber(datum[${JSON.stringify(f)}])` })) : []),
      { type: 'aggregate', ops: fields.flatMap(() => ['min', 'max']), fields: read.flatMap((f) => [f, f]), as },
    ],
    domain: { data: name, fields: as },
  };
}

/** The image mark that stands for `mark`: one image item covering the group (and the margin symbols reach past it). */
function imageMark(mark: JsonObject, m: ImageMark): JsonObject {
  const out: JsonObject = {
    type: 'image',
    from: { data: m.imageData },
    interactive: false,
    encode: {
      update: {
        x: { field: 'x' }, y: { field: 'y' }, width: { field: 'width' }, height: { field: 'height' },
        url: { field: 'url' }, aspect: { value: false }, smooth: { value: false },
      },
    },
  };
  if (typeof mark.name === 'string') out.name = mark.name;
  if (mark.clip !== undefined) out.clip = mark.clip;
  if (mark.zindex !== undefined) out.zindex = mark.zindex;
  return out;
}
