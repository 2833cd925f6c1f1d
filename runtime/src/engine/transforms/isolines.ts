/**
 * Isocontours of a raster grid as GeoJSON MultiPolygons, as vega-geo computes them (its
 * contours util, after d3-contour): marching squares stitched into rings, each ring
 * smoothed by linear interpolation, rings of positive area are polygons and the others
 * holes of the first polygon containing them. Also Vega's threshold choice (quantize) and
 * its coordinate transform (scale, translate, grid offset).
 */
import { extent } from 'vega-util';
import { LimitError } from '../../errors.js';

type Point = [number, number];
type Ring = Point[];

/** One contour: Vega's output object. */
export interface MultiPolygon {
  type: 'MultiPolygon';
  value: number;
  coordinates: Ring[][];
}

/** A grid's numbers as Vega indexes them (Float32Array, or an array parsed from JSON). */
export type GridValues = ArrayLike<number>;

const CASES: Point[][][] = [
  [],
  [[[1.0, 1.5], [0.5, 1.0]]],
  [[[1.5, 1.0], [1.0, 1.5]]],
  [[[1.5, 1.0], [0.5, 1.0]]],
  [[[1.0, 0.5], [1.5, 1.0]]],
  [[[1.0, 1.5], [0.5, 1.0]], [[1.0, 0.5], [1.5, 1.0]]],
  [[[1.0, 0.5], [1.0, 1.5]]],
  [[[1.0, 0.5], [0.5, 1.0]]],
  [[[0.5, 1.0], [1.0, 0.5]]],
  [[[1.0, 1.5], [1.0, 0.5]]],
  [[[0.5, 1.0], [1.0, 0.5]], [[1.5, 1.0], [1.0, 1.5]]],
  [[[1.5, 1.0], [1.0, 0.5]]],
  [[[0.5, 1.0], [1.5, 1.0]]],
  [[[1.0, 1.5], [1.5, 1.0]]],
  [[[0.5, 1.0], [1.0, 1.5]]],
  [],
];

interface Fragment {
  start: number;
  end: number;
  ring: Ring;
}

/** The contours of `values` (a `size[0]` by `size[1]` grid) at each threshold. */
export function contoursOf(values: GridValues, size: [number, number], thresholds: number[], smooth: boolean): MultiPolygon[] {
  const dx = Math.floor(size[0]);
  const dy = Math.floor(size[1]);
  return thresholds.map((value) => contour(values, value, dx, dy, smooth));
}

function contour(values: GridValues, value: number, dx: number, dy: number, smooth: boolean): MultiPolygon {
  const polygons: Ring[][] = [];
  const holes: Ring[] = [];
  isorings(values, value, dx, dy, (ring) => {
    if (smooth) smoothLinear(ring, values, value, dx, dy);
    if (area(ring) > 0) polygons.push([ring]);
    else holes.push(ring);
  });
  for (const hole of holes) {
    for (const polygon of polygons) {
      if (contains(polygon[0], hole) !== -1) {
        polygon.push(hole);
        break;
      }
    }
  }
  return { type: 'MultiPolygon', value, coordinates: polygons };
}

