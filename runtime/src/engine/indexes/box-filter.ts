/**
 * A filter expression decided over boxes of rows: for rows whose filtered columns lie in a
 * box (per column a closed range of numbers, or one special value: null or NaN), whether
 * the filter keeps all of them, none of them, or cannot be decided without the rows.
 *
 * Sound by construction: "all" and "none" are answered only for the forms whose truth is
 * monotone over a range, the tests of Vega-Lite selection stores (`vlSelectionTest`, with
 * the field tests of vega-selections), `!`, `&&`, `||`, `?:` and parts that do not read the
 * row (evaluated once). Anything else that reads the row is "mixed", and the caller tests
 * those rows one by one. Over a box of one value the answer is exact for every form this
 * module knows, so rows can be tested through it without building a row object.
 */
import { inrange, isArray } from 'vega-util';
import { parse, type Node } from '../expressions/ast.js';
import { readsRow } from '../expressions/compile.js';
import { binary, interpret, type InterpretContext } from '../expressions/interpret.js';
import { dateToNumber, entryOf, testField, type StoreRow } from '../expressions/selection.js';

/** The filter keeps none of the box's rows, all of them, or some. */
export const NONE = 0;
export const ALL = 1;
export const MIXED = 2;
export type Truth = typeof NONE | typeof ALL | typeof MIXED;

/** What a column of a box holds: numbers in [lo, hi], only nulls, or only NaN. */
export const RANGE = 0;
export const NULLS = 1;
export const NANS = 2;

/**
 * A box, one slot per filtered column (in the order given to compileBoxFilter). Slots are
 * written by the caller and read by the filter; reusing one box for many tests is intended.
 */
export interface Box {
  lo: Float64Array;
  hi: Float64Array;
  kind: Uint8Array;
}

export type BoxFilter = (box: Box) => Truth;

export interface BoxFilterScope {
  timeZone: string;
  signal(name: string): unknown;
  data(name: string): Record<string, unknown>[] | undefined;
}

/** A box for `dims` columns. */
export function createBox(dims: number): Box {
  return { lo: new Float64Array(dims), hi: new Float64Array(dims), kind: new Uint8Array(dims) };
}

/**
 * `source` as a function of a box over the columns `columns` (names as the filter reads
 * them). A column with `codes` holds numbered values: its boxes are one code wide, and
 * the tests run on the value the code stands for. Throws the interpreter's errors for
 * parts that cannot be evaluated at all.
 */
export function compileBoxFilter(
  source: string, columns: readonly string[], scope: BoxFilterScope, codes: readonly (readonly unknown[] | undefined)[] = [],
  dates: readonly boolean[] = [],
): BoxFilter {
  const ctx: InterpretContext = { source, timeZone: scope.timeZone, signal: (n) => scope.signal(n), data: (n) => scope.data(n) };
  return truthOf(parse(source), ctx, { columns, codes, dates });
}

interface Columns {
  columns: readonly string[];
  codes: readonly (readonly unknown[] | undefined)[];
  /** Which columns hold dates (their box values are milliseconds). */
  dates?: readonly boolean[];
}

const mixed: BoxFilter = () => MIXED;

function truthOf(node: Node, ctx: InterpretContext, columns: Columns): BoxFilter {
  if (!readsRow(node)) {
    const t: Truth = interpret(node, ctx) ? ALL : NONE;
    return () => t;
  }
  const $ = (n: Node) => truthOf(n, ctx, columns);
  switch (node.type) {
    case 'UnaryExpression': {
      if (node.operator !== '!') return mixed;
      const a = $(node.argument);
      return (b) => {
        const t = a(b);
        return t === MIXED ? MIXED : t === ALL ? NONE : ALL;
      };
    }
    case 'LogicalExpression': {
      const l = $(node.left);
      const r = $(node.right);
      if (node.operator === '&&') {
        return (b) => {
          const x = l(b);
          if (x === NONE) return NONE;
          const y = r(b);
          if (y === NONE) return NONE;
          return x === ALL && y === ALL ? ALL : MIXED;
        };
      }
      if (node.operator === '||') {
        return (b) => {
          const x = l(b);
          if (x === ALL) return ALL;
          const y = r(b);
          if (y === ALL) return ALL;
          return x === NONE && y === NONE ? NONE : MIXED;
        };
      }
      return mixed;
    }
    case 'ConditionalExpression': {
      const test = $(node.test);
      const yes = $(node.consequent);
      const no = $(node.alternate);
      return (b) => {
        const t = test(b);
        if (t === ALL) return yes(b);
        if (t === NONE) return no(b);
        const y = yes(b);
        return y !== MIXED && y === no(b) ? y : MIXED;
      };
    }
    case 'CallExpression':
      if (node.callee.type === 'Identifier' && node.callee.name === 'vlSelectionTest') return selectionTruth(node.arguments, ctx, columns);
      return mixed;
    case 'BinaryExpression':
      return comparisonTruth(node, ctx, columns);
    default:
      return mixed;
  }
}

