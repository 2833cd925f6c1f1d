/**
 * Coverage of one path (a stroked line, a filled area) as a canvas fills it: the union
 * of the convex pieces it is made of (segment quads, joins, caps, trapezoids), sampled
 * 16 x 16 times per pixel, then composited once. A union, not a sum: where a line's
 * segments overlap (at joins, where it doubles back), a pixel is drawn once, as a canvas
 * strokes a whole path with one nonzero fill.
 *
 * Only the pixels a path touches hold samples (a block of 16 rows of 16 bits each, taken
 * from a pool), so a thin line over a large image costs what it covers.
 */
import type { Raster, Rgba } from './raster.js';

/** Samples per pixel side. */
const SUB = 16;
const FULL = 0xffff;

/** Set bits of each 16-bit value. */
const POPCOUNT = (() => {
  const t = new Uint8Array(1 << SUB);
  for (let i = 1; i < t.length; i++) t[i] = t[i >> 1] + (i & 1);
  return t;
})();

export class CoverageMask {
  /** Per pixel: its block in the pool, or -1. */
  private readonly slot: Int32Array;
  private pool = new Uint16Array(SUB * 1024);
  private touched = new Int32Array(1024);
  private count = 0;

  constructor(readonly width: number, readonly height: number) {
    this.slot = new Int32Array(width * height).fill(-1);
  }

  private block(p: number): number {
    let b = this.slot[p];
    if (b >= 0) return b;
    b = this.count++;
    if (b >= this.touched.length) {
      const t = new Int32Array(this.touched.length * 2);
      t.set(this.touched);
      this.touched = t;
      const pool = new Uint16Array(this.pool.length * 2);
      pool.set(this.pool);
      this.pool = pool;
    }
    this.touched[b] = p;
    this.slot[p] = b;
    return b;
  }

  /** Sets the samples of sub-row `sy` whose centers lie in [xl, xr) (pixels). */
  private span(sy: number, xl: number, xr: number): void {
    let j0 = Math.ceil(xl * SUB - 0.5);
    let j1 = Math.ceil(xr * SUB - 0.5) - 1;
    if (j0 < 0) j0 = 0;
    if (j1 >= this.width * SUB) j1 = this.width * SUB - 1;
    if (j1 < j0) return;
    const row = (sy >> 4) * this.width;
    const s = sy & 15;
    const p0 = j0 >> 4;
    const p1 = j1 >> 4;
    for (let px = p0; px <= p1; px++) {
      const lo = px === p0 ? j0 & 15 : 0;
      const hi = px === p1 ? j1 & 15 : 15;
      const bits = lo === 0 && hi === 15 ? FULL : ((1 << (hi - lo + 1)) - 1) << lo;
      const b = this.block(row + px);
      this.pool[b * SUB + s] |= bits;
    }
  }

  /** Sub-rows whose sample centers lie in [y0, y1) (pixels), clamped to the image. */
  private rows(y0: number, y1: number): [number, number] {
    const s0 = Math.max(0, Math.ceil(y0 * SUB - 0.5));
    const s1 = Math.min(this.height * SUB - 1, Math.ceil(y1 * SUB - 0.5) - 1);
    return [s0, s1];
  }

  /** Edges of the polygon being added: lower y, upper y, x at the lower y, dx per unit of y. */
  private edges = new Float64Array(4 * 8);

  /** Adds a convex polygon, its vertices as flat x, y pairs in pixels (either winding). */
  convex(pts: ArrayLike<number>, n = pts.length / 2): void {
    let ymin = Infinity;
    let ymax = -Infinity;
    if (this.edges.length < 4 * n) this.edges = new Float64Array(4 * n);
    const edges = this.edges;
    let m = 0;
    for (let i = 0, j = n - 1; i < n; j = i++) {
      const ax = pts[2 * j];
      const ay = pts[2 * j + 1];
      const bx = pts[2 * i];
      const by = pts[2 * i + 1];
      if (!Number.isFinite(ax) || !Number.isFinite(ay) || !Number.isFinite(bx) || !Number.isFinite(by)) return;
      if (ay < ymin) ymin = ay;
      if (ay > ymax) ymax = ay;
      if (ay === by) continue;
      const [y0, x0, y1] = ay < by ? [ay, ax, by] : [by, bx, ay];
      edges[4 * m] = y0;
      edges[4 * m + 1] = y1;
      edges[4 * m + 2] = x0;
      edges[4 * m + 3] = (bx - ax) / (by - ay);
      m++;
    }
    const [s0, s1] = this.rows(ymin, ymax);
    for (let sy = s0; sy <= s1; sy++) {
      const y = (sy + 0.5) / SUB;
      let xl = Infinity;
      let xr = -Infinity;
      for (let e = 0; e < 4 * m; e += 4) {
        // Each edge holds [lower y, upper y): a sample on a vertex counts once.
        if (y < edges[e] || y >= edges[e + 1]) continue;
        const x = edges[e + 2] + (y - edges[e]) * edges[e + 3];
        if (x < xl) xl = x;
        if (x > xr) xr = x;
      }
      if (xr > xl) this.span(sy, xl, xr);
    }
  }

  /** Adds a disc of radius `r` centered at (cx, cy), in pixels. */
  disc(cx: number, cy: number, r: number): void {
    if (!(r > 0) || !Number.isFinite(cx) || !Number.isFinite(cy)) return;
    const [s0, s1] = this.rows(cy - r, cy + r);
    for (let sy = s0; sy <= s1; sy++) {
      const dy = (sy + 0.5) / SUB - cy;
      const h = r * r - dy * dy;
      if (h <= 0) continue;
      const half = Math.sqrt(h);
      this.span(sy, cx - half, cx + half);
    }
  }

  /** Draws the coverage into `raster` in `color` at `alpha`, and clears it for the next path. */
  composite(raster: Raster, color: Rgba, alpha: number): void {
    const a = color.a * alpha;
    const pool = this.pool;
    for (let b = 0; b < this.count; b++) {
      const p = this.touched[b];
      this.slot[p] = -1;
      if (!(a > 0)) continue;
      let c = 0;
      const base = b * SUB;
      for (let s = 0; s < SUB; s++) {
        c += POPCOUNT[pool[base + s]];
        pool[base + s] = 0;
      }
      if (c > 0) raster.put(p, color, (a * c) / (SUB * SUB));
    }
    if (!(a > 0)) pool.fill(0, 0, this.count * SUB);
    this.count = 0;
  }
}
