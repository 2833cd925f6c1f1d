/**
 * A Vega expression over rows as a JavaScript function of the row: for one expression run
 * over a few thousand small rows (a pre-aggregated index's cells), where handing them to
 * the SQL engine costs more than the work. The parts that do not read the row are
 * evaluated once by the interpreter; the rest become closures over the interpreter's own
 * operators and function table, so the values are the interpreter's (Vega's). A
 * `vlSelectionTest` of a named store reads the store once, not once per row.
 */
import { ExpressionError } from '../../errors.js';
import { calleeName, parse, type Node } from './ast.js';
import { readsRow } from './compile.js';
import { dataset } from './js-functions.js';
import { binary, callFunction, functionOf, getMember, interpret, unary, type InterpretContext } from './interpret.js';
import { selectionTester, type StoreRow } from './selection.js';

export type RowFunction = (datum: Record<string, unknown>) => unknown;

export interface RowFunctionScope {
  timeZone: string;
  signal(name: string): unknown;
  data(name: string): Record<string, unknown>[] | undefined;
}

/** An expression this module does not turn into a function (the caller uses SQL instead). */
export class NotARowFunction extends ExpressionError {
  constructor(what: string, source: string) {
    super('unsupported_function', `${what} in ${JSON.stringify(source)} is not evaluated as a function of the row`);
  }
}

/**
 * `source` as a function of the row. Throws the interpreter's errors for what cannot be
 * evaluated at all, and NotARowFunction (code unsupported_function) for syntax this
 * module leaves to SQL.
 */
export function rowFunction(source: string, scope: RowFunctionScope): RowFunction {
  const ctx: InterpretContext = {
    source, timeZone: scope.timeZone, signal: (n) => scope.signal(n), data: (n) => scope.data(n),
  };
  return build(parse(source), ctx);
}

type Fn = (d: Record<string, unknown>) => unknown;

function build(node: Node, ctx: InterpretContext): Fn {
  if (!readsRow(node)) {
    const value = interpret(node, ctx);
    return () => value;
  }
  const $ = (n: Node) => build(n, ctx);
  switch (node.type) {
    case 'Identifier':
      // The only identifier that reads the row.
      return (d) => d;
    case 'MemberExpression': {
      const object = $(node.object);
      if (!node.computed) {
        const key = (node.property as { name: string }).name;
        return (d) => getMember(object(d), key);
      }
      const key = $(node.property);
      return (d) => getMember(object(d), key(d));
    }
    case 'CallExpression':
      return call(node, ctx);
    case 'ArrayExpression': {
      const elements = node.elements.map($);
      return (d) => elements.map((e) => e(d));
    }
    case 'UnaryExpression': {
      const { operator } = node;
      const argument = $(node.argument);
      return (d) => unary(operator, argument(d));
    }
    case 'BinaryExpression': {
      const { operator } = node;
      const left = $(node.left);
      const right = $(node.right);
      return (d) => binary(operator, left(d), right(d));
    }
    case 'LogicalExpression': {
      const left = $(node.left);
      const right = $(node.right);
      return node.operator === '&&' ? (d) => left(d) && right(d) : (d) => left(d) || right(d);
    }
    case 'ConditionalExpression': {
      const test = $(node.test);
      const consequent = $(node.consequent);
      const alternate = $(node.alternate);
      return (d) => (test(d) ? consequent(d) : alternate(d));
    }
    default:
      throw new NotARowFunction(`${node.type} reading the row`, ctx.source);
  }
}

function call(node: Extract<Node, { type: 'CallExpression' }>, ctx: InterpretContext): Fn {
  const name = calleeName(node, ctx.source);
  const args = node.arguments.map((a) => build(a, ctx));
  if (name === 'if') {
    if (args.length !== 3) throw new NotARowFunction('if() without 3 arguments', ctx.source);
    const [test, consequent, alternate] = args;
    return (d) => (test(d) ? consequent(d) : alternate(d));
  }
  if (name === 'clamp' && args.length !== 3) throw new NotARowFunction('clamp() without 3 arguments', ctx.source);
  const fn = functionOf(name, ctx);
  // A test against a store named by a constant: the store is read here, once.
  if (name === 'vlSelectionTest' && !readsRow(node.arguments[0]) && (node.arguments.length < 3 || !readsRow(node.arguments[2]))) {
    const store = dataset(interpret(node.arguments[0], ctx), ctx) as StoreRow[];
    const op = node.arguments.length < 3 ? undefined : interpret(node.arguments[2], ctx);
    const test = selectionTester(store, op);
    const datum = args[1] ?? (() => undefined);
    return (d) => test(datum(d));
  }
  return (d) => callFunction(name, fn, args.map((a) => a(d)), ctx);
}
