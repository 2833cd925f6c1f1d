/**
 * Draws rule, line and area marks as Vega's canvas renderer does.
 *
 * A rule is one stroked segment per row, from (x, y) to (x2, y2) (each end defaulting to
 * the other), composited row by row. A line or an area is one path per series (the rows
 * sharing the `groupby` values, in order of first appearance, as Vega's facet makes one
 * group per key), its points the series' rows sorted by the mark's `sort` (ties in row
 * order) and broken where `defined` is false; the whole path is drawn with the first
 * point's style (Vega reads a path's stroke, fill and widths from its first item). A
 * missing position counts as 0 there, as Vega's path generators read `item.x || 0`.
 */
import { colorAt, colorChannel, nameAt, nameChannel, numberAt, numberChannel, type NumberChannel } from './channels.js';
import type { DrawColumns } from './columns.js';
import { CoverageMask } from './coverage.js';
import { RenderError } from './errors.js';
import { clamp01, frame, monoColor, Overflow, type DrawnImage } from './frame.js';
import { fillArea, strokePolyline, type Cap, type Join, type StrokeStyle } from './paths.js';
import type { RenderSpec } from './render-spec.js';
import type { BuiltScale } from './scales.js';

const CAPS: ReadonlySet<string> = new Set(['butt', 'round', 'square']);
const JOINS: ReadonlySet<string> = new Set(['miter', 'round', 'bevel']);

/** Vega's default miter limit (its canvas renderer sets 4 where a mark gives none). */
const MITER_LIMIT = 4;

function orZero(v: number): number {
  return v || 0;
}

function checkNames(ch: ReturnType<typeof nameChannel>, known: ReadonlySet<string>, what: string): void {
  const names = ch.kind === 'const' ? [ch.value] : ch.names;
  const bad = names.find((n) => !known.has(n));
  if (bad !== undefined) throw new RenderError('unsupported_transform', `${what} "${bad}" is not drawn by the runtime`, { path: `/encode/${what}` });
}

/** Draws a rule mark: each row a stroked segment. */
export function drawRules(spec: RenderSpec, columns: DrawColumns, scales: Map<string, BuiltScale>): DrawnImage {
  const e = spec.encode;
  const x = numberChannel(e.x, scales, columns, NaN);
  const y = numberChannel(e.y, scales, columns, NaN);
  const x2 = numberChannel(e.x2, scales, columns, NaN);
  const y2 = numberChannel(e.y2, scales, columns, NaN);
  const hasX2 = e.x2 !== undefined;
  const hasY2 = e.y2 !== undefined;
  const opacity = numberChannel(e.opacity, scales, columns, 1);
  const strokeOpacity = numberChannel(e.strokeOpacity, scales, columns, 1);
  const strokeWidth = numberChannel(e.strokeWidth, scales, columns, 1);
  const stroke = colorChannel(e.stroke, scales, columns);
  const cap = nameChannel(e.strokeCap, scales, columns, 'butt');
  checkNames(cap, CAPS, 'strokeCap');
  const ends = (i: number): [number, number, number, number] => {
    const a = orZero(numberAt(x, i));
    const b = orZero(numberAt(y, i));
    // Vega's rule: an end it does not encode is the other end; one it encodes as NaN stays NaN.
    return [a, b, hasX2 ? numberAt(x2, i) : a, hasY2 ? numberAt(y2, i) : b];
  };
  const bounds = new Overflow(spec);
  for (let i = 0; i < columns.rows && !spec.clip && e.stroke; i++) {
    if (numberAt(opacity, i) === 0 || numberAt(strokeOpacity, i) === 0) continue;
    const [a, b, c, d] = ends(i);
    const r = ((nameAt(cap, i) === 'square' ? Math.SQRT2 : 1) * numberAt(strokeWidth, i)) / 2;
    bounds.add(Math.min(a, c) - r, Math.min(b, d) - r, Math.max(a, c) + r, Math.max(b, d) + r);
  }
  const out = frame(spec, bounds, monoColor(stroke, undefined));
  const k = spec.pixelRatio;
  if (e.stroke && drawRuleColumns(spec, out, { x, y, x2, y2, opacity, strokeOpacity, strokeWidth, cap })) return out;
  const mask = new CoverageMask(out.raster.width, out.raster.height);
  const xs = new Float64Array(2);
  const ys = new Float64Array(2);
  for (let i = 0; i < columns.rows; i++) {
    const w = numberAt(strokeWidth, i) * k;
    const o = clamp01(numberAt(opacity, i)) * clamp01(numberAt(strokeOpacity, i));
    if (!(w > 0) || !(o > 0) || !e.stroke) continue;
    let [a, b, c, d] = ends(i);
    if (!Number.isFinite(a + b + c + d)) continue;
    out.drawn++;
    a = (a - out.x) * k;
    b = (b - out.y) * k;
    c = (c - out.x) * k;
    d = (d - out.y) * k;
    const capName = nameAt(cap, i) as Cap;
    const color = colorAt(stroke, i);
    const h = w / 2;
    // An axis-aligned rule without round caps is a box: its coverage is exact and cheap.
    if ((a === c || b === d) && capName !== 'round' && !(a === c && b === d)) {
      const ext = capName === 'square' ? h : 0;
      if (a === c) out.raster.box(a - h, Math.min(b, d) - ext, a + h, Math.max(b, d) + ext, color, 0, o);
      else out.raster.box(Math.min(a, c) - ext, b - h, Math.max(a, c) + ext, b + h, color, 0, o);
      continue;
    }
    xs[0] = a; xs[1] = c;
    ys[0] = b; ys[1] = d;
    strokePolyline(mask, xs, ys, 0, 2, { width: w, cap: capName, join: 'miter', miterLimit: MITER_LIMIT });
    mask.composite(out.raster, color, o);
  }
  return out;
}