const RELATIONAL = new Set(['<', '<=', '>', '>=']);
const EQUALITY = new Set(['==', '===', '!=', '!==']);

/** The field a `datum.name` (or `datum["name"]`) node reads, if it is one of the columns. */
function datumField(node: Node, columns: Columns): number | undefined {
  if (node.type !== 'MemberExpression' || node.object.type !== 'Identifier' || node.object.name !== 'datum') return undefined;
  const name = !node.computed && node.property.type === 'Identifier' ? node.property.name
    : node.computed && node.property.type === 'Literal' && typeof node.property.value === 'string' ? node.property.value : undefined;
  if (name === undefined) return undefined;
  const slot = columns.columns.indexOf(name);
  return slot < 0 || columns.codes[slot] ? undefined : slot;
}

/**
 * `datum.f <op> c` (or `c <op> datum.f`) with `c` not reading the row: over a range of
 * numbers a relational operator is monotone, so its ends decide it; equality is decided
 * over one value. Special values (null, NaN) run the operator itself. Dates compare by
 * their milliseconds under relational operators only (equality of Dates is by object).
 */
function comparisonTruth(node: Extract<Node, { type: 'BinaryExpression' }>, ctx: InterpretContext, columns: Columns): BoxFilter {
  const op = node.operator;
  if (!RELATIONAL.has(op) && !EQUALITY.has(op)) return mixed;
  const left = datumField(node.left, columns);
  const right = datumField(node.right, columns);
  const slot = left ?? right;
  const other = left !== undefined ? node.right : node.left;
  if (slot === undefined || (left !== undefined && right !== undefined) || readsRow(other)) return mixed;
  const c = interpret(other, ctx);
  const test = (x: unknown): boolean => Boolean(left !== undefined ? binary(op, x, c) : binary(op, c, x));
  const equality = EQUALITY.has(op);
  return (b) => {
    const kind = b.kind[slot];
    if (kind !== RANGE) return test(kind === NULLS ? null : NaN) ? ALL : NONE;
    // A date column's values are Dates to the expression; only relational operators read them as numbers.
    if (equality && columns.dates?.[slot]) return MIXED;
    const lo = b.lo[slot];
    const hi = b.hi[slot];
    if (equality) {
      if (lo === hi) return test(lo) ? ALL : NONE;
      return MIXED;
    }
    const a = test(lo);
    const z = test(hi);
    return a && z ? ALL : !a && !z ? NONE : MIXED;
  };
}

/** One field test of a store entry over one column of the box. */
type FieldTruth = (box: Box) => Truth;

function selectionTruth(args: Node[], ctx: InterpretContext, columns: Columns): BoxFilter {
  const [storeArg, datumArg, opArg] = args;
  if (storeArg?.type !== 'Literal' || typeof storeArg.value !== 'string') return mixed;
  if (datumArg?.type !== 'Identifier' || datumArg.name !== 'datum') return mixed;
  if (opArg && readsRow(opArg)) return mixed;
  const op = opArg ? interpret(opArg, ctx) : undefined;
  const rows = ctx.data(storeArg.value) as StoreRow[] | undefined;
  if (!rows) return mixed;
  const entries = rows.map((row) => {
    const { unit, fields, values } = entryOf(row);
    const tests = fields.map((f, i) => {
      const slot = columns.columns.indexOf(f.field);
      if (slot < 0) return mixed;
      const codes = columns.codes[slot];
      return codes ? codedTruth(slot, codes, f.type, dateToNumber(values[i])) : fieldTruth(slot, f.type, dateToNumber(values[i]));
    });
    return { unit, test: all(tests) };
  });
  if (entries.length === 0) return () => NONE;
  if (op === 'intersect') {
    const units = new Map<unknown, FieldTruth[]>();
    for (const e of entries) units.set(e.unit, [...(units.get(e.unit) ?? []), e.test]);
    return all([...units.values()].map(any));
  }
  return any(entries.map((e) => e.test));
}

