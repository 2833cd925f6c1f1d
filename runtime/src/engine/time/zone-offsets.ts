/**
 * UTC offsets of an IANA zone as a piecewise-constant function of the instant, read from
 * the platform's Intl (the same tz data a browser's Date uses), and compiled to SQL as a
 * balanced CASE tree: local wall-clock time becomes a handful of comparisons per row
 * instead of a per-row time zone conversion.
 */

export interface ZoneOffsets {
  zone: string;
  /** Instants (ms) where the offset changes, ascending. */
  transitions: number[];
  /** offsets[i] holds before transitions[i]; the last one after the last transition (ms). */
  offsets: number[];
}

/** Years covered exactly; outside, the offset at the edge applies. */
export const ZONE_RANGE = { from: Date.UTC(1800, 0, 1), to: Date.UTC(2200, 0, 1) };

const cache = new Map<string, ZoneOffsets>();

function formatter(zone: string): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat('en-US', {
    timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric',
    hour: 'numeric', minute: 'numeric', second: 'numeric', era: 'short',
  });
}

/** Offset (ms, local minus UTC) of `zone` at instant `ms`. */
export function offsetAt(f: Intl.DateTimeFormat, ms: number): number {
  const t = Math.floor(ms / 1000) * 1000;
  const parts: Record<string, string> = {};
  for (const p of f.formatToParts(new Date(t))) parts[p.type] = p.value;
  let year = Number(parts.year);
  if (parts.era === 'BC' || parts.era === 'B') year = 1 - year;
  const d = new Date(0);
  d.setUTCFullYear(year, Number(parts.month) - 1, Number(parts.day));
  d.setUTCHours(Number(parts.hour), Number(parts.minute), Number(parts.second), 0);
  return d.getTime() - t;
}

/** The offsets of `zone` (cached); throws RangeError for a zone the platform does not know. */
export function zoneOffsets(zone: string): ZoneOffsets {
  const hit = cache.get(zone);
  if (hit) return hit;
  const f = formatter(zone);
  const transitions: number[] = [];
  const offsets: number[] = [];
  const step = 7 * 86_400_000;
  let prev = offsetAt(f, ZONE_RANGE.from);
  for (let t = ZONE_RANGE.from + step; t <= ZONE_RANGE.to + step; t += step) {
    const cur = offsetAt(f, t);
    if (cur === prev) continue;
    // Bisect to the second where the offset changes.
    let lo = t - step;
    let hi = t;
    while (hi - lo > 1000) {
      const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
      if (offsetAt(f, mid) === prev) lo = mid;
      else hi = mid;
    }
    offsets.push(prev);
    transitions.push(hi);
    prev = cur;
  }
  offsets.push(prev);
  const out = { zone, transitions, offsets };
  cache.set(zone, out);
  return out;
}

/** True when the zone is UTC at every instant (no CASE needed). */
export function isFixedZone(z: ZoneOffsets): boolean {
  return z.transitions.length === 0;
}

/**
 * SQL for the offset (ms, as DOUBLE) at instant `msSql` (an epoch-ms DOUBLE expression,
 * best a plain column: it is repeated in the comparisons).
 */
export function offsetSql(z: ZoneOffsets, msSql: string, sqlType: 'BIGINT' | 'DOUBLE' = 'BIGINT'): string {
  const tree = (lo: number, hi: number): string => {
    // offsets[lo..hi] apply between transitions[lo-1] and transitions[hi].
    if (lo === hi) return `${z.offsets[lo]}`;
    const mid = (lo + hi) >> 1;
    return `CASE WHEN ${msSql} < ${z.transitions[mid]} THEN ${tree(lo, mid)} ELSE ${tree(mid + 1, hi)} END`;
  };
  return `(${tree(0, z.offsets.length - 1)})::${sqlType}`;
}
