/**
 * Vega-Lite selection stores in JavaScript: vlSelectionTest and vlSelectionResolve over
 * the store's rows (`{unit, fields: [{field, channel, type}], values}`), following
 * vega-selections: union across entries by default, "intersect" unions within a unit
 * and intersects across units, and an empty store tests as 0.
 */
import { field as fieldAccessor, inrange, isArray, isDate, toNumber } from 'vega-util';

export type StoreRow = Record<string, unknown>;

export interface StoreField {
  field: string;
  type: string;
}

/** The fields and values of a store entry, checked. */
export function entryOf(row: StoreRow): { unit: unknown; fields: StoreField[]; values: unknown[] } {
  const fields = row.fields;
  const values = row.values;
  if (!isArray(fields) || !isArray(values)) throw new TypeError('Selection store entry without fields and values');
  return {
    unit: row.unit,
    fields: fields.map((f) => {
      const o = f as { field?: unknown; type?: unknown };
      if (typeof o?.field !== 'string') throw new TypeError('Selection store field without a name');
      return { field: o.field, type: typeof o.type === 'string' ? o.type : 'E' };
    }),
    values: [...values],
  };
}

/** An entry's value as the tests compare it: Dates (alone or first in an array) as numbers. */
export function dateToNumber(v: unknown): unknown {
  if (isDate(v)) return toNumber(v);
  if (isArray(v) && isDate(v[0])) return v.map((x) => toNumber(x));
  return v;
}

/** One store entry made ready to test rows: field accessors built and values read once. */
interface PreparedEntry {
  unit: unknown;
  tests: { get: (datum: object) => unknown; type: string; v: unknown }[];
}

function prepareEntry(row: StoreRow): PreparedEntry {
  const { unit, fields, values } = entryOf(row);
  return { unit, tests: fields.map((f, i) => ({ get: fieldAccessor(f.field), type: f.type, v: dateToNumber(values[i]) })) };
}

/**
 * One field test of a store entry, as vega-selections runs it: `dval` is the row's value
 * (a Date already turned into its number), `v` the entry's value for the field.
 */
export function testField(type: string, dval: unknown, v: unknown): boolean {
  const r = v as number[];
  switch (type) {
    case 'E': return isArray(v) ? v.includes(dval) : dval === v;
    case 'R': return inrange(dval as number, r);
    case 'R-RE': return inrange(dval as number, r, true, false);
    case 'R-E': return inrange(dval as number, r, false, false);
    case 'R-LE': return inrange(dval as number, r, false, true);
    case 'E-LT': return !((dval as number) >= (v as number));
    case 'E-LTE': return !((dval as number) > (v as number));
    case 'E-GT': return !((dval as number) <= (v as number));
    case 'E-GTE': return !((dval as number) < (v as number));
    case 'E-VALID': return !(dval === null || Number.isNaN(Number(dval)));
    case 'E-ONE': return (v as unknown[]).indexOf(dval) !== -1;
    default: return true;
  }
}

function testPoint(datum: unknown, entry: PreparedEntry): boolean {
  for (const { get, type, v } of entry.tests) {
    let dval = get(datum as object);
    if (isDate(dval)) dval = toNumber(dval);
    if (!testField(type, dval, v)) return false;
  }
  return true;
}

/** Entries per unit, for "intersect" (Vega's unit index). */
export function unitCounts(rows: StoreRow[]): Map<unknown, number> {
  const counts = new Map<unknown, number>();
  for (const r of rows) counts.set(r.unit, (counts.get(r.unit) ?? 0) + 1);
  return counts;
}

/**
 * vlSelectionTest over the store rows as a function of the datum: the store is read once,
 * so testing many rows against one store costs a comparison per field and row.
 */
export function selectionTester(rows: StoreRow[], op: unknown): (datum: unknown) => boolean | number {
  const entries = rows.map(prepareEntry);
  const n = entries.length;
  if (op === 'intersect') {
    const counts = unitCounts(rows);
    return (datum) => {
      const miss = new Map<unknown, number>();
      for (const entry of entries) {
        const count = miss.get(entry.unit) ?? 0;
        if (count === -1) continue;
        const b = testPoint(datum, entry);
        miss.set(entry.unit, b ? -1 : count + 1);
        if (b && counts.size === 1) return true;
        if (!b && count + 1 === counts.get(entry.unit)) return false;
      }
      return n === 0 ? 0 : true;
    };
  }
  return (datum) => {
    for (const entry of entries) if (testPoint(datum, entry)) return true;
    return n === 0 ? 0 : false;
  };
}

