/**
 * d3-time-format specifiers (the ones Vega-Lite emits) for timeFormat/utcFormat, in both
 * JavaScript (signal evaluation) and SQL (over a wall-clock TIMESTAMP). Both follow
 * d3-time-format's en-US locale: its names, its padding and its modifiers (-, _, 0).
 */
import { stringLiteral } from '../sql.js';
import type { LocalFields } from './zoned-time.js';

export type FormatToken = { literal: string } | { directive: string; pad: string | undefined };

const SHORT_DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const SHORT_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September',
  'October', 'November', 'December'];
const PADS: Record<string, string> = { '-': '', _: ' ', 0: '0' };

/** Directives implemented here; a specifier using another one is not supported. */
export const TIME_DIRECTIVES = 'aAbBdeHIjLmMpqQsSuwUyYZ%';

/** Splits a specifier into literals and directives; null if it uses an unsupported directive. */
export function tokenizeTimeFormat(spec: string): FormatToken[] | null {
  const out: FormatToken[] = [];
  let lit = '';
  for (let i = 0; i < spec.length; i++) {
    if (spec.charCodeAt(i) !== 37) {
      lit += spec[i];
      continue;
    }
    let c = spec[++i];
    let pad: string | undefined;
    if (c !== undefined && c in PADS) {
      pad = PADS[c];
      c = spec[++i];
    }
    if (c === undefined) return null;
    if (!TIME_DIRECTIVES.includes(c)) return null;
    if (c === '%') {
      lit += '%';
      continue;
    }
    if (lit) out.push({ literal: lit });
    lit = '';
    out.push({ directive: c, pad });
  }
  if (lit) out.push({ literal: lit });
  return out;
}

function padJs(value: number, fill: string, width: number): string {
  const sign = value < 0 ? '-' : '';
  const s = String(sign ? -value : value);
  return sign + (s.length < width ? fill.repeat(width - s.length) + s : s);
}

/** Day of the year (1-based) of local fields. */
export function dayOfYear(f: LocalFields): number {
  return Math.round((Date.UTC(f.year, f.month, f.date) - Date.UTC(f.year, 0, 1)) / 86_400_000) + 1;
}

/** Sunday-based week of the year, as d3's timeWeek.count from the year's start. */
export function weekOfYear(f: LocalFields): number {
  const doy = dayOfYear(f);
  const jan1 = (((f.day - (doy - 1)) % 7) + 7) % 7;
  return (doy - f.day + ((jan1 + 6) % 7)) / 7;
}

/** Formats local fields (and the instant, for %Q and %s) as d3 would. */
export function formatTimeJs(tokens: FormatToken[], f: LocalFields, ms: number): string {
  let out = '';
  for (const t of tokens) {
    if ('literal' in t) {
      out += t.literal;
      continue;
    }
    const p = (dflt: string) => (t.pad === undefined ? dflt : t.pad);
    switch (t.directive) {
      case 'a': out += SHORT_DAYS[f.day] ?? ''; break;
      case 'A': out += DAYS[f.day] ?? ''; break;
      case 'b': out += SHORT_MONTHS[f.month] ?? ''; break;
      case 'B': out += MONTHS[f.month] ?? ''; break;
      case 'd': out += padJs(f.date, p('0'), 2); break;
      case 'e': out += padJs(f.date, p(' '), 2); break;
      case 'H': out += padJs(f.hours, p('0'), 2); break;
      case 'I': out += padJs(f.hours % 12 || 12, p('0'), 2); break;
      case 'j': out += padJs(Number.isNaN(ms) ? NaN : dayOfYear(f), p('0'), 3); break;
      case 'L': out += padJs(f.milliseconds, p('0'), 3); break;
      case 'm': out += padJs(f.month + 1, p('0'), 2); break;
      case 'M': out += padJs(f.minutes, p('0'), 2); break;
      case 'p': out += f.hours >= 12 ? 'PM' : 'AM'; break;
      case 'q': out += String(1 + ~~(f.month / 3)); break;
      case 'Q': out += String(ms); break;
      case 's': out += String(Math.floor(ms / 1000)); break;
      case 'S': out += padJs(f.seconds, p('0'), 2); break;
      case 'u': out += String(f.day === 0 ? 7 : f.day); break;
      case 'w': out += String(f.day); break;
      case 'U': out += padJs(Number.isNaN(ms) ? NaN : weekOfYear(f), p('0'), 2); break;
      case 'y': out += padJs(f.year % 100, p('0'), 2); break;
      case 'Y': out += padJs(f.year % 10000, p('0'), 4); break;
      case 'Z': {
        let z = f.timezoneOffset;
        const sign = z > 0 ? '-' : '+';
        if (!(z > 0)) z = -z;
        out += sign + padJs((z / 60) | 0, '0', 2) + padJs(z % 60, '0', 2);
        break;
      }
      default: break;
    }
  }
  return out;
}

