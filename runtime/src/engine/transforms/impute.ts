/**
 * Vega `impute`: adds a row for every key value a group lacks, after all input rows,
 * groups in order of first appearance and keys in domain order (`keyvals` first, then
 * keys as they first appear). Vega matches keys by `String(k)` and groups by the string
 * of their value array, so both are keyed the same way here. The key domain is small
 * and read first; the rows are generated in SQL.
 */
import { from, ident, withColumn } from '../sql.js';
import { ORDER_COLUMN, type Column, type Relation, type TransformContext, type TransformDefinition, type TransformSpec, type ValueType } from '../types.js';
import {
  convertSql, fieldRef, literalAs, stringKeyOf, stringKeySql, toNumberSql, typeOfJs, unifyTypes, type FieldRef,
} from './js-values.js';

const METHODS = ['value', 'mean', 'median', 'max', 'min'];

export const imputeTransform: TransformDefinition = {
  type: 'impute',
  params: [
    { name: 'field', type: 'field', required: true },
    { name: 'key', type: 'field', required: true },
    { name: 'keyvals', type: 'array' },
    { name: 'groupby', type: 'fields' },
    { name: 'method', type: 'string', values: METHODS },
    { name: 'value', type: 'any' },
  ],
  async compile(spec, input, ctx) {
    const field = fieldRef(spec.field, input.schema);
    const key = fieldRef(spec.key, input.schema);
    const groupby = dedupe(((spec.groupby as unknown[] | undefined) ?? []).map((g) => fieldRef(g, input.schema)));
    const method = (spec.method as string | undefined) ?? 'value';
    const domain = await keyDomain(spec, key, input, ctx);
    return imputeRelation({ field, key, groupby, method, value: spec.value === undefined ? 0 : spec.value, domain }, input, ctx);
  },
};

interface KeyDomain {
  /** Output key values, in domain order (index + 1 is the key number). */
  values: unknown[];
  /** Distinct raw key values of the data and their key numbers. */
  raw: [unknown, number][];
}

interface ImputePlan {
  field: FieldRef;
  key: FieldRef;
  groupby: FieldRef[];
  method: string;
  value: unknown;
  domain: KeyDomain;
}

function dedupe(fields: FieldRef[]): FieldRef[] {
  return fields.filter((f, i) => fields.findIndex((g) => g.name === f.name) === i);
}

/** Vega's partition(): the key domain from keyvals and the data's keys by first appearance. */
async function keyDomain(spec: TransformSpec, key: FieldRef, input: Relation, ctx: TransformContext): Promise<KeyDomain> {
  const keyvals = Array.isArray(spec.keyvals) ? spec.keyvals : [];
  const values = keyvals.slice();
  const index = new Map<string, number>();
  keyvals.forEach((k, i) => index.set(stringKeyOf(k), i + 1));
  const raw: [unknown, number][] = [];
  const rows = await ctx.queryRows(
    `SELECT ${key.sql} AS k, MIN(${ident(ORDER_COLUMN)}) AS o FROM ${from(input, ctx.alias('impute_keys'))} GROUP BY 1 ORDER BY 2`,
  );
  for (const row of rows) {
    const k = row.k ?? null;
    // A field no row has is undefined, whose string differs from null's.
    const s = key.column ? stringKeyOf(k) : 'undefined';
    let j = index.get(s);
    if (j === undefined) {
      j = values.push(k);
      index.set(s, j);
    }
    raw.push([k, j]);
  }
  return { values, raw };
}

function valuesTable(rows: string[][], names: string[], types: string[]): string {
  if (rows.length === 0) return `(SELECT ${names.map((n, i) => `NULL::${types[i]} AS ${n}`).join(', ')} WHERE FALSE)`;
  return `(SELECT * FROM (VALUES ${rows.map((r) => `(${r.join(', ')})`).join(', ')}) AS v(${names.join(', ')}))`;
}

