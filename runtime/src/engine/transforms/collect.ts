import { from, ident } from '../sql.js';
import { ORDER_COLUMN, type TransformDefinition } from '../types.js';
import { orderTerms, parseCompare } from './compare.js';
import { ORDER_SQL } from './field-sql.js';

/**
 * Vega `collect`: with `sort`, a stable sort (ties keep the incoming order); without it the
 * rows pass through unchanged.
 */
export const collectTransform: TransformDefinition = {
  type: 'collect',
  params: [{ name: 'sort', type: 'compare' }],
  compile(spec, input, ctx) {
    const keys = parseCompare(spec.sort, input.schema);
    if (keys.length === 0) return input;
    const t = ctx.alias('collect');
    const cols = input.schema.map((c) => ident(c.name));
    const order = [...orderTerms(keys), ORDER_SQL].join(', ');
    return {
      sql: `SELECT ${[...cols, `CAST(row_number() OVER (ORDER BY ${order}) - 1 AS DOUBLE) AS ${ident(ORDER_COLUMN)}`].join(', ')} FROM ${from(input, t)}`,
      schema: input.schema,
    };
  },
};
