/**
 * Vega `kde2d` (a density grid per group) and `contour` (the contours of one density
 * grid over all rows), from x, y and weight fields (or accessor expressions the engine
 * compiles) read as typed arrays (curve-input.ts) and computed as vega-geo computes them
 * (density-grid.ts, isolines.ts). A grid travels as a nested JSON value; contours leave
 * only their polygons.
 */
import { LimitError, TransformError } from '../../errors.js';
import type { Column, Relation, TransformContext, TransformDefinition, TransformSpec } from '../types.js';
import { checkpoint, readCurveInput, type CurveGroup, type CurveInput } from './curve-input.js';
import { densityGrid, gridCells, gridRadii, MAX_GRID_CELLS, parseGridOptions, type DensityGrid, type GridOptions, type GridPoints } from './density-grid.js';
import { contoursOf, quantize, transformPaths } from './isolines.js';
import type { FieldRef } from './field-sql.js';
import { exactJson, objectRowsRelation } from './object-rows.js';

/** Grid cells at most that kde2d outputs (all groups), as JSON text to the client or the next transform. */
export const MAX_OUTPUT_CELLS = 4_000_000;

/**
 * An accessor expression (`{expr}`) as a field read: compiled over the row, it must give
 * a number for every row (a null or undefined would read as 0 or NaN, which SQL's one NULL
 * cannot tell apart: readPoints checks the values read and else leaves it to the browser).
 */
function accessorRef(value: unknown, param: string, transform: string, input: Relation, ctx: TransformContext): FieldRef | undefined {
  if (typeof value !== 'object' || value === null || !('expr' in value)) return undefined;
  const source = (value as { expr: unknown }).expr;
  if (typeof source !== 'string') throw new TransformError('bad_transform', `Accessor "${param}" of transform "${transform}" has no expression`);
  const compiled = ctx.compileExpr(source, input.schema);
  if (compiled.type !== 'number') {
    throw new TransformError('unsupported_transform', `Accessor expression ${JSON.stringify(source)} (${param}) of transform "${transform}" gives ${compiled.type} values; the browser computes it`);
  }
  return { name: source, column: { name: source, type: 'number' }, sql: `(${compiled.sql})`, type: 'number' };
}

/** Reads the x, y and (optional) weight fields or accessor expressions per group. */
async function readPoints(transform: string, spec: TransformSpec, groupby: unknown, input: Relation, ctx: TransformContext): Promise<CurveInput> {
  const params = ['x', 'y', ...(spec.weight !== undefined && spec.weight !== null ? ['weight'] : [])];
  const fields = params.map((param) => {
    const value = spec[param];
    if (value === undefined || value === null) throw new TransformError('bad_transform', `Transform "${transform}" needs parameter "${param}"`);
    return { param, value, ref: accessorRef(value, param, transform, input, ctx) };
  });
  const read = await readCurveInput({ transform, groupby, fields }, input, ctx);
  fields.forEach((f, k) => {
    if (!f.ref) return;
    for (const g of read.groups) {
      if (g.present[k].includes(0)) {
        throw new TransformError('unsupported_transform', `Accessor expression ${JSON.stringify(f.ref.name)} (${f.param}) of transform "${transform}" gives null or undefined for some rows; the browser computes it`);
      }
    }
  });
  return read;
}

function pointsOf(group: CurveGroup): GridPoints {
  return { x: group.values[0], y: group.values[1], xValid: group.valid[0], yValid: group.valid[1], weight: group.values[2] };
}

/**
 * The blur radii of each group's grid; refuses grids past `max` cells in all (their sizes
 * known from the radii before any is filled).
 */
function radiiWithin(groups: CurveGroup[], options: GridOptions, max: number, transform: string): [number, number][] {
  let cells = 0;
  return groups.map((g) => {
    const radii = gridRadii(pointsOf(g), options);
    cells += gridCells(options, radii[0], radii[1]);
    if (cells > max) {
      throw new LimitError('limit_exceeded', `Transform "${transform}" would compute density grids of more than ${max} cells; the runtime computes at most that many`);
    }
    return radii;
  });
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
    const radii = radiiWithin(groups, options, MAX_OUTPUT_CELLS, 'kde2d');
    // Vega sets the groupby values after the grid: a groupby field named like `as` wins.
    const gridColumn: Column[] = dimColumns.some((c) => c.name === as) ? [] : [{ name: as, type: 'object', exactJson: true }];
    const rows: unknown[][] = [];
    for (const [g, group] of groups.entries()) {
      await checkpoint(ctx, 'kde2d');
      const grid = densityGrid(pointsOf(group), options, Boolean(spec.counts), radii[g]);
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
    const [radii] = radiiWithin(groups, options, MAX_GRID_CELLS, 'contour');
    const grid = densityGrid(pointsOf(groups[0]), options, true, radii);
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
