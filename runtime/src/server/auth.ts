/**
 * Who may talk to the runtime: the token, and the browser-facing checks that keep web
 * pages the user happens to visit away from it (Origin on WebSocket upgrades, Host on
 * every request against DNS rebinding, a non-simple header on uploads against
 * cross-site form posts).
 */
import { timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';

/** Compares a presented token with the configured one in constant time. */
export function tokenMatches(presented: string, expected: string): boolean {
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The host name of a `Host` header value (`example.com:80` -> `example.com`, `[::1]:8` -> `::1`), lower-cased. */
export function hostName(host: string): string {
  const h = host.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(1, h.indexOf(']') > 0 ? h.indexOf(']') : undefined);
  const colon = h.indexOf(':');
  return colon >= 0 && h.indexOf(':', colon + 1) < 0 ? h.slice(0, colon) : h;
}

function isLoopbackName(name: string): boolean {
  return name === 'localhost' || name.endsWith('.localhost') || name === '::1' || /^127\.\d+\.\d+\.\d+$/.test(name);
}

/**
 * True when a request naming `host` (its Host header) may be served: IP addresses (DNS
 * rebinding needs a name), localhost, and the configured public host names; `*` allows any.
 * A request without a Host header (HTTP/1.0) is allowed: browsers always send one.
 */
export function hostAllowed(host: string | undefined, publicHosts: readonly string[]): boolean {
  if (host === undefined || publicHosts.includes('*')) return true;
  const name = hostName(host);
  if (name === '') return false;
  if (isIP(name) !== 0 || isLoopbackName(name)) return true;
  return publicHosts.some((p) => hostName(p) === name);
}

/**
 * True when a browser page of `origin` may open a WebSocket: no Origin (not a browser),
 * the runtime's own origin (the Origin's host is the request's Host), loopback origins
 * (localhost, 127.0.0.1, [::1] on any port), and the configured ones; `*` allows any.
 */
export function originAllowed(origin: string | undefined, allowed: readonly string[], requestHost?: string): boolean {
  if (origin === undefined || allowed.includes('*')) return true;
  if (allowed.includes(origin)) return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false; // "null" (sandboxed frames, file: pages) and garbage
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  if (isLoopbackName(hostName(url.host))) return true;
  return requestHost !== undefined && url.host.toLowerCase() === requestHost.trim().toLowerCase();
}

/** Content types a cross-site page may POST without a CORS preflight. */
const SIMPLE_CONTENT_TYPES = ['text/plain', 'multipart/form-data', 'application/x-www-form-urlencoded'];

/**
 * True when a POST carries something a cross-site page cannot send without a preflight
 * (which the runtime never grants): a token header, or a Content-Type that is not one of
 * the CORS-simple ones.
 */
export function hasNonSimpleHeader(headers: { authorization?: string; token?: string; contentType?: string }): boolean {
  if (headers.authorization || headers.token) return true;
  const type = headers.contentType?.split(';')[0].trim().toLowerCase();
  return type !== undefined && type !== '' && !SIMPLE_CONTENT_TYPES.includes(type);
}
