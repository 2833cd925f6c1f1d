/**
 * Compiles a parsed Vega expression to SQL over the columns of `scope.schema`. Parts that
 * do not depend on the row (literals, signals, constants, calls over them) are evaluated
 * in JavaScript first and enter the SQL as literals; the rest is compiled by operator and
 * function, tracking the Vega type of every sub-expression.
 */
import { ExpressionError, RuntimeError } from '../../errors.js';
import { ident } from '../sql.js';
import type { ExprScope } from '../types.js';
import { calleeName, unsupported, type Node } from './ast.js';
import { SQL_FUNCTIONS } from './functions/index.js';
import { selectionIdTestSql, selectionTestSql } from './functions/selection.js';
import { CONSTANTS, getMember, interpret, signalValue } from './interpret.js';
import { dataset } from './js-functions.js';
import {
  arithmetic, choose, compare, distribute, logical, looseEquals, plus, strictEquals, unary,
} from './operators.js';
import {
  constVal, sqlVal, strSql, toSql, truthSql, type Val,
} from './values.js';

export interface CompileContext {
  source: string;
  scope: ExprScope;
}

/** True when the expression reads the row (`datum`), so it cannot be folded. */
export function readsRow(node: Node): boolean {
  switch (node.type) {
    case 'Identifier': return node.name === 'datum';
    case 'Literal': return false;
    case 'MemberExpression': return readsRow(node.object) || (node.computed && readsRow(node.property));
    case 'CallExpression': return node.arguments.some(readsRow);
    case 'ArrayExpression': return node.elements.some(readsRow);
    case 'ObjectExpression': return node.properties.some((p) => readsRow(p.value));
    case 'UnaryExpression': return readsRow(node.argument);
    case 'BinaryExpression': case 'LogicalExpression': return readsRow(node.left) || readsRow(node.right);
    case 'ConditionalExpression': return readsRow(node.test) || readsRow(node.consequent) || readsRow(node.alternate);
    default: return false;
  }
}

function fold(node: Node, ctx: CompileContext): Val {
  const { scope, source } = ctx;
  try {
    return constVal(interpret(node, {
      source, timeZone: scope.timeZone, signal: (n) => scope.signal(n), data: (n) => scope.data(n),
      allowed: SUPPORTED,
    }));
  } catch (error) {
    if (error instanceof RuntimeError) throw error;
    throw new ExpressionError('bad_expression', `Expression ${JSON.stringify(source)} failed: ${(error as Error).message}`, { cause: error });
  }
}

const SUPPORTED = new Set([...Object.keys(SQL_FUNCTIONS), 'if', 'vlSelectionTest', 'vlSelectionIdTest', 'vlSelectionResolve', 'data']);

/** The names compileExpression supports, sorted. */
export const SUPPORTED_FUNCTIONS: readonly string[] = [...SUPPORTED].sort();

/** A column of the row, or undefined (Vega's value for a missing field). */
export function fieldOf(name: string, ctx: CompileContext): Val {
  const col = ctx.scope.schema.find((c) => c.name === name);
  if (!col) return constVal(undefined);
  const prefix = ctx.scope.datumPrefix ? `${ctx.scope.datumPrefix}.` : '';
  return sqlVal(col.type, `${prefix}${ident(col.name)}`);
}

function propertyKey(node: Extract<Node, { type: 'MemberExpression' }>, ctx: CompileContext): Val {
  if (!node.computed) return constVal((node.property as { name: string }).name);
  return compileNode(node.property, ctx);
}

function member(node: Extract<Node, { type: 'MemberExpression' }>, ctx: CompileContext): Val {
  const key = propertyKey(node, ctx);
  if (node.object.type === 'Identifier' && node.object.name === 'datum') {
    if (key.kind !== 'const') throw unsupported('datum[...]', ctx.source, 'field names computed from the row');
    return fieldOf(String(key.value), ctx);
  }
  const object = compileNode(node.object, ctx);
  if (object.kind === 'const' && key.kind === 'const') return constVal(getMember(object.value, key.value));
  if (object.kind === 'sql' && object.type === 'string' && key.kind === 'const' && key.value === 'length') {
    return SQL_FUNCTIONS.length([object], { source: ctx.source, scope: ctx.scope, name: 'length' });
  }
  if (object.kind === 'const' && key.kind === 'sql' && object.value !== null && typeof object.value === 'object') {
    return lookupTable(object.value as Record<string, unknown>, key, ctx);
  }
  throw unsupported('member access', ctx.source, 'on values computed from the row');
}

function typeOfVal(v: Val): string {
  return v.kind === 'sql' ? v.type : v.kind;
}

/** `literal[rowValue]`: a CASE over the literal's own properties. */
function lookupTable(object: Record<string, unknown>, key: Val, ctx: CompileContext): Val {
  const k = strSql(key, ctx.source);
  const entries = Object.keys(object).map((p) => [p, object[p]] as const);
  // Only a string key can name an array's length.
  if (Array.isArray(object) && typeOfVal(key) === 'string') entries.push(['length', object.length]);
  let out: Val = constVal(undefined);
  for (const [p, value] of entries.reverse()) {
    out = choose(`(${k} = ${toSql(constVal(p), ctx.source).sql})`, constVal(value), out, ctx.source);
  }
  return out;
}

