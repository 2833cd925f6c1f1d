/**
 * Where a data URL of a spec may be read from. Relative and root-relative paths resolve
 * inside the configured data roots only (after percent-decoding, and with symlinks
 * followed: the real path must stay inside a root); http(s) only for allowed hosts;
 * uploaded datasets only by their exact content address. Everything else is refused.
 */
import { realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { DataError } from '../../errors.js';

export const DATASET_SCHEME = 'vegafusion+dataset://';
const DATASET_ADDRESS = /^vegafusion\+dataset:\/\/([0-9a-f]{64})$/;

export type SourceTarget =
  | { kind: 'file'; path: string; size: number; mtimeMs: number }
  | { kind: 'http'; url: string }
  | { kind: 'dataset'; hash: string };

/** The content address under which an upload with this sha256 hex is read. */
export function datasetUrl(hash: string): string {
  return `${DATASET_SCHEME}${hash}`;
}

/** True when `child` lies strictly inside directory `root` (both absolute, normalized). */
function isInside(root: string, child: string): boolean {
  const rel = path.relative(root, child);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel);
}

/** Whether an http(s) URL's host is allowed (by host name, or host:port). */
export function checkHttpUrl(raw: string, allowedHosts: readonly string[]): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch (cause) {
    throw new DataError('bad_data', `Malformed data URL "${raw}"`, { cause });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new DataError('data_forbidden', `Data URL scheme "${url.protocol}" is not allowed: "${raw}"`);
  }
  const allowed = allowedHosts.map((h) => h.toLowerCase());
  if (!allowed.includes(url.hostname.toLowerCase()) && !allowed.includes(url.host.toLowerCase())) {
    throw new DataError('data_forbidden', `Data host "${url.host}" is not in the allowed hosts: "${raw}"`);
  }
  return url;
}

function decodePath(raw: string): string {
  const bare = raw.replace(/[?#].*$/s, '');
  let decoded: string;
  try {
    decoded = decodeURIComponent(bare);
  } catch (cause) {
    throw new DataError('bad_data', `Malformed percent-encoding in data URL "${raw}"`, { cause });
  }
  if (decoded.includes('\u0000')) throw new DataError('data_forbidden', `Data URL "${raw}" contains a NUL character`);
  return decoded;
}

function realRoots(roots: readonly string[]): string[] {
  const out: string[] = [];
  for (const root of roots) {
    try {
      out.push(realpathSync(path.resolve(root)));
    } catch {
      // A root that does not exist holds no files.
    }
  }
  return out;
}

/** Finds the file a path names inside the data roots. */
function resolveFile(raw: string, roots: readonly string[]): SourceTarget {
  const p = decodePath(raw);
  const absolute = p.startsWith('/');
  const lexicalRoots = roots.map((r) => path.resolve(r));
  const candidates: string[] = [];
  // An absolute file-system path that lies in a root names that file directly.
  if (absolute && lexicalRoots.some((r) => isInside(r, path.resolve(p)))) candidates.push(path.resolve(p));
  for (const root of lexicalRoots) {
    const candidate = path.resolve(root, p.replace(/^\/+/, ''));
    if (!isInside(root, candidate)) {
      throw new DataError('data_forbidden', `Data URL "${raw}" resolves outside the data roots`);
    }
    candidates.push(candidate);
  }
  const real = realRoots(roots);
  for (const candidate of candidates) {
    let resolved: string;
    try {
      resolved = realpathSync(candidate);
    } catch {
      continue;
    }
    if (!real.some((r) => isInside(r, resolved))) {
      throw new DataError('data_forbidden', `Data URL "${raw}" resolves (through a link) outside the data roots`);
    }
    let stat: ReturnType<typeof statSync>;
    try {
      stat = statSync(resolved);
    } catch {
      continue; // gone since its real path was read
    }
    if (!stat.isFile()) throw new DataError('data_not_found', `Data URL "${raw}" is not a file`);
    return { kind: 'file', path: resolved, size: stat.size, mtimeMs: stat.mtimeMs };
  }
  if (absolute && !lexicalRoots.some((r) => isInside(r, path.resolve(p)))) {
    throw new DataError('data_forbidden', `Data URL "${raw}" is outside the data roots and not found in them`);
  }
  throw new DataError('data_not_found', `Data file "${raw}" was not found in the data roots`);
}

/**
 * Resolves a spec's data URL to what may be read. Throws DataError with code
 * 'data_forbidden' (outside the roots, a refused scheme or host), 'data_not_found' or
 * 'bad_data' (malformed URL).
 */
export function resolveUrl(url: string, roots: readonly string[], allowedHosts: readonly string[]): SourceTarget {
  if (typeof url !== 'string' || url.length === 0) throw new DataError('bad_data', 'Data URL must be a non-empty string');
  if (url.startsWith('vegafusion+dataset:')) {
    const m = DATASET_ADDRESS.exec(url);
    if (!m) throw new DataError('data_not_found', `No uploaded dataset at "${url}" (expected ${DATASET_SCHEME}<sha256 hex>)`);
    return { kind: 'dataset', hash: m[1] };
  }
  // Vega's loader reads a protocol-relative URL as http.
  const full = url.startsWith('//') ? `http:${url}` : url;
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(full);
  if (scheme) {
    const name = scheme[1].toLowerCase();
    if (name !== 'http' && name !== 'https') {
      throw new DataError('data_forbidden', `Data URL scheme "${name}:" is not allowed: "${url}"`);
    }
    return { kind: 'http', url: checkHttpUrl(full, allowedHosts).href };
  }
  return resolveFile(url, roots);
}
