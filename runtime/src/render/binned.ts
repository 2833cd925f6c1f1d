/**
 * Large scatters drawn from DuckDB's counts instead of their rows. When every point is
 * the same circle in one color (constant size, opacities and stroke, x and y through
 * linear scales), a point's pixels depend only on its center's cell of the stamps'
 * 1/16-pixel grid, and n points in one cell pass (1 - a)^n of the light: DuckDB maps the
 * columns to positions (the same floating-point operations as mapAffine), counts points
 * per cell on all its threads, and returns one row per occupied cell. The picture is the one drawing each row from stamps
 * gives; the rows never reach JS.
 */
import type { ColumnData, SqlEngine } from '../engine/duckdb.js';
import { ident } from '../engine/sql.js';
import type { Relation } from '../engine/types.js';
import type { ChannelSpec, RenderSpec } from './render-spec.js';
import { colorChannel, type ColorChannel } from './channels.js';
import { clamp01, frame, monoColor, Overflow, type DrawnImage } from './frame.js';
import { rampScale } from './raster.js';
import type { BuiltScale } from './scales.js';
import { STAMP_RADIUS, STEPS, stampsFor, type StampSet } from './stamps.js';

/** What the binned path needs, checked from the spec: see `binnedPlan`. */
export interface BinnedPlan {
  x: string;
  y: string;
  fill: ColorChannel;
  stroke?: ColorChannel;
  /** Radius, stroke half-width (device pixels) and alphas of every point. */
  radius: number;
  halfStroke: number;
  fillAlpha: number;
  strokeAlpha: number;
  /** Reach of a point past its center (CSS pixels), as Vega bounds it. */
  reach: number;
}

const NO_COLUMNS = { rows: 0, get: () => ({ numbers: () => new Float64Array(0), values: () => [] }) };

function constant(ch: ChannelSpec | undefined, fallback: number): number | undefined {
  if (!ch) return fallback;
  if (ch.field !== undefined || ch.scale !== undefined || ch.band !== undefined || ch.mult !== undefined || ch.offset !== undefined) return undefined;
  return typeof ch.value === 'number' ? ch.value : undefined;
}

/**
 * A position channel as SQL (CSS pixels): `t`, the normalized value over the row, and
 * `v`, the position over `t` (so DuckDB computes t once); undefined when the channel is
 * not affine over a number column.
 */
function positionSql(ch: ChannelSpec | undefined, scales: Map<string, BuiltScale>, relation: Relation, t: string): { t: string; v: string } | undefined {
  if (!ch?.field || !ch.scale) return undefined;
  const column = relation.schema.find((c) => c.name === ch.field);
  const a = scales.get(ch.scale)?.affine;
  if (!a || column?.type !== 'number') return undefined;
  let { d0, d1, r0, r1 } = a;
  if (d1 < d0) [d0, d1, r0, r1] = [d1, d0, r1, r0];
  if (d1 - d0 === 0) return undefined;
  const lit = (n: number) => `(${String(n)})::DOUBLE`;
  const norm = `(${ident(ch.field)}::DOUBLE - ${lit(d0)}) / ${lit(d1 - d0)}`;
  let v = `(${lit(r0)} * (1 - ${t}) + ${lit(r1)} * ${t})`;
  const bw = scales.get(ch.scale)?.bandwidth ?? 0;
  if (ch.band !== undefined) v = `(${v} + ${lit(ch.band * bw)})`;
  if (ch.mult !== undefined) v = `(${v} * ${lit(ch.mult)})`;
  if (ch.offset !== undefined) v = `(${v} + ${lit(ch.offset)})`;
  return { t: norm, v };
}

/** SQL of the rows' positions (px, py, CSS pixels in the group) when x and y map affinely, else undefined. */
export function binnedPositions(spec: RenderSpec, scales: Map<string, BuiltScale>, relation: Relation): string | undefined {
  const x = positionSql(spec.encode.x, scales, relation, 'tx');
  const y = positionSql(spec.encode.y, scales, relation, 'ty');
  if (!x || !y) return undefined;
  return `SELECT ${x.v} AS px, ${y.v} AS py FROM (SELECT ${x.t} AS tx, ${y.t} AS ty FROM (${relation.sql}) AS rows) AS n`;
}

