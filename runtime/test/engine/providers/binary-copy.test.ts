/**
 * PostgreSQL's binary COPY format read into Arrow-shaped columns, whatever the chunk
 * boundaries: doubles, booleans, timestamps (microseconds since 2000 -> ms since 1970,
 * infinity as NaN), UTF-8 text and NULLs; a stream cut short is a coded error.
 */
import { describe, expect, it } from 'vitest';
import { BinaryCopyReader, type WireColumn } from '../../../src/engine/providers/binary-copy.js';
import { DataError } from '../../../src/errors.js';

type Cell = { kind: 'f'; v: number } | { kind: 'b'; v: boolean } | { kind: 't'; us: bigint } | { kind: 's'; v: string } | null;

function encode(rows: Cell[][]): Buffer {
  const parts: Buffer[] = [Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), Buffer.alloc(4), Buffer.from([0, 0, 0, 2, 0xab, 0xcd])];
  for (const row of rows) {
    const count = Buffer.alloc(2);
    count.writeInt16BE(row.length);
    parts.push(count);
    for (const cell of row) {
      let body: Buffer;
      if (cell === null) {
        const len = Buffer.alloc(4);
        len.writeInt32BE(-1);
        parts.push(len);
        continue;
      }
      if (cell.kind === 'f') { body = Buffer.alloc(8); body.writeDoubleBE(cell.v); }
      else if (cell.kind === 'b') body = Buffer.from([cell.v ? 1 : 0]);
      else if (cell.kind === 't') { body = Buffer.alloc(8); body.writeBigInt64BE(cell.us); }
      else body = Buffer.from(cell.v, 'utf8');
      const len = Buffer.alloc(4);
      len.writeInt32BE(body.length);
      parts.push(len, body);
    }
  }
  const trailer = Buffer.alloc(2);
  trailer.writeInt16BE(-1);
  parts.push(trailer);
  return Buffer.concat(parts);
}

const strings = (c: WireColumn) => Array.from({ length: c.length }, (_, i) => (c.valid && !(c.valid[i >> 3] & (1 << (i & 7))) ? null : new TextDecoder().decode(c.bytes!.subarray(c.offsets![i], c.offsets![i + 1]))));
const numbers = (c: WireColumn) => Array.from(c.doubles!, (v, i) => (c.valid && !(c.valid[i >> 3] & (1 << (i & 7))) ? null : v));

describe('binary COPY reader', () => {
  const MS_2024 = Date.UTC(2024, 2, 31, 1, 30, 0, 123);
  const rows: Cell[][] = Array.from({ length: 1500 }, (_, i) => [
    i % 7 === 0 ? null : { kind: 'f', v: i / 3 },
    i % 5 === 0 ? null : { kind: 'b', v: i % 2 === 0 },
    i === 3 ? { kind: 't', us: 0x7fffffffffffffffn } : { kind: 't', us: BigInt(MS_2024 - 946_684_800_000 + i) * 1000n + 999n },
    i % 11 === 0 ? null : { kind: 's', v: i % 3 === 0 ? `é ${i} 😀` : 'x'.repeat(i % 50) },
  ]);
  const bytes = encode(rows);

  it('reads every column the same whatever the chunk size', () => {
    for (const size of [1, 2, 3, 7, 64, 4096, bytes.length]) {
      const reader = new BinaryCopyReader(['float8', 'bool', 'timestamp', 'text']);
      for (let at = 0; at < bytes.length; at += size) reader.push(bytes.subarray(at, at + size));
      const [f, b, t, s] = reader.finish();
      expect(numbers(f), `chunks of ${size}`).toEqual(rows.map((r) => (r[0] ? (r[0] as { v: number }).v : null)));
      expect(Array.from(b.bools!, (v, i) => (b.valid && !(b.valid[i >> 3] & (1 << (i & 7))) ? null : v === 1))).toEqual(rows.map((r) => (r[1] ? (r[1] as { v: boolean }).v : null)));
      // Whole ms (microseconds dropped, as a Date holds them); infinity as NaN.
      expect(numbers(t)).toEqual(rows.map((_, i) => (i === 3 ? NaN : MS_2024 + i)));
      expect(strings(s)).toEqual(rows.map((r) => (r[3] ? (r[3] as { v: string }).v : null)));
      expect(f.nulls).toBe(rows.filter((r) => r[0] === null).length);
    }
  });

  it('refuses a stream that ends early or has rows of another width', () => {
    const short = new BinaryCopyReader(['float8', 'bool', 'timestamp', 'text']);
    short.push(bytes.subarray(0, bytes.length - 5));
    expect(() => short.finish()).toThrow(DataError);
    const wide = new BinaryCopyReader(['float8']);
    expect(() => wide.push(bytes)).toThrow(/has 4 fields; 1 were asked for/);
    expect(() => new BinaryCopyReader(['text']).push(Buffer.from('not a copy stream at all'))).toThrow(DataError);
  });
});
