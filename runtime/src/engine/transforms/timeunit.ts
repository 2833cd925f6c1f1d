/**
 * Vega `timeunit`: floors a date field to time units (local time in the browser's zone,
 * or UTC) and writes the unit start and, with `interval`, the unit end as Dates.
 */
import { TransformError } from '../../errors.js';
import { from, ident, withColumn } from '../sql.js';
import { ORDER_COLUMN, type Relation, type TransformContext, type TransformDefinition, type TransformSpec } from '../types.js';
import { fieldRef, toNumberSql, type FieldRef } from './js-values.js';
import {
  addCalendarSql, calendarUnit, fixedUnitMs, floorWallSql, floorYearSql, fromWallSql, normalizeTimeUnits,
  localCounter, timeBin, toWallSql, UTC_COUNTER, wallFieldColumns, type TimeUnit, type WallFields,
} from './time-units.js';

/** JavaScript's TimeClip bound: instants beyond it are Invalid Dates. */
const MAX_TIME = 8.64e15;
const H = '__vf_tu_';
/** Beyond this many quarters per step the end is computed in one move (rare DST skew). */
const MAX_QUARTER_STEPS = 8;

interface TimeUnitPlan {
  field: FieldRef;
  units: TimeUnit[];
  step: number;
  utc: boolean;
  interval: boolean;
  as: [string, string];
}

export const timeunitTransform: TransformDefinition = {
  type: 'timeunit',
  params: [
    { name: 'field', type: 'field', required: true },
    { name: 'interval', type: 'boolean' },
    { name: 'units', type: 'strings' },
    { name: 'step', type: 'number' },
    { name: 'maxbins', type: 'number' },
    { name: 'extent', type: 'array' },
    { name: 'timezone', type: 'string', values: ['local', 'utc'] },
    { name: 'as', type: 'strings' },
    { name: 'signal', type: 'string' },
  ],
  async compile(spec, input, ctx) {
    const plan = await planTimeUnit(spec, input, ctx);
    const out = timeUnitRelation(plan, input, ctx);
    if (typeof spec.signal === 'string') ctx.setSignal(spec.signal, await floorSignal(plan, out, ctx));
    return out;
  },
};

/** Parses the spec; without `units`, picks them from the extent like Vega's timeBin. */
async function planTimeUnit(spec: TransformSpec, input: Relation, ctx: TransformContext): Promise<TimeUnitPlan> {
  const field = fieldRef(spec.field, input.schema);
  const asParam = spec.as as unknown[] | undefined;
  const as: [string, string] = [String(asParam?.[0] ?? 'unit0'), String(asParam?.[1] ?? 'unit1')];
  let units: unknown = spec.units;
  let step = Number(spec.step) || 1;
  if (spec.step !== undefined && typeof spec.step !== 'number') {
    throw new TransformError('bad_transform', `Parameter "step" of transform "timeunit" must be a number, not ${JSON.stringify(spec.step)}`);
  }
  if (units === undefined || units === null) {
    const extent = Array.isArray(spec.extent) ? spec.extent.map(toMs) as [number, number] : await dataExtent(field, input, ctx);
    const bin = timeBin(extent, typeof spec.maxbins === 'number' ? spec.maxbins : undefined);
    units = bin.units;
    step = bin.step || 1;
  }
  return {
    field, units: normalizeTimeUnits(units), step, utc: spec.timezone === 'utc', interval: spec.interval !== false, as,
  };
}

function toMs(v: unknown): number {
  return v instanceof Date ? v.getTime() : Number(v);
}

/** The extent of the field in ms, as vega-util's extent sees it (nulls and NaN skipped). */
async function dataExtent(field: FieldRef, input: Relation, ctx: TransformContext): Promise<[number, number]> {
  const ms = instantSql(field);
  const rows = await ctx.queryRows(`SELECT min(${ms}) AS lo, max(${ms}) AS hi FROM ${from(input, ctx.alias('extent'))}`);
  const lo = rows[0]?.lo;
  const hi = rows[0]?.hi;
  return [lo === null || lo === undefined ? NaN : Number(lo), hi === null || hi === undefined ? NaN : Number(hi)];
}

/** The instant (BIGINT ms) a field value denotes, as `date.setTime(+v)` reads it; NULL if invalid. */
function instantSql(field: FieldRef): string {
  const c = field.sql;
  if (field.type === 'date') return `epoch_ms(${c})`;
  const n = toNumberSql(c, field.type);
  return `(CASE WHEN abs(${n}) <= ${MAX_TIME} THEN CAST(trunc(${n}) AS BIGINT) END)`;
}

function fieldsOf(prefix: string): WallFields {
  const q = (n: string) => ident(`${prefix}${n}`);
  return {
    day: q('day'), year: q('year'), month: q('month'), date: q('date'),
    hours: q('hours'), minutes: q('minutes'), seconds: q('seconds'), milliseconds: q('milliseconds'),
  };
}

