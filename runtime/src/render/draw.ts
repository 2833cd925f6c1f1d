/**
 * Draws a render task's mark into a Raster, row by row in Vega's order, as Vega's canvas
 * renderer draws its items: a symbol is a circle or square of area `size` (side
 * sqrt(size)) centered at (x, y), a rect the box its x/x2/width/xc (and y) give; fill
 * first, then stroke centered on the outline, each at opacity times its own opacity.
 */
import {
  checkShapes, colorAt, colorChannel, nameAt, nameChannel, numberAt, numberChannel, type NumberChannel,
} from './channels.js';
import type { DrawColumns } from './columns.js';
import { clamp01, frame, monoColor, Overflow, type DrawnImage } from './frame.js';
import { STAMP_RADIUS, stampsFor } from './stamps.js';
import { LimitError } from '../errors.js';
import type { RenderSpec } from './render-spec.js';

export type { DrawnImage };
import type { BuiltScale } from './scales.js';

const SHAPES: ReadonlySet<string> = new Set(['circle', 'square']);

/** Most pixels a render may touch: a bound on the time a client's sizes can make it take. */
const MAX_WORK = 4e9;

/** Refuses a drawing whose points would cover more pixels than MAX_WORK (each at most the whole image). */
function checkWork(rows: number, size: NumberChannel, strokeWidth: NumberChannel, k: number, out: DrawnImage): void {
  let largest = 0;
  for (const c of [size, strokeWidth]) {
    const values = c.kind === 'const' ? [c.value] : c.values;
    let m = 0;
    for (const v of values) if (v > m) m = v;
    largest += c === size ? Math.sqrt(m) * k : 2 * m * k;
  }
  const perPoint = Math.min(out.raster.width * out.raster.height, (largest + 2) ** 2);
  if (rows * perPoint > MAX_WORK) {
    throw new LimitError('limit_exceeded', `Drawing ${rows} points of up to ${Math.round(largest)} device pixels across would touch more than ${MAX_WORK} pixels`);
  }
}

/** Draws the mark of `spec` over `columns` with `scales`. */
export function drawMark(spec: RenderSpec, columns: DrawColumns, scales: Map<string, BuiltScale>): DrawnImage {
  const e = spec.encode;
  const opacity = numberChannel(e.opacity, scales, columns, 1);
  const fillOpacity = numberChannel(e.fillOpacity, scales, columns, 1);
  const strokeOpacity = numberChannel(e.strokeOpacity, scales, columns, 1);
  const strokeWidth = numberChannel(e.strokeWidth, scales, columns, 1);
  const fill = colorChannel(e.fill, scales, columns);
  const stroke = colorChannel(e.stroke, scales, columns);
  const hasStroke = e.stroke !== undefined;

  if (spec.mark === 'symbol') {
    const x = numberChannel(e.x ?? e.xc, scales, columns, 0);
    const y = numberChannel(e.y ?? e.yc, scales, columns, 0);
    const size = numberChannel(e.size, scales, columns, 64);
    const shape = nameChannel(e.shape, scales, columns, 'circle');
    checkShapes(shape, SHAPES);
    // Vega's bounds of a symbol: its shape, and a stroke's miter reach (twice its width).
    const bounds = new Overflow(spec);
    for (let i = 0; i < columns.rows && !spec.clip; i++) {
      const s = numberAt(size, i);
      if (!(s > 0)) continue;
      const stroked = hasStroke && numberAt(opacity, i) !== 0 && numberAt(strokeOpacity, i) !== 0;
      const reach = Math.sqrt(s) / 2 + (stroked ? 2 * numberAt(strokeWidth, i) : 0);
      bounds.add(numberAt(x, i) - reach, numberAt(y, i) - reach, numberAt(x, i) + reach, numberAt(y, i) + reach);
    }
    const out = frame(spec, bounds, monoColor(fill, hasStroke ? stroke : undefined));
    const k = spec.pixelRatio;
    checkWork(columns.rows, size, strokeWidth, k, out);
    // One size and stroke for every point: its disc and ring are stamped, not computed.
    const r0 = size.kind === 'const' ? (Math.sqrt(size.value) / 2) * k : NaN;
    const sw0 = strokeWidth.kind === 'const' ? (strokeWidth.value * k) / 2 : NaN;
    const fillStamps = r0 > 0 && r0 <= STAMP_RADIUS ? stampsFor(r0, 0) : undefined;
    const strokeStamps = r0 > 0 && sw0 > 0 && r0 + sw0 <= STAMP_RADIUS ? stampsFor(r0 + sw0, r0 - sw0) : undefined;
    for (let i = 0; i < columns.rows; i++) {
      const cx = (numberAt(x, i) - out.x) * k;
      const cy = (numberAt(y, i) - out.y) * k;
      const s = numberAt(size, i);
      if (!Number.isFinite(cx) || !Number.isFinite(cy) || !(s > 0)) continue;
      out.drawn++;
      const r = (Math.sqrt(s) / 2) * k;
      const o = clamp01(numberAt(opacity, i));
      const f = colorAt(fill, i);
      const fa = o * clamp01(numberAt(fillOpacity, i));
      const square = nameAt(shape, i) === 'square';
      if (square) out.raster.box(cx - r, cy - r, cx + r, cy + r, f, 0, fa);
      else out.raster.disc(cx, cy, r, 0, f, fa, fillStamps);
      if (!hasStroke) continue;
      const sw = (numberAt(strokeWidth, i) * k) / 2;
      if (!(sw > 0)) continue;
      const st = colorAt(stroke, i);
      const sa = o * clamp01(numberAt(strokeOpacity, i));
      if (square) out.raster.box(cx - r - sw, cy - r - sw, cx + r + sw, cy + r + sw, st, 2 * sw, sa);
      else out.raster.disc(cx, cy, r + sw, r - sw, st, sa, strokeStamps);
    }
    return out;
  }

  const [x0, x1] = span(spec, 'x', scales, columns);
  const [y0, y1] = span(spec, 'y', scales, columns);
  // Vega's bounds of a rect: its box, and half a stroke's width around it.
  const bounds = new Overflow(spec);
  for (let i = 0; i < columns.rows && !spec.clip; i++) {
    const stroked = hasStroke && numberAt(opacity, i) !== 0 && numberAt(strokeOpacity, i) !== 0;
    const e = stroked ? numberAt(strokeWidth, i) / 2 : 0;
    const [a, b] = ordered(numberAt(x0, i), numberAt(x1, i));
    const [c, d] = ordered(numberAt(y0, i), numberAt(y1, i));
    bounds.add(a - e, c - e, b + e, d + e);
  }
  const out = frame(spec, bounds, monoColor(fill, hasStroke ? stroke : undefined));
  const k = spec.pixelRatio;
  if (!hasStroke && opacity.kind === 'const' && fillOpacity.kind === 'const' && drawRectsByPlace(out, [x0, x1, y0, y1], columns.rows, clamp01(opacity.value) * clamp01(fillOpacity.value), k)) return out;
  for (let i = 0; i < columns.rows; i++) {
    let [a, b] = ordered(numberAt(x0, i), numberAt(x1, i));
    let [c, d] = ordered(numberAt(y0, i), numberAt(y1, i));
    if (!Number.isFinite(a) || !Number.isFinite(b) || !Number.isFinite(c) || !Number.isFinite(d)) continue;
    out.drawn++;
    a = (a - out.x) * k;
    b = (b - out.x) * k;
    c = (c - out.y) * k;
    d = (d - out.y) * k;
    const o = clamp01(numberAt(opacity, i));
    out.raster.box(a, c, b, d, colorAt(fill, i), 0, o * clamp01(numberAt(fillOpacity, i)));
    if (!hasStroke) continue;
    const sw = (numberAt(strokeWidth, i) * k) / 2;
    if (sw > 0) out.raster.box(a - sw, c - sw, b + sw, d + sw, colorAt(stroke, i), 2 * sw, o * clamp01(numberAt(strokeOpacity, i)));
  }
  return out;
}