function isorings(values: GridValues, value: number, dx: number, dy: number, callback: (ring: Ring) => void): void {
  const byStart = new Map<number, Fragment>();
  const byEnd = new Map<number, Fragment>();
  let x = -1;
  let y = -1;
  const at = (i: number): number => (values[i] >= value ? 1 : 0);
  const index = (p: Point): number => p[0] * 2 + p[1] * (dx + 1) * 4;

  const stitch = (line: Point[]): void => {
    const start: Point = [line[0][0] + x, line[0][1] + y];
    const end: Point = [line[1][0] + x, line[1][1] + y];
    const startIndex = index(start);
    const endIndex = index(end);
    let f = byEnd.get(startIndex);
    let g: Fragment | undefined;
    if (f) {
      if ((g = byStart.get(endIndex))) {
        byEnd.delete(f.end);
        byStart.delete(g.start);
        if (f === g) {
          f.ring.push(end);
          callback(f.ring);
        } else {
          const joined = { start: f.start, end: g.end, ring: f.ring.concat(g.ring) };
          byStart.set(f.start, joined);
          byEnd.set(g.end, joined);
        }
      } else {
        byEnd.delete(f.end);
        f.ring.push(end);
        f.end = endIndex;
        byEnd.set(endIndex, f);
      }
    } else if ((f = byStart.get(endIndex))) {
      if ((g = byEnd.get(startIndex))) {
        byStart.delete(f.start);
        byEnd.delete(g.end);
        if (f === g) {
          f.ring.push(end);
          callback(f.ring);
        } else {
          const joined = { start: g.start, end: f.end, ring: g.ring.concat(f.ring) };
          byStart.set(g.start, joined);
          byEnd.set(f.end, joined);
        }
      } else {
        byStart.delete(f.start);
        f.ring.unshift(start);
        f.start = startIndex;
        byStart.set(startIndex, f);
      }
    } else {
      const fragment = { start: startIndex, end: endIndex, ring: [start, end] };
      byStart.set(startIndex, fragment);
      byEnd.set(endIndex, fragment);
    }
  };
  const visit = (c: number): void => {
    for (const line of CASES[c]) stitch(line);
  };

  // The first row (y = -1, t2 = t3 = 0).
  let t0: number;
  let t1 = at(0);
  let t2: number;
  let t3: number;
  visit(t1 << 1);
  while (++x < dx - 1) {
    t0 = t1;
    t1 = at(x + 1);
    visit(t0 | (t1 << 1));
  }
  visit(t1 << 0);
  // The rows between.
  while (++y < dy - 1) {
    x = -1;
    t1 = at(y * dx + dx);
    t2 = at(y * dx);
    visit((t1 << 1) | (t2 << 2));
    while (++x < dx - 1) {
      t0 = t1;
      t1 = at(y * dx + dx + x + 1);
      t3 = t2;
      t2 = at(y * dx + x + 1);
      visit(t0 | (t1 << 1) | (t2 << 2) | (t3 << 3));
    }
    visit(t1 | (t2 << 3));
  }
  // The last row (y = dy - 1, t0 = t1 = 0).
  x = -1;
  t2 = at(y * dx);
  visit(t2 << 2);
  while (++x < dx - 1) {
    t3 = t2;
    t2 = at(y * dx + x + 1);
    visit((t2 << 2) | (t3 << 3));
  }
  visit(t2 << 3);
}

function smoothLinear(ring: Ring, values: GridValues, value: number, dx: number, dy: number): void {
  for (const point of ring) {
    const x = point[0];
    const y = point[1];
    const xt = x | 0;
    const yt = y | 0;
    const v1 = values[yt * dx + xt];
    if (x > 0 && x < dx && xt === x) {
      const v0 = values[yt * dx + xt - 1];
      point[0] = x + (value - v0) / (v1 - v0) - 0.5;
    }
    if (y > 0 && y < dy && yt === y) {
      const v0 = values[(yt - 1) * dx + xt];
      point[1] = y + (value - v0) / (v1 - v0) - 0.5;
    }
  }
}

function area(ring: Ring): number {
  const n = ring.length;
  let a = ring[n - 1][1] * ring[0][0] - ring[n - 1][0] * ring[0][1];
  for (let i = 1; i < n; i++) a += ring[i - 1][1] * ring[i][0] - ring[i - 1][0] * ring[i][1];
  return a;
}

function contains(ring: Ring, hole: Ring): number {
  for (const p of hole) {
    const c = ringContains(ring, p);
    if (c) return c;
  }
  return 0;
}

