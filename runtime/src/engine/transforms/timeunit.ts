/**
 * Vega `timeunit`: floors a date field to time units (local time in the browser's zone,
 * or UTC) and writes the unit start and, with `interval`, the unit end as Dates.
 */
import { TransformError } from '../../errors.js';
import { from, ident, withColumn } from '../sql.js';
import { ORDER_COLUMN, type Relation, type TransformContext, type TransformDefinition, type TransformSpec } from '../types.js';
import { fieldRef, toNumberSql, type FieldRef } from './js-values.js';
import {
  addCalendarSql, bracketOffsetsSql, calendarUnit, countSpan, countsNeeded, fixedUnitMs, floorWallSql, floorYearSql,
  fromWallSql, isoYearSql, localCountSql, normalizeTimeUnits, timeBin, toWallSql, utcCountSql, wallFieldColumns,
  type Counts, type TimeUnit, type WallFields,
} from './time-units.js';

/** JavaScript's TimeClip bound: instants beyond it are Invalid Dates. */
const MAX_TIME = 8.64e15;
const H = '__vf_tu_';
const DAY_MS = 86400000;
/** Beyond this many quarters per step the end is computed in one move (rare DST skew). */
const MAX_QUARTER_STEPS = 8;

interface TimeUnitPlan {
  field: FieldRef;
  /** The browser's zone (unused in UTC mode). */
  timeZone: string;
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
    field, timeZone: ctx.timeZone, units: normalizeTimeUnits(units), step, utc: spec.timezone === 'utc', interval: spec.interval !== false, as,
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
  const col = (n: string) => ident(`${H}${n}`);
  let sql = `SELECT *, ${instantSql(plan.field)} AS ${col('t')} FROM ${from(input, ctx.alias('tu'))}`;
  const add = (items: string[]) => {
    sql = `SELECT *, ${items.join(', ')} FROM (${sql}) AS ${ident(ctx.alias('tu'))}`;
  };
  const toWall = (ms: string, out: string) => add([`${plan.utc ? ms : toWallSql(ms, tz)} AS ${col(out)}`]);
  /** Adds column `out`: the instant of the wall clock in column `wall` (two steps in local time). */
  const toInstant = (wall: string, out: string) => {
    if (plan.utc) {
      add([`${col(wall)} AS ${col(out)}`]);
      return;
    }
    const [before, after] = bracketOffsetsSql(col(wall), tz);
    add([`${before} AS ${col(`${out}_ob`)}`, `${after} AS ${col(`${out}_oa`)}`]);
    add([`${fromWallSql(col(wall), col(`${out}_ob`), col(`${out}_oa`), tz)} AS ${col(out)}`]);
  };

  toWall(col('t'), 'w');
  add(wallFieldColumns(col('w'), `${H}f_`, ident));
  const f = fieldsOf(`${H}f_`);
  const counts = addCounts(plan, f, add, toInstant, col);
  add([`${floorYearSql(plan.units, plan.step, f, counts)} AS ${col('y')}`]);
  add([`CAST(${floorWallSql(plan.units, plan.step, f, col('y'), counts)} AS BIGINT) AS ${col('fw')}`]);
  toInstant('fw', 'a');

  if (plan.interval) {
    const unit = plan.units[plan.units.length - 1];
    // d3-time offsets by Math.floor(step) intervals.
    const k = Math.floor(plan.step);
    const fixed = fixedUnitMs(unit);
    if (fixed !== undefined) {
      add([`${col('a')} + ${k * fixed} AS ${col('b')}`]);
    } else if (unit === 'quarter' && !plan.utc && k !== 0 && Math.abs(k) <= MAX_QUARTER_STEPS) {
      // d3's every(3) interval moves one month at a time and each move resolves the wall
      // clock again, so a skipped midnight on the way shifts the end by the gap.
      let current = 'a';
      for (let i = 0; i < 3 * Math.abs(k); i++) {
        const step = `q${i}_`;
        toWall(col(current), `${step}w`);
        add(wallFieldColumns(col(`${step}w`), `${H}${step}f_`, ident));
        add([`${addCalendarSql(fieldsOf(`${H}${step}f_`), 0, Math.sign(k))} AS ${col(`${step}nw`)}`]);
        toInstant(`${step}nw`, `${step}b`);
        current = `${step}b`;
      }
      add([`${col(current)} AS ${col('b')}`]);
    } else {
      const { days, months } = calendarUnit(unit);
      toWall(col('a'), 'aw');
      add(wallFieldColumns(col('aw'), `${H}g_`, ident));
      add([`${addCalendarSql(fieldsOf(`${H}g_`), k * days, k * months)} AS ${col('bw')}`]);
      toInstant('bw', 'b');
    }
  }

  const [u0, u1] = plan.as;
  let schema = withColumn(input.schema, { name: u0, type: 'date' });
  if (plan.interval) schema = withColumn(schema, { name: u1, type: 'date' });
  const toTs = (ms: string) => `make_timestamp(${ms} * 1000)`;
  const cols = schema.map((c) => {
    if (c.name === u0) return `${toTs(col('a'))} AS ${ident(u0)}`;
    if (plan.interval && c.name === u1) return `${toTs(col('b'))} AS ${ident(u1)}`;
    return ident(c.name);
  });
  return { sql: `SELECT ${[...cols, ident(ORDER_COLUMN)].join(', ')} FROM (${sql}) AS ${ident(ctx.alias('tu'))}`, schema };
}

/** Adds the week/day count columns the units read (d3-time counts between local midnights). */
function addCounts(
  plan: TimeUnitPlan, f: WallFields, add: (items: string[]) => void,
  toInstant: (wall: string, out: string) => void, col: (n: string) => string,
): Counts {
  const needed = countsNeeded(plan.units);
  const counts: Counts = { week: 'NULL', isoweek: 'NULL', isoyear: 'NULL', dayofyear: 'NULL' };
  if (needed.includes('isoyear')) {
    add([`${isoYearSql(f)} AS ${col('iy')}`]);
    counts.isoyear = col('iy');
  }
  for (const kind of ['week', 'isoweek', 'dayofyear'] as const) {
    if (!needed.includes(kind)) continue;
    const [s, e, days] = countSpan(kind, f, counts.isoyear);
    if (plan.utc) {
      add([`${utcCountSql(s, e, days)} AS ${col(`n_${kind}`)}`]);
    } else {
      add([`(${s}) * ${DAY_MS} AS ${col(`${kind}_sw`)}`, `(${e}) * ${DAY_MS} AS ${col(`${kind}_ew`)}`]);
      toInstant(`${kind}_sw`, `${kind}_si`);
      toInstant(`${kind}_ew`, `${kind}_ei`);
      add([`${localCountSql(col(`${kind}_si`), col(`${kind}_ei`), days, plan.timeZone)} AS ${col(`n_${kind}`)}`]);
    }
  }
  if (needed.includes('week')) counts.week = col('n_week');
  if (needed.includes('isoweek')) counts.isoweek = `(1 + ${col('n_isoweek')})`;
  if (needed.includes('dayofyear')) counts.dayofyear = col('n_dayofyear');
  return counts;
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