/** vlSelectionTest over the store rows. */
export function selectionTestJs(rows: StoreRow[], datum: unknown, op: unknown): boolean | number {
  return selectionTester(rows, op)(datum);
}

type Resolved = Record<string, unknown>;

function rangeOf(value: unknown[]): [unknown, unknown] {
  let lo: unknown = toNumber(value[0]);
  let hi: unknown = toNumber(value[1]);
  if ((lo as number) > (hi as number)) {
    lo = value[1];
    hi = value[0];
  }
  return [lo, hi];
}

function unionOf(type: string, base: unknown[], value: unknown[]): unknown[] {
  if (type === 'E') {
    if (!base.length) return value;
    for (const v of value) if (!base.includes(v)) base.push(v);
    return base;
  }
  const [lo, hi] = rangeOf(value);
  if (!base.length) return [lo, hi];
  if ((base[0] as number) > (lo as number)) base[0] = lo;
  if ((base[1] as number) < (hi as number)) base[1] = hi;
  return base;
}

function intersectOf(type: string, base: unknown[], value: unknown[]): unknown[] {
  if (type === 'E') return !base.length ? value : base.filter((v) => value.includes(v));
  const [lo, hi] = rangeOf(value);
  if (!base.length) return [lo, hi];
  if ((hi as number) < (base[0] as number) || (base[1] as number) < (lo as number)) return [];
  if ((base[0] as number) < (lo as number)) base[0] = lo;
  if ((base[1] as number) > (hi as number)) base[1] = hi;
  return base;
}

/** vlSelectionResolve over the store rows (stores of `fields`/`values` entries). */
export function selectionResolveJs(rows: StoreRow[], op: unknown, isMulti: unknown, vl5: unknown): Resolved {
  const resolved: Record<string, Map<unknown, unknown[]>> = {};
  const multi = new Map<unknown, Record<string, unknown>[]>();
  const types: Record<string, string> = {};
  for (const row of rows) {
    const { unit, fields, values } = entryOf(row);
    fields.forEach((f, j) => {
      const byUnit = resolved[f.field] ?? (resolved[f.field] = new Map());
      const type = (types[f.field] = f.type.charAt(0));
      byUnit.set(unit, unionOf(type, byUnit.get(unit) ?? [], isArray(values[j]) ? values[j] as unknown[] : [values[j]]));
    });
    if (isMulti) {
      const list = multi.get(unit) ?? [];
      multi.set(unit, list);
      const obj: Record<string, unknown> = {};
      values.forEach((v, j) => { obj[fields[j].field] = v; });
      list.push(obj);
    }
  }
  const how = op || 'union';
  const out: Resolved = {};
  for (const [field, byUnit] of Object.entries(resolved)) {
    let acc: unknown[] | undefined;
    for (const cur of byUnit.values()) {
      acc = acc === undefined ? cur : how === 'union' ? unionOf(types[field], acc, cur) : intersectOf(types[field], acc, cur);
    }
    out[field] = acc;
  }
  if (isMulti && multi.size) {
    const key = vl5 ? 'vlPoint' : 'vlMulti';
    out[key] = how === 'union'
      ? { or: [...multi.values()].flat() }
      : { and: [...multi.values()].map((list) => ({ or: list })) };
  }
  return out;
}

const SELECTION_ID = '_vgsid_';

/** d3's ascending: NaN when either side is null or the two do not compare. */
function ascending(a: unknown, b: unknown): number {
  if (a == null || b == null) return NaN;
  const x = a as number;
  const y = b as number;
  return x < y ? -1 : x > y ? 1 : x >= y ? 0 : NaN;
}

function bisect(ids: unknown[], x: unknown, right: boolean): number {
  let lo = 0;
  let hi = ids.length;
  if (lo < hi) {
    if (ascending(x, x) !== 0) return hi;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const c = ascending(ids[mid], x);
      if (right ? c <= 0 : c < 0) lo = mid + 1;
      else hi = mid;
    }
  }
  return lo;
}

/** vlSelectionIdTest over the store rows (entries sorted by `_vgsid_`). */
export function selectionIdTestJs(rows: StoreRow[], datum: unknown, op: unknown): boolean {
  const ids = rows.map((r) => r[SELECTION_ID]);
  const value = datum !== null && typeof datum === 'object' ? (datum as StoreRow)[SELECTION_ID] : undefined;
  const index = bisect(ids, value, false);
  if (index === ids.length || ids[index] !== value) return false;
  if (op === 'intersect') {
    const units = unitCounts(rows).size;
    if (units === 1) return true;
    if (bisect(ids, value, true) - index < units) return false;
  }
  return true;
}