/** Positions a rule's place is rounded to, per device pixel, when rules are counted by place. */
const RULE_STEPS = 256;

/**
 * Many rules of one look that differ only in x (a rug, a strip of vertical rules) or only
 * in y: counted by place (to 1/256 of a device pixel), each place drawn once as its count
 * of draws leave it (the raster holds one color: n draws pass (1 - a·cov)^n of the light).
 * False when the rules are not of that kind.
 */
function drawRuleColumns(
  spec: RenderSpec, out: DrawnImage,
  c: { x: NumberChannel; y: NumberChannel; x2: NumberChannel; y2: NumberChannel; opacity: NumberChannel; strokeOpacity: NumberChannel; strokeWidth: NumberChannel; cap: ReturnType<typeof nameChannel> },
): boolean {
  const e = spec.encode;
  const uniform = out.raster.mono && [c.opacity, c.strokeOpacity, c.strokeWidth].every((ch) => ch.kind === 'const') && c.cap.kind === 'const' && c.cap.value !== 'round';
  if (!uniform || c.cap.kind !== 'const') return false;
  const vertical = e.x2 === undefined && c.x.kind === 'rows' && c.y.kind === 'const' && c.y2.kind === 'const';
  const horizontal = e.y2 === undefined && c.y.kind === 'rows' && c.x.kind === 'const' && c.x2.kind === 'const';
  if (!vertical && !horizontal) return false;
  const k = spec.pixelRatio;
  const h = (numberAt(c.strokeWidth, 0) * k) / 2;
  const a = clamp01(numberAt(c.opacity, 0)) * clamp01(numberAt(c.strokeOpacity, 0)) * (out.raster.mono?.a ?? 1);
  if (!(h > 0) || !(a > 0)) return true;
  const ext = c.cap.value === 'square' ? h : 0;
  // The fixed ends (a rule's missing end is its other end), and the varying place.
  const along = vertical ? c.x : c.y;
  const fixedA = vertical ? c.y : c.x;
  const fixedB = vertical ? (e.y2 ? c.y2 : fixedA) : (e.x2 ? c.x2 : fixedA);
  const origin = vertical ? out.x : out.y;
  const other = vertical ? out.y : out.x;
  const f0 = orZero(numberAt(fixedA, 0));
  const f1 = numberAt(fixedB, 0);
  if (!Number.isFinite(f0) || !Number.isFinite(f1)) return true;
  const lo = (Math.min(f0, f1) - other) * k - ext;
  const hi = (Math.max(f0, f1) - other) * k + ext;
  // Counts by place over the image and a rule's half width around it; rules beyond touch no pixel.
  const pad = Math.ceil(h) + 1;
  const side = vertical ? out.raster.width : out.raster.height;
  const counts = new Uint32Array((side + 2 * pad) * RULE_STEPS);
  const values = (along as { values: Float64Array }).values;
  for (let i = 0; i < values.length; i++) {
    const v = orZero(values[i]);
    if (!Number.isFinite(v)) continue;
    const key = Math.round(((v - origin) * k + pad) * RULE_STEPS);
    out.drawn++;
    if (key >= 0 && key < counts.length) counts[key]++;
  }
  for (let key = 0; key < counts.length; key++) {
    const n = counts[key];
    if (n === 0) continue;
    const p = key / RULE_STEPS - pad;
    if (vertical) out.raster.boxRepeated(p - h, lo, p + h, hi, a, n);
    else out.raster.boxRepeated(lo, p - h, hi, p + h, a, n);
  }
  return true;
}

