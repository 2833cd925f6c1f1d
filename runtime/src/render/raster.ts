/**
 * A small antialiased rasterizer over a typed array: discs, rings and axis-aligned boxes
 * composited source-over in draw order, as a canvas draws Vega's symbols and rects.
 * Coverage is the area of a pixel inside the shape (exact for boxes, a one-pixel ramp at
 * a disc's edge), which is what a canvas's antialiasing approximates.
 *
 * Two layouts. In color, each pixel keeps premultiplied RGBA floats. In one color (every
 * item drawn with the same color, at any opacity), each pixel keeps only how much light
 * passes all the items over it: source-over of one color n times is that color at alpha
 * 1 - Π(1 - aᵢ), so one multiply per covered pixel does what four blends would.
 */
import type { Stamp, StampSet } from './stamps.js';

/** A color with alpha, channels in [0, 1], not premultiplied. */
export interface Rgba {
  r: number;
  g: number;
  b: number;
  a: number;
}

/** Total coverage of a disc of radius r drawn with the ramp, over its true area. */
export function rampScale(r: number): number {
  // From a pixel across, the excess is small and the inside stays opaque.
  if (r >= 1) return 1;
  const r2 = r * r;
  return r >= 0.5 ? r2 / (r2 + 1 / 12) : (3 * r2) / (r + 0.5) ** 3;
}

/** Coverage of pixel centers at `dist` from a disc's center (less a hole when inner > 0). */
export function discCoverage(dist: number, outer: number, inner: number): number {
  let cov = outer + 0.5 - dist;
  if (cov <= 0) return 0;
  if (cov > 1) cov = 1;
  if (inner > 0) {
    const h = inner + 0.5 - dist;
    if (h > 0) cov -= h > 1 ? 1 : h;
  }
  return cov > 0 ? cov : 0;
}

export class Raster {
  /** Color: premultiplied RGBA by pixel, row-major. One color: light passed, by pixel. */
  readonly data: Float32Array;

  /** `mono`: the one color every item is drawn with, if any. */
  constructor(readonly width: number, readonly height: number, readonly mono?: Rgba) {
    this.data = mono ? new Float32Array(width * height).fill(1) : new Float32Array(width * height * 4);
  }

  /** Composites `color` at alpha `a` (coverage included) into pixel `p`. */
  put(p: number, color: Rgba, a: number): void {
    const d = this.data;
    if (this.mono) {
      d[p] *= 1 - a;
      return;
    }
    const i = p * 4;
    const k = 1 - a;
    d[i] = color.r * a + d[i] * k;
    d[i + 1] = color.g * a + d[i + 1] * k;
    d[i + 2] = color.b * a + d[i + 2] * k;
    d[i + 3] = a + d[i + 3] * k;
  }

  /**
   * A disc of radius `outer` centered at (cx, cy) in pixels, less the disc of radius
   * `inner` (a ring: a stroked circle), or the whole disc when `inner` <= 0; `alpha`
   * multiplies the color's own. `stamps`: the same disc precomputed (see stamps.ts).
   */
  disc(cx: number, cy: number, outer: number, inner: number, color: Rgba, alpha = 1, stamps?: StampSet): void {
    const ca = color.a * alpha;
    if (!(outer > 0) || !(ca > 0)) return;
    // The one-pixel ramp adds π/12 px² to a disc's area: scaled away, a small disc
    // covers its own area (as a canvas's coverage does), whatever its radius.
    const a = inner > 0 ? ca : ca * rampScale(outer);
    if (stamps) {
      this.stamp(stamps.at(cx, cy), Math.floor(cx), Math.floor(cy), color, a);
      return;
    }
    const x0 = Math.max(0, Math.floor(cx - outer - 0.5));
    const x1 = Math.min(this.width - 1, Math.ceil(cx + outer + 0.5));
    const y0 = Math.max(0, Math.floor(cy - outer - 0.5));
    const y1 = Math.min(this.height - 1, Math.ceil(cy + outer + 0.5));
    for (let y = y0; y <= y1; y++) {
      const dy = y + 0.5 - cy;
      for (let x = x0; x <= x1; x++) {
        const dx = x + 0.5 - cx;
        const cov = discCoverage(Math.sqrt(dx * dx + dy * dy), outer, inner);
        if (cov > 0) this.put(y * this.width + x, color, a * cov);
      }
    }
  }

  /** Draws a stamp whose cell (0, 0) is pixel (ix, iy). */
  private stamp(s: Stamp, ix: number, iy: number, color: Rgba, a: number): void {
    const { dx, dy, cov } = s;
    const w = this.width;
    const h = this.height;
    const d = this.data;
    const inside = ix + s.minX >= 0 && iy + s.minY >= 0 && ix + s.maxX < w && iy + s.maxY < h;
    if (this.mono && inside) {
      const base = iy * w + ix;
      for (let k = 0; k < cov.length; k++) d[base + dy[k] * w + dx[k]] *= 1 - a * cov[k];
      return;
    }
    for (let k = 0; k < cov.length; k++) {
      const x = ix + dx[k];
      const y = iy + dy[k];
      if (inside || (x >= 0 && y >= 0 && x < w && y < h)) this.put(y * w + x, color, a * cov[k]);
    }
  }

