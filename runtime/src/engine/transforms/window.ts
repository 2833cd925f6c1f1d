import { TransformError } from '../../errors.js';
import { from, ident, stringLiteral, withColumn } from '../sql.js';
import { ORDER_COLUMN, type Column, type TransformDefinition } from '../types.js';
import {
  ROW_OBJECT_OPS, isAggregateOp, measureSql, measureType, planMeasures, type Measure,
} from './aggregate-ops.js';
import { orderTerms, parseCompare } from './compare.js';
import {
  ORDER_SQL, groupKeySql, resolveFieldRef, resolveFieldRefs, rowJsonSql, toNumberSql, validSql,
} from './field-sql.js';
import { FOLD_WINDOW_FUNCTION } from './fold-functions.js';
import { isFoldOp } from './vega-folds.js';
import {
  I, I0, I1, N, PEER_END, isWindowOnlyOp, windowOpSql, windowOpType, type WindowOnlyOp,
} from './window-ops.js';

function frameOffset(v: unknown): number | null {
  if (v === null || v === undefined) return null;
  if (typeof v !== 'number' || !Number.isInteger(v)) {
    throw new TransformError('bad_transform', `Window frame offsets must be integers or null, not ${JSON.stringify(v)}`);
  }
  return v;
}

function clampSql(sql: string): string {
  return `least(greatest(${sql}, 0), ${N})`;
}

/** A column of the row `offset` rows away in the sorted partition (0: this row). */
function shifted(col: string, offset: number, rows: string): string {
  if (offset === 0) return col;
  return offset > 0 ? `lead(${col}, ${offset}) OVER (${rows})` : `lag(${col}, ${-offset}) OVER (${rows})`;
}

/**
 * Vega `window`: rows keep their order and gain the op values computed over their
 * partition, sorted by `sort` with ties in row order. The frame [f0, f1] counts rows; with
 * a sort and without `ignorePeers`, each end then widens to take in the peers (equal sort
 * values) of its boundary row, exactly as vega-transforms adjusts it.
 */
