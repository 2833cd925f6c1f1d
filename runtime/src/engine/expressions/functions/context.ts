/**
 * What a SQL function compiler receives: its compiled arguments and the compile context.
 */
import type { ExprScope } from '../../types.js';
import { unsupported } from '../ast.js';
import type { Val } from '../values.js';

export interface FnContext {
  source: string;
  scope: ExprScope;
  name: string;
}

export type SqlFunction = (args: Val[], ctx: FnContext) => Val;

/** The argument at `i`, or the constant undefined when it was not given (like JS). */
export function arg(args: Val[], i: number): Val {
  return args[i] ?? { kind: 'const', value: undefined };
}

/** A constant argument's value; a row-dependent one is not supported for this function. */
export function constArg(args: Val[], i: number, ctx: FnContext, what: string): unknown {
  const a = arg(args, i);
  if (a.kind !== 'const') throw unsupported(ctx.name, ctx.source, `${what} must not depend on the row`);
  return a.value;
}
