/**
 * Vega `stack`: stacks a numeric field within groups (zero, center or normalize offset)
 * and writes each row's start and end. Rows keep their order; the order inside a stack is
 * the `sort` comparator, ties (and no sort) in row order.
 */
import { TransformError } from '../../errors.js';
import { from, ident, withColumn } from '../sql.js';
import { ORDER_COLUMN, type TransformDefinition } from '../types.js';
import { fieldRef, jsonKeySql, toNumberSql, vegaOrderTerms } from './js-values.js';

const H = '__vf_st_';

export const stackTransform: TransformDefinition = {
  type: 'stack',
  params: [
    { name: 'field', type: 'field' },
    { name: 'groupby', type: 'fields' },
    { name: 'sort', type: 'compare' },
    { name: 'offset', type: 'string', values: ['zero', 'center', 'normalize'] },
    { name: 'as', type: 'strings' },
  ],
  compile(spec, input, ctx) {
    const as = (spec.as as unknown[] | undefined) ?? [];
    const y0 = String(as[0] ?? 'y0');
    const y1 = String(as[1] ?? 'y1');
    const offset = (spec.offset as string | undefined) ?? 'zero';

    // +field(t): null is 0, a field no row has is undefined (NaN); no field stacks ones.
    let value = '1.0';
    if (spec.field !== undefined && spec.field !== null) {
      const f = fieldRef(spec.field, input.schema);
      value = f.column ? `COALESCE(${toNumberSql(f.sql, f.type)}, 0.0)` : "'NaN'::DOUBLE";
    }
    // Stacks are keyed by JSON.stringify of the groupby values.
    const groupby = ((spec.groupby as unknown[] | undefined) ?? []).map((g) => fieldRef(g, input.schema));
    const partition = groupby.length > 0
      ? `PARTITION BY ${groupby.map((g) => (g.column ? jsonKeySql(g.sql, g.type) : 'NULL')).join(', ')}`
      : '';
    const order = [...sortTerms(spec.sort, input.schema), ident(ORDER_COLUMN)].join(', ');
    const w = (frame: string) => `OVER (${partition} ORDER BY ${order} ROWS BETWEEN UNBOUNDED PRECEDING AND ${frame})`;
    const whole = `OVER (${partition})`;
    const v = ident(`${H}v`);
    const q = (n: string) => ident(`${H}${n}`);

    const t = ctx.alias('stack');
    let sql = `SELECT *, ${value} AS ${v} FROM ${from(input, t)}`;
    const add = (items: string[]) => {
      sql = `SELECT *, ${items.join(', ')} FROM (${sql}) AS ${ident(ctx.alias('stack'))}`;
    };
    let start: string;
    let end: string;
    if (offset === 'zero') {
      // Negative values stack downward from 0, the rest (NaN too: NaN < 0 is false) upward.
      const neg = `${v} < 0`;
      add([
        `SUM(CASE WHEN ${neg} THEN 0.0 ELSE ${v} END) ${w('1 PRECEDING')} AS ${q('pos0')}`,
        `SUM(CASE WHEN ${neg} THEN ${v} ELSE 0.0 END) ${w('1 PRECEDING')} AS ${q('neg0')}`,
      ]);
      start = `CASE WHEN ${neg} THEN COALESCE(${q('neg0')}, 0.0) ELSE COALESCE(${q('pos0')}, 0.0) END`;
      end = `CASE WHEN ${neg} THEN COALESCE(${q('neg0')}, 0.0) + ${v} ELSE COALESCE(${q('pos0')}, 0.0) + ${v} END`;
    } else {
      add([
        `SUM(abs(${v})) ${whole} AS ${q('sum')}`,
        `COALESCE(SUM(abs(${v})) ${w('1 PRECEDING')}, 0.0) AS ${q('cum0')}`,
        `SUM(abs(${v})) ${w('CURRENT ROW')} AS ${q('cum1')}`,
      ]);
      if (offset === 'center') {
        // The widest stack sets the baseline; NaN sums never compare greater.
        add([`GREATEST(0.0, COALESCE(MAX(CASE WHEN isnan(${q('sum')}) THEN NULL ELSE ${q('sum')} END) OVER (), 0.0)) AS ${q('max')}`]);
        const base = `((${q('max')} - ${q('sum')}) / 2)`;
        start = `(${base} + ${q('cum0')})`;
        end = `(${base} + ${q('cum1')})`;
      } else {
        const scale = `(CASE WHEN ${q('sum')} = 0 THEN 'Infinity'::DOUBLE ELSE 1.0 / ${q('sum')} END)`;
        start = `CASE WHEN ${firstRow(partition, order)} THEN 0.0 ELSE ${scale} * ${q('cum0')} END`;
        end = `${scale} * ${q('cum1')}`;
      }
    }
    add([`${start} AS ${q('y0')}`, `${end} AS ${q('y1')}`]);

    const schema = withColumn(withColumn(input.schema, { name: y0, type: 'number' }), { name: y1, type: 'number' });
    const cols = schema.map((c) => (c.name === y0 ? `${q('y0')} AS ${ident(y0)}` : c.name === y1 ? `${q('y1')} AS ${ident(y1)}` : ident(c.name)));
    return { sql: `SELECT ${[...cols, ident(ORDER_COLUMN)].join(', ')} FROM (${sql}) AS ${ident(ctx.alias('stack'))}`, schema };
  },
};

/** TRUE for the first row of its stack (normalize starts it at 0, not scale * 0). */
function firstRow(partition: string, order: string): string {
  return `(ROW_NUMBER() OVER (${partition} ORDER BY ${order}) = 1)`;
}

/** ORDER BY terms for a Vega `compare` ({field, order}); an empty compare sorts nothing. */
function sortTerms(sort: unknown, schema: Parameters<typeof fieldRef>[1]): string[] {
  if (sort === undefined || sort === null) return [];
  if (typeof sort !== 'object' || Array.isArray(sort)) {
    throw new TransformError('bad_transform', `Parameter "sort" of transform "stack" must be {field, order}, not ${JSON.stringify(sort)}`);
  }
  const s = sort as { field?: unknown; order?: unknown };
  const fields = s.field === undefined || s.field === null ? [] : Array.isArray(s.field) ? s.field : [s.field];
  const orders = s.order === undefined || s.order === null ? [] : Array.isArray(s.order) ? s.order : [s.order];
  const terms: string[] = [];
  fields.forEach((f: unknown, i: number) => {
    if (f === null || f === undefined) return;
    const ref = fieldRef(f, schema);
    if (!ref.column) return; // every row compares equal on a field none has
    terms.push(...vegaOrderTerms(ref.sql, ref.type, orders[i] === 'descending'));
  });
  return terms;
}