export const windowTransform: TransformDefinition = {
  type: 'window',
  params: [
    { name: 'sort', type: 'compare' },
    { name: 'groupby', type: 'fields' },
    { name: 'ops', type: 'strings' },
    { name: 'params', type: 'array' },
    { name: 'fields', type: 'fields' },
    { name: 'as', type: 'strings' },
    { name: 'frame', type: 'array' },
    { name: 'ignorePeers', type: 'boolean' },
  ],
  compile(spec, input, ctx) {
    const schema0 = input.schema;
    const ops = (spec.ops as unknown[] | undefined) ?? [];
    const fields = (spec.fields as unknown[] | undefined) ?? [];
    const params = (spec.params as unknown[] | undefined) ?? [];
    const as = (spec.as as unknown[] | undefined) ?? [];
    const frame = (spec.frame as unknown[] | undefined | null) ?? [null, 0];
    if (!Array.isArray(ops) || !Array.isArray(fields) || !Array.isArray(params) || !Array.isArray(as) || !Array.isArray(frame)) {
      throw new TransformError('bad_transform', 'Parameters "ops", "fields", "params", "as" and "frame" of window must be arrays');
    }
    const [f0, f1] = [frameOffset(frame[0]), frameOffset(frame[1])];
    const keys = resolveFieldRefs(spec.groupby, schema0).map((r) => groupKeySql(r.sql, r.type));
    const sortKeys = parseCompare(spec.sort, schema0);
    const sorted = sortKeys.length > 0;
    const range = sorted && spec.ignorePeers !== true;
    const partition = keys.length > 0 ? `PARTITION BY ${keys.join(', ')}` : '';
    const rows = `${partition} ORDER BY ${[...orderTerms(sortKeys), ORDER_SQL].join(', ')}`;
    const peers = sorted ? `${partition} ORDER BY ${orderTerms(sortKeys).join(', ')}` : partition;

    // Aggregate ops share Vega's measure planning; window-only ops are written per op.
    const aggIdx: number[] = [];
    const windowOps: { op: WindowOnlyOp; i: number }[] = [];
    ops.forEach((op, i) => {
      if (isWindowOnlyOp(op)) windowOps.push({ op, i });
      else if (isAggregateOp(op)) {
        if (ROW_OBJECT_OPS.includes(op)) {
          throw new TransformError('unsupported_transform', `Aggregate op "${op}" is not supported in window`);
        }
        aggIdx.push(i);
      } else throw new TransformError('unsupported_transform', `Unsupported window op ${JSON.stringify(op)}`);
    });
    const measures = aggIdx.length === 0 ? [] : planMeasures({
      ops: aggIdx.map((i) => ops[i]),
      fields: aggIdx.map((i) => fields[i] ?? null),
      as: aggIdx.map((i) => as[i] ?? null),
    }, schema0, 'window');
    const row = rowJsonSql(schema0);
    // Aggregates do not depend on the order inside their frame, so a frame SQL can state
    // directly (rows, or whole peer groups) runs as a static window, which DuckDB computes
    // far faster than per-row bounds.
    const bound = (f: number | null, dir: 'PRECEDING' | 'FOLLOWING') =>
      (f === null ? `UNBOUNDED ${dir}` : `(${dir === 'PRECEDING' ? -f : f}) ${dir}`);
    const staticFrame = !range ? `${rows} ROWS BETWEEN ${bound(f0, 'PRECEDING')} AND ${bound(f1, 'FOLLOWING')}`
      : (f0 === null || f0 === 0) && (f1 === null || f1 === 0)
        ? `${peers} RANGE BETWEEN ${f0 === null ? 'UNBOUNDED PRECEDING' : 'CURRENT ROW'} AND ${f1 === null ? 'UNBOUNDED FOLLOWING' : 'CURRENT ROW'}`
        : undefined;
    const staticBounds = range ? undefined : { start: bound(f0, 'PRECEDING'), end: bound(f1, 'FOLLOWING') };
    const aggFrame = staticFrame ?? `${rows} ROWS BETWEEN (${I} - ${I0}) PRECEDING AND (${I1} - 1 - ${I}) FOLLOWING`;

    const entries: { col: Column; sql: string }[] = [];
    // Ops that fold values (sum, mean...) replay Vega's frame updates over each sorted
    // partition; their per-row values are joined back by position (see foldJoin).
    const folds: Measure[] = [];
    for (const m of measures) {
      if (isFoldOp(m.op)) {
        entries.push({ col: { name: m.name, type: 'number' }, sql: `${FOLDS}."__vf_fold_${folds.length}"` });
        folds.push(m);
        continue;
      }
      entries.push({ col: { name: m.name, type: measureType(m) }, sql: measureSql(m, { row, wrap: (c) => `${c} OVER (${aggFrame})` }) });
    }
    for (const { op, i } of windowOps) {
      const f = fields[i];
      const ref = f === null || f === undefined ? null : resolveFieldRef(f, schema0);
      const alias = as[i];
      const name = typeof alias === 'string' && alias ? alias : ref ? `${op}_${ref.name}` : op;
      entries.push({ col: { name, type: windowOpType(op, ref) }, sql: windowOpSql(op, { rows, peers, sorted, ref, param: params[i], staticBounds }) });
    }
    let schema = schema0;
    const sqlOf = new Map<string, string>();
    for (const e of entries) {
      schema = withColumn(schema, e.col);
      sqlOf.set(e.col.name, e.sql);
    }

    // Layer 1: position, partition size and peer-group bounds of each row; layer 2: the
    // frame [i0, i1) of each row. Each column is computed only when an output reads it,
    // since every distinct window costs a sort.
    const used = (col: string) => [...sqlOf.values()].some((x) => x.includes(col));
    const needI0 = used(I0) || folds.length > 0;
    const needI1 = used(I1) || folds.length > 0;
    const needPs = range && needI0 && f0 !== null;
    const needPe = used(PEER_END) || (range && needI1 && f1 !== null);
    const base = ['*'];
    if (used(I) || needI0 || needI1) base.push(`row_number() OVER (${rows}) - 1 AS ${I}`);
    if (used(N) || needI0 || needI1) base.push(`count(*) OVER (${partition}) AS ${N}`);
    if (needPs) base.push(`rank() OVER (${peers}) - 1 AS "__vf_ps"`);
    if (needPe) {
      base.push(sorted ? `count(*) OVER (${peers} RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS ${PEER_END}` : `row_number() OVER (${rows}) AS ${PEER_END}`);
    }
    const t = ctx.alias('window');
    let sql = base.length > 1 ? `SELECT ${base.join(', ')} FROM ${from(input, t)}` : `SELECT * FROM ${from(input, t)}`;
    if (needI0 || needI1) {
      const s = f0 === null ? '0' : clampSql(`${I} + ${f0}`);
      const e = f1 === null ? N : clampSql(`${I} + ${f1} + 1`);
      const i0 = f0 === null || !range ? s
        : `(CASE WHEN ${I} + ${f0} > 0 AND ${I} + ${f0} < ${N} THEN ${shifted('"__vf_ps"', f0, rows)} ELSE ${s} END)`;
      const i1 = f1 === null || !range ? e
        : `(CASE WHEN ${I} + ${f1} >= 0 AND ${I} + ${f1} < ${N} - 1 THEN ${shifted(PEER_END, f1, rows)} ELSE ${e} END)`;
      sql = `SELECT *, ${i0} AS ${I0}, ${i1} AS ${I1} FROM (${sql})`;
    }
    const cols = schema.map((c) => (sqlOf.has(c.name) ? `${sqlOf.get(c.name)} AS ${ident(c.name)}` : ident(c.name)));
    if (folds.length === 0) return { sql: `SELECT ${[...cols, ident(ORDER_COLUMN)].join(', ')} FROM (${sql})`, schema };
    return { sql: foldJoin(sql, cols, keys, folds, ctx.alias('window_rows')), schema };
  },
};

