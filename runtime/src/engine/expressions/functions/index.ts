/**
 * The SQL function table: every function compileExpression compiles over row values.
 */
import type { SqlFunction } from './context.js';
import { CONVERT_FUNCTIONS } from './convert.js';
import { DATE_SQL_FUNCTIONS } from './dates.js';
import { MATH_FUNCTIONS } from './math.js';
import { STRING_FUNCTIONS } from './strings.js';

export const SQL_FUNCTIONS: Record<string, SqlFunction> = {
  ...MATH_FUNCTIONS,
  ...STRING_FUNCTIONS,
  ...CONVERT_FUNCTIONS,
  ...DATE_SQL_FUNCTIONS,
};
