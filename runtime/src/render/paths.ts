/**
 * The outline of a stroked polyline and of a filled area as convex pieces added to a
 * CoverageMask, with a canvas's stroke semantics: each segment a quad `width` wide
 * centered on it, joins (miter within the miter limit, else bevel; round; bevel) at
 * inner points, caps (butt, square, round) at the two ends; zero-length segments pruned.
 */
import type { CoverageMask } from './coverage.js';

export type Cap = 'butt' | 'round' | 'square';
export type Join = 'miter' | 'round' | 'bevel';

export interface StrokeStyle {
  /** Line width in pixels. */
  width: number;
  cap: Cap;
  join: Join;
  /** Largest ratio of the miter's length (from the point to its tip) to half the width. */
  miterLimit: number;
}

const quad = new Float64Array(8);

/**
 * Adds the stroke of the polyline through points `from` to `to` - 1 of `xs`, `ys`
 * (pixels) to `mask`.
 */
export function strokePolyline(mask: CoverageMask, xs: Float64Array, ys: Float64Array, from: number, to: number, style: StrokeStyle): void {
  const hw = style.width / 2;
  if (!(hw > 0)) return;
  // The points without repeats (a zero-length segment has no direction).
  const px: number[] = [];
  const py: number[] = [];
  for (let i = from; i < to; i++) {
    const n = px.length;
    if (n > 0 && xs[i] === px[n - 1] && ys[i] === py[n - 1]) continue;
    px.push(xs[i]);
    py.push(ys[i]);
  }
  const n = px.length;
  if (n === 0) return;
  if (n === 1) {
    // A lone point: a dot for round or square caps, nothing for butt ones.
    if (style.cap === 'round') mask.disc(px[0], py[0], hw);
    else if (style.cap === 'square') mask.convex([px[0] - hw, py[0] - hw, px[0] + hw, py[0] - hw, px[0] + hw, py[0] + hw, px[0] - hw, py[0] + hw]);
    return;
  }
  let pdx = 0;
  let pdy = 0;
  for (let i = 0; i + 1 < n; i++) {
    const x0 = px[i];
    const y0 = py[i];
    const x1 = px[i + 1];
    const y1 = py[i + 1];
    const len = Math.hypot(x1 - x0, y1 - y0);
    const dx = (x1 - x0) / len;
    const dy = (y1 - y0) / len;
    // The normal's offset, and the square caps' extension at the two ends.
    const nx = -dy * hw;
    const ny = dx * hw;
    const e0 = i === 0 && style.cap === 'square' ? hw : 0;
    const e1 = i + 2 === n && style.cap === 'square' ? hw : 0;
    const ax = x0 - dx * e0;
    const ay = y0 - dy * e0;
    const bx = x1 + dx * e1;
    const by = y1 + dy * e1;
    quad[0] = ax + nx; quad[1] = ay + ny;
    quad[2] = bx + nx; quad[3] = by + ny;
    quad[4] = bx - nx; quad[5] = by - ny;
    quad[6] = ax - nx; quad[7] = ay - ny;
    mask.convex(quad, 4);
    if (i > 0) join(mask, x0, y0, pdx, pdy, dx, dy, hw, style);
    pdx = dx;
    pdy = dy;
  }
  if (style.cap === 'round') {
    mask.disc(px[0], py[0], hw);
    mask.disc(px[n - 1], py[n - 1], hw);
  }
}

const piece = new Float64Array(8);

/** The join at (x, y) between a segment of direction (ax, ay) and the next of (bx, by) (unit vectors). */
function join(mask: CoverageMask, x: number, y: number, ax: number, ay: number, bx: number, by: number, hw: number, style: StrokeStyle): void {
  if (style.join === 'round') {
    mask.disc(x, y, hw);
    return;
  }
  const cross = ax * by - ay * bx;
  if (cross === 0) return;
  // The outer side of the turn: opposite the way it turns.
  const s = cross > 0 ? -1 : 1;
  const p1x = x - ay * hw * s;
  const p1y = y + ax * hw * s;
  const p2x = x - by * hw * s;
  const p2y = y + bx * hw * s;
  if (style.join === 'miter') {
    // The tip is where the two outer edges meet: along the bisector of the normals.
    const mx = -(ay + by) * s;
    const my = (ax + bx) * s;
    const ml = Math.hypot(mx, my);
    const cosHalf = ml / 2;
    if (cosHalf > 0 && 1 / cosHalf <= style.miterLimit) {
      const reach = hw / cosHalf;
      piece[0] = x; piece[1] = y;
      piece[2] = p1x; piece[3] = p1y;
      piece[4] = x + (mx / ml) * reach; piece[5] = y + (my / ml) * reach;
      piece[6] = p2x; piece[7] = p2y;
      mask.convex(piece, 4);
      return;
    }
  }
  piece[0] = x; piece[1] = y;
  piece[2] = p1x; piece[3] = p1y;
  piece[4] = p2x; piece[5] = p2y;
  mask.convex(piece, 3);
}

/**
 * Adds the area between the polylines (xs, tops) and (xs, bottoms) over points `from`
 * to `to` - 1, x increasing (or decreasing) throughout: one trapezoid per step, split
 * where the two lines cross (a canvas fills both halves of a crossing, nonzero).
 */
export function fillArea(mask: CoverageMask, xs: Float64Array, tops: Float64Array, bottoms: Float64Array, from: number, to: number): void {
  for (let i = from; i + 1 < to; i++) {
    const x0 = xs[i];
    const x1 = xs[i + 1];
    if (x0 === x1) continue;
    const d0 = tops[i] - bottoms[i];
    const d1 = tops[i + 1] - bottoms[i + 1];
    if ((d0 < 0 && d1 > 0) || (d0 > 0 && d1 < 0)) {
      const t = d0 / (d0 - d1);
      const cx = x0 + t * (x1 - x0);
      const cy = tops[i] + t * (tops[i + 1] - tops[i]);
      mask.convex([x0, tops[i], cx, cy, x0, bottoms[i]], 3);
      mask.convex([cx, cy, x1, tops[i + 1], x1, bottoms[i + 1]], 3);
      continue;
    }
    piece[0] = x0; piece[1] = tops[i];
    piece[2] = x1; piece[3] = tops[i + 1];
    piece[4] = x1; piece[5] = bottoms[i + 1];
    piece[6] = x0; piece[7] = bottoms[i];
    mask.convex(piece, 4);
  }
}