/** Positions a rect's corner is rounded to, per device pixel, when rects are counted by place. */
const RECT_STEPS = 256;

/**
 * Many rects of one size and one look (ticks of a strip plot): counted by place (their
 * corner to 1/256 of a device pixel), each place drawn once as its count of draws leave
 * it (the raster holds one color: n draws pass (1 - a·cov)^n of the light). False, having
 * drawn nothing, when the raster is not of one color or the sizes differ.
 */
function drawRectsByPlace(out: DrawnImage, [x0, x1, y0, y1]: NumberChannel[], rows: number, alpha: number, k: number): boolean {
  const mono = out.raster.mono;
  if (!mono || rows === 0) return false;
  let w = NaN;
  let h = NaN;
  const counts = new Map<number, number>();
  for (let i = 0; i < rows; i++) {
    const [a, b] = ordered(numberAt(x0, i), numberAt(x1, i));
    const [c, d] = ordered(numberAt(y0, i), numberAt(y1, i));
    if (!Number.isFinite(a) || !Number.isFinite(b) || !Number.isFinite(c) || !Number.isFinite(d)) continue;
    if (Number.isNaN(w)) {
      w = b - a;
      h = d - c;
    } else if (Math.abs(b - a - w) > 1e-9 * Math.max(1, w) || Math.abs(d - c - h) > 1e-9 * Math.max(1, h)) return false;
    const kx = Math.round((a - out.x) * k * RECT_STEPS);
    const ky = Math.round((c - out.y) * k * RECT_STEPS);
    // Both keys stay within 2^22 (8192 device pixels a side, a margin around): one number holds the pair.
    const key = (kx + 2 ** 22) * 2 ** 24 + (ky + 2 ** 22);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const a = alpha * mono.a;
  for (const [key, n] of counts) {
    const px = (Math.floor(key / 2 ** 24) - 2 ** 22) / RECT_STEPS;
    const py = ((key % 2 ** 24) - 2 ** 22) / RECT_STEPS;
    out.drawn += n;
    if (a > 0) out.raster.boxRepeated(px, py, px + w * k, py + h * k, a, n);
  }
  return true;
}

function ordered(a: number, b: number): [number, number] {
  return b < a ? [b, a] : [a, b];
}

/**
 * A rect's extent along x (or y) per row, as two channels: x and x2, x and width, xc and
 * width, or x2 and width (Vega's rules; a mark with only x has zero width).
 */
function span(spec: RenderSpec, axis: 'x' | 'y', scales: Map<string, BuiltScale>, columns: DrawColumns): [NumberChannel, NumberChannel] {
  const e = spec.encode;
  const size = axis === 'x' ? e.width : e.height;
  const start = e[axis];
  const end = e[`${axis}2`];
  const center = e[`${axis}c`];
  const from = numberChannel(start ?? center ?? end, scales, columns, 0);
  if (start && end && !size) return [from, numberChannel(end, scales, columns, 0)];
  const extent = numberChannel(size, scales, columns, 0);
  const n = columns.rows;
  const lo = new Float64Array(n);
  const hi = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const p = numberAt(from, i);
    const s = numberAt(extent, i);
    const left = start ? p : center ? p - s / 2 : p - s;
    lo[i] = left;
    hi[i] = left + s;
  }
  return [{ kind: 'rows', values: lo }, { kind: 'rows', values: hi }];
}
