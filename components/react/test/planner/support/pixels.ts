/**
 * Vega's own canvas renderer in Node, on @napi-rs/canvas (a canvas whose binary comes
 * from the npm registry): renders a view to RGBA pixels, image marks included, and
 * compares two renders pixel by pixel.
 */
import { createCanvas, Image } from '@napi-rs/canvas';
import type { View } from 'vega';

// Vega loads an image mark's URL with the global Image (vega-canvas looks it up at each load).
const scope = globalThis as { Image?: unknown };
scope.Image ??= Image;

export interface Pixels {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

/** The view drawn by Vega's canvas renderer at `ratio` device pixels per CSS pixel, on white. */
export async function renderPixels(view: View, ratio = 1): Promise<Pixels> {
  await view.runAsync();
  const svg = await view.toSVG();
  const m = /<svg[^>]*\swidth="([\d.]+)"[^>]*\sheight="([\d.]+)"/.exec(svg);
  if (!m) throw new Error('The view has no size');
  const width = Math.ceil(Number(m[1]) * ratio);
  const height = Math.ceil(Number(m[2]) * ratio);
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);
  await view.toCanvas(ratio, { externalContext: ctx } as never);
  return { width, height, data: ctx.getImageData(0, 0, width, height).data };
}

export interface PixelComparison {
  pixels: number;
  /** Pixels whose channels all differ by at most the tolerance. */
  within: number;
  /** Pixels that are not white in either render (where the marks are). */
  inked: number;
  inkedWithin: number;
}

/** Compares two renders of the same size, channel by channel, with `tolerance` in 0-255. */
export function comparePixels(a: Pixels, b: Pixels, tolerance: number): PixelComparison {
  if (a.width !== b.width || a.height !== b.height) throw new Error(`Sizes differ: ${a.width}x${a.height} and ${b.width}x${b.height}`);
  const out = { pixels: a.width * a.height, within: 0, inked: 0, inkedWithin: 0 };
  for (let i = 0; i < a.data.length; i += 4) {
    let worst = 0;
    let white = true;
    for (let c = 0; c < 4; c++) {
      worst = Math.max(worst, Math.abs(a.data[i + c] - b.data[i + c]));
      if (a.data[i + c] !== 255 || b.data[i + c] !== 255) white = false;
    }
    const ok = worst <= tolerance;
    if (ok) out.within++;
    if (!white) {
      out.inked++;
      if (ok) out.inkedWithin++;
    }
  }
  return out;
}
