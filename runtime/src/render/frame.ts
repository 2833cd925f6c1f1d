/**
 * The frame of a render task's image: how far its items reach past the group (the image
 * covers exactly that, as Vega's layout counts it), and the raster for it.
 */
import type { ColorChannel } from './channels.js';
import { Raster, type Rgba } from './raster.js';
import type { RenderSpec } from './render-spec.js';

/** Widest margin (CSS pixels) the image keeps around the group for symbols drawn past its edge. */
const MAX_MARGIN = 64;

export interface DrawnImage {
  raster: Raster;
  /** Where the image goes in the group and its size there, in CSS pixels. */
  x: number;
  y: number;
  width: number;
  height: number;
  /** Items drawn (rows with finite positions). */
  drawn: number;
}

/** An opacity as a canvas takes it: NaN draws nothing, the rest clamped to [0, 1]. */
export function clamp01(v: number): number {
  return v > 1 ? 1 : v > 0 ? v : 0;
}

/**
 * How far the items reach past the group on each side, in whole CSS pixels (as Vega's
 * autosize rounds each side up): the image covers exactly that much more than the group,
 * so the chart's layout is the one the items themselves would give.
 */
export class Overflow {
  left = 0;
  top = 0;
  right = 0;
  bottom = 0;

  constructor(private readonly spec: RenderSpec) {}

  add(x1: number, y1: number, x2: number, y2: number): void {
    if (Number.isNaN(x1 + y1 + x2 + y2)) return;
    if (-x1 > this.left) this.left = -x1;
    if (-y1 > this.top) this.top = -y1;
    if (x2 - this.spec.width > this.right) this.right = x2 - this.spec.width;
    if (y2 - this.spec.height > this.bottom) this.bottom = y2 - this.spec.height;
  }

  side(v: number): number {
    return Math.min(MAX_MARGIN, Math.ceil(v));
  }
}

/** The one color all items are drawn with, when fill and stroke are one constant between them. */
export function monoColor(fill: ColorChannel, stroke: ColorChannel | undefined): Rgba | undefined {
  const drawn = [fill, stroke].filter((c): c is ColorChannel => c !== undefined && !(c.kind === 'const' && c.value.a <= 0));
  return drawn.length === 1 && drawn[0].kind === 'const' ? drawn[0].value : undefined;
}

export function frame(spec: RenderSpec, o: Overflow, mono?: Rgba): DrawnImage {
  const left = o.side(o.left);
  const top = o.side(o.top);
  const w = spec.width + left + o.side(o.right);
  const h = spec.height + top + o.side(o.bottom);
  const pw = Math.max(1, Math.ceil(w * spec.pixelRatio));
  const ph = Math.max(1, Math.ceil(h * spec.pixelRatio));
  return { raster: new Raster(pw, ph, mono), x: 0 - left, y: 0 - top, width: pw / spec.pixelRatio, height: ph / spec.pixelRatio, drawn: 0 };
}