function all(tests: FieldTruth[]): FieldTruth {
  return (b) => {
    let out: Truth = ALL;
    for (const t of tests) {
      const x = t(b);
      if (x === NONE) return NONE;
      if (x === MIXED) out = MIXED;
    }
    return out;
  };
}

function any(tests: FieldTruth[]): FieldTruth {
  return (b) => {
    let out: Truth = NONE;
    for (const t of tests) {
      const x = t(b);
      if (x === ALL) return ALL;
      if (x === MIXED) out = MIXED;
    }
    return out;
  };
}

const isNumber = (v: unknown): v is number => typeof v === 'number' && !Number.isNaN(v);

/**
 * The field test `type` with value `v` over column `slot`. A column of one special value
 * runs the test itself (exact); a range of numbers is decided where the test is monotone.
 */
function fieldTruth(slot: number, type: string, v: unknown): FieldTruth {
  const range = rangeTruth(type, v);
  return (b) => {
    const kind = b.kind[slot];
    if (kind !== RANGE) return testField(type, kind === NULLS ? null : NaN, v) ? ALL : NONE;
    return range(b.lo[slot], b.hi[slot]);
  };
}

/** The field test over a coded column: one code per box (or a special value), tested as its value. */
function codedTruth(slot: number, codes: readonly unknown[], type: string, v: unknown): FieldTruth {
  const results = codes.map((c) => (testField(type, c, v) ? ALL : NONE));
  return (b) => {
    const kind = b.kind[slot];
    if (kind !== RANGE) return testField(type, kind === NULLS ? null : NaN, v) ? ALL : NONE;
    return b.lo[slot] === b.hi[slot] ? results[b.lo[slot]] ?? MIXED : MIXED;
  };
}

/** A test over numbers in [lo, hi] (never NaN). */
function rangeTruth(type: string, v: unknown): (lo: number, hi: number) => Truth {
  const point = (lo: number, hi: number): Truth | undefined => (lo === hi ? (testField(type, lo, v) ? ALL : NONE) : undefined);
  switch (type) {
    case 'R': case 'R-RE': case 'R-E': case 'R-LE': {
      if (!isArray(v)) return (lo, hi) => point(lo, hi) ?? MIXED;
      const first: unknown = v[0];
      const last: unknown = v[v.length - 1];
      if (!isNumber(first) || !isNumber(last)) return (lo, hi) => point(lo, hi) ?? MIXED;
      const a = Math.min(first, last);
      const z = Math.max(first, last);
      const left = type === 'R' || type === 'R-RE';
      const right = type === 'R' || type === 'R-LE';
      const range = [a, z];
      return (lo, hi) => {
        // inrange is convex: it holds over [lo, hi] when it holds at both ends.
        if (inrange(lo, range, left, right) && inrange(hi, range, left, right)) return ALL;
        if ((left ? hi < a : hi <= a) || (right ? lo > z : lo >= z)) return NONE;
        return MIXED;
      };
    }
    case 'E': case 'E-ONE': {
      const list = isArray(v) ? v : type === 'E' ? [v] : undefined;
      if (!list) return (lo, hi) => point(lo, hi) ?? MIXED;
      // A number equals only numbers (includes, indexOf and === agree on them but NaN).
      const numbers = list.filter(isNumber).sort((x, y) => x - y);
      return (lo, hi) => {
        const p = point(lo, hi);
        if (p !== undefined) return p;
        return numbers.some((x) => x >= lo && x <= hi) ? MIXED : NONE;
      };
    }
    case 'E-LT': case 'E-LTE': case 'E-GT': case 'E-GTE': {
      if (!isNumber(v)) return (lo, hi) => point(lo, hi) ?? MIXED;
      const holds = (x: number) => testField(type, x, v);
      // Each is a half line: it holds over [lo, hi] when it holds at both ends, and fails
      // over it when it fails at both.
      return (lo, hi) => {
        const a = holds(lo);
        const z = holds(hi);
        return a && z ? ALL : !a && !z ? NONE : MIXED;
      };
    }
    default:
      // E-VALID holds for every number; tests Vega does not know pass every row.
      return () => (testField(type, 0, v) ? ALL : NONE);
  }
}
