/**
 * An Arrow table appended to a DuckDB table column by column, one data chunk of up to
 * 2048 rows at a time: number, boolean, timestamp, date and UTF-8 columns are copied from
 * Arrow's buffers without a JS value per cell; other columns are read value by value (`valueAt`). The
 * values stored are those `arrowRows` gives (see sources/arrow-table.ts), so a table
 * loaded either way holds the same rows.
 */
import bindings from '@duckdb/node-bindings';
import { DuckDBDataChunk, type DuckDBAppender } from '@duckdb/node-api';
import { DataType, DateUnit, Precision, TimeUnit, type Data, type Table, type Vector } from 'apache-arrow';
import { CHUNKS_PER_TURN, nextTurn } from './turns.js';
import type { Schema } from './types.js';

/** Reads column `column` of one record batch (`vector`) value by value, as `arrowRows` gives it. */
export type ValueAt = (vector: Vector, column: number) => (i: number) => unknown;

type RawVector = ReturnType<typeof bindings.data_chunk_get_vector>;

const CHUNK_ROWS = bindings.vector_size();
/** Bytes of a DuckDB string struct, and the longest string it holds inline. */
const STRING_BYTES = 16;
const INLINE_BYTES = 12;
const UTF8_FATAL = new TextDecoder('utf-8', { fatal: true });

type Direct = 'double' | 'boolean' | 'utf8' | 'time';

/** Whether an Arrow column's data can be copied without a JS value per cell. */
function directKind(data: Data, target: string): Direct | undefined {
  const t = data.type;
  // Half floats are stored as their bits: read value by value.
  if (target === 'number' && ((DataType.isFloat(t) && t.precision !== Precision.HALF) || DataType.isInt(t))) return 'double';
  if (target === 'boolean' && DataType.isBool(t)) return 'boolean';
  if (target === 'string' && (DataType.isUtf8(t) || DataType.isLargeUtf8(t))) return 'utf8';
  if ((target === 'date' || target === 'number') && timeScale(data) !== undefined) return 'time';
  return undefined;
}

/**
 * How apache-arrow reads a timestamp or date column's stored integers as milliseconds:
 * multiplied by `scale` (seconds, milliseconds, days), or divided by it (micro- and
 * nanoseconds: the integer quotient plus the remainder's fraction).
 */
function timeScale(data: Data): { scale: number; divide: boolean } | undefined {
  const t = data.type;
  if (DataType.isTimestamp(t)) {
    if (t.unit === TimeUnit.SECOND) return { scale: 1000, divide: false };
    if (t.unit === TimeUnit.MILLISECOND) return { scale: 1, divide: false };
    return { scale: t.unit === TimeUnit.MICROSECOND ? 1000 : 1000000, divide: true };
  }
  if (DataType.isDate(t)) return { scale: t.unit === DateUnit.DAY ? 86400000 : 1, divide: false };
  return undefined;
}

/** 2^53: integers below it in magnitude are exact doubles. */
const EXACT = 2 ** 53;

/**
 * v / d as apache-arrow computes it for 64-bit v: Number(v / d) + Number(v % d) / d, with
 * BigInt's truncating division. `x` is v as a double, exact when |x| < 2^53.
 */
function divideExact(x: number, v: () => bigint, d: number): number {
  if (Math.abs(x) >= EXACT) {
    const big = v();
    const bd = BigInt(d);
    return Number(big / bd) + Number(big % bd) / d;
  }
  let q = Math.trunc(x / d);
  let r = x - q * d;
  // x / d may round across an integer: bring the remainder to x's sign and below d.
  if (x >= 0 ? r < 0 : r > 0) { q += x >= 0 ? -1 : 1; r = x - q * d; }
  if (Math.abs(r) >= d) { q += x >= 0 ? 1 : -1; r = x - q * d; }
  return q + r / d;
}

const TWO_32 = 4294967296;

/** The largest time value (ms) of a JS Date. */
const MAX_DATE_MS = 8.64e15;

/**
 * Reads 64-bit integers [at, at + n) as the nearest doubles (as Number(bigint) does) from
 * their 32-bit halves, without a BigInt per value.
 */
