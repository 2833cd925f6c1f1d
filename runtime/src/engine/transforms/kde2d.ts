/**
 * Vega `kde2d` (a density grid per group) and `contour` (the contours of one density
 * grid over all rows), from x, y and weight fields read as typed arrays (curve-input.ts)
 * and computed as vega-geo computes them (density-grid.ts, isolines.ts). A grid travels
 * as a nested JSON value; contours leave only their polygons.
 */
import { LimitError, TransformError } from '../../errors.js';
import type { Column, TransformContext, TransformDefinition, TransformSpec } from '../types.js';
import { checkpoint, readCurveInput, type CurveGroup, type CurveInput } from './curve-input.js';
import { densityGrid, gridCells, gridRadii, MAX_GRID_CELLS, parseGridOptions, type DensityGrid, type GridOptions, type GridPoints } from './density-grid.js';
import { contoursOf, quantize, transformPaths } from './isolines.js';
import { exactJson, objectRowsRelation } from './object-rows.js';

/** Grid cells at most that kde2d outputs (all groups), as JSON text to the client or the next transform. */
export const MAX_OUTPUT_CELLS = 4_000_000;

/** Reads the x, y and (optional) weight fields per group; the field of an accessor expression is refused. */
async function readPoints(transform: string, spec: TransformSpec, groupby: unknown, input: Parameters<TransformDefinition['compile']>[1], ctx: TransformContext): Promise<CurveInput> {
  const fields = [{ param: 'x', value: spec.x }, { param: 'y', value: spec.y }];
  for (const f of fields) {
    if (f.value === undefined || f.value === null) throw new TransformError('bad_transform', `Transform "${transform}" needs parameter "${f.param}"`);
  }
  if (spec.weight !== undefined && spec.weight !== null) fields.push({ param: 'weight', value: spec.weight });
  return readCurveInput({ transform, groupby, fields }, input, ctx);
}

function pointsOf(group: CurveGroup): GridPoints {
  return { x: group.values[0], y: group.values[1], xValid: group.valid[0], yValid: group.valid[1], weight: group.values[2] };
}

/** Refuses grids past `max` cells in all (their sizes known from the radii before any is filled). */
function checkCells(groups: CurveGroup[], options: GridOptions, max: number, transform: string): void {
  let cells = 0;
  for (const g of groups) {
    const [rx, ry] = gridRadii(pointsOf(g), options);
    cells += gridCells(options, rx, ry);
    if (cells > max) {
      throw new LimitError('limit_exceeded', `Transform "${transform}" would compute density grids of more than ${max} cells; the runtime computes at most that many`);
    }
  }
}

/** The grid as Vega's datum holds it, its values as plain numbers. */
function gridJson(grid: DensityGrid): string {
  return exactJson({ ...grid, values: Array.from(grid.values) }, 'kde2d', 'a density grid');
}

export const kde2dTransform: TransformDefinition = {
  type: 'kde2d',
  params: [
    { name: 'size', type: 'numbers', required: true },
    { name: 'x', type: 'field', required: true },
    { name: 'y', type: 'field', required: true },
    { name: 'weight', type: 'field' },
    { name: 'groupby', type: 'fields' },
    { name: 'cellSize', type: 'number' },
    { name: 'bandwidth', type: 'numbers' },
    { name: 'counts', type: 'boolean' },
    { name: 'as', type: 'string' },
  ],
  async compile(spec, input, ctx) {
    const options = parseGridOptions(spec, 'kde2d');
    const as = typeof spec.as === 'string' && spec.as ? spec.as : 'grid';
    const { groups, dimColumns } = await readPoints('kde2d', spec, spec.groupby ?? null, input, ctx);
    checkCells(groups, options, MAX_OUTPUT_CELLS, 'kde2d');
    // Vega sets the groupby values after the grid: a groupby field named like `as` wins.
    const gridColumn: Column[] = dimColumns.some((c) => c.name === as) ? [] : [{ name: as, type: 'object', exactJson: true }];
    const rows: unknown[][] = [];
    for (const group of groups) {
      await checkpoint(ctx, 'kde2d');
      const grid = densityGrid(pointsOf(group), options, Boolean(spec.counts));
      rows.push([...(gridColumn.length ? [gridJson(grid)] : []), ...group.dims]);
    }
    return objectRowsRelation([...gridColumn, ...dimColumns], rows, ctx.alias('kde2d'));
  },
};

/** The contour thresholds: explicit, or `count` of them (10) over the grid's values, nice or not. */
function contourThresholds(spec: TransformSpec, values: Float32Array): number[] {
  if (spec.thresholds !== undefined && spec.thresholds !== null) {
    if (!Array.isArray(spec.thresholds)) throw new TransformError('bad_transform', `Parameter "thresholds" of transform "contour" must be an array, not ${JSON.stringify(spec.thresholds)}`);
    return spec.thresholds.map(Number);
  }
  const count = spec.count === undefined || spec.count === null ? 10 : Number(spec.count) || 10;
  return quantize(count, Boolean(spec.nice), false)(values);
}

export const contourTransform: TransformDefinition = {
  type: 'contour',
  params: [
    { name: 'size', type: 'numbers', required: true },
    { name: 'x', type: 'field', required: true },
    { name: 'y', type: 'field', required: true },
    { name: 'weight', type: 'field' },
    { name: 'cellSize', type: 'number' },
    { name: 'bandwidth', type: 'number' },
    { name: 'count', type: 'number' },
    { name: 'nice', type: 'boolean' },
    { name: 'thresholds', type: 'numbers' },
    { name: 'smooth', type: 'boolean' },
  ],
  async compile(spec, input, ctx) {
    if (spec.values !== undefined && spec.values !== null) {
      throw new TransformError('unsupported_transform', 'Transform "contour" over given grid values is computed in the browser');
    }
    const options = parseGridOptions(spec, 'contour');
    const { groups } = await readPoints('contour', spec, null, input, ctx);
    checkCells(groups, options, MAX_GRID_CELLS, 'contour');
    const grid = densityGrid(pointsOf(groups[0]), options, true);
    await checkpoint(ctx, 'contour');
    // The density's `smooth` is Contour's own flag (true unless false), applied to its grid too.
    const paths = contoursOf(grid.values, [grid.width, grid.height], contourThresholds(spec, grid.values), spec.smooth !== false);
    const s = grid.scale || 1;
    transformPaths(paths, grid, s, s, 0, 0);
    const schema: Column[] = [
      { name: 'type', type: 'string' }, { name: 'value', type: 'number' }, { name: 'coordinates', type: 'object', exactJson: true },
    ];
    const rows = paths.map((p) => [p.type, p.value, exactJson(p.coordinates, 'contour', 'contour coordinates')]);
    return objectRowsRelation(schema, rows, ctx.alias('contour'));
  },
};
