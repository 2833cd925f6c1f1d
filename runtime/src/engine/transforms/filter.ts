import { whereTruthy } from '../expressions/index.js';
import { columnList, from } from '../sql.js';
import type { TransformDefinition } from '../types.js';

/** Vega `filter`: keeps the rows for which the expression is truthy, in order. */
export const filterTransform: TransformDefinition = {
  type: 'filter',
  params: [{ name: 'expr', type: 'expr', required: true }],
  compile(spec, input, ctx) {
    const predicate = whereTruthy(ctx.compileExpr(String(spec.expr), input.schema));
    // Always true (an empty selection store's test): the rows pass unchanged, and the
    // relation stays the same SQL, which lets identical statements share one result.
    if (predicate === 'TRUE') return input;
    const t = ctx.alias('filter');
    return {
      sql: `SELECT ${columnList(input.schema)} FROM ${from(input, t)} WHERE ${predicate}`,
      schema: input.schema,
    };
  },
};
