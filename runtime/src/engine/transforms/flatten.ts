/**
 * Vega `flatten`: one row per array element, several array fields side by side (shorter
 * arrays give null). Arrays are JSON values; a string flattens into its characters. Vega
 * reads `.length` of each value: a number or object has none (the row yields nothing)
 * and null throws, which the query reproduces as an error.
 */
import { TransformError } from '../../errors.js';
import { from, ident, literal, withColumn } from '../sql.js';
import { ORDER_COLUMN, type Column, type Relation, type TransformContext, type TransformDefinition, type ValueType } from '../types.js';
import { fieldRef, type FieldRef } from './js-values.js';

export const flattenTransform: TransformDefinition = {
  type: 'flatten',
  params: [
    { name: 'fields', type: 'fields', required: true },
    { name: 'index', type: 'string' },
    { name: 'as', type: 'strings' },
  ],
  async compile(spec, input, ctx) {
    if (!Array.isArray(spec.fields)) {
      throw new TransformError('bad_transform', 'Parameter "fields" of transform "flatten" must be an array');
    }
    const fields = spec.fields.map((f) => fieldRef(f, input.schema));
    const asParam = (spec.as as unknown[] | undefined) ?? [];
    const as = fields.map((f, i) => (asParam[i] ? String(asParam[i]) : f.name));
    const index = typeof spec.index === 'string' && spec.index ? spec.index : null;
    const t = ctx.alias('flatten');
    const i = ident('__vf_flat_i');
    const types = await Promise.all(fields.map((f) => elementType(f, input, ctx)));

    const lengths = fields.map((f) => lengthSql(f));
    const maxlen = lengths.length === 0 ? '0'
      : `CASE WHEN ${lengths.map((l) => `(${l}) IS NULL`).join(' OR ')} THEN 0 ELSE GREATEST(${lengths.join(', ')}) END`;
    const elements = fields.map((f, n) => elementSql(f, types[n], i));

    let schema: Column[] = input.schema;
    // Elements of exact JSON are exact JSON.
    as.forEach((name, n) => {
      const exact = types[n] === 'object' && fields[n].column?.exactJson === true;
      schema = withColumn(schema, exact ? { name, type: types[n], exactJson: true } : { name, type: types[n] });
    });
    if (index) schema = withColumn(schema, { name: index, type: 'number' });
    const cols = schema.map((c) => {
      const n = as.lastIndexOf(c.name);
      if (c.name === index) return `CAST(${i} AS DOUBLE) AS ${ident(c.name)}`;
      if (n >= 0) return `${elements[n]} AS ${ident(c.name)}`;
      return `${ident(t)}.${ident(c.name)}`;
    });
    const order = `CAST(ROW_NUMBER() OVER (ORDER BY ${ident(t)}.${ident(ORDER_COLUMN)}, ${i}) AS DOUBLE) AS ${ident(ORDER_COLUMN)}`;
    return {
      sql: `SELECT ${[...cols, order].join(', ')} FROM ${from(input, t)}, LATERAL (SELECT range AS ${i} FROM range(${maxlen})) AS ${ident(`${t}_i`)}`,
      schema,
    };
  },
};

/** `value.length` (NULL where Vega gets undefined); null values raise Vega's TypeError. */
function lengthSql(f: FieldRef): string {
  // The message depends on the row so the optimizer cannot raise it for an empty input.
  const fail = `error(${literal(`Cannot read properties of null (reading 'length') in flatten field "${f.name}"`)} || left(CAST(${ident(ORDER_COLUMN)} AS VARCHAR), 0))`;
  if (!f.column) return `CAST(${fail} AS BIGINT)`;
  const c = f.sql;
  const guard = (len: string) => `CASE WHEN ${c} IS NULL THEN CAST(${fail} AS BIGINT) ELSE ${len} END`;
  if (f.type === 'string') return guard(`length(${c})`);
  if (f.type !== 'object') return guard('NULL');
  return guard(`CASE json_type(${c}) WHEN 'ARRAY' THEN CAST(json_array_length(${c}) AS BIGINT)
    WHEN 'VARCHAR' THEN length(${c} ->> '$') WHEN 'NULL' THEN CAST(${fail} AS BIGINT) ELSE NULL END`);
}

/** Element i of the value, as a column of `type`. */
function elementSql(f: FieldRef, type: ValueType, i: string): string {
  if (!f.column) return 'NULL';
  const c = f.sql;
  if (f.type === 'string') return `substring(${c}, ${i} + 1, 1)`;
  if (f.type !== 'object') return 'NULL';
  const e = `(CASE WHEN json_type(${c}) = 'VARCHAR' THEN to_json(substring(${c} ->> '$', ${i} + 1, 1)) ELSE ${c} -> CAST(${i} AS BIGINT) END)`;
  const nonNull = `CASE WHEN ${e} IS NULL OR json_type(${e}) = 'NULL' THEN NULL ELSE`;
  switch (type) {
    case 'number': return `${nonNull} CAST(${e} AS DOUBLE) END`;
    case 'string': return `${nonNull} ${e} ->> '$' END`;
    case 'boolean': return `${nonNull} CAST(${e} AS BOOLEAN) END`;
    default: return `${nonNull} ${e} END`;
  }
}

/** The type of the elements, from the JSON types present in the data (mixed: JSON). */
async function elementType(f: FieldRef, input: Relation, ctx: TransformContext): Promise<ValueType> {
  if (!f.column) return 'number';
  if (f.type === 'string') return 'string';
  if (f.type !== 'object') return 'number';
  const t = ctx.alias('flatten_types');
  const rows = await ctx.queryRows(`SELECT DISTINCT CASE WHEN json_type(${f.sql}) = 'VARCHAR' THEN 'VARCHAR' ELSE json_type(j.value) END AS t
    FROM ${from(input, t)}, LATERAL (SELECT * FROM json_each(CASE WHEN json_type(${ident(t)}.${ident(f.column.name)}) IN ('ARRAY', 'VARCHAR') THEN ${ident(t)}.${ident(f.column.name)} END)) AS j`);
  const kinds = new Set(rows.map((r) => String(r.t)).filter((k) => k !== 'NULL'));
  const of = (k: string): ValueType => (k === 'BIGINT' || k === 'UBIGINT' || k === 'DOUBLE' ? 'number'
    : k === 'VARCHAR' ? 'string' : k === 'BOOLEAN' ? 'boolean' : 'object');
  const mapped = new Set([...kinds].map(of));
  if (mapped.size === 0) return 'number';
  return mapped.size === 1 ? [...mapped][0] : 'object';
}
