/**
 * Server-side rendering of large marks, the planner's part. A root-level symbol or rect
 * mark whose dataset is computed on the server and holds more rows than a threshold is
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
import { encodeMark, NotDrawable, type EncodedMark } from './image-marks-encode.js';
import type { DataPlan } from './partition.js';
import type { PlanReportEntry } from './types.js';

export interface ImageMarkOptions {
  /** Rows above which a mark is drawn by the runtime (0: every eligible mark); default 50,000. */
  threshold?: number;
  /** Row counts of server datasets by name, when known. */
  rowCounts?: Record<string, number>;
  /** Device pixels per CSS pixel of the images; default 1. */
  pixelRatio?: number;
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
  return isObject(meta) ? { ...base, ...(typeof meta.threshold === 'number' ? { threshold: meta.threshold } : {}) } : base;
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
  rootMarks.forEach((mark, index) => {
    if (!isObject(mark) || (mark.type !== 'symbol' && mark.type !== 'rect')) return;
    const from = isObject(mark.from) ? mark.from : {};
    const data = typeof from.data === 'string' ? from.data : undefined;
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
      encoded = encodeMark(spec, mark, `vf_image_${index}`, options.pixelRatio ?? 1);
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
    marks.push({ index, data, source: encoded.tests.length > 0 ? `vf_image_${index}_rows` : data, imageData: `vf_image_${index}`, encoded });
    entry.status = 'server';
    entry.reason = threshold > 0 ? `Drawn by the runtime as an image: ${rows} rows, over the threshold of ${threshold}` : 'Drawn by the runtime as an image (threshold 0)';
  });
  if (marks.length === 0) return { spec, marks, report, countsWanted };
  return { spec: rewriteSpec(spec, marks), marks, report, countsWanted };
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
    data.push({ name: aggregate.name, source: domain.data, transform: [aggregate.transform] });
    scale.domain = aggregate.domain;
  }
  for (const m of marks) {
    if (m.source === m.data) continue;
    data.push({ name: m.source, source: m.data, transform: m.encoded.tests.map((t) => ({ type: 'formula', expr: t.expr, as: t.as })) });
  }
  out.data = data;
  out.marks = (Array.isArray(out.marks) ? out.marks : []).map((mark, i) => {
    const m = byIndex.get(i);
    return m && isObject(mark) ? imageMark(mark, m) : mark;
  });
  const signals = Array.isArray(out.signals) ? out.signals : [];
  for (const m of marks) for (const s of m.encoded.signals) signals.push({ name: s.name, update: s.update });
  out.signals = signals;
  return out;
}

const DISCRETE = new Set(['band', 'point', 'ordinal']);

/**
 * A domain over a dataset whose rows no longer travel, computed by a small aggregate of
 * it instead: min and max for a continuous scale, the distinct values (in first-seen
 * order, sorted as the domain asks) for a discrete one. Vega computes the same domain
 * from either.
 */
function domainAggregate(scale: string, domain: JsonObject, type: string): { name: string; transform: JsonObject; domain: JsonObject } | undefined {
  const name = `vf_domain_${scale}`;
  const fields = typeof domain.field === 'string' ? [domain.field] : Array.isArray(domain.fields) && domain.fields.every((f) => typeof f === 'string') ? domain.fields as string[] : undefined;
  if (!fields) return undefined;
  if (DISCRETE.has(type)) {
    if (fields.length !== 1 || (domain.sort !== undefined && domain.sort !== true)) return undefined;
    const out: JsonObject = { data: name, field: fields[0] };
    if (domain.sort === true) out.sort = true;
    return { name, transform: { type: 'aggregate', groupby: [fields[0]] }, domain: out };
  }
  const as = fields.flatMap((_, i) => [`min_${i}`, `max_${i}`]);
  return {
    name,
    transform: { type: 'aggregate', ops: fields.flatMap(() => ['min', 'max']), fields: fields.flatMap((f) => [f, f]), as },
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