  /**
   * A stamp drawn `n` times at alpha `a` in the one color of this raster: each covered
   * pixel passes (1 - a·cov)^n of the light, as n draws in a row leave it.
   */
  stampRepeated(s: Stamp, ix: number, iy: number, a: number, n: number): void {
    if (!this.mono) throw new RangeError('Repeated stamps need a raster of one color');
    const { dx, dy, cov } = s;
    const w = this.width;
    const h = this.height;
    const d = this.data;
    for (let k = 0; k < cov.length; k++) {
      const x = ix + dx[k];
      const y = iy + dy[k];
      if (x < 0 || y < 0 || x >= w || y >= h) continue;
      const pass = 1 - a * cov[k];
      d[y * w + x] *= n === 1 ? pass : pass ** n;
    }
  }

  /**
   * The box [x0, x1] x [y0, y1] in pixels, less the box inside it by `hole` on each side
   * when `hole` > 0 (a stroked rect); `alpha` multiplies the color's own.
   */
  box(x0: number, y0: number, x1: number, y1: number, color: Rgba, hole = 0, alpha = 1): void {
    const a = color.a * alpha;
    if (!(x1 > x0) || !(y1 > y0) || !(a > 0)) return;
    const px0 = Math.max(0, Math.floor(x0));
    const px1 = Math.min(this.width - 1, Math.ceil(x1) - 1);
    const py0 = Math.max(0, Math.floor(y0));
    const py1 = Math.min(this.height - 1, Math.ceil(y1) - 1);
    const hx0 = x0 + hole;
    const hx1 = x1 - hole;
    const hy0 = y0 + hole;
    const hy1 = y1 - hole;
    const holed = hole > 0 && hx1 > hx0 && hy1 > hy0;
    for (let y = py0; y <= py1; y++) {
      const cy = Math.min(y1, y + 1) - Math.max(y0, y);
      const hy = holed ? Math.max(0, Math.min(hy1, y + 1) - Math.max(hy0, y)) : 0;
      for (let x = px0; x <= px1; x++) {
        let cov = (Math.min(x1, x + 1) - Math.max(x0, x)) * cy;
        if (holed) cov -= Math.max(0, Math.min(hx1, x + 1) - Math.max(hx0, x)) * hy;
        if (cov > 1e-9) this.put(y * this.width + x, color, a * (cov > 1 ? 1 : cov));
      }
    }
  }

  /**
   * The box [x0, x1] x [y0, y1] drawn `n` times at alpha `a` in the one color of this
   * raster: each covered pixel passes (1 - a·cov)^n of the light, as n draws leave it.
   */
  boxRepeated(x0: number, y0: number, x1: number, y1: number, a: number, n: number): void {
    if (!this.mono) throw new RangeError('Repeated boxes need a raster of one color');
    if (!(x1 > x0) || !(y1 > y0) || !(a > 0) || !(n > 0)) return;
    const px0 = Math.max(0, Math.floor(x0));
    const px1 = Math.min(this.width - 1, Math.ceil(x1) - 1);
    const py0 = Math.max(0, Math.floor(y0));
    const py1 = Math.min(this.height - 1, Math.ceil(y1) - 1);
    const d = this.data;
    for (let y = py0; y <= py1; y++) {
      const cy = Math.min(y1, y + 1) - Math.max(y0, y);
      for (let x = px0; x <= px1; x++) {
        const cov = Math.min(1, (Math.min(x1, x + 1) - Math.max(x0, x)) * cy);
        if (cov > 1e-9) d[y * this.width + x] *= n === 1 ? 1 - a * cov : (1 - a * cov) ** n;
      }
    }
  }

  /** The image as 8-bit RGBA, not premultiplied (what a PNG holds). */
  toRgba8(): Uint8Array {
    const d = this.data;
    const out = new Uint8Array(this.width * this.height * 4);
    const mono = this.mono;
    if (mono) {
      const r = Math.round(mono.r * 255);
      const g = Math.round(mono.g * 255);
      const b = Math.round(mono.b * 255);
      for (let p = 0, i = 0; p < d.length; p++, i += 4) {
        const a8 = Math.round((1 - d[p]) * 255);
        if (a8 <= 0) continue;
        out[i] = r;
        out[i + 1] = g;
        out[i + 2] = b;
        out[i + 3] = a8;
      }
      return out;
    }
    for (let i = 0; i < d.length; i += 4) {
      const a = d[i + 3];
      const a8 = Math.round(a * 255);
      if (a8 <= 0) continue;
      out[i] = Math.min(255, Math.round((d[i] / a) * 255));
      out[i + 1] = Math.min(255, Math.round((d[i + 1] / a) * 255));
      out[i + 2] = Math.min(255, Math.round((d[i + 2] / a) * 255));
      out[i + 3] = a8;
    }
    return out;
  }
}