/** The binned plan for `spec`, when its points qualify (see the module comment). */
export function binnedPlan(spec: RenderSpec, scales: Map<string, BuiltScale>, relation: Relation): (BinnedPlan & { mapped: string }) | undefined {
  const e = spec.encode;
  if (spec.mark !== 'symbol' || e.xc || e.yc) return undefined;
  const xSql = positionSql(e.x, scales, relation, 'tx');
  const ySql = positionSql(e.y, scales, relation, 'ty');
  const size = constant(e.size, 64);
  const opacity = constant(e.opacity, 1);
  const fillOpacity = constant(e.fillOpacity, 1);
  const strokeOpacity = constant(e.strokeOpacity, 1);
  const strokeWidth = constant(e.strokeWidth, 1);
  const shape = e.shape ? (e.shape.field === undefined && e.shape.scale === undefined ? e.shape.value : undefined) : 'circle';
  if (!xSql || !ySql || size === undefined || opacity === undefined || fillOpacity === undefined || strokeOpacity === undefined || strokeWidth === undefined || shape !== 'circle') return undefined;
  const fill = colorChannel(e.fill, scales, NO_COLUMNS);
  const stroke = e.stroke ? colorChannel(e.stroke, scales, NO_COLUMNS) : undefined;
  if ((e.fill && e.fill.field !== undefined) || (e.stroke && e.stroke.field !== undefined) || !monoColor(fill, stroke)) return undefined;
  const k = spec.pixelRatio;
  const radius = (Math.sqrt(Math.max(0, size)) / 2) * k;
  const halfStroke = stroke ? (strokeWidth * k) / 2 : 0;
  if (!(radius > 0) || radius + halfStroke > STAMP_RADIUS) return undefined;
  const o = clamp01(opacity);
  const stroked = stroke !== undefined && o !== 0 && strokeOpacity !== 0;
  return {
    x: String(e.x?.field), y: String(e.y?.field), fill, stroke, radius, halfStroke,
    mapped: binnedPositions(spec, scales, relation) as string,
    fillAlpha: o * clamp01(fillOpacity), strokeAlpha: o * clamp01(strokeOpacity),
    reach: Math.sqrt(Math.max(0, size)) / 2 + (stroked ? 2 * strokeWidth : 0),
  };
}

/** A result column as numbers, NaN for NULL. */
export function numbersOf(c: ColumnData, rows: number): Float64Array {
  const out = new Float64Array(rows);
  if (c.kind === 'js') {
    for (let i = 0; i < rows; i++) out[i] = c.values[i] === null ? NaN : Number(c.values[i]);
    return out;
  }
  const { values, valid } = c;
  for (let i = 0; i < rows; i++) out[i] = valid && (valid[i >> 3] & (1 << (i & 7))) === 0 ? NaN : values[i];
  return out;
}

/** Draws a binned plan: one statement, then one stamp per occupied cell. */
export async function drawBinned(spec: RenderSpec, plan: BinnedPlan & { mapped: string }, engine: SqlEngine, relation: Relation, signal?: AbortSignal): Promise<DrawnImage> {
  if (!engine.queryColumns) throw new Error('The engine cannot return columns');
  const grid = spec.pixelRatio * STEPS;
  // Only points near the image are counted (it reaches at most 64 px past the group);
  // BETWEEN also drops NULL, NaN and infinite positions, which Vega does not draw.
  const pad = 64 + plan.reach + 1;
  const sql = `SELECT floor(px * ${grid})::INTEGER AS qx, floor(py * ${grid})::INTEGER AS qy, count(*)::INTEGER AS n
    FROM (${plan.mapped}) AS m WHERE px BETWEEN ${-pad} AND ${spec.width + pad} AND py BETWEEN ${-pad} AND ${spec.height + pad} GROUP BY 1, 2`;
  const out = await engine.queryColumns(sql, signal);
  const [qx, qy, n] = out.columns.map((c) => numbersOf(c, out.rows));
  let drawn = 0;
  for (let i = 0; i < out.rows; i++) drawn += n[i];
  const bounds = new Overflow(spec);
  if (!spec.clip) {
    // Vega's bounds count every point, near or far: the positions' extremes.
    const ext = await engine.queryColumns(`SELECT min(px), min(py), max(px), max(py) FROM (${plan.mapped}) AS e WHERE isfinite(px) AND isfinite(py)`, signal);
    const [x0, y0, x1, y1] = ext.columns.map((c) => numbersOf(c, 1)[0]);
    bounds.add(x0 - plan.reach, y0 - plan.reach, x1 + plan.reach, y1 + plan.reach);
  }
  const image = frame(spec, bounds, monoColor(plan.fill, plan.stroke));
  image.drawn = drawn;
  const fillColor = plan.fill.kind === 'const' ? plan.fill.value : undefined;
  const strokeColor = plan.stroke?.kind === 'const' ? plan.stroke.value : undefined;
  const layers: { stamps: StampSet; alpha: number }[] = [];
  if (fillColor && fillColor.a > 0) layers.push({ stamps: stampsFor(plan.radius, 0), alpha: fillColor.a * plan.fillAlpha * rampScale(plan.radius) });
  if (strokeColor && strokeColor.a > 0 && plan.halfStroke > 0) {
    layers.push({ stamps: stampsFor(plan.radius + plan.halfStroke, plan.radius - plan.halfStroke), alpha: strokeColor.a * plan.strokeAlpha });
  }
  // The image starts `-image.x` CSS pixels left of the group: a whole number of grid steps.
  const ox = -image.x * spec.pixelRatio;
  const oy = -image.y * spec.pixelRatio;
  for (let i = 0; i < out.rows; i++) {
    const cx = (qx[i] + 0.5) / STEPS + ox;
    const cy = (qy[i] + 0.5) / STEPS + oy;
    for (const layer of layers) image.raster.stampRepeated(layer.stamps.at(cx, cy), Math.floor(cx), Math.floor(cy), layer.alpha, n[i]);
  }
  return image;
}
