/**
 * Precomputed coverage of small discs and rings: for a radius (and hole), one stamp per
 * sub-pixel position of the center on a grid of 1/16 pixel, each the covered pixels
 * around the center's pixel with their coverage. Drawing a point then costs a lookup and
 * a multiply per covered pixel, no square root. The center moves by at most 1/32 pixel,
 * so a coverage changes by at most 1/32.
 */
import { discCoverage } from './raster.js';

/** Sub-pixel steps per pixel. */
export const STEPS = 16;

export interface Stamp {
  /** Covered pixels relative to the center's pixel, and their coverage. */
  dx: Int16Array;
  dy: Int16Array;
  cov: Float32Array;
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

export interface StampSet {
  /** The stamp for a center at (cx, cy). */
  at(cx: number, cy: number): Stamp;
}

function makeStamp(ox: number, oy: number, outer: number, inner: number): Stamp {
  const reach = Math.ceil(outer + 1);
  const dx: number[] = [];
  const dy: number[] = [];
  const cov: number[] = [];
  for (let y = -reach; y <= reach; y++) {
    for (let x = -reach; x <= reach; x++) {
      const ex = x + 0.5 - ox;
      const ey = y + 0.5 - oy;
      const c = discCoverage(Math.sqrt(ex * ex + ey * ey), outer, inner);
      if (c <= 0) continue;
      dx.push(x);
      dy.push(y);
      cov.push(c);
    }
  }
  return {
    dx: Int16Array.from(dx), dy: Int16Array.from(dy), cov: Float32Array.from(cov),
    minX: Math.min(0, ...dx), minY: Math.min(0, ...dy), maxX: Math.max(0, ...dx), maxY: Math.max(0, ...dy),
  };
}

function makeSet(outer: number, inner: number): StampSet {
  const stamps = new Array<Stamp | undefined>(STEPS * STEPS);
  return {
    at(cx, cy) {
      const qx = Math.min(STEPS - 1, Math.floor((cx - Math.floor(cx)) * STEPS));
      const qy = Math.min(STEPS - 1, Math.floor((cy - Math.floor(cy)) * STEPS));
      const k = qy * STEPS + qx;
      return (stamps[k] ??= makeStamp((qx + 0.5) / STEPS, (qy + 0.5) / STEPS, outer, inner));
    },
  };
}

/** Discs up to this radius (device pixels) are worth stamping. */
export const STAMP_RADIUS = 8;

/** The stamps of a disc of radius `outer` less a hole of radius `inner` (none when <= 0), built as they are used. */
export function stampsFor(outer: number, inner: number): StampSet {
  return makeSet(outer, inner);
}
