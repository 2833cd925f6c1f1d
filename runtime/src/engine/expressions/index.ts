/**
 * Vega expressions compiled to SQL with JavaScript's semantics, and evaluated in
 * JavaScript for signal values.
 */
import { ExpressionError, RuntimeError } from '../../errors.js';
import type { CompiledExpr, ExprScope, ValueType } from '../types.js';
import { parse } from './ast.js';
import { SUPPORTED_FUNCTIONS, compileNode } from './compile.js';
import { distinctBound } from './distinct.js';
import { interpret } from './interpret.js';
import { publicType, sqlVal, toSql, truthSql, whereSql, type Val } from './values.js';

/** The functions compileExpression and evaluateExpression support, by name. */
export const EXPRESSION_FUNCTIONS: readonly string[] = SUPPORTED_FUNCTIONS;

/** A compiled expression that also knows its truthiness, which is defined even when its values are of mixed types. */
class CompiledValue implements CompiledExpr {
  constructor(private readonly value: Val, private readonly source: string, readonly distinct: number | undefined) {}

  /** SQL of the value; throws when rows would get values of different types. */
  get sql(): string {
    return toSql(this.value, this.source).sql;
  }

  get type(): ValueType | 'unknown' {
    try {
      return publicType(toSql(this.value, this.source).type);
    } catch {
      return 'unknown';
    }
  }

  /** SQL that is TRUE exactly when the value is truthy. */
  get truth(): string {
    return truthSql(this.value);
  }

  /** SQL that is TRUE exactly when the value is truthy, FALSE or NULL elsewhere. */
  get where(): string {
    return whereSql(this.value);
  }
}

/**
 * Compiles a Vega expression over `scope.schema` to SQL. Throws ExpressionError with code
 * 'bad_expression' (syntax), 'unsupported_function' (a function, or a use of one, the
 * engine cannot compile exactly) or 'unknown_signal'.
 */
export function compileExpression(source: string, scope: ExprScope): CompiledExpr {
  const node = parse(source);
  const value = compileNode(node, { source, scope });
  // Materialize once so errors surface here, not when the SQL is read.
  if (value.kind !== 'mixed') toSql(value, source);
  // (A mixed value may still be usable by its truthiness: filter reads only that.)
  return new CompiledValue(value, source, distinctBound(node, scope.schema));
}

/**
 * SQL for a WHERE clause: TRUE exactly where the value is truthy in JavaScript, FALSE or
 * NULL elsewhere (cheaper than `truthy` when NULL need not be told from FALSE).
 */
export function whereTruthy(expr: CompiledExpr): string {
  return expr instanceof CompiledValue ? expr.where : truthy(expr);
}

/** SQL that is TRUE exactly when the value is truthy in JavaScript (never NULL). */
export function truthy(expr: CompiledExpr): string {
  if (expr instanceof CompiledValue) return expr.truth;
  if (expr.type === 'unknown') return `COALESCE(CAST(${expr.sql} AS BOOLEAN), FALSE)`;
  return truthSql(sqlVal(expr.type, expr.sql));
}

/** Evaluates a signal expression in JavaScript, with Vega's semantics. */
export function evaluateExpression(source: string, scope: Omit<ExprScope, 'schema'>): unknown {
  const node = parse(source);
  try {
    return interpret(node, {
      source, timeZone: scope.timeZone, signal: (n) => scope.signal(n), data: (n) => scope.data(n),
    });
  } catch (error) {
    if (error instanceof RuntimeError) throw error;
    throw new ExpressionError('bad_expression', `Expression ${JSON.stringify(source)} failed: ${(error as Error).message}`, { cause: error });
  }
}
