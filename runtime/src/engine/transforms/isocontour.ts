/**
 * Vega `isocontour`: the contours of the raster grid each row holds (kde2d's output, or
 * any nested grid), as vega-geo computes them (isolines.ts). Each contour is a row that
 * copies its input row's fields (which win over the contour's own), in input order, one
 * row per threshold. The grids are read back as JSON; only the polygons are new.
 */
import { LimitError, TransformError } from '../../errors.js';
import { from, ident } from '../sql.js';
import { ORDER_COLUMN, type Column, type TransformDefinition, type TransformSpec } from '../types.js';
import { checkpoint } from './curve-input.js';
import { ORDER_SQL, resolveFieldRef } from './field-sql.js';
import { contoursOf, quantize, transformPaths, type MultiPolygon } from './isolines.js';
import { exactJson, objectRowsRelation } from './object-rows.js';

/** Grids at most (rows of the input). */
const MAX_GRIDS = 10_000;

interface Grid {
  values: number[];
  width: number;
  height: number;
  scale?: unknown;
  translate?: unknown;
  x1?: number;
  y1?: number;
}

function parseGrid(text: unknown): Grid {
  const grid = (typeof text === 'string' ? JSON.parse(text) : text) as Partial<Grid> | null;
  if (!grid || !Array.isArray(grid.values) || typeof grid.width !== 'number' || typeof grid.height !== 'number') {
    throw new TransformError('unsupported_transform', 'Transform "isocontour" reads a value that is not a raster grid (values, width, height); the browser computes it');
  }
  return grid as Grid;
}

/** d3-array's max (skipping null and NaN). */
function maxOf(values: number[]): number | undefined {
  let max: number | undefined;
  for (const v of values) if (v != null && (max === undefined ? v >= v : max < v)) max = v;
  return max;
}

function numberOrArray(v: unknown, name: string): number | number[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number' || (Array.isArray(v) && v.every((x) => typeof x === 'number'))) return v as number | number[];
  throw new TransformError('unsupported_transform', `Parameter "${name}" of transform "isocontour" is ${JSON.stringify(v)}; only numbers are computed on the server`);
}

/** vega-geo's transformPaths: the spec's scale and translate, else the grid's. */
function placePaths(paths: MultiPolygon[], grid: Grid, spec: TransformSpec): void {
  const s = numberOrArray(spec.scale, 'scale') || numberOrArray(grid.scale, 'scale');
  const t = numberOrArray(spec.translate, 'translate') || numberOrArray(grid.translate, 'translate');
  if ((s === 1 || s === undefined) && !t) return;
  const sx = (typeof s === 'number' ? s : s?.[0]) || 1;
  const sy = (typeof s === 'number' ? s : s?.[1]) || 1;
  const tv = t as number[] | undefined;
  transformPaths(paths, grid, sx, sy, (tv && tv[0]) || 0, (tv && tv[1]) || 0);
}

export const isocontourTransform: TransformDefinition = {
  type: 'isocontour',
  params: [
    { name: 'field', type: 'field' },
    { name: 'thresholds', type: 'numbers' },
    { name: 'levels', type: 'number' },
    { name: 'nice', type: 'boolean' },
    { name: 'resolve', type: 'string', values: ['shared', 'independent'] },
    { name: 'zero', type: 'boolean' },
    { name: 'smooth', type: 'boolean' },
    { name: 'scale', type: 'number' },
    { name: 'translate', type: 'numbers' },
    { name: 'as', type: 'string' },
  ],
  async compile(spec, input, ctx) {
    if (spec.field === undefined || spec.field === null) {
      throw new TransformError('unsupported_transform', 'Transform "isocontour" over rows that are grids themselves (no "field") is computed in the browser');
    }
    const ref = resolveFieldRef(spec.field, input.schema);
    if (!ref.column || ref.type !== 'object') {
      throw new TransformError('unsupported_transform', `Field "${ref.name}" of transform "isocontour" does not hold raster grids`);
    }
    const t = ctx.alias('iso');
    const gridRows = await ctx.queryRows(`SELECT CAST(${ref.sql} AS VARCHAR) AS "g" FROM ${from(input, t)} ORDER BY ${ORDER_SQL} LIMIT ${MAX_GRIDS + 1}`);
    if (gridRows.length > MAX_GRIDS) throw new LimitError('limit_exceeded', `Transform "isocontour" over more than ${MAX_GRIDS} grids; the runtime computes at most that many`);
    const grids = gridRows.map((r) => parseGrid(r.g));
    let thresholds: number[] | ((values: number[]) => number[]);
    if (spec.thresholds !== undefined && spec.thresholds !== null) {
      if (!Array.isArray(spec.thresholds)) throw new TransformError('bad_transform', `Parameter "thresholds" of transform "isocontour" must be an array, not ${JSON.stringify(spec.thresholds)}`);
      thresholds = spec.thresholds.map(Number);
    } else {
      const q = quantize(Number(spec.levels) || 10, Boolean(spec.nice), spec.zero !== false);
      thresholds = spec.resolve === 'shared' ? q(grids.map((g) => maxOf(g.values) as number)) : q;
    }
    const smooth = spec.smooth !== false;
    const as = spec.as === null ? null : typeof spec.as === 'string' && spec.as ? spec.as : 'contour';
    const contourRows: [number, MultiPolygon][] = [];
    for (const [i, grid] of grids.entries()) {
      await checkpoint(ctx, 'isocontour');
      const tz = Array.isArray(thresholds) ? thresholds : thresholds(grid.values);
      const paths = contoursOf(grid.values, [grid.width, grid.height], tz, smooth);
      placePaths(paths, grid, spec);
      for (const p of paths) contourRows.push([i, p]);
    }
    // The contour's own fields, where the input has no field of the same name.
    const own: Column[] = (as === null
      ? [{ name: 'type', type: 'string' }, { name: 'value', type: 'number' }, { name: 'coordinates', type: 'object', exactJson: true }] as Column[]
      : [{ name: as, type: 'object', exactJson: true }] as Column[]).filter((c) => !input.schema.some((s) => s.name === c.name));
    const ownValue = (p: MultiPolygon, name: string): unknown => {
      if (as !== null) return exactJson(p, 'isocontour', 'a contour');
      if (name === 'coordinates') return exactJson(p.coordinates, 'isocontour', 'contour coordinates');
      return name === 'type' ? p.type : p.value;
    };
    const made = objectRowsRelation(
      [{ name: '__vf_src', type: 'number' }, ...own],
      contourRows.map(([i, p]) => [i, ...own.map((c) => ownValue(p, c.name))]),
      ctx.alias('iso_rows'),
    );
    // Joined to the input's rows by their position, which keeps every input column as it is.
    const src = ctx.alias('iso_src');
    const out = ctx.alias('iso_out');
    const kept = input.schema.map((c) => `${ident(src)}.${ident(c.name)}`);
    const sql = `SELECT ${[...kept, ...own.map((c) => `${ident(out)}.${ident(c.name)}`), `${ident(out)}.${ident(ORDER_COLUMN)}`].join(', ')}`
      + ` FROM (SELECT *, CAST(row_number() OVER (ORDER BY ${ORDER_SQL}) - 1 AS DOUBLE) AS "__vf_pos" FROM ${from(input, t)}) AS ${ident(src)}`
      + ` JOIN (${made.sql}) AS ${ident(out)} ON ${ident(src)}."__vf_pos" = ${ident(out)}."__vf_src"`;
    return { sql, schema: [...input.schema, ...own] };
  },
};
