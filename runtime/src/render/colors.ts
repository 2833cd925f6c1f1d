/**
 * CSS colors as the rasterizer takes them: channels in [0, 1], alpha from the color's own
 * opacity (as a canvas reads `fillStyle`). Parsed once per distinct color string.
 */
import { color as parseColor } from 'd3-color';
import type { Rgba } from './raster.js';

export const TRANSPARENT: Rgba = Object.freeze({ r: 0, g: 0, b: 0, a: 0 });

const parsed = new Map<string, Rgba>();

/** The color of a CSS color value; anything else (null, 'transparent', not a color) draws nothing. */
export function toRgba(value: unknown): Rgba {
  if (typeof value !== 'string') return TRANSPARENT;
  let c = parsed.get(value);
  if (c) return c;
  const rgb = parseColor(value)?.rgb();
  c = !rgb || !(rgb.opacity > 0) || Number.isNaN(rgb.r)
    ? TRANSPARENT
    // A canvas keeps 8-bit channels: round as it does.
    : { r: clamp8(rgb.r) / 255, g: clamp8(rgb.g) / 255, b: clamp8(rgb.b) / 255, a: Math.min(1, rgb.opacity) };
  if (parsed.size >= 4096) parsed.clear();
  parsed.set(value, c);
  return c;
}

function clamp8(v: number): number {
  return Math.max(0, Math.min(255, Math.round(v)));
}
