/**
 * Vega's window-only operations (vega-transforms WindowOps) as SQL over a partition sorted
 * the Vega way. The columns the window transform prepares are named here: `__vf_i` (row
 * index in the sorted partition), `__vf_n` (partition size), `__vf_pe` (end of the row's
 * peer group), `__vf_i0`/`__vf_i1` (the row's frame, Vega's [i0, i1)).
 */
import { TransformError } from '../../errors.js';
import { numberLiteral } from '../sql.js';
import type { ValueType } from '../types.js';
import type { FieldRef } from './field-sql.js';

export const WINDOW_ONLY_OPS = [
  'row_number', 'rank', 'dense_rank', 'percent_rank', 'cume_dist', 'ntile', 'lag', 'lead',
  'first_value', 'last_value', 'nth_value', 'prev_value', 'next_value',
] as const;

export type WindowOnlyOp = (typeof WINDOW_ONLY_OPS)[number];

export function isWindowOnlyOp(op: unknown): op is WindowOnlyOp {
  return typeof op === 'string' && (WINDOW_ONLY_OPS as readonly string[]).includes(op);
}

export const I = '"__vf_i"';
export const N = '"__vf_n"';
export const PEER_END = '"__vf_pe"';
export const I0 = '"__vf_i0"';
export const I1 = '"__vf_i1"';

/** Where the op reads: its partition order (with and without the tie-break) and its field. */
export interface WindowOpContext {
  /** `PARTITION BY ... ORDER BY <sort>, <order column>`: Vega's stable sorted partition. */
  rows: string;
  /** `PARTITION BY ... ORDER BY <sort>` (no tie-break): rows equal under the sort are peers. */
  peers: string;
  sorted: boolean;
  ref: FieldRef | null;
  param: unknown;
  /** Frame bounds as SQL when they are constant row offsets (no peer widening). */
  staticBounds?: { start: string; end: string };
}

export function windowOpType(op: WindowOnlyOp, ref: FieldRef | null): ValueType {
  switch (op) {
    case 'lag': case 'lead': case 'first_value': case 'last_value': case 'nth_value':
    case 'prev_value': case 'next_value':
      return ref?.type ?? 'number';
    default:
      return 'number';
  }
}

function integerParam(op: string, value: unknown, fallback?: number): number {
  const n = Number(value ?? NaN);
  if (fallback !== undefined && !n) return fallback;
  if (!Number.isInteger(n)) throw new TransformError('bad_transform', `Window op "${op}" needs an integer parameter, not ${JSON.stringify(value)}`);
  return n;
}

function needField(op: string, ref: FieldRef | null): FieldRef {
  if (!ref) throw new TransformError('bad_transform', `Window op "${op}" needs a field`);
  return ref;
}

/** SQL of one window-only op. */
export function windowOpSql(op: WindowOnlyOp, w: WindowOpContext): string {
  const rank = w.sorted ? `rank() OVER (${w.peers})` : `(${I} + 1)`;
  const start = w.staticBounds?.start ?? `(${I} - ${I0}) PRECEDING`;
  const end = w.staticBounds?.end ?? `(${I1} - 1 - ${I}) FOLLOWING`;
  const cume = w.sorted ? `(${PEER_END} / ${N})` : `((${I} + 1) / ${N})`;
  switch (op) {
    case 'row_number': return `CAST(${I} + 1 AS DOUBLE)`;
    case 'rank': return `CAST(${rank} AS DOUBLE)`;
    case 'dense_rank': return `CAST(${w.sorted ? `dense_rank() OVER (${w.peers})` : `(${I} + 1)`} AS DOUBLE)`;
    // (rank - 1) / (n - 1) is 0/0 for a partition of one row: NaN in JavaScript.
    case 'percent_rank': return `(CASE WHEN ${N} = 1 THEN 'NaN'::DOUBLE ELSE CAST(${rank} - 1 AS DOUBLE) / (${N} - 1) END)`;
    case 'cume_dist': return `CAST(${cume} AS DOUBLE)`;
    case 'ntile': {
      const num = Number(w.param ?? NaN);
      if (!(num > 0)) throw new TransformError('bad_transform', 'ntile num must be greater than zero');
      return `CAST(ceil(${numberLiteral(num)} * ${cume}) AS DOUBLE)`;
    }
    case 'lag':
    case 'lead': {
      const v = needField(op, w.ref).sql;
      const offset = integerParam(op, w.param, 1) * (op === 'lag' ? 1 : -1);
      return offset >= 0 ? `lag(${v}, ${offset}) OVER (${w.rows})` : `lead(${v}, ${-offset}) OVER (${w.rows})`;
    }
    // Vega reads data[i0] and data[i1 - 1] even when the frame is empty, so the other end
    // of these frames is left open.
    case 'first_value':
      return `first_value(${needField(op, w.ref).sql}) OVER (${w.rows} ROWS BETWEEN ${start} AND UNBOUNDED FOLLOWING)`;
    case 'last_value':
      return `last_value(${needField(op, w.ref).sql}) OVER (${w.rows} ROWS BETWEEN UNBOUNDED PRECEDING AND ${end})`;
    case 'nth_value': {
      const nth = Number(w.param ?? NaN);
      if (!(nth > 0)) throw new TransformError('bad_transform', 'nth_value nth must be greater than zero');
      const k = integerParam(op, nth);
      return `nth_value(${needField(op, w.ref).sql}, ${k}) OVER (${w.rows} ROWS BETWEEN ${start} AND ${end})`;
    }
    case 'prev_value':
      return `last_value(${needField(op, w.ref).sql} IGNORE NULLS) OVER (${w.rows} ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)`;
    case 'next_value':
      return `first_value(${needField(op, w.ref).sql} IGNORE NULLS) OVER (${w.rows} ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING)`;
    default:
      throw new TransformError('unsupported_transform', `Unsupported window op ${JSON.stringify(op)}`);
  }
}
