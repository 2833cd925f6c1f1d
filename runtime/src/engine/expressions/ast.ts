/**
 * The expression AST (the ESTree subset vega-expression produces) and the parse step.
 * Parsing is kept apart from compilation and evaluation so both walk the same checked tree.
 */
import { parseExpression } from 'vega-expression';
import { ExpressionError, LimitError } from '../../errors.js';
import { MAX_EXPRESSION_LENGTH } from './growth.js';

export type Node =
  | { type: 'Literal'; value: unknown; raw?: string; regex?: { pattern: string; flags: string } }
  | { type: 'Identifier'; name: string }
  | { type: 'MemberExpression'; computed: boolean; object: Node; property: Node }
  | { type: 'CallExpression'; callee: Node; arguments: Node[] }
  | { type: 'ArrayExpression'; elements: Node[] }
  | { type: 'ObjectExpression'; properties: { key: Node; value: Node }[] }
  | { type: 'UnaryExpression'; operator: string; argument: Node }
  | { type: 'BinaryExpression'; operator: string; left: Node; right: Node }
  | { type: 'LogicalExpression'; operator: string; left: Node; right: Node }
  | { type: 'ConditionalExpression'; test: Node; consequent: Node; alternate: Node };

const KNOWN = new Set([
  'Literal', 'Identifier', 'MemberExpression', 'CallExpression', 'ArrayExpression', 'ObjectExpression',
  'UnaryExpression', 'BinaryExpression', 'LogicalExpression', 'ConditionalExpression', 'Property',
]);

/** Parses a Vega expression; a syntax error becomes ExpressionError('bad_expression'). */
export function parse(source: string): Node {
  if (typeof source !== 'string') {
    throw new ExpressionError('bad_expression', `Expression must be a string, got ${JSON.stringify(source)}`);
  }
  if (source.length > MAX_EXPRESSION_LENGTH) {
    throw new LimitError('limit_exceeded', `Expression of ${source.length} characters; the limit is ${MAX_EXPRESSION_LENGTH}`);
  }
  let ast: unknown;
  try {
    ast = parseExpression(source);
  } catch (cause) {
    throw new ExpressionError('bad_expression', `Cannot parse expression ${JSON.stringify(source)}: ${(cause as Error).message}`, { cause });
  }
  check(ast, source);
  return ast as Node;
}

/** Rejects node types the parser may emit that Vega itself would not evaluate (sequences). */
function check(node: unknown, source: string): void {
  if (typeof node !== 'object' || node === null) return;
  if (Array.isArray(node)) {
    node.forEach((n) => check(n, source));
    return;
  }
  const type = (node as { type?: unknown }).type;
  if (typeof type === 'string' && !KNOWN.has(type)) {
    throw new ExpressionError('bad_expression', `Unsupported syntax ${type} in expression ${JSON.stringify(source)}`);
  }
  for (const [k, v] of Object.entries(node)) {
    if (k !== 'value' && k !== 'regex') check(v, source);
  }
}

/** The function name of a call, or an error when the callee is not a plain name. */
export function calleeName(node: Extract<Node, { type: 'CallExpression' }>, source: string): string {
  if (node.callee.type !== 'Identifier') {
    throw new ExpressionError('bad_expression', `Call of a non-function in expression ${JSON.stringify(source)}`);
  }
  return node.callee.name;
}

/** The error for a function (or use of one) the engine does not support. */
export function unsupported(name: string, source: string, detail = ''): ExpressionError {
  return new ExpressionError('unsupported_function',
    `Unsupported function "${name}" in expression ${JSON.stringify(source)}${detail ? ` (${detail})` : ''}`);
}
