/**
 * vlSelectionTest and vlSelectionIdTest compiled to SQL. The store's rows are known when
 * the expression compiles, so each entry becomes a predicate over the row's fields: "union" ORs the
 * entries, "intersect" ORs within a unit and ANDs across units, and an empty store gives
 * Vega's 0.
 */
import { splitAccessPath } from 'vega-util';
import { unsupported } from '../ast.js';
import { compare, strictEquals } from '../operators.js';
import { entryOf, unitCounts, type StoreRow } from '../selection.js';
import { constVal, numSql, sqlVal, toSql, type SqlVal, type Val } from '../values.js';
import { inrangeOf } from './convert.js';
import type { FnContext } from './context.js';

/** The row's value of a store field (dates as their time value, like vega-selections). */
export type FieldLookup = (name: string) => Val;

function numberOfDate(v: unknown): unknown {
  return v instanceof Date ? v.getTime() : v;
}

function fieldValue(name: string, lookup: FieldLookup, ctx: FnContext): Val {
  const path = splitAccessPath(name);
  if (path.length !== 1) throw unsupported(ctx.name, ctx.source, `nested field "${name}"`);
  const v = lookup(path[0]);
  if (v.kind === 'sql' && v.type === 'date') return sqlVal('number', `CAST(epoch_ms(${v.sql}) AS DOUBLE)`);
  if (v.kind === 'sql' && v.type === 'object') throw unsupported(ctx.name, ctx.source, `nested values in field "${name}"`);
  return v;
}

/** `Array#includes` (SameValueZero: NaN matches NaN) of a row value in a literal list. */
function includes(v: Val, list: unknown[], ctx: FnContext): string {
  const tests = list.map((item) => {
    if (typeof item === 'number' && Number.isNaN(item)) {
      return v.kind === 'sql' && v.type === 'number' ? `COALESCE(isnan(${v.sql}), FALSE)` : 'FALSE';
    }
    if (item !== null && typeof item === 'object') return 'FALSE';
    return strictEquals(v, constVal(item), ctx.source).sql;
  });
  return tests.length ? `(${tests.join(' OR ')})` : 'FALSE';
}

function testEntry(row: StoreRow, lookup: FieldLookup, ctx: FnContext): string {
  const { fields, values } = entryOf(row);
  const tests = fields.map((f, i) => {
    const d = fieldValue(f.field, lookup, ctx);
    let value = numberOfDate(values[i]);
    if (Array.isArray(value) && value[0] instanceof Date) value = value.map(numberOfDate);
    const range = value as unknown[];
    const not = (s: SqlVal) => `(NOT ${s.sql})`;
    switch (f.type) {
      case 'E': return Array.isArray(value) ? includes(d, value, ctx) : strictEquals(d, constVal(value), ctx.source).sql;
      case 'R': return (inrangeOf(d, range, true, true, ctx.source) as SqlVal).sql;
      case 'R-RE': return (inrangeOf(d, range, true, false, ctx.source) as SqlVal).sql;
      case 'R-E': return (inrangeOf(d, range, false, false, ctx.source) as SqlVal).sql;
      case 'R-LE': return (inrangeOf(d, range, false, true, ctx.source) as SqlVal).sql;
      case 'E-LT': return not(compare('>=', d, constVal(value), ctx.source));
      case 'E-LTE': return not(compare('>', d, constVal(value), ctx.source));
      case 'E-GT': return not(compare('<=', d, constVal(value), ctx.source));
      case 'E-GTE': return not(compare('<', d, constVal(value), ctx.source));
      case 'E-VALID': {
        if (d.kind === 'const') return d.value === null || Number.isNaN(Number(d.value)) ? 'FALSE' : 'TRUE';
        const s = toSql(d, ctx.source);
        return `(${s.sql} IS NOT NULL AND NOT isnan(${numSql(s, ctx.source)}))`;
      }
      case 'E-ONE': return Array.isArray(value)
        ? `(${value.map((x) => (x !== null && typeof x === 'object' ? 'FALSE' : strictEquals(d, constVal(x), ctx.source).sql)).join(' OR ') || 'FALSE'})`
        : 'FALSE';
      default: return 'TRUE';
    }
  });
  return tests.length ? `(${tests.join(' AND ')})` : 'TRUE';
}

/** vlSelectionTest(store, datum, op) for the store's rows. */
export function selectionTestSql(rows: StoreRow[], op: unknown, lookup: FieldLookup, ctx: FnContext): Val {
  if (rows.length === 0) return constVal(0);
  if (op !== 'intersect') return sqlVal('boolean', `(${rows.map((r) => testEntry(r, lookup, ctx)).join(' OR ')})`);
  const units = [...unitCounts(rows).keys()];
  const perUnit = units.map((u) => `(${rows.filter((r) => r.unit === u).map((r) => testEntry(r, lookup, ctx)).join(' OR ')})`);
  return sqlVal('boolean', `(${perUnit.join(' AND ')})`);
}

/**
 * vlSelectionIdTest(store, datum, op): membership of the row's `_vgsid_` among the store's
 * ids. Vega bisects the entries, so this holds for stores sorted by a numeric id (as
 * Vega-Lite keeps them); other stores are not supported.
 */
export function selectionIdTestSql(rows: StoreRow[], op: unknown, lookup: FieldLookup, ctx: FnContext): Val {
  const ids = rows.map((r) => r._vgsid_);
  const sorted = ids.every((id, i) => typeof id === 'number' && !Number.isNaN(id) && (i === 0 || (ids[i - 1] as number) <= id));
  if (!sorted) throw unsupported(ctx.name, ctx.source, 'the store must hold numeric _vgsid_ values in ascending order');
  const v = lookup('_vgsid_');
  if (rows.length === 0 || v.kind !== 'sql' || v.type !== 'number') {
    if (v.kind === 'sql' && v.type !== 'number') throw unsupported(ctx.name, ctx.source, '_vgsid_ must be a number');
    return constVal(false);
  }
  const counts = new Map<number, number>();
  for (const id of ids as number[]) counts.set(id, (counts.get(id) ?? 0) + 1);
  const units = op === 'intersect' ? unitCounts(rows).size : 1;
  const members = [...counts].filter(([, n]) => units === 1 || n >= units).map(([id]) => numSql(constVal(id), ctx.source));
  if (members.length === 0) return constVal(false);
  return sqlVal('boolean', `COALESCE(${v.sql} IN (${members.join(', ')}), FALSE)`);
}
