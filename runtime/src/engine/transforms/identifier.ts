/**
 * Vega `identifier`: numbers rows 1, 2, 3... in row order, keeping a truthy value the field
 * already holds (Vega assigns `t[as] || ++id`, so such rows do not use up a number).
 */
import { from, ident, withColumn } from '../sql.js';
import { ORDER_COLUMN, type TransformDefinition, type ValueType } from '../types.js';
import { convertSql } from './js-values.js';

export const identifierTransform: TransformDefinition = {
  type: 'identifier',
  params: [{ name: 'as', type: 'string', required: true }],
  compile(spec, input, ctx) {
    const as = String(spec.as);
    const t = ctx.alias('identifier');
    const existing = input.schema.find((c) => c.name === as);
    const counter = (falsy: string) =>
      `SUM(CASE WHEN ${falsy} THEN 1 ELSE 0 END) OVER (ORDER BY ${ident(ORDER_COLUMN)} ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)`;
    let value: string;
    let type: ValueType = 'number';
    if (!existing) {
      value = `CAST(ROW_NUMBER() OVER (ORDER BY ${ident(ORDER_COLUMN)}) AS DOUBLE)`;
    } else {
      const c = ident(as);
      const falsy = falsySql(c, existing.type);
      type = existing.type === 'number' ? 'number' : 'object';
      const id = convertSql(`CAST(${counter(falsy)} AS DOUBLE)`, 'number', type);
      value = `CASE WHEN ${falsy} THEN ${id} ELSE ${convertSql(c, existing.type, type)} END`;
    }
    const schema = withColumn(input.schema, { name: as, type });
    const cols = schema.map((c) => (c.name === as ? `${value} AS ${ident(as)}` : ident(c.name)));
    return { sql: `SELECT ${[...cols, ident(ORDER_COLUMN)].join(', ')} FROM ${from(input, t)}`, schema };
  },
};

/** TRUE when the value is falsy in JavaScript (null, 0, NaN, '', false). */
function falsySql(c: string, type: ValueType): string {
  switch (type) {
    case 'number': return `(${c} IS NULL OR ${c} = 0 OR isnan(${c}))`;
    case 'string': return `(${c} IS NULL OR ${c} = '')`;
    case 'boolean': return `(${c} IS NULL OR NOT ${c})`;
    case 'date': return `(${c} IS NULL)`;
    default: return `(${c} IS NULL OR json_type(${c}) = 'NULL' OR CAST(${c} AS VARCHAR) IN ('0', 'false', '""', '-0', '0.0'))`;
  }
}