function ringContains(ring: Ring, point: Point): number {
  const [x, y] = point;
  let inside = -1;
  for (let i = 0, n = ring.length, j = n - 1; i < n; j = i++) {
    const pi = ring[i];
    const pj = ring[j];
    const [xi, yi] = pi;
    const [xj, yj] = pj;
    if (segmentContains(pi, pj, point)) return 0;
    if ((yi > y) !== (yj > y) && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = -inside;
  }
  return inside;
}

function segmentContains(a: Point, b: Point, c: Point): boolean {
  const i = +(a[0] === b[0]);
  return collinear(a, b, c) && within(a[i], c[i], b[i]);
}

function collinear(a: Point, b: Point, c: Point): boolean {
  return (b[0] - a[0]) * (c[1] - a[1]) === (c[0] - a[0]) * (b[1] - a[1]);
}

function within(p: number, q: number, r: number): boolean {
  return (p <= q && q <= r) || (r <= q && q <= p);
}

/** d3-array's tickStep. */
export function tickStep(start: number, stop: number, count: number): number {
  const reverse = stop < start;
  const inc = reverse ? tickSpec(stop, start, count)[2] : tickSpec(start, stop, count)[2];
  return (reverse ? -1 : 1) * (inc < 0 ? 1 / -inc : inc);
}

const E10 = Math.sqrt(50);
const E5 = Math.sqrt(10);
const E2 = Math.sqrt(2);

function tickSpec(start: number, stop: number, count: number): [number, number, number] {
  const step = (stop - start) / Math.max(0, count);
  const power = Math.floor(Math.log10(step));
  const error = step / Math.pow(10, power);
  const factor = error >= E10 ? 10 : error >= E5 ? 5 : error >= E2 ? 2 : 1;
  let i1: number;
  let i2: number;
  let inc: number;
  if (power < 0) {
    inc = Math.pow(10, -power) / factor;
    i1 = Math.round(start * inc);
    i2 = Math.round(stop * inc);
    if (i1 / inc < start) ++i1;
    if (i2 / inc > stop) --i2;
    inc = -inc;
  } else {
    inc = Math.pow(10, power) * factor;
    i1 = Math.round(start / inc);
    i2 = Math.round(stop / inc);
    if (i1 * inc < start) ++i1;
    if (i2 * inc > stop) --i2;
  }
  if (i2 < i1 && 0.5 <= count && count < 2) return tickSpec(start, stop, count * 2);
  return [i1, i2, inc];
}

/** d3-array's range(start, stop, step). */
function range(start: number, stop: number, step: number): number[] {
  const n = Math.max(0, Math.ceil((stop - start) / step)) | 0;
  if (n > MAX_THRESHOLDS) throw new LimitError('limit_exceeded', `Contour thresholds from ${start} to ${stop} by ${step} are ${n}; the runtime computes at most ${MAX_THRESHOLDS}`);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) out[i] = start + i * step;
  return out;
}

/** Thresholds at most for one grid (a `levels` of a million would ask for a million contours). */
export const MAX_THRESHOLDS = 10_000;

/** vega-geo's quantize: `k` thresholds over the values' extent (from 0 with `zero`), nice or evenly spaced. */
export function quantize(k: number, nice: boolean, zero: boolean): (values: ArrayLike<number>) => number[] {
  return (values) => {
    const ex = extent(values as number[]);
    const lo = ex[0] as number;
    const start = zero ? Math.min(lo, 0) : lo;
    const stop = ex[1] as number;
    const span = stop - start;
    const step = nice ? tickStep(start, stop, k) : span / (k + 1);
    return range(start + step, stop, step);
  };
}

/** vega-geo's transform: coordinates moved by the grid's offset, scaled and translated (winding kept). */
export function transformPaths(
  paths: MultiPolygon[], grid: { x1?: number; y1?: number }, sx: number, sy: number, tx: number, ty: number,
): void {
  const x1 = grid.x1 || 0;
  const y1 = grid.y1 || 0;
  const flip = sx * sy < 0;
  for (const path of paths) {
    for (const polygon of path.coordinates) {
      for (const ring of polygon) {
        if (flip) ring.reverse();
        for (const p of ring) {
          p[0] = (p[0] - x1) * sx + tx;
          p[1] = (p[1] - y1) * sy + ty;
        }
      }
    }
  }
}
