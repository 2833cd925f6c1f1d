/**
 * Density mode, for more rows than points can show (100M and up): DuckDB counts the rows
 * per device pixel (positions mapped as binned.ts maps them), and each pixel with rows is
 * colored by a sequential scheme at the log of its count over the largest count, as
 * Datashader shades. The image covers the group exactly (no reach past it).
 */
import { scheme as vegaScheme } from 'vega-scale';
import type { SqlEngine } from '../engine/duckdb.js';
import type { Relation } from '../engine/types.js';
import { binnedPositions, numbersOf } from './binned.js';
import { toRgba } from './colors.js';
import { RenderError } from './errors.js';
import { Overflow, frame, type DrawnImage } from './frame.js';
import type { RenderSpec } from './render-spec.js';
import type { BuiltScale } from './scales.js';

/** Colors of the scheme sampled at 256 steps, as 8-bit RGB. */
function palette(name: string): Uint8Array {
  const s = vegaScheme(name.toLowerCase());
  if (typeof s !== 'function') throw new RenderError('bad_graph', `Density scheme "${name}" is not a continuous color scheme`, { path: '/density/scheme' });
  const out = new Uint8Array(256 * 3);
  for (let i = 0; i < 256; i++) {
    const c = toRgba(s(i / 255));
    out[i * 3] = Math.round(c.r * 255);
    out[i * 3 + 1] = Math.round(c.g * 255);
    out[i * 3 + 2] = Math.round(c.b * 255);
  }
  return out;
}

/** Draws the density image of `spec` (positions must map as in binned.ts). */
export async function drawDensity(spec: RenderSpec, scales: Map<string, BuiltScale>, engine: SqlEngine, relation: Relation, signal?: AbortSignal): Promise<{ image: DrawnImage; rgba: Uint8Array }> {
  const mapped = binnedPositions(spec, scales, relation);
  if (!mapped || !engine.queryColumns) {
    throw new RenderError('unsupported_transform', 'Density mode needs x and y fields of numbers through linear or time scales', { path: '/density' });
  }
  const k = spec.pixelRatio;
  const image = frame(spec, new Overflow(spec));
  const { width: w, height: h } = image.raster;
  const out = await engine.queryColumns(`SELECT floor(px * ${k})::INTEGER AS qx, floor(py * ${k})::INTEGER AS qy, count(*)::INTEGER AS n
    FROM (${mapped}) AS m WHERE px >= 0 AND px < ${w / k} AND py >= 0 AND py < ${h / k} GROUP BY 1, 2`, signal);
  const [qx, qy, n] = out.columns.map((c) => numbersOf(c, out.rows));
  let max = 0;
  for (let i = 0; i < out.rows; i++) {
    image.drawn += n[i];
    if (n[i] > max) max = n[i];
  }
  const colors = palette(spec.density?.scheme ?? 'viridis');
  const rgba = new Uint8Array(w * h * 4);
  const top = Math.log1p(max);
  for (let i = 0; i < out.rows; i++) {
    const x = qx[i];
    const y = qy[i];
    if (x < 0 || y < 0 || x >= w || y >= h) continue;
    const c = top > 0 ? Math.min(255, Math.round((Math.log1p(n[i]) / top) * 255)) : 255;
    const p = (y * w + x) * 4;
    rgba[p] = colors[c * 3];
    rgba[p + 1] = colors[c * 3 + 1];
    rgba[p + 2] = colors[c * 3 + 2];
    rgba[p + 3] = 255;
  }
  return { image, rgba };
}
