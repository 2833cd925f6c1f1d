/**
 * Vega `lookup`: for each key field, finds the row of another dataset whose `key` equals
 * the field's value and copies `values` from it (or the whole row). Vega indexes the other
 * dataset by `String(key)`, the last row winning, so keys match by their string form.
 */
import { RuntimeError, TransformError } from '../../errors.js';
import { from, ident, literal, withColumn } from '../sql.js';
import { ORDER_COLUMN, type Column, type TransformDefinition, type ValueType } from '../types.js';
import { convertSql, fieldRef, literalAs, stringKeySql, typeOfJs, unifyTypes, type FieldRef } from './js-values.js';

export const lookupTransform: TransformDefinition = {
  type: 'lookup',
  params: [
    { name: 'from', type: 'string', required: true },
    { name: 'key', type: 'field', required: true },
    { name: 'fields', type: 'fields', required: true },
    { name: 'values', type: 'fields' },
    { name: 'as', type: 'strings' },
    { name: 'default', type: 'any' },
  ],
  compile(spec, input, ctx) {
    const source = ctx.dataRelation(String(spec.from));
    if (!source) throw new RuntimeError('unknown_dataset', `Lookup dataset "${String(spec.from)}" is not available`);
    if (!Array.isArray(spec.fields)) {
      throw new TransformError('bad_transform', `Parameter "fields" of transform "lookup" must be an array`);
    }
    const keys = spec.fields.map((f) => fieldRef(f, input.schema));
    const key = fieldRef(spec.key, source.schema);
    const values = Array.isArray(spec.values) ? spec.values.map((v) => fieldRef(v, source.schema)) : undefined;
    const n = keys.length;
    let as = Array.isArray(spec.as) ? spec.as.map(String) : undefined;
    const fallback = spec.default ?? null;
    if (values) {
      const m = values.length;
      if (n > 1 && !as) throw new TransformError('bad_transform', 'Multi-field lookup requires explicit "as" parameter.');
      if (as && as.length !== n * m) throw new TransformError('bad_transform', 'The "as" parameter has too few output field names.');
      as = as ?? values.map((v) => v.name);
    } else if (!as) {
      throw new TransformError('bad_transform', 'Missing output field names.');
    }

    const t = ctx.alias('lookup');
    const outputs: { name: string; sql: string; type: ValueType }[] = [];
    const joins: string[] = [];
    keys.forEach((k, i) => {
      const m = ctx.alias('lookup_idx');
      const [left, right] = matchKeys(k, key, `${ident(t)}.`);
      const picked = values
        ? values.map((v, j) => ({ sql: v.column ? ident(v.column.name) : 'NULL', type: (v.column ? v.type : 'unknown') as ValueType | 'unknown', j }))
        : [{ sql: rowObjectSql(source.schema), type: 'object' as const, j: 0 }];
      const cols = picked.map((p) => `${p.sql} AS ${ident(`v${p.j}`)}`).join(', ');
      joins.push(`LEFT JOIN (SELECT ${right} AS __k, TRUE AS __found, ${cols} FROM ${from(source, `${m}_src`)}`
        + ` QUALIFY ROW_NUMBER() OVER (PARTITION BY ${right} ORDER BY ${ident(ORDER_COLUMN)} DESC) = 1) AS ${ident(m)}`
        + ` ON ${left} IS NOT DISTINCT FROM ${ident(m)}.__k`);
      picked.forEach((p) => {
        const name = (as as string[])[values ? i * values.length + p.j : i];
        const type = unifyTypes([p.type, typeOfJs(fallback)], p.type === 'unknown' ? 'number' : p.type as ValueType);
        const found = convertSql(`${ident(m)}.${ident(`v${p.j}`)}`, p.type, type);
        outputs.push({ name, type, sql: `CASE WHEN ${ident(m)}.__found THEN ${found} ELSE ${literalAs(fallback, type)} END` });
      });
    });

    let schema: Column[] = input.schema;
    for (const o of outputs) schema = withColumn(schema, { name: o.name, type: o.type });
    const cols = schema.map((c) => {
      // A later key field writing the same name wins, as Vega's assignments do.
      const o = [...outputs].reverse().find((x) => x.name === c.name);
      return o ? `${o.sql} AS ${ident(c.name)}` : `${ident(t)}.${ident(c.name)}`;
    });
    return {
      sql: `SELECT ${[...cols, `${ident(t)}.${ident(ORDER_COLUMN)}`].join(', ')} FROM ${from(input, t)} ${joins.join(' ')}`,
      schema,
    };
  },
};

/** The whole row of the other dataset as a JSON object (Vega copies the object itself). */
function rowObjectSql(schema: Column[]): string {
  if (schema.length === 0) return "'{}'::JSON";
  return `json_object(${schema.map((c) => `${literal(c.name)}, ${ident(c.name)}`).join(', ')})`;
}

/** SQL for both sides of the key comparison, equal exactly when `String(a) === String(b)`. */
function matchKeys(field: FieldRef, key: FieldRef, prefix: string): [string, string] {
  // A field no row has reads as undefined, whose string form is "undefined".
  const side = (f: FieldRef, p: string) => (f.column ? jsStringSql(`${p}${ident(f.column.name)}`, f.type) : "'undefined'");
  if (field.column && key.column && field.type === key.type) {
    return [stringKeySql(`${prefix}${ident(field.column.name)}`, field.type, 'null'), stringKeySql(ident(key.column.name), key.type, 'null')];
  }
  return [side(field, prefix), side(key, '')];
}

/** `String(v)` in SQL (numbers: integers exactly, fractions in shortest form). */
export function jsStringSql(sql: string, type: ValueType): string {
  switch (type) {
    case 'number':
      return `(CASE WHEN ${sql} IS NULL THEN 'null' WHEN isnan(${sql}) THEN 'NaN'
        WHEN ${sql} = 'Infinity'::DOUBLE THEN 'Infinity' WHEN ${sql} = '-Infinity'::DOUBLE THEN '-Infinity'
        WHEN ${sql} = trunc(${sql}) AND abs(${sql}) < 1e21 THEN CAST(CAST(${sql} AS HUGEINT) AS VARCHAR)
        ELSE regexp_replace(CAST(${sql} AS VARCHAR), 'e([+-])0*', 'e\\1') END)`;
    case 'string': return `COALESCE(${sql}, 'null')`;
    case 'boolean': return `(CASE WHEN ${sql} IS NULL THEN 'null' WHEN ${sql} THEN 'true' ELSE 'false' END)`;
    case 'date': return `COALESCE(chr(1) || 'date:' || CAST(floor(epoch_ms(${sql}) / 1000) AS VARCHAR), 'null')`;
    default: return `COALESCE(CAST(${sql} AS VARCHAR), 'null')`;
  }
}