/** Rows of each series, in order of first appearance; each series' rows in row order. */
function seriesOf(spec: RenderSpec, columns: DrawColumns): Uint32Array[] {
  const n = columns.rows;
  const fields = spec.groupby ?? [];
  if (fields.length === 0) return [Uint32Array.from({ length: n }, (_, i) => i)];
  const values = fields.map((f) => columns.get(f).values());
  const ids = new Map<unknown, number>();
  const of = new Uint32Array(n);
  const sizes: number[] = [];
  for (let i = 0; i < n; i++) {
    const key = values.length === 1 ? keyOf(values[0][i]) : values.map((v) => String(keyOf(v[i]))).join('\u0000');
    let id = ids.get(key);
    if (id === undefined) {
      id = sizes.push(0) - 1;
      ids.set(key, id);
    }
    sizes[id]++;
    of[i] = id;
  }
  const out = sizes.map((s) => new Uint32Array(s));
  const fill = new Uint32Array(sizes.length);
  for (let i = 0; i < n; i++) out[of[i]][fill[of[i]]++] = i;
  return out;
}

/** A group key as Vega's facet compares it (dates by time). */
function keyOf(v: unknown): unknown {
  return v instanceof Date ? v.getTime() : v;
}

/** Vega's ascending order (vega-util `ascending`) over numbers: NaN first. */
function ascending(u: number, v: number): number {
  if (u < v) return -1;
  if (u > v) return 1;
  if (u !== u) return v !== v ? 0 : -1;
  return v !== v ? 1 : 0;
}

/** Sorts a series' rows by a position channel, ties in row order (Vega sorts items stably by tuple id). */
function sortRows(rows: Uint32Array, key: NumberChannel, descending: boolean): void {
  if (key.kind === 'const') return;
  const v = key.values;
  const sign = descending ? -1 : 1;
  let sorted = true;
  for (let j = 1; j < rows.length && sorted; j++) if (sign * ascending(v[rows[j - 1]], v[rows[j]]) > 0) sorted = false;
  if (!sorted) rows.sort((a, b) => sign * ascending(v[a], v[b]) || a - b);
}

/** Whether row `i` is a point of the path (Vega breaks a path where `defined` is false). */
function definedAt(spec: RenderSpec, columns: DrawColumns): (i: number) => boolean {
  const d = spec.encode.defined;
  const valid = (spec.definedFields ?? []).map((f) => columns.get(f).numbers());
  // isValid(v) && isFinite(+v): numbers() is NaN for NULL and for what `+v` makes NaN.
  const numbers = (i: number) => valid.every((v) => Number.isFinite(v[i]));
  if (!d) return valid.length === 0 ? () => true : numbers;
  if (d.field === undefined) return d.value === false ? () => false : numbers;
  const values = columns.get(d.field).values();
  // The planner computes `defined` as a boolean column; SQL's NULL stands for Vega's false.
  return (i) => values[i] !== false && values[i] !== null && numbers(i);
}

