import { TransformError } from '../../errors.js';
import { from, ident, withColumn } from '../sql.js';
import { ORDER_COLUMN, type Column, type TransformDefinition } from '../types.js';
import { ROW_OBJECT_OPS, measureSql, measureType, planMeasures } from './aggregate-ops.js';
import { AGGREGATE_PARAMS, planDimensions } from './aggregate.js';
import { ORDER_SQL, rowJsonSql } from './field-sql.js';

/**
 * Vega `joinaggregate`: every row gets its group's aggregate values (and its group's
 * groupby values, which differ from its own only for aliases and dates within a second).
 * Rows keep their order.
 */
export const joinaggregateTransform: TransformDefinition = {
  type: 'joinaggregate',
  params: [...AGGREGATE_PARAMS],
  compile(spec, input, ctx) {
    const { dims, keys } = planDimensions(spec, input);
    const measures = planMeasures(spec, input.schema, 'joinaggregate');
    const shared = measures.find((m) => ROW_OBJECT_OPS.includes(m.op));
    if (shared) {
      // Vega writes the group's row objects into those same rows, making cyclic values.
      throw new TransformError('unsupported_transform', `Aggregate op "${shared.op}" is not supported in joinaggregate`);
    }
    const over = `OVER (${keys.length > 0 ? `PARTITION BY ${keys.join(', ')}` : ''})`;
    const row = rowJsonSql(input.schema);
    const entries: { col: Column; sql: string }[] = [];
    for (const d of dims) {
      if (!d.firstValue && d.ref.column?.name === d.ref.name) continue;
      entries.push({ col: { name: d.ref.name, type: d.ref.type }, sql: `arg_min(${d.ref.sql}, ${ORDER_SQL}) ${over}` });
    }
    for (const m of measures) {
      entries.push({ col: { name: m.name, type: measureType(m) }, sql: measureSql(m, { row, wrap: (c) => `${c} ${over}` }) });
    }
    let schema = input.schema;
    const sqlOf = new Map<string, string>();
    for (const e of entries) {
      schema = withColumn(schema, e.col);
      sqlOf.set(e.col.name, e.sql);
    }
    const cols = schema.map((c) => (sqlOf.has(c.name) ? `${sqlOf.get(c.name)} AS ${ident(c.name)}` : ident(c.name)));
    const t = ctx.alias('joinaggregate');
    return { sql: `SELECT ${[...cols, ident(ORDER_COLUMN)].join(', ')} FROM ${from(input, t)}`, schema };
  },
};
