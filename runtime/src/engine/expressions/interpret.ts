/**
 * A small interpreter for Vega expressions over JavaScript values. It is used for
 * signal expressions and to fold the row-independent parts of row expressions. It is
 * safe to run on a shared server: no code generation, no globals, member access only to
 * own data properties of arrays, strings and plain objects, and calls only to the
 * function table.
 */
import { ExpressionError, RuntimeError } from '../../errors.js';
import { calleeName, unsupported, type Node } from './ast.js';
import { JS_FUNCTIONS, type JsContext, type JsFunction } from './js-functions.js';
import { charge, checkLength } from './growth.js';

/** Vega's named constants. */
export const CONSTANTS: Record<string, number> = {
  NaN, E: Math.E, LN2: Math.LN2, LN10: Math.LN10, LOG2E: Math.LOG2E, LOG10E: Math.LOG10E,
  PI: Math.PI, SQRT1_2: Math.SQRT1_2, SQRT2: Math.SQRT2, MIN_VALUE: Number.MIN_VALUE,
  MAX_VALUE: Number.MAX_VALUE,
};

export interface InterpretContext extends JsContext {
  source: string;
  signal(name: string): unknown;
  /** The row `datum` names, if any (row expressions folded per value are not rows). */
  datum?: Record<string, unknown>;
  /** Functions this evaluation may call (default: all of JS_FUNCTIONS). */
  allowed?: ReadonlySet<string>;
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Property read with Vega's semantics restricted to data: own properties and lengths. */
export function getMember(object: unknown, key: unknown): unknown {
  if (object === null || object === undefined) {
    throw new TypeError(`Cannot read properties of ${object} (reading '${String(key)}')`);
  }
  const k = typeof key === 'number' ? String(key) : key;
  if (typeof k !== 'string' || FORBIDDEN_KEYS.has(k)) return undefined;
  if (typeof object === 'string') {
    if (k === 'length') return object.length;
    return /^(0|[1-9]\d*)$/.test(k) ? object[Number(k)] : undefined;
  }
  if (Array.isArray(object) && k === 'length') return object.length;
  if (typeof object !== 'object') return undefined;
  if (!Object.prototype.hasOwnProperty.call(object, k)) return undefined;
  const value = (object as Record<string, unknown>)[k];
  return typeof value === 'function' ? undefined : value;
}

/** A signal's value; names of Object.prototype are never signals, and functions are never values. */
export function signalValue(name: string, ctx: Pick<InterpretContext, 'signal' | 'source'>): unknown {
  if (FORBIDDEN_KEYS.has(name) || name in Object.prototype) {
    throw new ExpressionError('unknown_signal', `Unrecognized signal name "${name}" in expression ${JSON.stringify(ctx.source)}`);
  }
  const value = ctx.signal(name);
  return typeof value === 'function' ? undefined : value;
}

/** Lookaround and backreferences: the regex features V8's linear-time engine cannot run. */
const BACKTRACKING_ONLY = /\(\?<?[=!]|\\[1-9]|\\k</;

/**
 * A regex literal, refused when it needs the backtracking engine: one such pattern can
 * run for minutes on a short input and stall every session of the shared runtime (the
 * server runs other patterns on V8's linear engine once they backtrack too much).
 */
function safeRegExp(pattern: string, flags: string, source: string): RegExp {
  if (BACKTRACKING_ONLY.test(pattern)) {
    throw new ExpressionError('unsupported_function', `Regular expression /${pattern}/ in ${JSON.stringify(source)} uses lookaround or a backreference, which the runtime does not evaluate`);
  }
  return new RegExp(pattern, flags);
}

/** Evaluates a parsed expression. */
export function interpret(node: Node, ctx: InterpretContext): unknown {
  const $ = (n: Node): unknown => interpret(n, ctx);
  switch (node.type) {
    case 'Literal':
      return node.regex ? safeRegExp(node.regex.pattern, node.regex.flags, ctx.source) : node.value;
    case 'Identifier':
      if (node.name === 'datum') return ctx.datum;
      if (node.name === 'event' || node.name === 'item') throw unsupported(node.name, ctx.source, 'event and item are not available');
      if (Object.prototype.hasOwnProperty.call(CONSTANTS, node.name)) return CONSTANTS[node.name];
      return signalValue(node.name, ctx);
    case 'MemberExpression': {
      const object = $(node.object);
      const key = node.computed ? $(node.property) : (node.property as { name: string }).name;
      return getMember(object, key);
    }
    case 'CallExpression':
      return call(node, ctx);
    case 'ArrayExpression':
      return node.elements.map($);
    case 'ObjectExpression': {
      const out: Record<string, unknown> = {};
      for (const p of node.properties) {
        const key = p.key.type === 'Identifier' ? p.key.name : String($(p.key));
        if (FORBIDDEN_KEYS.has(key)) throw new ExpressionError('bad_expression', `Illegal property: ${key} in expression ${JSON.stringify(ctx.source)}`);
        out[key] = $(p.value);
      }
      return out;
    }
    case 'UnaryExpression':
      return unary(node.operator, $(node.argument));
    case 'BinaryExpression': {
      const value = binary(node.operator, $(node.left), $(node.right));
      if (typeof value === 'string') charge(ctx, 'The + operator', value.length, false);
      return value;
    }
    case 'LogicalExpression':
      return node.operator === '&&' ? $(node.left) && $(node.right) : $(node.left) || $(node.right);
    case 'ConditionalExpression':
      return $(node.test) ? $(node.consequent) : $(node.alternate);
    default:
      throw new ExpressionError('bad_expression', `Unsupported syntax in expression ${JSON.stringify(ctx.source)}`);
  }
}

function call(node: Extract<Node, { type: 'CallExpression' }>, ctx: InterpretContext): unknown {
  const name = calleeName(node, ctx.source);
  if (name === 'if') {
    if (node.arguments.length !== 3) throw new ExpressionError('bad_expression', `if() needs 3 arguments in ${JSON.stringify(ctx.source)}`);
    return interpret(node.arguments[0], ctx) ? interpret(node.arguments[1], ctx) : interpret(node.arguments[2], ctx);
  }
  if (name === 'clamp' && node.arguments.length !== 3) {
    throw new ExpressionError('bad_expression', `clamp() needs 3 arguments in ${JSON.stringify(ctx.source)}`);
  }
  const fn = functionOf(name, ctx);
  return callFunction(name, fn, node.arguments.map((a) => interpret(a, ctx)), ctx);
}

/** The function `name` of the table, or an error when it is unknown or not allowed here. */
export function functionOf(name: string, ctx: Pick<InterpretContext, 'source' | 'allowed'>): JsFunction {
  const fn = Object.prototype.hasOwnProperty.call(JS_FUNCTIONS, name) ? JS_FUNCTIONS[name] : undefined;
  if (!fn || (ctx.allowed && !ctx.allowed.has(name))) throw unsupported(name, ctx.source);
  return fn;
}

/** Calls a function of the table on evaluated arguments, its errors named as the interpreter names them. */
export function callFunction(name: string, fn: JsFunction, args: unknown[], ctx: InterpretContext): unknown {
  try {
    return fn(args, ctx);
  } catch (cause) {
    // A function's own refusal gets the function's name and the expression added.
    if (cause instanceof ExpressionError && cause.code === 'unsupported_function') throw unsupported(name, ctx.source, cause.message);
    if (cause instanceof RuntimeError) throw cause;
    throw new ExpressionError('bad_expression', `${name}() failed in expression ${JSON.stringify(ctx.source)}: ${(cause as Error).message}`, { cause });
  }
}

/* The operators below act on plain data values only, so JavaScript's own operators give
   exactly JavaScript's semantics. */
type Num = number;

export function unary(op: string, v: unknown): unknown {
  switch (op) {
    case '-': return -(v as Num);
    case '+': return +(v as Num);
    case '!': return !v;
    case '~': return ~(v as Num);
    default: throw new ExpressionError('bad_expression', `Unsupported operator ${op}`);
  }
}

export function binary(op: string, a: unknown, b: unknown): unknown {
  const x = a as Num;
  const y = b as Num;
  switch (op) {
    case '+': {
      // Strings joined by + over and over (in a signal of a long expression) grow without bound.
      const sum: unknown = x + y;
      if (typeof sum === 'string') checkLength('The + operator', sum.length);
      return sum;
    }
    case '-': return x - y;
    case '*': return x * y;
    case '/': return x / y;
    case '%': return x % y;
    case '==': return a == b;
    case '!=': return a != b;
    case '===': return a === b;
    case '!==': return a !== b;
    case '<': return x < y;
    case '>': return x > y;
    case '<=': return x <= y;
    case '>=': return x >= y;
    case '&': return x & y;
    case '|': return x | y;
    case '^': return x ^ y;
    case '<<': return x << y;
    case '>>': return x >> y;
    case '>>>': return x >>> y;
    case 'in': throw new ExpressionError('bad_expression', 'The "in" operator is not supported');
    default: throw new ExpressionError('bad_expression', `Unsupported operator ${op}`);
  }
}