/** SQL pad of a non-negative integer-valued BIGINT expression, like d3's pad. */
function padSql(value: string, fill: string, width: number): string {
  return fill === '' ? `CAST(${value} AS VARCHAR)` : `lpad(CAST(${value} AS VARCHAR), ${width}, ${stringLiteral(fill)})`;
}

function names(list: string[], index: string): string {
  return `[${list.map(stringLiteral).join(', ')}][${index} + 1]`;
}

/**
 * SQL formatting a wall-clock TIMESTAMP `w` (local or UTC fields), with `ms` the instant's
 * epoch ms (BIGINT) and `offset` the zone's minutes ahead of UTC (BIGINT).
 */
export function formatTimeSql(tokens: FormatToken[], w: string, ms: string, offset: string): string {
  const parts = tokens.map((t) => {
    if ('literal' in t) return stringLiteral(t.literal);
    const p = (dflt: string) => (t.pad === undefined ? dflt : t.pad);
    switch (t.directive) {
      case 'a': return names(SHORT_DAYS, `dayofweek(${w})`);
      case 'A': return names(DAYS, `dayofweek(${w})`);
      case 'b': return names(SHORT_MONTHS, `(month(${w}) - 1)`);
      case 'B': return names(MONTHS, `(month(${w}) - 1)`);
      case 'd': return padSql(`day(${w})`, p('0'), 2);
      case 'e': return padSql(`day(${w})`, p(' '), 2);
      case 'H': return padSql(`hour(${w})`, p('0'), 2);
      case 'I': return padSql(`((hour(${w}) + 11) % 12 + 1)`, p('0'), 2);
      case 'j': return padSql(`dayofyear(${w})`, p('0'), 3);
      case 'L': return padSql(`(millisecond(${w}) % 1000)`, p('0'), 3);
      case 'm': return padSql(`month(${w})`, p('0'), 2);
      case 'M': return padSql(`minute(${w})`, p('0'), 2);
      case 'p': return `CASE WHEN hour(${w}) >= 12 THEN 'PM' ELSE 'AM' END`;
      case 'q': return `CAST(quarter(${w}) AS VARCHAR)`;
      case 'Q': return `CAST(${ms} AS VARCHAR)`;
      case 's': return `CAST(floor(${ms} / 1000) AS BIGINT)::VARCHAR`;
      case 'S': return padSql(`second(${w})`, p('0'), 2);
      case 'u': return `CAST(isodow(${w}) AS VARCHAR)`;
      case 'w': return `CAST(dayofweek(${w}) AS VARCHAR)`;
      case 'U': return padSql(weekSql(w), p('0'), 2);
      case 'y': return padSql(`(year(${w}) % 100)`, p('0'), 2);
      case 'Y': return padSql(`(year(${w}) % 10000)`, p('0'), 4);
      case 'Z': return `(CASE WHEN ${offset} < 0 THEN '-' ELSE '+' END || lpad(CAST(abs(${offset}) // 60 AS VARCHAR), 2, '0') || lpad(CAST(abs(${offset}) % 60 AS VARCHAR), 2, '0'))`;
      default: return "''";
    }
  });
  return parts.length === 0 ? "''" : `(${parts.join(' || ')})`;
}

/** Sunday-based week of the year of a wall-clock TIMESTAMP (d3 timeWeek count). */
export function weekSql(w: string): string {
  const jan1 = `((dayofweek(${w}) - (dayofyear(${w}) - 1)) % 7 + 7) % 7`;
  return `((dayofyear(${w}) - dayofweek(${w}) + (${jan1} + 6) % 7) // 7)`;
}
