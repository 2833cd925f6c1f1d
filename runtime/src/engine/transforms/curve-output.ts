/**
 * The output of the curve transforms: rows computed in JavaScript, as SQL. Number columns
 * travel as one string literal each, split and cast by DuckDB (its string to DOUBLE cast
 * rounds correctly, so every double comes back bit for bit, which a numeric literal does
 * not promise: DuckDB reads `0.30000000000000004` as a DECIMAL first). The groupby values
 * join in from a small VALUES list by group number.
 */
import { ident, literal, stringLiteral } from '../sql.js';
import { ORDER_COLUMN, type Column, type Relation, type Schema } from '../types.js';

/** One output row: its group, and a value per curve column (undefined: Vega's undefined). */
export interface CurveRow {
  group: number;
  values: (number | undefined)[];
}

/** A number as text DuckDB casts back to the same double ('' for undefined and null). */
function numberText(v: number | undefined | null): string {
  if (v === undefined || v === null) return '';
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return 'Infinity';
  if (v === -Infinity) return '-Infinity';
  return Object.is(v, -0) ? '-0' : String(v);
}

/** An exact DOUBLE literal. */
export function exactNumberLiteral(v: number | undefined | null): string {
  const text = numberText(v);
  return text === '' ? 'NULL::DOUBLE' : `${stringLiteral(text)}::DOUBLE`;
}

/** A column of numbers as SQL that unnests to them, in order. */
function numberList(values: (number | undefined)[]): string {
  return `string_split(${stringLiteral(values.map(numberText).join(','))}, ',')`;
}

/** A groupby value as a literal of its column's type (numbers exactly). */
export function dimLiteral(v: unknown, column: Column): string {
  if (typeof v === 'number') return exactNumberLiteral(v);
  return literal(v, column.type);
}

/**
 * The relation of `rows` with the groupby columns first (their values from `dims`, one
 * array per group) and then the curve columns, named `names`. A curve column named like a
 * groupby column replaces it, as the later assignment does in Vega.
 */
export function curveRelation(dimColumns: Column[], dims: unknown[][], names: string[], rows: CurveRow[], alias: string): Relation {
  const curve: Column[] = names.map((name) => ({ name, type: 'number', nulls: 'undefined' }));
  const kept = dimColumns.map((c, k) => ({ c, k })).filter(({ c }) => !names.includes(c.name));
  const schema: Schema = [...kept.map(({ c }) => c), ...curve];
  const select = [
    ...kept.map(({ c, k }) => `${ident(`${alias}_dims`)}.${ident(`d${k}`)} AS ${ident(c.name)}`),
    ...names.map((name, j) => `CAST(NULLIF(${ident(`${alias}_rows`)}.${ident(`c${j}`)}, '') AS DOUBLE) AS ${ident(name)}`),
    `CAST(${ident(`${alias}_rows`)}."__vf_i" AS DOUBLE) AS ${ident(ORDER_COLUMN)}`,
  ];
  if (rows.length === 0) {
    const empty = [...kept.map(({ c }) => `${literal(null, c.type)} AS ${ident(c.name)}`), ...curve.map((c) => `NULL::DOUBLE AS ${ident(c.name)}`), `NULL::DOUBLE AS ${ident(ORDER_COLUMN)}`];
    return { sql: `SELECT ${empty.join(', ')} WHERE FALSE`, schema };
  }
  const lists = [
    `unnest(range(${rows.length})) AS "__vf_i"`,
    ...(kept.length > 0 ? [`CAST(unnest(${numberList(rows.map((r) => r.group))}) AS INTEGER) AS "__vf_g"`] : []),
    ...names.map((_, j) => `unnest(${numberList(rows.map((r) => r.values[j]))}) AS ${ident(`c${j}`)}`),
  ];
  let sql = `SELECT ${select.join(', ')} FROM (SELECT ${lists.join(', ')}) AS ${ident(`${alias}_rows`)}`;
  if (kept.length > 0) {
    const tuples = dims.map((d, g) => `(${[String(g), ...kept.map(({ c, k }) => dimLiteral(d[k], c))].join(', ')})`);
    sql += ` JOIN (VALUES ${tuples.join(', ')}) AS ${ident(`${alias}_dims`)}("__vf_g", ${kept.map(({ k }) => ident(`d${k}`)).join(', ')})`
      + ` ON ${ident(`${alias}_rows`)}."__vf_g" = ${ident(`${alias}_dims`)}."__vf_g"`;
  }
  return { sql, schema };
}
