/**
 * The bytes of a data source, size-limited: a file inside the data roots, or an http(s)
 * URL of an allowed host (redirects are followed only to allowed hosts).
 */
import { constants, realpathSync } from 'node:fs';
import { open, realpath, stat, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { DataError, LimitError } from '../../errors.js';
import { checkHttpUrl } from './resolve-url.js';

const MAX_REDIRECTS = 5;

function tooLarge(what: string, maxBytes: number): LimitError {
  return new LimitError('limit_exceeded', `${what} is larger than the limit of ${maxBytes} bytes`);
}

function inside(root: string, child: string): boolean {
  const rel = path.relative(root, child);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel);
}

/**
 * Checks that the open file is the one at `file`'s real location inside a root. A folder
 * on the way may have been swapped for a link between the path's check and the open: the
 * opened file is then another file than the one the path names now, or one outside.
 */
async function checkOpened(handle: FileHandle, file: string, roots: readonly string[]): Promise<void> {
  const opened = await handle.stat();
  const real = await realpath(file);
  const realRoots = roots.flatMap((r) => {
    try {
      return [realpathSync(r)];
    } catch {
      return [];
    }
  });
  const now = await stat(real);
  if (!realRoots.some((r) => inside(r, real)) || now.ino !== opened.ino || now.dev !== opened.dev) {
    throw new DataError('data_forbidden', `Data file "${file}" changed while it was opened (a link out of the data roots?)`);
  }
}

/**
 * Reads a file (already resolved inside the data roots). Given the roots, the file is
 * opened without following a link as its last part, and checked once open to be the file
 * at its real path inside a root (see checkOpened).
 */
export async function readFileBytes(file: string, size: number, maxBytes: number, signal?: AbortSignal, roots?: readonly string[]): Promise<Uint8Array> {
  if (size > maxBytes) throw tooLarge(`Data file "${file}"`, maxBytes);
  let handle: FileHandle | undefined;
  try {
    handle = await open(file, roots ? constants.O_RDONLY | constants.O_NOFOLLOW : constants.O_RDONLY);
    if (roots) await checkOpened(handle, file, roots);
    const buffer = await handle.readFile({ signal });
    if (buffer.byteLength > maxBytes) throw tooLarge(`Data file "${file}"`, maxBytes);
    return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  } catch (cause) {
    if (cause instanceof LimitError || cause instanceof DataError) throw cause;
    const code = (cause as { code?: string }).code;
    if (code === 'ENOENT') throw new DataError('data_not_found', `Data file "${file}" was not found`, { cause });
    if (code === 'ELOOP') throw new DataError('data_forbidden', `Data file "${file}" became a link while it was opened`, { cause });
    throw new DataError('bad_data', `Cannot read data file "${file}": ${(cause as Error).message}`, { cause });
  } finally {
    await handle?.close();
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