function call(node: Extract<Node, { type: 'CallExpression' }>, ctx: CompileContext): Val {
  const name = calleeName(node, ctx.source);
  const args = node.arguments;
  if (name === 'if') {
    if (args.length !== 3) throw new ExpressionError('bad_expression', `if() needs 3 arguments in ${JSON.stringify(ctx.source)}`);
    return conditional(args[0], args[1], args[2], ctx);
  }
  const fctx = { source: ctx.source, scope: ctx.scope, name };
  if (name === 'vlSelectionTest' || name === 'vlSelectionIdTest') {
    const store = args[0] && args[0].type === 'Literal' ? args[0].value : undefined;
    if (typeof store !== 'string') throw new ExpressionError('bad_expression', `vlSelectionTest needs a literal store name in ${JSON.stringify(ctx.source)}`);
    if (!args[1] || args[1].type !== 'Identifier' || args[1].name !== 'datum') throw unsupported(name, ctx.source, 'the second argument must be datum');
    const op = args[2] ? compileNode(args[2], ctx) : constVal(undefined);
    if (op.kind !== 'const') throw unsupported(name, ctx.source, 'the operation must not depend on the row');
    const test = name === 'vlSelectionTest' ? selectionTestSql : selectionIdTestSql;
    return test(dataset(store, ctx.scope), op.value, (field) => fieldOf(field, ctx), fctx);
  }
  const fn = Object.prototype.hasOwnProperty.call(SQL_FUNCTIONS, name) ? SQL_FUNCTIONS[name] : undefined;
  if (!fn) throw unsupported(name, ctx.source);
  if (name === 'clamp' && args.length !== 3) throw new ExpressionError('bad_expression', `clamp() needs 3 arguments in ${JSON.stringify(ctx.source)}`);
  return distribute(args.map((a) => compileNode(a, ctx)), (vals) => fn(vals, fctx), ctx.source);
}

function conditional(test: Node, consequent: Node, alternate: Node, ctx: CompileContext): Val {
  const t = compileNode(test, ctx);
  if (t.kind === 'const') return compileNode(t.value ? consequent : alternate, ctx);
  return choose(truthSql(t), compileNode(consequent, ctx), compileNode(alternate, ctx), ctx.source);
}

function binary(op: string, a: Val, b: Val, ctx: CompileContext): Val {
  const s = ctx.source;
  switch (op) {
    case '+': return plus(a, b, s);
    case '==': return looseEquals(a, b, s);
    case '!=': return looseEquals(a, b, s, true);
    case '===': return strictEquals(a, b, s);
    case '!==': return strictEquals(a, b, s, true);
    case '<': case '<=': case '>': case '>=': return compare(op, a, b, s);
    case 'in': throw new ExpressionError('bad_expression', `The "in" operator is not supported in ${JSON.stringify(s)}`);
    default: return arithmetic(op, a, b, s);
  }
}

/** Compiles one node to a value. */
export function compileNode(node: Node, ctx: CompileContext): Val {
  if (!readsRow(node)) return fold(node, ctx);
  switch (node.type) {
    case 'Identifier':
      if (node.name === 'datum') throw unsupported('datum', ctx.source, 'the whole row cannot be a value');
      return Object.prototype.hasOwnProperty.call(CONSTANTS, node.name) ? constVal(CONSTANTS[node.name]) : constVal(signalValue(node.name, { signal: (n) => ctx.scope.signal(n), source: ctx.source }));
    case 'MemberExpression': return member(node, ctx);
    case 'CallExpression': return call(node, ctx);
    case 'UnaryExpression': {
      const arg = compileNode(node.argument, ctx);
      if (node.operator === '!') return unary('!', arg, ctx.source);
      return distribute([arg], ([a]) => unary(node.operator, a, ctx.source), ctx.source);
    }
    case 'BinaryExpression':
      return distribute([compileNode(node.left, ctx), compileNode(node.right, ctx)], ([a, b]) => binary(node.operator, a, b, ctx), ctx.source);
    case 'LogicalExpression': {
      const left = compileNode(node.left, ctx);
      if (left.kind === 'const') return (node.operator === '&&' ? left.value : !left.value) ? compileNode(node.right, ctx) : left;
      return logical(node.operator, left, compileNode(node.right, ctx), ctx.source);
    }
    case 'ConditionalExpression': return conditional(node.test, node.consequent, node.alternate, ctx);
    case 'ArrayExpression': case 'ObjectExpression':
      throw unsupported(node.type === 'ArrayExpression' ? 'array literal' : 'object literal', ctx.source, 'with values from the row');
    default:
      throw new ExpressionError('bad_expression', `Unsupported syntax in expression ${JSON.stringify(ctx.source)}`);
  }
}