function int64Doubles(values: BigInt64Array | BigUint64Array, at: number, n: number, out: Float64Array): void {
  const words = new Uint32Array(values.buffer, values.byteOffset + at * 8, n * 2);
  const signed = values instanceof BigInt64Array;
  for (let r = 0; r < n; r++) {
    const lo = words[2 * r];
    const hi = words[2 * r + 1];
    // hi * 2^32 is exact; the sum is rounded once, to the nearest double.
    out[r] = (signed ? hi | 0 : hi) * TWO_32 + lo;
  }
}

/** Writes integral doubles (|x| < 2^63) into `out` as 64-bit integers, by 32-bit halves. */
function writeInt64(xs: Float64Array, n: number, out: Int32Array): void {
  for (let r = 0; r < n; r++) {
    const x = xs[r];
    const hi = Math.floor(x / TWO_32);
    out[2 * r] = x - hi * TWO_32;
    out[2 * r + 1] = hi;
  }
}

/** Flags rows [0, n) NULL where Arrow validity bits [bit, bit + n) are unset. */
function nullsFromBitmap(bitmap: Uint8Array, bit: number, n: number, isNull: Uint8Array): void {
  for (let r = 0; r < n; r++) {
    const b = bit + r;
    isNull[r] = (bitmap[b >> 3] & (1 << (b & 7))) === 0 ? 1 : 0;
  }
}

/**
 * Writes a DuckDB vector's validity mask (bit r of little-endian 64-bit words, 1 = valid)
 * from per-row NULL flags; does nothing when no row is NULL.
 */
function setNulls(raw: RawVector, isNull: Uint8Array, n: number, scratch: Uint8Array<ArrayBuffer>): void {
  let any = false;
  for (let r = 0; r < n; r++) if (isNull[r]) { any = true; break; }
  if (!any) return;
  const bytes = Math.ceil(n / 64) * 8;
  scratch.fill(0xff, 0, bytes);
  for (let r = 0; r < n; r++) if (isNull[r]) scratch[r >> 3] &= ~(1 << (r & 7));
  bindings.vector_ensure_validity_writable(raw);
  bindings.copy_data_to_vector_validity(raw, 0, scratch.buffer, scratch.byteOffset, bytes);
}

/**
 * Whether every string of a UTF-8 column is valid UTF-8 on its own: the bytes as a whole
 * decode, and no string starts or ends inside a character. Such strings are copied as
 * bytes; others are decoded (bad sequences become U+FFFD, as apache-arrow reads them).
 */
function wellFormedStrings(data: Data): boolean {
  const values = data.values as Uint8Array;
  const offsets = data.valueOffsets as ArrayLike<number | bigint>;
  const first = Number(offsets[0]);
  const last = Number(offsets[data.length]);
  let ascii = true;
  for (let k = first; k < last; k++) if (values[k] >= 0x80) { ascii = false; break; }
  if (ascii) return true;
  try {
    UTF8_FATAL.decode(values.subarray(first, last));
  } catch {
    return false;
  }
  for (let i = 0; i <= data.length; i++) {
    const at = Number(offsets[i]);
    if (at < last && (values[at] & 0xc0) === 0x80) return false;
  }
  return true;
}

class ChunkWriter {
  private readonly doubles = new Float64Array(CHUNK_ROWS);
  private readonly words = new Int32Array(CHUNK_ROWS * 2);
  private readonly strings = new Uint8Array(CHUNK_ROWS * STRING_BYTES);
  private readonly stringWords = new Uint32Array(this.strings.buffer);
  private readonly bytes = new Uint8Array(CHUNK_ROWS);
  private readonly isNull = new Uint8Array(CHUNK_ROWS);
  private readonly validity = new Uint8Array(CHUNK_ROWS / 8);
  private readonly decoder = new TextDecoder('utf-8');

  /** Copies the NULLs of Arrow data rows [start, start + n) into the vector. */
  private arrowNulls(raw: RawVector, data: Data, start: number, n: number): void {
    if (data.nullCount === 0) return;
    nullsFromBitmap(data.nullBitmap as Uint8Array, data.offset + start, n, this.isNull);
    setNulls(raw, this.isNull, n, this.validity);
  }