const FOLDS = '"__vf_folds"';

/**
 * Joins the fold ops' values to the rows: each partition's valid values, frame starts and
 * ends in sorted order go to vf_fold_window, which returns the op's value per row; those
 * lists are unnested with the row position and joined on partition key and position.
 */
function foldJoin(rowsSql: string, cols: string[], keys: string[], folds: Measure[], alias: string): string {
  const t = ident(alias);
  const byPos = `ORDER BY ${I}`;
  const lists = folds.map((m, k) => {
    const ref = m.ref!;
    const v = `CASE WHEN ${validSql(ref.sql, ref.type)} THEN ${toNumberSql(ref.sql, ref.type)} END`;
    return `${FOLD_WINDOW_FUNCTION}(list(${v} ${byPos}), list(CAST(${I0} AS DOUBLE) ${byPos}),`
      + ` list(CAST(${I1} AS DOUBLE) ${byPos}), ${stringLiteral(m.op)}) AS "__vf_list_${k}"`;
  });
  const keyCols = keys.map((k, i) => `${k} AS "__vf_key_${i}"`);
  const partitions = `SELECT ${[...keyCols, ...lists].join(', ')} FROM ${t}${keys.length > 0 ? ` GROUP BY ${keys.join(', ')}` : ''}`;
  const unnested = [
    ...keys.map((_, i) => `"__vf_key_${i}"`),
    'unnest(range(len("__vf_list_0"))) AS "__vf_pos"',
    ...folds.map((_, k) => `unnest("__vf_list_${k}") AS "__vf_fold_${k}"`),
  ];
  const on = [
    ...keys.map((k, i) => `${k} IS NOT DISTINCT FROM ${FOLDS}."__vf_key_${i}"`),
    `${t}.${I} = ${FOLDS}."__vf_pos"`,
  ].join(' AND ');
  return `WITH ${t} AS (${rowsSql}) SELECT ${[...cols, `${t}.${ident(ORDER_COLUMN)}`].join(', ')} FROM ${t}`
    + ` LEFT JOIN (SELECT ${unnested.join(', ')} FROM (${partitions})) AS ${FOLDS} ON ${on}`;
}
