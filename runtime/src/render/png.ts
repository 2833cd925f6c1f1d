/**
 * PNG encoding of 8-bit RGBA pixels: the chunk layout of the PNG specification (IHDR,
 * IDAT, IEND, each with its CRC-32) over node:zlib's deflate. Rows use the Sub filter
 * (each byte minus the one a pixel to its left), which suits images that are mostly flat
 * color or transparent.
 */
import { crc32, deflateSync } from 'node:zlib';

const SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);

function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  out.set(data, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

export interface PngOptions {
  /** zlib level, 0-9; default 6. */
  level?: number;
}

/** Encodes `rgba` (width * height * 4 bytes, not premultiplied) as a PNG file. */
export function encodePng(rgba: Uint8Array, width: number, height: number, options: PngOptions = {}): Buffer {
  if (rgba.length !== width * height * 4) throw new RangeError(`PNG of ${width}x${height} needs ${width * height * 4} bytes, not ${rgba.length}`);
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // color type: RGBA
  const stride = width * 4;
  const filtered = new Uint8Array((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    const src = y * stride;
    const dst = y * (stride + 1);
    filtered[dst] = 1; // Sub
    for (let i = 0; i < 4 && i < stride; i++) filtered[dst + 1 + i] = rgba[src + i];
    for (let i = 4; i < stride; i++) filtered[dst + 1 + i] = (rgba[src + i] - rgba[src + i - 4]) & 0xff;
  }
  const idat = deflateSync(filtered, { level: options.level ?? 6 });
  return Buffer.concat([SIGNATURE, chunk('IHDR', header), chunk('IDAT', idat), chunk('IEND', new Uint8Array(0))]);
}
