/**
 * Compiles a parsed Vega expression to SQL over the columns of `scope.schema`. Parts that
 * do not depend on the row (literals, signals, constants, calls over them) are evaluated
 * in JavaScript first and enter the SQL as literals; the rest is compiled by operator and
 * function, tracking the Vega type of every sub-expression.
 */
import { ExpressionError, RuntimeError } from '../../errors.js';
import { ident, stringLiteral } from '../sql.js';
import type { ExprScope, Row } from '../types.js';
import { calleeName, unsupported, type Node } from './ast.js';
import { SQL_FUNCTIONS } from './functions/index.js';
import { selectionIdTestSql, selectionTestSql } from './functions/selection.js';
import { CONSTANTS, getMember, interpret, signalValue } from './interpret.js';
import { dataset } from './js-functions.js';
import {
  arithmetic, choose, compare, distribute, logical, looseEquals, plus, strictEquals, unary,
} from './operators.js';
import {
  constVal, fromCases, sqlVal, strSql, toSql, truthSql, type Case, type SqlVal, type Val,
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
  const v = sqlVal(col.type, `${prefix}${ident(col.name)}`);
  if (col.exactJson && col.type === 'object') return { ...v, exactJson: true };
  return col.integral && col.type === 'number' ? { ...v, whole: true } : v;
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
  if (object.kind === 'sql' && object.type === 'object' && object.exactJson && key.kind === 'const') {
    return jsonMember(object, key.value, ctx);
  }
  // A member of a member that some rows lack (`o.a && o.a.b`): where the holder is null or
  // undefined JS throws, which a guard like `&&` keeps from happening; elsewhere it is read.
  if (object.kind === 'mixed' && key.kind === 'const'
    && object.cases.every((c) => c.value.type === 'undefined' || c.value.type === 'null' || (c.value.type === 'object' && c.value.exactJson))) {
    return distribute([object], ([o]) => (o.kind === 'sql' && o.type === 'object' ? jsonMember(o, key.value, ctx) : constVal(undefined)), ctx.source);
  }
  throw unsupported('member access', ctx.source, 'on values computed from the row');
}

const JSON_NUMBERS = ['BIGINT', 'UBIGINT', 'HUGEINT', 'DOUBLE'];
const JSON_TYPES = new Set(['NULL', 'VARCHAR', 'BOOLEAN', 'OBJECT', 'ARRAY', ...JSON_NUMBERS]);
const FORBIDDEN_MEMBERS = new Set(['__proto__', 'constructor', 'prototype']);

/** Rows of a helper query over the rows nested values are read from; refused where none can run. */
function probeNested(ctx: CompileContext, select: string, where: string, limit: number): Row[] {
  if (!ctx.scope.probe || ctx.scope.datumPrefix) throw unsupported('member access', ctx.source, 'on values computed from the row');
  return ctx.scope.probe(select, where, limit);
}

/**
 * One typed case for each JSON type in `present` of the JSON value `j`: null, number,
 * string, boolean, and nested values (still exact JSON). SQL NULL is the caller's.
 */
function jsonTypeCases(j: string, present: ReadonlySet<string>, ctx: CompileContext): Case[] {
  const unknown = [...present].find((t) => t !== 'missing' && !JSON_TYPES.has(t));
  if (unknown) throw unsupported('member access', ctx.source, `nested values of JSON type ${unknown}`);
  const cases: Case[] = [];
  const add = (types: string[], value: SqlVal) => {
    if (types.some((t) => present.has(t))) cases.push({ when: `json_type(${j}) IN (${types.map((t) => stringLiteral(t)).join(', ')})`, value });
  };
  add(['NULL'], sqlVal('null', 'NULL'));
  add(JSON_NUMBERS, sqlVal('number', `CAST(${j} AS DOUBLE)`));
  add(['VARCHAR'], sqlVal('string', `json_extract_string(${j}, '$')`));
  add(['BOOLEAN'], sqlVal('boolean', `CAST(${j} AS BOOLEAN)`));
  add(['OBJECT', 'ARRAY'], { ...sqlVal('object', j), exactJson: true });
  return cases;
}

/** The value of non-empty typed cases, the last one standing where none of the others holds. */
function fromTypeCases(cases: Case[], why: string): Val {
  return fromCases([...cases.slice(0, -1), { ...cases[cases.length - 1], when: 'TRUE' }], why);
}

/**
 * `object[key]` of nested values held as exact JSON: the member at that key (array
 * element or object property), typed by what the data holds there (a helper query): one
 * case per JS type present, a missing member being undefined. Strings as holders (whose
 * characters JS would index) and `length` are refused.
 */
function jsonMember(object: SqlVal, key: unknown, ctx: CompileContext): Val {
  const k = typeof key === 'number' ? String(key) : key;
  if (typeof k !== 'string' || k === 'length' || FORBIDDEN_MEMBERS.has(k)) {
    throw unsupported('member access', ctx.source, `the member ${JSON.stringify(k)} of nested values`);
  }
  const j = `json_extract(${object.sql}, ${stringLiteral(`/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`)})`;
  const found = probeNested(ctx, `DISTINCT json_type(${object.sql}) AS holder, json_type(${j}) AS member`, 'TRUE', 64);
  if (found.some((r) => r.holder === 'VARCHAR')) {
    throw unsupported('member access', ctx.source, 'on strings among nested values');
  }
  const present = new Set(found.map((r) => (r.member === null ? 'missing' : String(r.member))));
  const cases = [
    ...(present.has('missing') ? [{ when: `${j} IS NULL`, value: sqlVal('undefined', 'NULL') }] : []),
    ...jsonTypeCases(j, present, ctx),
  ];
  return cases.length === 0 ? constVal(undefined) : fromTypeCases(cases, `the member ${JSON.stringify(k)} holds values of different types`);
}

