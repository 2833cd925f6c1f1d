/**
 * Evaluates a render task: reads the columns the mark draws from its source dataset,
 * builds its scales from the client's final domains and ranges, draws, and encodes a PNG.
 * The value is a one-row table `{url, x, y, width, height}` (the image as a data URL and
 * its place in the group), computed in memory and sent without a statement; like any
 * node value it is cached by state fingerprint, so the same view of the same data is
 * drawn once for every session.
 */
import type { IRenderTask } from '@vegafusion-ts/proto';
import type { SqlEngine } from '../engine/duckdb.js';
import type { Relation, Schema } from '../engine/types.js';
import { toRuntimeError } from '../errors.js';
import { binnedPlan, drawBinned } from './binned.js';
import { drawDensity } from './density.js';
import { readDrawColumns, type DrawColumns } from './columns.js';
import { drawMark } from './draw.js';
import { drawPaths, drawRules } from './draw-paths.js';
import { encodePng } from './png.js';
import { parseRenderSpec, type ChannelSpec, type RenderSpec } from './render-spec.js';
import { buildScale, type BuiltScale } from './scales.js';
import { drawnRelation } from './source-tables.js';

/** The columns of a render task's value. */
export const IMAGE_SCHEMA: Schema = [
  { name: 'url', type: 'string' },
  { name: 'x', type: 'number' },
  { name: 'y', type: 'number' },
  { name: 'width', type: 'number' },
  { name: 'height', type: 'number' },
];

export interface RenderedImage {
  row: { url: string; x: number; y: number; width: number; height: number };
  /** PNG bytes, and what the drawing took (reading rows, or DuckDB's counts with drawing), for metrics and benches. */
  png: Uint8Array;
  drawn: number;
  /** `binned`: DuckDB counted the points per cell (binned.ts); `rows`: each row was drawn; `density`: rows per pixel (density.ts). */
  path: 'binned' | 'rows' | 'density';
  timings: { readMs: number; drawMs: number; encodeMs: number };
}

function dataUrl(png: Uint8Array): string {
  return `data:image/png;base64,${Buffer.from(png.buffer, png.byteOffset, png.byteLength).toString('base64')}`;
}

/** The fields a spec's channels read. */
export function fieldsOf(spec: RenderSpec): string[] {
  const of = (ch: ChannelSpec & { test?: string }): string[] => [
    ...(ch.field === undefined ? [] : [ch.field]), ...(ch.test === undefined ? [] : [ch.test]), ...(ch.rules ?? []).flatMap(of),
  ];
  return [...Object.values(spec.encode).flatMap((ch) => (ch ? of(ch) : [])), ...(spec.groupby ?? []), ...(spec.definedFields ?? [])];
}

/** Draws a mark row by row, by its type. */
function drawRows(spec: RenderSpec, columns: DrawColumns, scales: Map<string, BuiltScale>) {
  if (spec.mark === 'rule') return drawRules(spec, columns, scales);
  if (spec.mark === 'line' || spec.mark === 'area') return drawPaths(spec, columns, scales);
  return drawMark(spec, columns, scales);
}

/** Draws a render task over the source dataset's rows; errors carry paths under `/task/render/mark_json`. */
export async function renderTask(task: IRenderTask, engine: SqlEngine, relation: Relation, signal: (name: string) => unknown, abort?: AbortSignal): Promise<RenderedImage> {
  try {
    const spec = parseRenderSpec(task.markJson ?? '', signal);
    const t0 = performance.now();
    const scales = new Map<string, BuiltScale>();
    for (const [name, s] of spec.scales) scales.set(name, buildScale(name, s));
    const source = await drawnRelation(engine, relation, fieldsOf(spec), abort);
    if (spec.density) {
      const { image, rgba } = await drawDensity(spec, scales, engine, source, abort);
      const t1 = performance.now();
      const png = encodePng(rgba, image.raster.width, image.raster.height);
      return {
        row: { url: dataUrl(png), x: image.x, y: image.y, width: image.width, height: image.height },
        png, drawn: image.drawn, path: 'density',
        timings: { readMs: 0, drawMs: t1 - t0, encodeMs: performance.now() - t1 },
      };
    }
    // Many points of one look: DuckDB counts them per sub-pixel cell; else every row is drawn.
    const binned = engine.queryColumns ? binnedPlan(spec, scales, source) : undefined;
    const columns = binned ? undefined : await readDrawColumns(engine, source, fieldsOf(spec), abort);
    const t1 = performance.now();
    const image = binned ? await drawBinned(spec, binned, engine, source, abort) : drawRows(spec, columns as DrawColumns, scales);
    const rgba = image.raster.toRgba8();
    const t2 = performance.now();
    const png = encodePng(rgba, image.raster.width, image.raster.height);
    const t3 = performance.now();
    return {
      row: { url: dataUrl(png), x: image.x, y: image.y, width: image.width, height: image.height },
      png,
      drawn: image.drawn,
      path: binned ? 'binned' : 'rows',
      timings: { readMs: t1 - t0, drawMs: t2 - t1, encodeMs: t3 - t2 },
    };
  } catch (error) {
    throw toRuntimeError(error).at('/task/render/mark_json');
  }
}
