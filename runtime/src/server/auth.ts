/** Token and origin checks. */
import { timingSafeEqual } from 'node:crypto';

/** Compares a presented token with the configured one in constant time. */
export function tokenMatches(presented: string, expected: string): boolean {
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** True when `origin` may connect: any origin when the list is empty. */
export function originAllowed(origin: string | undefined, allowed: readonly string[]): boolean {
  if (allowed.length === 0) return true;
  return origin !== undefined && allowed.includes(origin);
}
