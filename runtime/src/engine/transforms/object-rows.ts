/**
 * Rows computed in JavaScript that hold nested values (kde2d's grids, contour polygons),
 * as SQL: a VALUES list, nested values as JSON text (which DuckDB keeps as written, so
 * every number comes back as the same double). A nested value holding a number JSON
 * cannot write (NaN, Infinity) is refused: the browser computes it instead.
 */
import { TransformError } from '../../errors.js';
import { ident, stringLiteral } from '../sql.js';
import { ORDER_COLUMN, type Column, type Relation } from '../types.js';
import { dimLiteral } from './curve-output.js';

/** JSON text of a nested value; throws for numbers JSON cannot hold. */
export function exactJson(value: unknown, transform: string, what: string): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === 'number' && !Number.isFinite(v)) {
      throw new TransformError('unsupported_transform', `Transform "${transform}" computed ${String(v)} in ${what}; such values do not travel as JSON, so the browser computes it`);
    }
    return v;
  });
}

/** SQL of one value of `column` (JSON text already written for object columns). */
function valueSql(v: unknown, column: Column): string {
  if (column.type === 'object') return v === undefined || v === null ? 'NULL::JSON' : `${stringLiteral(v as string)}::JSON`;
  return dimLiteral(v, column);
}

/**
 * The relation of `rows` (one value per column of `schema`, object columns as JSON text),
 * in the order given.
 */
export function objectRowsRelation(schema: Column[], rows: unknown[][], alias: string): Relation {
  const names = schema.map((_, k) => ident(`c${k}`));
  const select = [...schema.map((c, k) => `${names[k]} AS ${ident(c.name)}`), `CAST("__vf_i" AS DOUBLE) AS ${ident(ORDER_COLUMN)}`];
  if (rows.length === 0) {
    const empty = [...schema.map((c) => `${valueSql(null, c)} AS ${ident(c.name)}`), `NULL::DOUBLE AS ${ident(ORDER_COLUMN)}`];
    return { sql: `SELECT ${empty.join(', ')} WHERE FALSE`, schema };
  }
  const tuples = rows.map((row, i) => `(${[String(i), ...schema.map((c, k) => valueSql(row[k], c))].join(', ')})`);
  return {
    sql: `SELECT ${select.join(', ')} FROM (VALUES ${tuples.join(', ')}) AS ${ident(alias)}("__vf_i", ${names.join(', ')})`,
    schema,
  };
}