/**
 * What `v` is where it is falsy, when it holds exact-JSON nested values (alone or among
 * null and undefined cases); undefined for other values (their falsy values keep their type).
 */
/** The operands of a chain of `&&`, left to right. */
function conjuncts(node: Node): Node[] {
  return node.type === 'LogicalExpression' && node.operator === '&&' ? [...conjuncts(node.left), ...conjuncts(node.right)] : [node];
}

/** The argument of a one-argument call of `name`. */
function callArg(node: Node, name: string): Node | undefined {
  const named = node.type === 'CallExpression' && node.callee.type === 'Identifier' && node.callee.name === name;
  return named && node.arguments.length === 1 ? node.arguments[0] : undefined;
}

/**
 * `isValid(x) && isFinite(+x)` for a number x, which Vega-Lite writes for every
 * quantitative field it filters: true exactly for finite numbers, so one `isfinite(x)`;
 * for a whole-number column (never NaN or infinite) `x IS NOT NULL`, which DuckDB
 * answers from the validity mask alone.
 */
function validFinite(a: Node, b: Node, ctx: CompileContext): Val | undefined {
  const x = callArg(a, 'isValid');
  const y = callArg(b, 'isFinite');
  if (!x || !y || y.type !== 'UnaryExpression' || y.operator !== '+' || JSON.stringify(y.argument) !== JSON.stringify(x)) return undefined;
  const v = compileNode(x, ctx);
  if (v.kind !== 'sql' || v.type !== 'number') return undefined;
  if (v.whole) return { ...sqlVal('boolean', `(${v.sql} IS NOT NULL)`, true), loose: `(${v.sql} IS NOT NULL)` };
  return { ...sqlVal('boolean', `COALESCE(isfinite(${v.sql}), FALSE)`, true), loose: `isfinite(${v.sql})` };
}

/**
 * `a && b && ...`: JavaScript's value (the first falsy operand, or the last), the operands
 * compiled left to right as far as a constant falsy one, booleans joined by AND.
 */
function conjunction(node: Node, ctx: CompileContext): Val {
  const terms = conjuncts(node);
  let acc: Val | undefined;
  for (let i = 0; i < terms.length; i++) {
    const merged = i + 1 < terms.length ? validFinite(terms[i], terms[i + 1], ctx) : undefined;
    if (merged) i++;
    const right = merged ?? compileNode(terms[i], ctx);
    acc = acc === undefined ? right : and(acc, right, ctx);
    if (acc.kind === 'const' && !acc.value) return acc;
  }
  return acc as Val;
}

function and(left: Val, right: Val, ctx: CompileContext): Val {
  if (left.kind === 'const') return left.value ? right : left;
  // `o && o.x` over nested values: where o is falsy it is null (or a falsy JSON scalar).
  const falsy = falsyNested(left, ctx);
  if (falsy) return choose(truthSql(left), right, falsy, ctx.source);
  return logical('&&', left, right, ctx.source);
}

function falsyNested(v: Val, ctx: CompileContext): Val | undefined {
  const nested = (x: SqlVal) => x.type === 'object' && x.exactJson;
  if (v.kind === 'sql') return nested(v) ? falsyJson(v, ctx) : undefined;
  if (v.kind !== 'mixed' || !v.cases.some((c) => nested(c.value))) return undefined;
  const cases = v.cases.flatMap((c) => {
    if (!nested(c.value)) return [c];
    const inner = falsyJson(c.value, ctx);
    return inner.kind === 'mixed'
      ? inner.cases.map((i) => ({ when: c.when === 'TRUE' ? i.when : `(${c.when} AND ${i.when})`, value: i.value }))
      : [{ when: c.when, value: toSql(inner, ctx.source) }];
  });
  return fromCases(cases, 'falsy nested values of different types');
}

/** The values an exact-JSON value takes where it is falsy, typed by what the data holds (a helper query). */
function falsyJson(v: SqlVal, ctx: CompileContext): Val {
  const present = new Set(probeNested(ctx, `DISTINCT json_type(${v.sql}) AS t`, `NOT ${truthSql(v)}`, 16)
    .map((r) => (r.t === null ? 'missing' : String(r.t))));
  const cases = [
    ...(present.has('missing') ? [{ when: `${v.sql} IS NULL`, value: sqlVal('null', 'NULL') }] : []),
    ...jsonTypeCases(v.sql, present, ctx),
  ];
  return cases.length === 0 ? sqlVal('null', 'NULL') : fromTypeCases(cases, 'falsy nested values of different types');
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
      if (node.operator === '&&') return conjunction(node, ctx);
      // `||`: the left operand where it is truthy (the right one is compiled only if needed).
      const left = compileNode(node.left, ctx);
      if (left.kind === 'const') return left.value ? left : compileNode(node.right, ctx);
      return logical(node.operator, left, compileNode(node.right, ctx), ctx.source);
    }
    case 'ConditionalExpression': return conditional(node.test, node.consequent, node.alternate, ctx);
    case 'ArrayExpression': case 'ObjectExpression':
      throw unsupported(node.type === 'ArrayExpression' ? 'array literal' : 'object literal', ctx.source, 'with values from the row');
    default:
      throw new ExpressionError('bad_expression', `Unsupported syntax in expression ${JSON.stringify(ctx.source)}`);
  }
}

