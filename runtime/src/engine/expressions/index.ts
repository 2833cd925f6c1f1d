/**
 * Vega expressions compiled to SQL with JavaScript's semantics, and evaluated in
 * JavaScript for signal values. (Placeholder surface: the compiler lands in this folder.)
 */
import { ExpressionError } from '../../errors.js';
import type { CompiledExpr, ExprScope } from '../types.js';

export const EXPRESSION_FUNCTIONS: readonly string[] = [];

/** Compiles a Vega expression over `scope.schema` to SQL. */
export function compileExpression(source: string, _scope: ExprScope): CompiledExpr {
  throw new ExpressionError('bad_expression', `Cannot compile expression ${JSON.stringify(source)} yet`);
}

/** SQL that is TRUE exactly when the value is truthy in JavaScript (never NULL). */
export function truthy(expr: CompiledExpr): string {
  return `COALESCE(CAST(${expr.sql} AS BOOLEAN), FALSE)`;
}

/** Evaluates a signal expression in JavaScript, with Vega's semantics. */
export function evaluateExpression(source: string, _scope: Omit<ExprScope, 'schema'>): unknown {
  throw new ExpressionError('bad_expression', `Cannot evaluate expression ${JSON.stringify(source)} yet`);
}
