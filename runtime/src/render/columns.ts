/**
 * The columns a render task draws, read from the dataset's relation in Vega row order
 * (the order Vega draws in). Number columns stay in the engine's typed arrays: no JS
 * value per row; other columns (strings, dates) come as JS values.
 */
import type { ColumnData, SqlEngine } from '../engine/duckdb.js';
import { orderedSelect } from '../engine/output.js';
import { ident } from '../engine/sql.js';
import type { Relation } from '../engine/types.js';
import { LimitError } from '../errors.js';
import { RenderError } from './errors.js';

export interface DrawColumn {
  /** Numbers by row, NaN where the value is NULL or not a number (dates as epoch milliseconds, strings as `+v`). */
  numbers(): Float64Array;
  /** Values by row as Vega reads them (null for NULL). */
  values(): unknown[];
}

export interface DrawColumns {
  rows: number;
  get(field: string): DrawColumn;
}

function validAt(valid: Uint8Array | undefined, r: number): boolean {
  return !valid || (valid[r >> 3] & (1 << (r & 7))) !== 0;
}

/**
 * `json`: the column holds mixed or nested values as JSON text (schema type `object`),
 * parsed here. `dates`: the column holds dates read as epoch milliseconds (a typed array,
 * not a Date object per row); its values are Dates again.
 */
function fromData(raw: ColumnData, rows: number, json = false, dates = false): DrawColumn {
  let numbers: Float64Array | undefined;
  let values: unknown[] | undefined;
  if (dates && raw.kind === 'double') {
    return {
      numbers() {
        if (numbers) return numbers;
        if (!raw.valid) return (numbers = raw.values);
        numbers = new Float64Array(rows);
        for (let r = 0; r < rows; r++) numbers[r] = validAt(raw.valid, r) ? raw.values[r] : NaN;
        return numbers;
      },
      values() {
        values ??= Array.from({ length: rows }, (_, r) => (validAt(raw.valid, r) ? new Date(raw.values[r]) : null));
        return values;
      },
    };
  }
  const data: ColumnData = json && raw.kind === 'js' ? { kind: 'js', values: raw.values.map((v) => (typeof v === 'string' ? JSON.parse(v) as unknown : v)) } : raw;
  return {
    numbers() {
      if (numbers) return numbers;
      if (data.kind === 'double' && !data.valid) return (numbers = data.values);
      numbers = new Float64Array(rows);
      if (data.kind === 'js') {
        data.values.forEach((v, r) => {
          // As a scale or a canvas coerces a value (`+v`): strings and booleans too.
          (numbers as Float64Array)[r] = v instanceof Date ? v.getTime() : typeof v === 'number' ? v : typeof v === 'bigint' || typeof v === 'string' || typeof v === 'boolean' ? Number(v) : NaN;
        });
      } else {
        const src = data.values;
        for (let r = 0; r < rows; r++) numbers[r] = validAt(data.valid, r) ? src[r] : NaN;
      }
      return numbers;
    },
    values() {
      if (values) return values;
      if (data.kind === 'js') return (values = data.values);
      values = new Array<unknown>(rows);
      for (let r = 0; r < rows; r++) values[r] = validAt(data.valid, r) ? data.values[r] : null;
      return values;
    },
  };
}

/**
 * Most rows drawn one by one in JS (a mark of one look is counted by DuckDB instead, see
 * binned.ts): their columns are held in memory while drawing.
 */
export const MAX_DRAWN_ROWS = 10_000_000;

/** Reads `fields` of `relation` (each at most once) in Vega row order; refuses more than MAX_DRAWN_ROWS rows. */
export async function readDrawColumns(engine: SqlEngine, relation: Relation, fields: string[], signal?: AbortSignal): Promise<DrawColumns> {
  const wanted = [...new Set(fields)];
  for (const f of wanted) {
    if (!relation.schema.some((c) => c.name === f)) {
      throw new RenderError('missing_field', `The mark reads field "${f}", which its dataset does not have`);
    }
  }
  const byName = new Map<string, DrawColumn>();
  let rows: number;
  if (wanted.length === 0) {
    const out = await engine.query(`SELECT count(*) AS n FROM (${relation.sql})`, signal);
    rows = Number(out.columns[0]?.[0] ?? 0);
  } else {
    const selected = orderedSelect(relation, wanted);
    const schema = selected.schema;
    // The LIMIT only guards memory: more rows are refused, never cut.
    // Dates as epoch milliseconds: DuckDB's buffers, not a JS Date per row (a projection
    // over the ordered rows keeps their order).
    const dates = new Set(schema.filter((c) => c.type === 'date').map((c) => c.name));
    const ordered = dates.size === 0 || !engine.queryColumns ? selected.sql
      : `SELECT ${schema.map((c) => (dates.has(c.name) ? `CAST(epoch_ms(${ident(c.name)}) AS DOUBLE) AS ${ident(c.name)}` : ident(c.name))).join(', ')} FROM (${selected.sql}) AS vf_dates`;
    const sql = relation.maxRows !== undefined && relation.maxRows <= MAX_DRAWN_ROWS ? ordered : `${ordered} LIMIT ${MAX_DRAWN_ROWS + 1}`;
    if (engine.queryColumns) {
      const out = await engine.queryColumns(sql, signal);
      rows = out.rows;
      schema.forEach((c, i) => byName.set(c.name, fromData(out.columns[i] ?? { kind: 'js', values: [] }, rows, c.type === 'object', dates.has(c.name))));
    } else {
      const out = await engine.query(sql, signal);
      rows = out.columns[0]?.length ?? 0;
      schema.forEach((c, i) => byName.set(c.name, fromData({ kind: 'js', values: out.columns[i] ?? [] }, rows, c.type === 'object')));
    }
  }
  if (rows > MAX_DRAWN_ROWS) {
    throw new LimitError('limit_exceeded', `The mark has more than ${MAX_DRAWN_ROWS} rows to draw one by one (circles of one size in one color are counted by DuckDB instead)`);
  }
  return {
    rows,
    get(field) {
      const c = byName.get(field);
      if (!c) throw new RenderError('missing_field', `Field "${field}" was not read`);
      return c;
    },
  };
}
