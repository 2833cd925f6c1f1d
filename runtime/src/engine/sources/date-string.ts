/**
 * `Date.parse` as a browser in another time zone computes it. JavaScript reads ISO
 * date-only strings and strings naming a zone or offset as instants, and every other
 * string as local wall-clock time. Whether a string names a zone is decided by following
 * the token rules of V8's date parser (ES5 ISO form first, then the legacy forms), so the
 * same strings count as local that Chrome and Node treat as local.
 */
import type { ZoneClock } from './zone-time.js';

type Token =
  | { kind: 'number'; value: number; length: number }
  | { kind: 'symbol'; char: string }
  | { kind: 'word'; keyword: Keyword | null; length: number }
  | { kind: 'space' }
  | { kind: 'other' }
  | { kind: 'end' };

type Keyword = 'month' | 'ampm' | 'zone' | 'z' | 'separator';

const KEYWORDS: Record<string, Keyword> = {
  jan: 'month', feb: 'month', mar: 'month', apr: 'month', may: 'month', jun: 'month',
  jul: 'month', aug: 'month', sep: 'month', oct: 'month', nov: 'month', dec: 'month',
  am: 'ampm', pm: 'ampm', ut: 'zone', utc: 'zone', gmt: 'zone', z: 'z',
  cdt: 'zone', cst: 'zone', edt: 'zone', est: 'zone', mdt: 'zone', mst: 'zone', pdt: 'zone', pst: 'zone',
  t: 'separator',
};

const WHITE_SPACE = /[\s\uFEFF]/;

function tokenize(s: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < s.length) {
    const ch = s[i];
    if (ch >= '0' && ch <= '9') {
      let j = i;
      while (j < s.length && s[j] >= '0' && s[j] <= '9') j++;
      // V8 stops accumulating large numerals; only their length matters then.
      tokens.push({ kind: 'number', value: Math.min(Number(s.slice(i, Math.min(j, i + 9))), 1e9), length: j - i });
      i = j;
    } else if (':-+.)'.includes(ch)) {
      tokens.push({ kind: 'symbol', char: ch });
      i++;
    } else if (ch >= 'A' && !WHITE_SPACE.test(ch)) {
      let j = i;
      while (j < s.length && s[j] >= 'A' && !WHITE_SPACE.test(s[j])) j++;
      const word = s.slice(i, j).toLowerCase();
      const prefix = word.slice(0, 3);
      const keyword = Object.hasOwn(KEYWORDS, prefix) ? KEYWORDS[prefix] : null;
      // Words longer than three letters only count when they start like a month name.
      tokens.push({ kind: 'word', keyword: word.length <= 3 || keyword === 'month' ? keyword : null, length: j - i });
      i = j;
    } else if (WHITE_SPACE.test(ch)) {
      tokens.push({ kind: 'space' });
      i++;
    } else if (ch === '(') {
      let depth = 0;
      do {
        if (s[i] === ')') depth--;
        else if (s[i] === '(') depth++;
        i++;
      } while (depth > 0 && i < s.length);
      tokens.push({ kind: 'other' });
    } else {
      tokens.push({ kind: 'other' });
      i++;
    }
  }
  tokens.push({ kind: 'end' });
  return tokens;
}

class Scanner {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}
  peek(): Token {
    return this.tokens[this.i];
  }
  next(): Token {
    const t = this.tokens[this.i];
    if (t.kind !== 'end') this.i++;
    return t;
  }
  skip(char: string): boolean {
    const t = this.peek();
    if (t.kind === 'symbol' && t.char === char) {
      this.i++;
      return true;
    }
    return false;
  }
}

const isNum = (t: Token, length?: number): t is Extract<Token, { kind: 'number' }> =>
  t.kind === 'number' && (length === undefined || t.length === length);
const isSign = (t: Token) => t.kind === 'symbol' && (t.char === '+' || t.char === '-');
const between = (n: number, lo: number, hi: number) => n >= lo && n <= hi;

/** What parsing found so far: only what decides whether a zone was given. */
interface State {
  dayParts: number;
  timeParts: number;
  /** A zone or offset was given (V8's time-zone composer has a sign). */
  zoned: boolean;
  tzHour: boolean;
  tzMinute: boolean;
}

