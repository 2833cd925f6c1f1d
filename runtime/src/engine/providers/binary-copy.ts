/**
 * Reads PostgreSQL's binary COPY format (`COPY (...) TO STDOUT (FORMAT binary)`) into
 * columns laid out as Arrow lays them: doubles, booleans and timestamps (as ms) into typed
 * arrays, text as its UTF-8 bytes and offsets, NULLs as a validity bitmap; no JS value per
 * cell. The SELECT that feeds it casts every column to one of these wire types (see
 * postgres-source.ts), so no other binary encoding is read here.
 */
import { DataError, LimitError } from '../../errors.js';

/** float8; bool; text (UTF-8); timestamp (int8 microseconds since 2000-01-01, read as ms since 1970). */
export type WireType = 'float8' | 'bool' | 'text' | 'timestamp';

/** 2000-01-01T00:00:00Z in ms since the epoch: PostgreSQL's timestamp origin. */
const PG_EPOCH_MS = 946_684_800_000;
const TWO_32 = 4_294_967_296;

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');

/** A column being filled: values plus a validity bitmap (absent until a NULL comes). */
export interface WireColumn {
  type: WireType;
  length: number;
  /** float8 and timestamp (ms) values. */
  doubles?: Float64Array;
  bools?: Uint8Array;
  /** text: the values' UTF-8 bytes end to end, and Arrow's offsets into them (length + 1). */
  bytes?: Uint8Array;
  offsets?: Int32Array;
  valid?: Uint8Array;
  nulls: number;
}

/** An incremental reader: push chunks as they arrive, then `finish()`. */
export class BinaryCopyReader {
  readonly columns: WireColumn[];
  private pending: Buffer = Buffer.alloc(0);
  private headerRead = false;
  private done = false;
  private capacity = 1024;
  rows = 0;

  constructor(types: readonly WireType[]) {
    this.columns = types.map((type) => ({
      type, length: 0, nulls: 0,
      doubles: type === 'float8' || type === 'timestamp' ? new Float64Array(this.capacity) : undefined,
      bools: type === 'bool' ? new Uint8Array(this.capacity) : undefined,
      bytes: type === 'text' ? new Uint8Array(16 * this.capacity) : undefined,
      offsets: type === 'text' ? new Int32Array(this.capacity + 1) : undefined,
    }));
  }

  push(chunk: Buffer): void {
    const buf = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk;
    let pos = 0;
    if (!this.headerRead) {
      if (buf.length < 19) {
        this.pending = buf;
        return;
      }
      if (!buf.subarray(0, 11).equals(SIGNATURE)) throw new DataError('bad_data', 'PostgreSQL COPY output is not in the binary format');
      const extension = buf.readUInt32BE(15);
      if (buf.length < 19 + extension) {
        this.pending = buf;
        return;
      }
      pos = 19 + extension;
      this.headerRead = true;
    }
    const width = this.columns.length;
    // DataView reads inline in V8; Buffer's read methods check bounds on every call.
    const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    while (!this.done && pos + 2 <= buf.length) {
      const count = view.getInt16(pos);
      if (count === -1) {
        this.done = true;
        pos += 2;
        break;
      }
      if (count !== width) throw new DataError('bad_data', `PostgreSQL COPY row has ${count} fields; ${width} were asked for`);
      // Is the whole row here? Walk its field lengths first.
      let end = pos + 2;
      let complete = true;
      for (let j = 0; j < width; j++) {
        if (end + 4 > buf.length) { complete = false; break; }
        const len = view.getInt32(end);
        end += 4 + Math.max(0, len);
        if (end > buf.length) { complete = false; break; }
      }
      if (!complete) break;
      this.readRow(buf, view, pos + 2);
      pos = end;
    }
    this.pending = pos < buf.length ? Buffer.from(buf.subarray(pos)) : Buffer.alloc(0);
  }

  private grow(): void {
    this.capacity *= 2;
    for (const c of this.columns) {
      if (c.doubles) c.doubles = copyInto(new Float64Array(this.capacity), c.doubles);
      if (c.bools) c.bools = copyInto(new Uint8Array(this.capacity), c.bools);
      if (c.offsets) c.offsets = copyInto(new Int32Array(this.capacity + 1), c.offsets);
      if (c.valid) c.valid = copyInto(new Uint8Array(this.capacity >> 3), c.valid, 0xff);
    }
  }

  private readRow(buf: Buffer, view: DataView, start: number): void {
    if (this.rows >= this.capacity) this.grow();
    const r = this.rows;
    let pos = start;
    for (const c of this.columns) {
      const len = view.getInt32(pos);
      pos += 4;
      if (len < 0) {
        c.valid ??= new Uint8Array(this.capacity >> 3).fill(0xff);
        c.valid[r >> 3] &= ~(1 << (r & 7));
        c.nulls++;
        if (c.offsets) c.offsets[r + 1] = c.offsets[r];
        continue;
      }
      if (c.type === 'float8') c.doubles![r] = view.getFloat64(pos);
      else if (c.type === 'timestamp') c.doubles![r] = timestampMs(view, pos);
      else if (c.bools) c.bools[r] = buf[pos];
      else appendText(c, r, buf, pos, len);
      pos += len;
    }
    this.rows++;
  }

  /** The columns, trimmed to the rows read; throws when the stream ended early. */
  finish(): WireColumn[] {
    if (!this.done || this.pending.length > 0) throw new DataError('bad_data', 'PostgreSQL COPY output ended before its trailer');
    const n = this.rows;
    for (const c of this.columns) {
      c.length = n;
      if (c.doubles) c.doubles = c.doubles.slice(0, n);
      if (c.bools) c.bools = c.bools.slice(0, n);
      if (c.offsets) c.offsets = c.offsets.slice(0, n + 1);
      if (c.bytes && c.offsets) c.bytes = c.bytes.slice(0, c.offsets[n]);
      if (c.valid) c.valid = c.valid.slice(0, Math.ceil(n / 8));
    }
    return this.columns;
  }
}

/** A timestamp's microseconds since 2000 as ms since 1970 (whole ms, as a Date holds); ±infinity as NaN. */
function timestampMs(view: DataView, pos: number): number {
  const hi = view.getInt32(pos);
  const lo = view.getUint32(pos + 4);
  if ((hi === 0x7fffffff && lo === 0xffffffff) || (hi === -0x80000000 && lo === 0)) return NaN;
  return Math.floor((hi * TWO_32 + lo) / 1000) + PG_EPOCH_MS;
}

function appendText(c: WireColumn, r: number, buf: Buffer, pos: number, len: number): void {
  const offsets = c.offsets!;
  const start = offsets[r];
  const end = start + len;
  if (end > 0x7fffffff) throw new LimitError('limit_exceeded', 'A text column read from a database holds more than 2 GiB');
  if (end > c.bytes!.length) c.bytes = copyInto(new Uint8Array(Math.min(0x7fffffff, Math.max(end, c.bytes!.length * 2))), c.bytes!);
  const bytes = c.bytes!;
  // Short strings (most) byte by byte: a subarray per value costs more than the copy.
  if (len <= 32) for (let i = 0; i < len; i++) bytes[start + i] = buf[pos + i];
  else bytes.set(buf.subarray(pos, pos + len), start);
  offsets[r + 1] = end;
}

function copyInto<T extends Float64Array | Uint8Array | Int32Array>(target: T, source: T, fill?: number): T {
  if (fill !== undefined) target.fill(fill);
  target.set(source);
  return target;
}