  /** Numbers as DOUBLE: Arrow's values converted by a typed-array copy (64-bit ones one by one). */
  doubleColumn(raw: RawVector, data: Data, start: number, n: number): void {
    const values = data.values as Float64Array | Int32Array | BigInt64Array | BigUint64Array;
    if (values instanceof BigInt64Array || values instanceof BigUint64Array) int64Doubles(values, start, n, this.doubles);
    else this.doubles.set(values.subarray(start, start + n));
    bindings.copy_data_to_vector(raw, 0, this.doubles.buffer, 0, n * 8);
    this.arrowNulls(raw, data, start, n);
  }

  /**
   * Timestamps and dates: milliseconds as apache-arrow reads them, kept as they are for a
   * DOUBLE column, or as the JS Date of them holds them for a TIMESTAMP one (`target` "date").
   */
  timeColumn(raw: RawVector, data: Data, start: number, n: number, target: string): void {
    const { scale, divide } = timeScale(data) as { scale: number; divide: boolean };
    const values = data.values as Int32Array | BigInt64Array;
    const ms = this.doubles;
    if (values instanceof BigInt64Array) int64Doubles(values, start, n, ms);
    else ms.set(values.subarray(start, start + n));
    if (divide) for (let r = 0; r < n; r++) ms[r] = divideExact(ms[r], () => (values as BigInt64Array)[start + r], scale);
    else if (scale !== 1) for (let r = 0; r < n; r++) ms[r] *= scale;
    if (target !== 'date') {
      bindings.copy_data_to_vector(raw, 0, ms.buffer, 0, n * 8);
      this.arrowNulls(raw, data, start, n);
      return;
    }
    // As a JS Date holds them: whole milliseconds (truncated), NULL outside a Date's range.
    if (data.nullCount > 0) nullsFromBitmap(data.nullBitmap as Uint8Array, data.offset + start, n, this.isNull);
    else this.isNull.fill(0, 0, n);
    for (let r = 0; r < n; r++) {
      const t = Math.trunc(ms[r]);
      if (Math.abs(t) > MAX_DATE_MS) this.isNull[r] = 1;
      ms[r] = this.isNull[r] ? 0 : t * 1000;
    }
    this.timestamps(raw, n);
    setNulls(raw, this.isNull, n, this.validity);
  }

  booleanColumn(raw: RawVector, data: Data, start: number, n: number): void {
    const bits = data.values as Uint8Array;
    const at = data.offset + start;
    for (let r = 0; r < n; r++) {
      const b = at + r;
      this.bytes[r] = (bits[b >> 3] >> (b & 7)) & 1;
    }
    bindings.copy_data_to_vector(raw, 0, this.bytes.buffer, 0, n);
    this.arrowNulls(raw, data, start, n);
  }

  /**
   * UTF-8 strings. Those of at most 12 bytes are written as DuckDB's inlined string structs
   * (duckdb_string_t of the C API: the length, then the bytes, zero-padded) in one copy;
   * longer ones, and strings that are not well-formed on their own, one call each.
   */
  utf8Column(raw: RawVector, data: Data, start: number, n: number, asBytes: boolean): void {
    const values = data.values as Uint8Array;
    const offsets = data.valueOffsets as ArrayLike<number | bigint>;
    const bit = data.offset + start;
    const bitmap = data.nullCount > 0 ? data.nullBitmap as Uint8Array : undefined;
    const structs = this.strings;
    const lengths = this.stringWords;
    structs.fill(0, 0, n * STRING_BYTES);
    const rest: number[] = [];
    for (let r = 0; r < n; r++) {
      const b = bit + r;
      if (bitmap && (bitmap[b >> 3] & (1 << (b & 7))) === 0) continue;
      const from = Number(offsets[start + r]);
      const to = Number(offsets[start + r + 1]);
      if (asBytes && to - from <= INLINE_BYTES) {
        lengths[r * 4] = to - from;
        const base = r * STRING_BYTES + 4;
        for (let k = from; k < to; k++) structs[base + k - from] = values[k];
      } else {
        rest.push(r);
      }
    }
    bindings.copy_data_to_vector(raw, 0, structs.buffer, 0, n * STRING_BYTES);
    for (const r of rest) {
      const piece = values.subarray(Number(offsets[start + r]), Number(offsets[start + r + 1]));
      if (asBytes) bindings.vector_assign_string_element_len(raw, r, piece);
      else bindings.vector_assign_string_element(raw, r, this.decoder.decode(piece));
    }
    this.arrowNulls(raw, data, start, n);
  }