/** Builds the SQL: each step adds helper columns over the previous one, the last drops them. */
export function timeUnitRelation(plan: TimeUnitPlan, input: Relation, ctx: TransformContext): Relation {
  const tz = ctx.timeZone;
  let sql = `SELECT *, ${instantSql(plan.field)} AS ${ident(`${H}t`)} FROM ${from(input, ctx.alias('tu'))}`;
  const add = (items: string[]) => {
    sql = `SELECT *, ${items.join(', ')} FROM (${sql}) AS ${ident(ctx.alias('tu'))}`;
  };
  const wall = (ms: string) => (plan.utc ? ms : toWallSql(ms, tz));
  const instant = (w: string) => (plan.utc ? w : fromWallSql(w, tz));

  add([`${wall(ident(`${H}t`))} AS ${ident(`${H}w`)}`]);
  add(wallFieldColumns(ident(`${H}w`), `${H}f_`, ident));
  const f = fieldsOf(`${H}f_`);
  const counter = plan.utc ? UTC_COUNTER : localCounter(tz);
  add([`${floorYearSql(plan.units, plan.step, f, counter)} AS ${ident(`${H}y`)}`]);
  add([`CAST(${floorWallSql(plan.units, plan.step, f, ident(`${H}y`), counter)} AS BIGINT) AS ${ident(`${H}fw`)}`]);
  add([`${instant(ident(`${H}fw`))} AS ${ident(`${H}a`)}`]);

  if (plan.interval) {
    const unit = plan.units[plan.units.length - 1];
    // d3-time offsets by Math.floor(step) intervals.
    const k = Math.floor(plan.step);
    const fixed = fixedUnitMs(unit);
    if (fixed !== undefined) {
      add([`${ident(`${H}a`)} + ${k * fixed} AS ${ident(`${H}b`)}`]);
    } else if (unit === 'quarter' && !plan.utc && k !== 0 && Math.abs(k) <= MAX_QUARTER_STEPS) {
      // d3's every(3) interval moves one month at a time and each move resolves the wall
      // clock again, so a skipped midnight on the way shifts the end by the gap.
      let current = ident(`${H}a`);
      for (let i = 0; i < 3 * Math.abs(k); i++) {
        const step = `${H}q${i}_`;
        add([`${wall(current)} AS ${ident(`${step}w`)}`]);
        add(wallFieldColumns(ident(`${step}w`), `${step}f_`, ident));
        add([`${instant(addCalendarSql(fieldsOf(`${step}f_`), 0, Math.sign(k)))} AS ${ident(`${step}b`)}`]);
        current = ident(`${step}b`);
      }
      add([`${current} AS ${ident(`${H}b`)}`]);
    } else {
      const { days, months } = calendarUnit(unit);
      add([`${wall(ident(`${H}a`))} AS ${ident(`${H}aw`)}`]);
      add(wallFieldColumns(ident(`${H}aw`), `${H}g_`, ident));
      add([`${addCalendarSql(fieldsOf(`${H}g_`), k * days, k * months)} AS ${ident(`${H}bw`)}`]);
      add([`${instant(ident(`${H}bw`))} AS ${ident(`${H}b`)}`]);
    }
  }

  const [u0, u1] = plan.as;
  let schema = withColumn(input.schema, { name: u0, type: 'date' });
  if (plan.interval) schema = withColumn(schema, { name: u1, type: 'date' });
  const toTs = (ms: string) => `make_timestamp(${ms} * 1000)`;
  const cols = schema.map((c) => {
    if (c.name === u0) return `${toTs(ident(`${H}a`))} AS ${ident(u0)}`;
    if (plan.interval && c.name === u1) return `${toTs(ident(`${H}b`))} AS ${ident(u1)}`;
    return ident(c.name);
  });
  return { sql: `SELECT ${[...cols, ident(ORDER_COLUMN)].join(', ')} FROM (${sql}) AS ${ident(ctx.alias('tu'))}`, schema };
}

/**
 * The value Vega binds to the transform's `signal`: its floor function, whose properties
 * (unit, units, step, and the start and stop of the floored data) are what a spec can use.
 */
async function floorSignal(plan: TimeUnitPlan, out: Relation, ctx: TransformContext): Promise<Record<string, unknown>> {
  const [u0, u1] = plan.as;
  const hi = plan.interval ? u1 : u0;
  const rows = await ctx.queryRows(
    `SELECT epoch_ms(min(${ident(u0)})) AS lo, epoch_ms(max(${ident(hi)})) AS hi FROM ${from(out, ctx.alias('tu'))}`,
  );
  const lo = rows[0]?.lo;
  const top = rows[0]?.hi;
  return {
    unit: plan.units[plan.units.length - 1],
    units: plan.units,
    step: plan.step,
    start: lo === null || lo === undefined ? Infinity : new Date(Number(lo)),
    stop: top === null || top === undefined ? -Infinity : new Date(Number(top)),
  };
}
