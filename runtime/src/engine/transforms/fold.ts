/**
 * Vega `fold`: turns each row into one row per listed field, holding the field's name and
 * value; rows come out row by row, fields in the order given.
 */
import { TransformError } from '../../errors.js';
import { from, ident, literal, nullOf, withColumn } from '../sql.js';
import { ORDER_COLUMN, type TransformDefinition } from '../types.js';
import { convertSql, fieldRef, unifyTypes } from './js-values.js';

export const foldTransform: TransformDefinition = {
  type: 'fold',
  params: [
    { name: 'fields', type: 'fields', required: true },
    { name: 'as', type: 'strings' },
  ],
  compile(spec, input, ctx) {
    if (!Array.isArray(spec.fields)) {
      throw new TransformError('bad_transform', `Parameter "fields" of transform "fold" must be an array, not ${JSON.stringify(spec.fields)}`);
    }
    const as = (spec.as as unknown[] | undefined) ?? [];
    const k = String(as[0] ?? 'key');
    const v = String(as[1] ?? 'value');
    const fields = spec.fields.map((f) => fieldRef(f, input.schema));
    const valueType = unifyTypes(fields.map((f) => (f.column ? f.type : 'unknown')));
    const schema = withColumn(withColumn(input.schema, { name: k, type: 'string' }), { name: v, type: valueType });
    if (fields.length === 0) {
      return { sql: `SELECT ${[...schema.map((c) => `${nullOf(c.type)} AS ${ident(c.name)}`), `NULL::DOUBLE AS ${ident(ORDER_COLUMN)}`].join(', ')} WHERE FALSE`, schema };
    }
    const t = ctx.alias('fold');
    const i = ident('__vf_fold_i');
    const keySql = `CASE ${i} ${fields.map((f, n) => `WHEN ${n} THEN ${literal(f.name)}`).join(' ')} END`;
    const valueSql = `CASE ${i} ${fields.map((f, n) => `WHEN ${n} THEN ${convertSql(f.column ? f.sql : 'NULL', f.column ? f.type : 'unknown', valueType)}`).join(' ')} END`;
    const cols = schema.map((c) => {
      if (c.name === k) return `${keySql} AS ${ident(k)}`;
      if (c.name === v) return `${valueSql} AS ${ident(v)}`;
      return `${ident(t)}.${ident(c.name)}`;
    });
    const order = `CAST(ROW_NUMBER() OVER (ORDER BY ${ident(t)}.${ident(ORDER_COLUMN)}, ${i}) AS DOUBLE) AS ${ident(ORDER_COLUMN)}`;
    return {
      sql: `SELECT ${[...cols, order].join(', ')} FROM ${from(input, t)} CROSS JOIN range(${fields.length}) AS ${ident('__vf_fold')}(${i})`,
      schema,
    };
  },
};
