import { from, ident, withColumn } from '../sql.js';
import { ORDER_COLUMN, type TransformDefinition } from '../types.js';

/** Vega `formula`: sets field `as` of every row to the expression's value. */
export const formulaTransform: TransformDefinition = {
  type: 'formula',
  params: [
    { name: 'expr', type: 'expr', required: true },
    { name: 'as', type: 'string', required: true },
    { name: 'initonly', type: 'boolean' },
  ],
  compile(spec, input, ctx) {
    const as = String(spec.as);
    const value = ctx.compileExpr(String(spec.expr), input.schema);
    const type = value.type === 'unknown' ? 'number' : value.type;
    const schema = withColumn(input.schema, value.distinct === undefined ? { name: as, type } : { name: as, type, distinct: value.distinct });
    const t = ctx.alias('formula');
    // Replace the column in place when it exists so field order matches Vega's objects.
    const cols = [...schema.map((c) => (c.name === as ? `${castTo(value.sql, value.type, type)} AS ${ident(as)}` : ident(c.name))), ident(ORDER_COLUMN)];
    return { sql: `SELECT ${cols.join(', ')} FROM ${from(input, t)}`, schema };
  },
};

function castTo(sql: string, from: string, to: string): string {
  return from === 'unknown' && to === 'number' ? `CAST(${sql} AS DOUBLE)` : sql;
}