  /** Any column, value by value, in the runtime's representation of `type`. */
  valueColumn(raw: RawVector, type: string, value: (i: number) => unknown, start: number, n: number): void {
    this.isNull.fill(0, 0, n);
    if (type === 'number') {
      for (let r = 0; r < n; r++) {
        const v = value(start + r);
        if (v === null || v === undefined) this.isNull[r] = 1;
        else this.doubles[r] = typeof v === 'number' ? v : Number(v);
      }
      bindings.copy_data_to_vector(raw, 0, this.doubles.buffer, 0, n * 8);
    } else if (type === 'boolean') {
      for (let r = 0; r < n; r++) {
        const v = value(start + r);
        if (v === null || v === undefined) this.isNull[r] = 1;
        else this.bytes[r] = v ? 1 : 0;
      }
      bindings.copy_data_to_vector(raw, 0, this.bytes.buffer, 0, n);
    } else if (type === 'date') {
      for (let r = 0; r < n; r++) {
        const v = value(start + r);
        const ms = v === null || v === undefined ? NaN : v instanceof Date ? v.getTime() : Number(v);
        if (Number.isNaN(ms)) this.isNull[r] = 1;
        this.doubles[r] = Number.isNaN(ms) ? 0 : Math.round(ms * 1000);
      }
      this.timestamps(raw, n);
    } else {
      for (let r = 0; r < n; r++) {
        const v = value(start + r);
        if (v === null || v === undefined) this.isNull[r] = 1;
        else bindings.vector_assign_string_element(raw, r, type === 'string' ? String(v) : JSON.stringify(v));
      }
    }
    setNulls(raw, this.isNull, n, this.validity);
  }

  /** Writes `doubles` [0, n) (whole microseconds) as the vector's TIMESTAMP values. */
  private timestamps(raw: RawVector, n: number): void {
    writeInt64(this.doubles, n, this.words);
    bindings.copy_data_to_vector(raw, 0, this.words.buffer, 0, n * 8);
  }

  /** The order column: row numbers from `first`. */
  orderColumn(raw: RawVector, first: number, n: number): void {
    for (let r = 0; r < n; r++) this.doubles[r] = first + r;
    bindings.copy_data_to_vector(raw, 0, this.doubles.buffer, 0, n * 8);
  }
}

/**
 * Appends the rows of `table` (columns in `schema` order, then the order column) to the
 * appender's table, whose columns have the types `sqlType` gives the schema's. Yields to
 * the event loop every CHUNKS_PER_TURN chunks.
 */
export async function appendArrowTable(appender: DuckDBAppender, table: Table, schema: Schema, valueAt: ValueAt): Promise<void> {
  const types = Array.from({ length: appender.columnCount }, (_, c) => appender.columnType(c));
  const writer = new ChunkWriter();
  let row = 0;
  let chunks = 0;
  for (const batch of table.batches) {
    if (batch.numRows === 0) continue;
    const columns = schema.map((col, c) => {
      const data = batch.data.children[c] as Data;
      const kind = directKind(data, col.type);
      return {
        kind,
        data,
        asBytes: kind === 'utf8' ? wellFormedStrings(data) : false,
        value: kind ? undefined : valueAt(batch.getChildAt(c) as Vector, c),
      };
    });
    for (let start = 0; start < batch.numRows; start += CHUNK_ROWS) {
      const n = Math.min(CHUNK_ROWS, batch.numRows - start);
      const chunk = DuckDBDataChunk.create(types, n);
      columns.forEach((col, c) => {
        const raw = bindings.data_chunk_get_vector(chunk.chunk, c);
        if (col.kind === 'double') writer.doubleColumn(raw, col.data, start, n);
        else if (col.kind === 'boolean') writer.booleanColumn(raw, col.data, start, n);
        else if (col.kind === 'utf8') writer.utf8Column(raw, col.data, start, n, col.asBytes);
        else if (col.kind === 'time') writer.timeColumn(raw, col.data, start, n, schema[c].type);
        else writer.valueColumn(raw, schema[c].type, col.value as (i: number) => unknown, start, n);
      });
      writer.orderColumn(bindings.data_chunk_get_vector(chunk.chunk, schema.length), row + start, n);
      appender.appendDataChunk(chunk);
      if (++chunks % CHUNKS_PER_TURN === 0) await nextTurn();
    }
    row += batch.numRows;
  }
}