/** Draws a line or area mark: one path per series. */
export function drawPaths(spec: RenderSpec, columns: DrawColumns, scales: Map<string, BuiltScale>): DrawnImage {
  const e = spec.encode;
  const area = spec.mark === 'area';
  if (e.orient && (e.orient.field !== undefined || (e.orient.value !== undefined && e.orient.value !== 'vertical'))) {
    throw new RenderError('unsupported_transform', 'Only vertical areas are drawn by the runtime', { path: '/encode/orient' });
  }
  if (e.interpolate && (e.interpolate.field !== undefined || e.interpolate.value !== 'linear')) {
    throw new RenderError('unsupported_transform', 'Only linear interpolation is drawn by the runtime', { path: '/encode/interpolate' });
  }
  const x = numberChannel(e.x, scales, columns, 0);
  const y = numberChannel(e.y, scales, columns, 0);
  const y2 = numberChannel(e.y2, scales, columns, NaN);
  const opacity = numberChannel(e.opacity, scales, columns, 1);
  const fillOpacity = numberChannel(e.fillOpacity, scales, columns, 1);
  const strokeOpacity = numberChannel(e.strokeOpacity, scales, columns, 1);
  const strokeWidth = numberChannel(e.strokeWidth, scales, columns, 1);
  const miterLimit = numberChannel(e.strokeMiterLimit, scales, columns, MITER_LIMIT);
  const fill = colorChannel(e.fill, scales, columns);
  const stroke = colorChannel(e.stroke, scales, columns);
  const cap = nameChannel(e.strokeCap, scales, columns, 'butt');
  const joinName = nameChannel(e.strokeJoin, scales, columns, 'miter');
  checkNames(cap, CAPS, 'strokeCap');
  checkNames(joinName, JOINS, 'strokeJoin');
  if (area && e.stroke) throw new RenderError('unsupported_transform', 'A stroked area is not drawn by the runtime', { path: '/encode/stroke' });
  if (!area && e.fill) throw new RenderError('unsupported_transform', 'A filled line is not drawn by the runtime', { path: '/encode/fill' });
  const defined = definedAt(spec, columns);
  const series = seriesOf(spec, columns);
  const sortKey = spec.sort ? (spec.sort.by === 'x' ? x : y) : undefined;
  // A point's place: `item.x || 0`, and an area's base `y + (y2 - y || 0)` as Vega's encoder sets its height.
  const px = (i: number) => orZero(numberAt(x, i));
  const py = (i: number) => orZero(numberAt(y, i));
  const pb = (i: number) => (e.y2 ? orZero(numberAt(y, i)) + orZero(numberAt(y2, i) - numberAt(y, i)) : py(i));

  const bounds = new Overflow(spec);
  for (const rows of series) {
    if (sortKey) sortRows(rows, sortKey, spec.sort?.order === 'descending');
  }
  for (const rows of series) {
    if (spec.clip || rows.length === 0) break;
    const f = rows[0];
    let reach = 0;
    if (!area && numberAt(opacity, f) !== 0 && numberAt(strokeOpacity, f) !== 0) {
      const sw = numberAt(strokeWidth, f);
      reach = ((nameAt(cap, f) === 'square' ? Math.SQRT2 : 1) * sw) / 2;
      if (nameAt(joinName, f) === 'miter') reach = Math.max(reach, (numberAt(miterLimit, f) * sw) / 2);
    }
    let x0 = Infinity;
    let y0 = Infinity;
    let x1 = -Infinity;
    let y1 = -Infinity;
    for (const i of rows) {
      if (!defined(i)) continue;
      const a = px(i);
      const lo = Math.min(py(i), pb(i));
      const hi = Math.max(py(i), pb(i));
      if (a < x0) x0 = a;
      if (a > x1) x1 = a;
      if (lo < y0) y0 = lo;
      if (hi > y1) y1 = hi;
    }
    if (x1 >= x0) bounds.add(x0 - reach, y0 - reach, x1 + reach, y1 + reach);
  }
  const out = frame(spec, bounds, monoColor(area ? fill : stroke, undefined));
  const k = spec.pixelRatio;
  const mask = new CoverageMask(out.raster.width, out.raster.height);
  for (const rows of series) {
    if (rows.length === 0) continue;
    const f = rows[0];
    const o = clamp01(numberAt(opacity, f)) * clamp01(numberAt(area ? fillOpacity : strokeOpacity, f));
    const color = colorAt(area ? fill : stroke, f);
    const width = numberAt(strokeWidth, f) * k;
    if (!(o > 0) || !(color.a > 0) || (!area && !(width > 0))) continue;
    const style: StrokeStyle = {
      width, cap: nameAt(cap, f) as Cap, join: nameAt(joinName, f) as Join, miterLimit: numberAt(miterLimit, f),
    };
    const xs = new Float64Array(rows.length);
    const ys = new Float64Array(rows.length);
    const bs = area ? new Float64Array(rows.length) : ys;
    let n = 0;
    const flush = () => {
      if (n === 0) return;
      if (area) {
        checkMonotone(xs, n);
        fillArea(mask, xs, ys, bs, 0, n);
      } else strokePolyline(mask, xs, ys, 0, n, style);
      n = 0;
    };
    for (const i of rows) {
      if (!defined(i)) {
        flush();
        continue;
      }
      out.drawn++;
      xs[n] = (px(i) - out.x) * k;
      ys[n] = (py(i) - out.y) * k;
      if (area) bs[n] = (pb(i) - out.y) * k;
      n++;
    }
    flush();
    mask.composite(out.raster, color, o);
  }
  return out;
}

/** An area whose x goes back and forth overlaps itself, which a union of its steps does not draw as a canvas does. */
function checkMonotone(xs: Float64Array, n: number): void {
  let dir = 0;
  for (let i = 1; i < n; i++) {
    const d = Math.sign(xs[i] - xs[i - 1]);
    if (d === 0) continue;
    if (dir !== 0 && d !== dir) throw new RenderError('unsupported_transform', 'An area whose x goes back and forth is not drawn by the runtime (sort it by x)');
    dir = d;
  }
}