function imputeRelation(plan: ImputePlan, input: Relation, ctx: TransformContext): Relation {
  const { field, key, groupby, method, domain } = plan;
  const q = (n: string) => ident(`__vf_im_${n}`);
  const keyType = unifyTypes([key.column ? key.type : 'unknown', ...domain.values.map(typeOfJs)], key.column ? key.type : 'number');
  const imputedType: ValueType | 'unknown' = method === 'value' ? typeOfJs(plan.value)
    : method === 'mean' || method === 'median' ? 'number' : field.column ? field.type : 'unknown';
  const fieldType = unifyTypes([field.column ? field.type : 'unknown', imputedType], field.column ? field.type : 'number');
  const sqlKeyType = key.column ? key.type : 'number';

  const keyMap = valuesTable(domain.raw.map(([v, j]) => [literalAs(v, sqlKeyType), String(j)]), ['raw', 'j'], [sqlTypeOf(sqlKeyType), 'BIGINT']);
  const dom = valuesTable(domain.values.map((v, i) => [String(i + 1), literalAs(v, keyType)]), ['j', 'kval'], ['BIGINT', sqlTypeOf(keyType)]);
  const gk = groupby.map((g, i) => `${g.column ? stringKeySql(g.sql, g.type, '') : "''"} AS ${q(`gk${i}`)}`);
  const gkCols = groupby.map((_, i) => q(`gk${i}`));
  const sameGroup = (a: string, b: string) => (gkCols.length === 0 ? 'TRUE' : gkCols.map((c) => `${a}.${c} IS NOT DISTINCT FROM ${b}.${c}`).join(' AND '));
  const groupKey = gkCols.length > 0 ? gkCols.join(', ') : 'NULL';

  const t = ctx.alias('impute');
  const base = `SELECT s.*, km.j AS ${q('j')}${gk.length ? `, ${gk.join(', ')}` : ''} FROM ${from(input, 's')}`
    + ` LEFT JOIN ${keyMap} AS km ON ${key.column ? `s.${ident(key.column.name)}` : 'NULL'} IS NOT DISTINCT FROM km.raw`;
  const groups = `SELECT ${gkCols.length ? `${gkCols.join(', ')}, ` : ''}MIN(${ident(ORDER_COLUMN)}) AS ${q('go')}`
    + groupby.map((g, i) => `, first(${g.column ? ident(g.column.name) : 'NULL'} ORDER BY ${ident(ORDER_COLUMN)}) AS ${q(`gv${i}`)}`).join('')
    + ` FROM rows GROUP BY ${groupKey}`;
  const present = `SELECT DISTINCT ${gkCols.length ? `${gkCols.join(', ')}, ` : ''}${q('j')} FROM rows`;
  const missing = `SELECT g.*, d.j AS ${q('mj')}, d.kval AS ${q('kval')} FROM groups AS g CROSS JOIN ${dom} AS d`
    + ` WHERE NOT EXISTS (SELECT 1 FROM present AS p WHERE ${sameGroup('p', 'g')} AND p.${q('j')} = d.j)`;
  const imputed = imputedValueSql(plan, fieldType);

  let schema: Column[] = input.schema;
  schema = withColumn(schema, { name: '_impute', type: 'boolean' });
  groupby.forEach((g) => { schema = withColumn(schema, { name: g.name, type: g.column ? g.type : 'number' }); });
  schema = withColumn(schema, { name: key.name, type: keyType });
  schema = withColumn(schema, { name: field.name, type: fieldType });

  const original = schema.map((c) => {
    const src = input.schema.find((x) => x.name === c.name);
    if (!src) return `${literalAs(null, c.type)} AS ${ident(c.name)}`;
    return `${convertSql(ident(c.name), src.type, c.type)} AS ${ident(c.name)}`;
  });
  const added = schema.map((c) => {
    if (c.name === field.name) return `${imputed.sql} AS ${ident(c.name)}`;
    if (c.name === key.name) return `m.${q('kval')} AS ${ident(c.name)}`;
    if (c.name === '_impute') return `TRUE AS ${ident(c.name)}`;
    const gi = groupby.findIndex((g) => g.name === c.name);
    if (gi >= 0) return `${convertSql(`m.${q(`gv${gi}`)}`, groupby[gi].column ? groupby[gi].type : 'unknown', c.type)} AS ${ident(c.name)}`;
    return `${literalAs(null, c.type)} AS ${ident(c.name)}`;
  });
  const order = `(SELECT COALESCE(MAX(${ident(ORDER_COLUMN)}), 0) FROM rows) + ROW_NUMBER() OVER (ORDER BY m.${q('go')}, m.${q('mj')})`;
  const sql = `WITH rows AS (${base}), groups AS (${groups}), present AS (${present}), missing AS (${missing})`
    + `${imputed.cte ? `, ${imputed.cte}` : ''}`
    + ` SELECT ${[...original, ident(ORDER_COLUMN)].join(', ')} FROM rows`
    + ` UNION ALL SELECT ${[...added, `${order} AS ${ident(ORDER_COLUMN)}`].join(', ')} FROM missing AS m${imputed.join}`;
  return { sql: `SELECT * FROM (${sql}) AS ${ident(t)}`, schema };
}

function sqlTypeOf(type: ValueType): string {
  return literalAs(null, type).replace(/^NULL::/, '');
}

/**
 * The imputed field value per group. Statistics use the group's last row per key (Vega
 * keeps one row per key slot) and skip null and NaN, as d3's mean/median/min/max do.
 */
function imputedValueSql(plan: ImputePlan, fieldType: ValueType): { sql: string; cte?: string; join: string } {
  const { field, method } = plan;
  if (method === 'value') return { sql: literalAs(plan.value, fieldType), join: '' };
  if (!field.column) return { sql: literalAs(null, fieldType), join: '' };
  const gkCols = plan.groupby.map((_, i) => ident(`__vf_im_gk${i}`));
  const num = toNumberSql(ident(field.column.name), field.type);
  const valid = field.type === 'number' ? `${num} IS NOT NULL AND NOT isnan(${num})`
    : `${ident(field.column.name)} IS NOT NULL AND NOT isnan(${num})`;
  const agg = method === 'mean' ? `avg(${num})`
    : method === 'median' ? `quantile_cont(${num}, 0.5)`
      : `${method}(${ident(field.column.name)})`;
  const valueType: ValueType | 'unknown' = method === 'mean' || method === 'median' ? 'number' : field.type;
  const last = `SELECT * FROM rows QUALIFY ROW_NUMBER() OVER (PARTITION BY ${[...gkCols, ident('__vf_im_j')].join(', ')} ORDER BY ${ident(ORDER_COLUMN)} DESC) = 1`;
  const cte = `stats AS (SELECT ${gkCols.length ? `${gkCols.join(', ')}, ` : ''}${agg} AS v FROM (${last}) WHERE ${valid}${gkCols.length ? ` GROUP BY ${gkCols.join(', ')}` : ''})`;
  const on = gkCols.length === 0 ? 'TRUE' : gkCols.map((c) => `st.${c} IS NOT DISTINCT FROM m.${c}`).join(' AND ');
  return { sql: convertSql('st.v', valueType, fieldType), cte, join: ` LEFT JOIN stats AS st ON ${on}` };
}
