/**
 * A small antialiased rasterizer over a typed array: discs, rings and axis-aligned boxes
 * composited source-over in draw order, as a canvas draws Vega's symbols and rects. Colors
 * are kept premultiplied in floats and rounded once, when the image is written out.
 * Coverage is the area of a pixel inside the shape (exact for boxes, a one-pixel ramp at
 * a disc's edge), which is what a canvas's antialiasing approximates.
 */

/** A color with alpha, channels in [0, 1], not premultiplied. */
export interface Rgba {
  r: number;
  g: number;
  b: number;
  a: number;
}

/** Total coverage of a disc of radius r drawn with the ramp, over its true area. */
function rampScale(r: number): number {
  // From a pixel across, the excess is small and the inside stays opaque.
  if (r >= 1) return 1;
  const r2 = r * r;
  return r >= 0.5 ? r2 / (r2 + 1 / 12) : (3 * r2) / (r + 0.5) ** 3;
}

export class Raster {
  /** Premultiplied RGBA by pixel, row-major. */
  readonly data: Float32Array;

  constructor(readonly width: number, readonly height: number) {
    this.data = new Float32Array(width * height * 4);
  }

  /** Composites `color` at pixel (x, y) with `coverage` in (0, 1]. */
  private blend(i: number, color: Rgba, coverage: number): void {
    const a = color.a * coverage;
    const d = this.data;
    const k = 1 - a;
    d[i] = color.r * a + d[i] * k;
    d[i + 1] = color.g * a + d[i + 1] * k;
    d[i + 2] = color.b * a + d[i + 2] * k;
    d[i + 3] = a + d[i + 3] * k;
  }

  /**
   * A disc of radius `outer` centered at (cx, cy) in pixels, less the disc of radius
   * `inner` (a ring: a stroked circle), or the whole disc when `inner` <= 0.
   */
  disc(cx: number, cy: number, outer: number, inner: number, color: Rgba): void {
    if (!(outer > 0) || color.a <= 0) return;
    const x0 = Math.max(0, Math.floor(cx - outer - 0.5));
    const x1 = Math.min(this.width - 1, Math.ceil(cx + outer + 0.5));
    const y0 = Math.max(0, Math.floor(cy - outer - 0.5));
    const y1 = Math.min(this.height - 1, Math.ceil(cy + outer + 0.5));
    // The one-pixel ramp adds π/12 px² to a disc's area: scaled away, a small disc
    // covers its own area (as a canvas's coverage does), whatever its radius.
    const scale = inner > 0 ? 1 : rampScale(outer);
    const w = this.width;
    for (let y = y0; y <= y1; y++) {
      const dy = y + 0.5 - cy;
      for (let x = x0; x <= x1; x++) {
        const dx = x + 0.5 - cx;
        const dist = Math.sqrt(dx * dx + dy * dy);
        let cov = outer + 0.5 - dist;
        if (cov <= 0) continue;
        if (cov > 1) cov = 1;
        if (inner > 0) {
          const hole = inner + 0.5 - dist;
          if (hole > 0) cov -= hole > 1 ? 1 : hole;
          if (cov <= 0) continue;
        }
        this.blend((y * w + x) * 4, color, scale < 1 ? cov * scale : cov);
      }
    }
  }

  /** The box [x0, x1] x [y0, y1] in pixels, less the box inside it by `hole` on each side when `hole` > 0 (a stroked rect). */
  box(x0: number, y0: number, x1: number, y1: number, color: Rgba, hole = 0): void {
    if (!(x1 > x0) || !(y1 > y0) || color.a <= 0) return;
    const px0 = Math.max(0, Math.floor(x0));
    const px1 = Math.min(this.width - 1, Math.ceil(x1) - 1);
    const py0 = Math.max(0, Math.floor(y0));
    const py1 = Math.min(this.height - 1, Math.ceil(y1) - 1);
    const hx0 = x0 + hole;
    const hx1 = x1 - hole;
    const hy0 = y0 + hole;
    const hy1 = y1 - hole;
    const holed = hole > 0 && hx1 > hx0 && hy1 > hy0;
    const w = this.width;
    for (let y = py0; y <= py1; y++) {
      const cy = Math.min(y1, y + 1) - Math.max(y0, y);
      const hy = holed ? Math.max(0, Math.min(hy1, y + 1) - Math.max(hy0, y)) : 0;
      for (let x = px0; x <= px1; x++) {
        let cov = (Math.min(x1, x + 1) - Math.max(x0, x)) * cy;
        if (holed) cov -= Math.max(0, Math.min(hx1, x + 1) - Math.max(hx0, x)) * hy;
        if (cov > 1e-9) this.blend((y * w + x) * 4, color, cov > 1 ? 1 : cov);
      }
    }
  }

  /** The image as 8-bit RGBA, not premultiplied (what a PNG holds). */
  toRgba8(): Uint8Array {
    const d = this.data;
    const out = new Uint8Array(d.length);
    for (let i = 0; i < d.length; i += 4) {
      const a = d[i + 3];
      if (a <= 0) continue;
      const a8 = Math.round(a * 255);
      if (a8 === 0) continue;
      out[i] = Math.min(255, Math.round((d[i] / a) * 255));
      out[i + 1] = Math.min(255, Math.round((d[i + 1] / a) * 255));
      out[i + 2] = Math.min(255, Math.round((d[i + 2] / a) * 255));
      out[i + 3] = a8;
    }
    return out;
  }
}
