import { TransformError } from '../../errors.js';
import { ident, withColumn } from '../sql.js';
import type { Column, TransformDefinition } from '../types.js';
import { ROW_OBJECT_OPS, measureSql, measureType, planMeasures } from './aggregate-ops.js';
import { AGGREGATE_PARAMS, planDimensions } from './aggregate.js';
import { ORDER_SQL, rowJsonSql } from './field-sql.js';

/**
 * Vega `joinaggregate`: every row gets its group's aggregate values (and its group's
 * groupby values, which differ from its own only for aliases and dates within a second).
 * Rows keep their order. The groups are aggregated once and joined back to their rows,
 * so ops that fold values in order (sum, mean...) see each group as one ordered list.
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
    const row = rowJsonSql(input.schema);
    const entries: { col: Column; sql: string }[] = [];
    for (const d of dims) {
      if (!d.firstValue && d.ref.column?.name === d.ref.name) continue;
      entries.push({ col: { name: d.ref.name, type: d.ref.type }, sql: `arg_min(${d.ref.sql}, ${ORDER_SQL})` });
    }
    for (const m of measures) {
      entries.push({ col: { name: m.name, type: measureType(m) }, sql: measureSql(m, { row, wrap: (c) => c, grouped: true }) });
    }
    // Group outputs get internal names so that the key expressions in ON read the rows.
    let schema = input.schema;
    const valueOf = new Map<string, string>();
    const groupCols: string[] = keys.map((k, i) => `${k} AS "__vf_key_${i}"`);
    entries.forEach((e, i) => {
      schema = withColumn(schema, e.col);
      groupCols.push(`${e.sql} AS "__vf_value_${i}"`);
      valueOf.set(e.col.name, `${ident(GROUPS)}."__vf_value_${i}"`);
    });
    const t = ctx.alias('joinaggregate');
    const on = keys.length > 0
      ? keys.map((k, i) => `${k} IS NOT DISTINCT FROM ${ident(GROUPS)}."__vf_key_${i}"`).join(' AND ')
      : 'TRUE';
    const groupBy = keys.length > 0 ? ` GROUP BY ${keys.join(', ')}` : '';
    const cols = schema.map((c) => (valueOf.has(c.name) ? `${valueOf.get(c.name)} AS ${ident(c.name)}` : `${ident(t)}.${ident(c.name)}`));
    const sql = `WITH ${ident(t)} AS (${input.sql})`
      + ` SELECT ${[...cols, `${ident(t)}.${ORDER_SQL}`].join(', ')} FROM ${ident(t)}`
      + ` LEFT JOIN (SELECT ${groupCols.join(', ')} FROM ${ident(t)}${groupBy}) AS ${ident(GROUPS)} ON ${on}`;
    return { sql, schema };
  },
};

const GROUPS = '__vf_groups';
