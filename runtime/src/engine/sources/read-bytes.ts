/**
 * The bytes of a data source, size-limited: a file inside the data roots, or an http(s)
 * URL of an allowed host (redirects are followed only to allowed hosts).
 */
import { readFile } from 'node:fs/promises';
import { DataError, LimitError } from '../../errors.js';
import { checkHttpUrl } from './resolve-url.js';

const MAX_REDIRECTS = 5;

function tooLarge(what: string, maxBytes: number): LimitError {
  return new LimitError('limit_exceeded', `${what} is larger than the limit of ${maxBytes} bytes`);
}

/** Reads a file (already resolved inside the data roots). */
export async function readFileBytes(path: string, size: number, maxBytes: number, signal?: AbortSignal): Promise<Uint8Array> {
  if (size > maxBytes) throw tooLarge(`Data file "${path}"`, maxBytes);
  try {
    const buffer = await readFile(path, { signal });
    if (buffer.byteLength > maxBytes) throw tooLarge(`Data file "${path}"`, maxBytes);
    return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  } catch (cause) {
    if (cause instanceof LimitError) throw cause;
    const code = (cause as { code?: string }).code;
    if (code === 'ENOENT') throw new DataError('data_not_found', `Data file "${path}" was not found`, { cause });
    throw new DataError('bad_data', `Cannot read data file "${path}": ${(cause as Error).message}`, { cause });
  }
}

/** Fetches an http(s) URL of an allowed host with Node's fetch. */
export async function fetchBytes(
  url: string, allowedHosts: readonly string[], maxBytes: number, signal?: AbortSignal,
): Promise<Uint8Array> {
  let current = url;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    checkHttpUrl(current, allowedHosts);
    let response: Response;
    try {
      response = await fetch(current, { redirect: 'manual', signal });
    } catch (cause) {
      throw new DataError('data_not_found', `Cannot fetch "${current}": ${(cause as Error).message}`, { cause });
    }
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      await response.body?.cancel();
      current = new URL(location, current).href;
      continue;
    }
    if (response.status === 404 || response.status === 410) {
      throw new DataError('data_not_found', `Data URL "${current}" was not found (HTTP ${response.status})`);
    }
    if (!response.ok) throw new DataError('bad_data', `Fetching "${current}" failed with HTTP ${response.status}`);
    const declared = Number(response.headers.get('content-length'));
    if (Number.isFinite(declared) && declared > maxBytes) {
      await response.body?.cancel();
      throw tooLarge(`Data URL "${current}"`, maxBytes);
    }
    return readLimited(response, current, maxBytes);
  }
  throw new DataError('bad_data', `Too many redirects fetching "${url}"`);
}

async function readLimited(response: Response, url: string, maxBytes: number): Promise<Uint8Array> {
  if (!response.body) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw tooLarge(`Data URL "${url}"`, maxBytes);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.byteLength;
  }
  return out;
}
