/**
 * Vega `sequence`: generates rows {as: start + i * step} like d3's range. Rows already in
 * the input pass through ahead of them (Vega adds the sequence to the incoming rows; a
 * dataset with no source has none).
 */
import { LimitError, TransformError } from '../../errors.js';
import { from, ident, numberLiteral, withColumn } from '../sql.js';
import { ORDER_COLUMN, type TransformDefinition } from '../types.js';

/** Guard against a typo generating billions of rows. */
const MAX_ROWS = 10_000_000;

export const sequenceTransform: TransformDefinition = {
  type: 'sequence',
  params: [
    { name: 'start', type: 'number', required: true },
    { name: 'stop', type: 'number', required: true },
    { name: 'step', type: 'number' },
    { name: 'as', type: 'string' },
  ],
  compile(spec, input, ctx) {
    const start = toNumber(spec.start, 'start');
    const stop = toNumber(spec.stop, 'stop');
    const step = toNumber(spec.step, 'step') || 1;
    const as = typeof spec.as === 'string' && spec.as ? spec.as : 'data';
    // d3-array range: the count is truncated to an int32, NaN gives none.
    const n = Math.max(0, Math.ceil((stop - start) / step)) | 0;
    // A count past 2^31 wraps negative and Vega fails allocating the array.
    if (n > MAX_ROWS || n < 0) throw new LimitError('limit_exceeded', `Sequence of ${n} rows exceeds the limit of ${MAX_ROWS}`);
    const existing = input.schema.find((c) => c.name === as);
    if (existing && existing.type !== 'number') {
      throw new TransformError('unsupported_transform', `Sequence field "${as}" would mix numbers into a ${existing.type} field`);
    }
    const schema = withColumn(input.schema, { name: as, type: 'number' });
    const t = ctx.alias('sequence');
    const i = ident('__vf_seq_i');
    const generated = schema.map((c) => (c.name === as
      ? `${numberLiteral(start)} + CAST(${i} AS DOUBLE) * ${numberLiteral(step)} AS ${ident(as)}`
      : `NULL AS ${ident(c.name)}`));
    const base = `(SELECT COALESCE(MAX(${ident(ORDER_COLUMN)}), -1) FROM ${from(input, `${t}_max`)})`;
    const rows = `SELECT ${[...generated, `${base} + 1 + ${i} AS ${ident(ORDER_COLUMN)}`].join(', ')} FROM range(${n}) AS ${ident(t)}(${i})`;
    const passed = schema.map((c) => (input.schema.some((x) => x.name === c.name) ? ident(c.name) : `NULL::DOUBLE AS ${ident(c.name)}`));
    return {
      sql: `SELECT ${[...passed, ident(ORDER_COLUMN)].join(', ')} FROM ${from(input, t)} UNION ALL BY NAME ${rows}`,
      schema,
    };
  },
};

function toNumber(v: unknown, name: string): number {
  if (v === undefined || v === null) return NaN;
  if (typeof v === 'number') return v;
  if (typeof v === 'string' || typeof v === 'boolean') return Number(v);
  throw new TransformError('bad_transform', `Parameter "${name}" of transform "sequence" must be a number, not ${JSON.stringify(v)}`);
}
