/**
 * How many distinct values an expression can take over all rows, read from its form alone:
 * `hours(datum.date) + minutes(datum.date) / 60` takes at most 26 × 62 values whatever the
 * rows hold. A grouping by such a value first has few groups (aggregate's pre-grouping).
 *
 * The bound counts every value the SQL may produce, NULL and NaN included. It rests on one
 * rule: a deterministic function of values from sets A and B takes at most |A| × |B|
 * values. Calendar fields are bounded whatever their argument; row fields only when their
 * column says so (Column.distinct). A bound that is too small would cost time, never
 * exactness: the pre-grouping is exact for any number of groups.
 */
import type { Schema } from '../types.js';
import type { Node } from './ast.js';
import { readsRow } from './compile.js';

/** Bounds above this are reported as unbounded: they are of no use to a grouping. */
const LARGEST = 2 ** 31;

/** Values besides a function's range that SQL may give it: NULL and NaN. */
const EXTRA = 2;

/** Calendar fields: their values in any time zone, local or UTC. */
const CALENDAR: Record<string, number> = {
  quarter: 4, month: 12, date: 31, day: 7, dayofyear: 366, week: 54,
  hours: 24, minutes: 60, seconds: 60, milliseconds: 1000,
};

/** Functions with a true/false answer. */
const PREDICATES = new Set([
  'isNaN', 'isFinite', 'isValid', 'isDefined', 'isNumber', 'isString', 'isBoolean', 'isDate', 'isArray',
  'isObject', 'isRegExp', 'inrange', 'toBoolean',
]);

/** Deterministic functions of their arguments' values alone. */
const PURE = new Set([
  'abs', 'ceil', 'floor', 'round', 'exp', 'sqrt', 'log', 'sin', 'cos', 'tan', 'atan', 'asin', 'acos',
  'atan2', 'pow', 'hypot', 'max', 'min', 'clamp', 'toNumber', 'parseFloat', 'parseInt', 'toString',
  'lower', 'upper', 'trim', 'length',
]);

const COMPARISONS = new Set(['==', '!=', '===', '!==', '<', '<=', '>', '>=', 'in']);

/** The expression's distinct values over all rows are at most this; undefined where unbounded. */
export function distinctBound(node: Node, schema: Schema): number | undefined {
  const n = bound(node, schema);
  return n !== undefined && n <= LARGEST ? n : undefined;
}

function bound(node: Node, schema: Schema): number | undefined {
  if (!readsRow(node)) return 1;
  switch (node.type) {
    case 'MemberExpression': {
      if (node.object.type !== 'Identifier' || node.object.name !== 'datum') return undefined;
      const key = node.computed ? (node.property.type === 'Literal' ? node.property.value : undefined) : (node.property as { name: string }).name;
      const column = typeof key === 'string' ? schema.find((c) => c.name === key) : undefined;
      if (!column) return undefined;
      return column.type === 'boolean' ? 2 + EXTRA : column.distinct;
    }
    case 'CallExpression': {
      const name = node.callee.type === 'Identifier' ? node.callee.name : '';
      const calendar = CALENDAR[name.startsWith('utc') ? name.slice(3) : name];
      if (calendar !== undefined) return calendar + EXTRA;
      if (PREDICATES.has(name)) return 2 + EXTRA;
      if (name === 'if' && node.arguments.length === 3) return sum(bound(node.arguments[1], schema), bound(node.arguments[2], schema));
      if (PURE.has(name)) return product(node.arguments.map((a) => bound(a, schema)));
      return undefined;
    }
    case 'UnaryExpression':
      return node.operator === '!' ? 2 + EXTRA : bound(node.argument, schema);
    case 'BinaryExpression':
      if (COMPARISONS.has(node.operator)) return 2 + EXTRA;
      return product([bound(node.left, schema), bound(node.right, schema)]);
    case 'LogicalExpression':
      // `a || b` is a or b; `a ?? b` too.
      return sum(bound(node.left, schema), bound(node.right, schema));
    case 'ConditionalExpression':
      return sum(bound(node.consequent, schema), bound(node.alternate, schema));
    default:
      return undefined;
  }
}

function sum(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined || b === undefined ? undefined : a + b;
}

function product(bounds: (number | undefined)[]): number | undefined {
  let n = 1;
  for (const b of bounds) {
    if (b === undefined) return undefined;
    n *= b;
    if (n > LARGEST) return undefined;
  }
  return n;
}