/** The ES5 ISO part; returns the token the legacy rules continue from. */
function parseIso(sc: Scanner, st: State): Token {
  if (isSign(sc.peek())) {
    const sign = sc.next();
    const year = sc.peek();
    if (!isNum(year, 6)) return sign;
    if (sign.kind === 'symbol' && sign.char === '-' && year.value === 0) return sign;
    sc.next();
    st.dayParts++;
  } else if (isNum(sc.peek(), 4)) {
    sc.next();
    st.dayParts++;
  } else {
    return sc.next();
  }
  if (sc.skip('-')) {
    const month = sc.peek();
    if (!isNum(month, 2) || !between(month.value, 1, 12)) return sc.next();
    sc.next();
    st.dayParts++;
    if (sc.skip('-')) {
      const day = sc.peek();
      if (!isNum(day, 2) || !between(day.value, 1, 31)) return sc.next();
      sc.next();
      st.dayParts++;
    }
  }
  const sep = sc.peek();
  if (!(sep.kind === 'word' && sep.keyword === 'separator')) {
    if (sep.kind !== 'end') return sc.next();
    // Date-only ISO forms are UTC.
    st.zoned = true;
    return sep;
  }
  sc.next();
  // A time after "T" is either fully ISO or invalid; only its offset matters here.
  const toks: Token[] = [];
  while (sc.peek().kind !== 'end') toks.push(sc.next());
  st.timeParts = 1;
  const last = toks.findIndex((t) => (t.kind === 'word' && t.keyword === 'z') || isSign(t));
  if (last >= 0) st.zoned = true;
  return sc.peek();
}

/** Whether V8 reads `s` as an instant (zone, offset or ISO date-only) rather than local time. */
export function dateStringHasZone(s: string): boolean {
  const sc = new Scanner(tokenize(s));
  const st: State = { dayParts: 0, timeParts: 0, zoned: false, tzHour: false, tzMinute: false };
  const first = parseIso(sc, st);
  if (first.kind === 'end') return st.zoned;
  let hasReadNumber = st.dayParts > 0;
  for (let token: Token = first; token.kind !== 'end'; token = sc.next()) {
    if (token.kind === 'number') {
      hasReadNumber = true;
      const n = token.value;
      if (sc.skip(':')) {
        if (sc.skip(':')) st.timeParts += 2;
        else {
          st.timeParts++;
          sc.skip('.');
        }
      } else if (sc.skip('.') && timeExpecting(st, n)) {
        st.timeParts = 4;
        sc.next();
      } else if (st.tzHour && !st.tzMinute && between(n, 0, 59)) {
        st.tzMinute = true;
      } else if (timeExpecting(st, n)) {
        st.timeParts = 4;
      } else {
        st.dayParts++;
        sc.skip('-');
      }
    } else if (token.kind === 'word') {
      if ((token.keyword === 'zone' || token.keyword === 'z') && hasReadNumber) {
        st.zoned = true;
        st.tzHour = true;
        st.tzMinute = true;
      } else if (token.keyword === 'month') {
        sc.skip('-');
      }
    } else if (isSign(token) && (st.zoned || st.timeParts > 0)) {
      st.zoned = true;
      let length = 0;
      if (isNum(sc.peek())) length = (sc.next() as { length: number }).length;
      hasReadNumber = true;
      const colon = sc.peek();
      st.tzHour = true;
      st.tzMinute = !(colon.kind === 'symbol' && colon.char === ':') && length > 0 && length <= 4;
    }
  }
  return st.zoned;
}

function timeExpecting(st: State, n: number): boolean {
  return (st.timeParts === 1 && between(n, 0, 59)) || (st.timeParts === 2 && between(n, 0, 59))
    || (st.timeParts === 3 && between(n, 0, 999));
}

/** Wall-clock fields of a local-time instant of this process, as a UTC-read number. */
function processWall(instant: number): number {
  const d = new Date(instant);
  const wall = new Date(0);
  wall.setUTCFullYear(d.getFullYear(), d.getMonth(), d.getDate());
  wall.setUTCHours(d.getHours(), d.getMinutes(), d.getSeconds(), d.getMilliseconds());
  return wall.getTime();
}

/** `Date.parse(s)` as evaluated in the clock's zone (NaN when the string is no date). */
export function parseDateString(s: string, clock: ZoneClock): number {
  const t = Date.parse(s);
  if (Number.isNaN(t) || dateStringHasZone(s)) return t;
  return clock.toInstant(processWall(t));
}
