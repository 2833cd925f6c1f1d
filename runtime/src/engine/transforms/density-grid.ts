/**
 * The density grid of Vega's `kde2d` and `contour` (vega-geo's density2D): points binned
 * into cells of 2^k pixels, blurred three times by a box filter of the bandwidth's
 * radius, scaled to counts or to probabilities. The arithmetic is Vega's step for step:
 * cells are Float32Array, each weight is added in row order, the running sums of the blur
 * are doubles, so every cell holds the same float as in Vega.
 */
import { TransformError } from '../../errors.js';
import { estimateBandwidth, validValues } from './curve-math.js';

/** The raster grid object Vega outputs (its field order too). */
export interface DensityGrid {
  values: Float32Array;
  scale: number;
  width: number;
  height: number;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/** One group's points as Vega's accessors read them (`+x(d)`: 0 for null, NaN for undefined). */
export interface GridPoints {
  x: Float64Array;
  y: Float64Array;
  /** Per point: 1 where x (y) is a valid number, as the bandwidth estimate filters. */
  xValid: Uint8Array;
  yValid: Uint8Array;
  /** `+weight(d)`; absent: every weight is 1. */
  weight?: Float64Array;
}

/** The parameters density2D is configured with (validated: see parseGridOptions). */
export interface GridOptions {
  /** [dx, dy] in pixels. */
  size: [number, number];
  /** log2 of the cell size. */
  k: number;
  /** [bx, by]; a negative (or NaN) one is estimated from the data. */
  bandwidth: [number, number];
}

/** Grid cells at most for one transform (all groups): 4 bytes each, and twice that while blurring. */
export const MAX_GRID_CELLS = 25_000_000;

/** Reads `size`, `cellSize` and `bandwidth` as density2D's setters do, with their errors. */
export function parseGridOptions(spec: Record<string, unknown>, transform: string): GridOptions {
  const size = spec.size;
  if (!Array.isArray(size) || size.length !== 2) {
    throw new TransformError('bad_transform', `Parameter "size" of transform "${transform}" must be [width, height], not ${JSON.stringify(size)}`);
  }
  const dx = Number(size[0]);
  const dy = Number(size[1]);
  if (!(dx >= 0 && dy >= 0)) throw new TransformError('bad_transform', `Invalid size ${JSON.stringify(size)} of transform "${transform}"`);
  let k = 2;
  if (spec.cellSize !== undefined && spec.cellSize !== null) {
    const c = Number(spec.cellSize);
    if (!(c >= 1)) throw new TransformError('bad_transform', `Invalid cell size ${JSON.stringify(spec.cellSize)} of transform "${transform}"`);
    k = Math.floor(Math.log(c) / Math.LN2);
  }
  let bandwidth: [number, number] = [-1, -1];
  const bw = spec.bandwidth;
  if (bw !== undefined && bw !== null) {
    const list = Array.isArray(bw) ? bw : [bw];
    if (list.length === 1) bandwidth = [Number(list[0]), Number(list[0])];
    else if (list.length === 2) bandwidth = [Number(list[0]), Number(list[1])];
    else throw new TransformError('bad_transform', `Invalid bandwidth ${JSON.stringify(bw)} of transform "${transform}"`);
  }
  return { size: [dx, dy], k, bandwidth };
}

/** The number of cells the grid of `options` has for the given radii (before they are known: at least). */
export function gridCells(options: GridOptions, rx = 0, ry = 0): number {
  const ox = rx ? rx + 2 : 0;
  const oy = ry ? ry + 2 : 0;
  return (2 * ox + (options.size[0] >> options.k)) * (2 * oy + (options.size[1] >> options.k));
}

/** The blur radius in pixels: an explicit bandwidth, or Scott's rule over the valid values. */
function radius(bw: number, values: Float64Array, valid: Uint8Array): number {
  const v = bw >= 0 ? bw : estimateBandwidth(validValues(values, valid), values.length);
  return Math.round((Math.sqrt(4 * v * v + 1) - 1) / 2);
}

/** The blur radii in cells for a group's points. */
export function gridRadii(points: GridPoints, options: GridOptions): [number, number] {
  const { k, bandwidth } = options;
  return [radius(bandwidth[0], points.x, points.xValid) >> k, radius(bandwidth[1], points.y, points.yValid) >> k];
}

/** The density grid of one group, as vega-geo's density2D computes it (`radii`: gridRadii's, if known). */
export function densityGrid(points: GridPoints, options: GridOptions, counts: boolean, radii = gridRadii(points, options)): DensityGrid {
  const { k } = options;
  const [dx, dy] = options.size;
  const [rx, ry] = radii;
  const ox = rx ? rx + 2 : 0;
  const oy = ry ? ry + 2 : 0;
  const n = 2 * ox + (dx >> k);
  const m = 2 * oy + (dy >> k);
  const values0 = new Float32Array(n * m);
  const values1 = new Float32Array(n * m);
  let values = values0;
  const { x, y, weight } = points;
  for (let i = 0; i < x.length; i++) {
    const xi = ox + (x[i] >> k);
    const yi = oy + (y[i] >> k);
    if (xi >= 0 && xi < n && yi >= 0 && yi < m) values0[xi + yi * n] += weight ? weight[i] : 1;
  }
  if (rx > 0 && ry > 0) {
    blurX(n, m, values0, values1, rx);
    blurY(n, m, values1, values0, ry);
    blurX(n, m, values0, values1, rx);
    blurY(n, m, values1, values0, ry);
    blurX(n, m, values0, values1, rx);
    blurY(n, m, values1, values0, ry);
  } else if (rx > 0) {
    blurX(n, m, values0, values1, rx);
    blurX(n, m, values1, values0, rx);
    blurX(n, m, values0, values1, rx);
    values = values1;
  } else if (ry > 0) {
    blurY(n, m, values0, values1, ry);
    blurY(n, m, values1, values0, ry);
    blurY(n, m, values0, values1, ry);
    values = values1;
  }
  const s = counts ? Math.pow(2, -2 * k) : 1 / sumOf(values);
  for (let i = 0, sz = n * m; i < sz; ++i) values[i] *= s;
  return { values, scale: 1 << k, width: n, height: m, x1: ox, y1: oy, x2: ox + (dx >> k), y2: oy + (dy >> k) };
}

/** d3-array's sum: skips zeros and NaN. */
function sumOf(values: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v) sum += v;
  }
  return sum;
}

function blurX(n: number, m: number, source: Float32Array, target: Float32Array, r: number): void {
  const w = (r << 1) + 1;
  for (let j = 0; j < m; ++j) {
    for (let i = 0, sr = 0; i < n + r; ++i) {
      if (i < n) sr += source[i + j * n];
      if (i >= r) {
        if (i >= w) sr -= source[i - w + j * n];
        target[i - r + j * n] = sr / Math.min(i + 1, n - 1 + w - i, w);
      }
    }
  }
}

function blurY(n: number, m: number, source: Float32Array, target: Float32Array, r: number): void {
  const w = (r << 1) + 1;
  for (let i = 0; i < n; ++i) {
    for (let j = 0, sr = 0; j < m + r; ++j) {
      if (j < m) sr += source[i + j * n];
      if (j >= r) {
        if (j >= w) sr -= source[i + (j - w) * n];
        target[i + (j - r) * n] = sr / Math.min(j + 1, m - 1 + w - j, w);
      }
    }
  }
}
