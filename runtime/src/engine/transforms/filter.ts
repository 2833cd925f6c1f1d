import { truthy } from '../expressions/index.js';
import { columnList, from } from '../sql.js';
import type { TransformDefinition } from '../types.js';

/** Vega `filter`: keeps the rows for which the expression is truthy, in order. */
export const filterTransform: TransformDefinition = {
  type: 'filter',
  params: [{ name: 'expr', type: 'expr', required: true }],
  compile(spec, input, ctx) {
    const t = ctx.alias('filter');
    const predicate = ctx.compileExpr(String(spec.expr), input.schema);
    return {
      sql: `SELECT ${columnList(input.schema)} FROM ${from(input, t)} WHERE ${truthy(predicate)}`,
      schema: input.schema,
    };
  },
};
