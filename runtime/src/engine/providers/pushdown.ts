/**
 * What of a pipeline a database computes exactly: the leading filters whose predicates
 * compile to SQL that gives, for every row, the truthiness Vega's JavaScript gives
 * (`null < 5` is true there, NaN compares false, `==` between a string and a number
 * coerces). Predicates are compiled once against a Dialect, so the same filter renders for
 * DuckDB and for PostgreSQL. Anything outside the subset below stays in DuckDB, with the
 * reason kept for the plan report.
 *
 * The subset: `datum.f` (or `datum['f']`) compared with a literal (`<`, `<=`, `>`, `>=`,
 * `==`, `===`, `!=`, `!==`; numbers against number columns, strings against string columns
 * by equality only), `isValid(datum.f)`, a field alone (truthiness), `!`, `&&`, `||`,
 * `true`, `false` and parentheses.
 */
import { parse, type Node } from '../expressions/ast.js';
import type { Dialect } from './dialect.js';
import type { SourceColumn } from './postgres-source.js';

export interface PushedPrefix {
  /** SQL predicates (each never NULL) to AND into the read. */
  filters: string[];
  /** How many leading transforms they stand for. */
  consumed: number;
  /** Why the transform after them stays in DuckDB (absent when the whole pipeline was pushed). */
  stopReason?: string;
}

class NotPushable extends Error {}

const FLIP: Record<string, string> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=', '==': '==', '===': '===', '!=': '!=', '!==': '!==' };
const SQL_OP: Record<string, string> = { '<': '<', '<=': '<=', '>': '>', '>=': '>=', '==': '=', '===': '=', '!=': '<>', '!==': '<>' };

function fieldOf(node: Node, columns: ReadonlyMap<string, SourceColumn>): SourceColumn | undefined {
  if (node.type !== 'MemberExpression' || node.object.type !== 'Identifier' || node.object.name !== 'datum') return undefined;
  let name: unknown;
  if (!node.computed && node.property.type === 'Identifier') name = node.property.name;
  else if (node.computed && node.property.type === 'Literal') name = node.property.value;
  if (typeof name !== 'string') throw new NotPushable('a computed field name');
  const column = columns.get(name);
  if (!column) throw new NotPushable(`field "${name}" is not a column of the table`);
  return column;
}

function notNaN(column: SourceColumn, sql: string, d: Dialect): string {
  return column.mayBeNaN ? ` AND COALESCE(NOT ${d.isNaN(sql)}, TRUE)` : '';
}

/** A literal operand: a literal, or a negated number literal (`-40` parses as a unary minus). */
function literalOf(node: Node): { value: unknown } | undefined {
  if (node.type === 'Literal' && !node.regex) return { value: node.value };
  if (node.type === 'UnaryExpression' && node.operator === '-' && node.argument.type === 'Literal' && typeof node.argument.value === 'number') {
    return { value: -node.argument.value };
  }
  return undefined;
}

function comparison(op: string, column: SourceColumn, value: unknown, d: Dialect): string {
  const id = d.ident(column.name);
  const eq = op === '==' || op === '===';
  const ne = op === '!=' || op === '!==';
  // Vega's null and undefined are both NULL; `== null` holds for either, as in JavaScript.
  if (value === null && (eq || ne)) return `(${id} IS ${ne ? 'NOT ' : ''}NULL)`;
  if (column.type === 'number') {
    if (typeof value !== 'number' || Number.isNaN(value)) throw new NotPushable(`a number column "${column.name}" compared with ${JSON.stringify(value)}`);
    const x = d.double(id);
    if (eq) return `COALESCE(${x} = ${d.number(value)}, FALSE)`;
    if (ne) return `COALESCE(${x} <> ${d.number(value)}, TRUE)`;
    // JavaScript reads null as 0 in an order comparison; NaN is neither less nor greater.
    return `COALESCE(COALESCE(${x}, 0) ${SQL_OP[op]} ${d.number(value)}${notNaN(column, x, d)}, FALSE)`;
  }
  if (column.type === 'string' && typeof value === 'string' && (eq || ne)) {
    return eq ? `COALESCE(${id} = ${d.string(value)}, FALSE)` : `COALESCE(${id} <> ${d.string(value)}, TRUE)`;
  }
  throw new NotPushable(`a ${column.type} column "${column.name}" compared by "${op}" with ${JSON.stringify(value)}`);
}

function truthy(column: SourceColumn, d: Dialect): string {
  const id = d.ident(column.name);
  if (column.type === 'number') return `COALESCE(${d.double(id)} <> 0${notNaN(column, d.double(id), d)}, FALSE)`;
  if (column.type === 'string') return `COALESCE(${id} <> '', FALSE)`;
  if (column.type === 'boolean') return `COALESCE(${id}, FALSE)`;
  throw new NotPushable(`the truthiness of ${column.type} column "${column.name}"`);
}

function predicate(node: Node, columns: ReadonlyMap<string, SourceColumn>, d: Dialect): string {
  switch (node.type) {
    case 'Literal':
      if (typeof node.value === 'boolean') return node.value ? 'TRUE' : 'FALSE';
      throw new NotPushable(`the literal ${JSON.stringify(node.value)} as a condition`);
    case 'LogicalExpression':
      if (node.operator !== '&&' && node.operator !== '||') throw new NotPushable(`operator "${node.operator}"`);
      return `(${predicate(node.left, columns, d)} ${node.operator === '&&' ? 'AND' : 'OR'} ${predicate(node.right, columns, d)})`;
    case 'UnaryExpression':
      if (node.operator !== '!') throw new NotPushable(`operator "${node.operator}"`);
      return `(NOT ${predicate(node.argument, columns, d)})`;
    case 'MemberExpression': {
      const column = fieldOf(node, columns);
      if (!column) throw new NotPushable('a member of something other than datum');
      return truthy(column, d);
    }
    case 'CallExpression': {
      if (node.callee.type !== 'Identifier' || node.callee.name !== 'isValid' || node.arguments.length !== 1) throw new NotPushable('a function call');
      const column = fieldOf(node.arguments[0], columns);
      if (!column) throw new NotPushable('isValid of something other than a field');
      const id = d.ident(column.name);
      return `(${id} IS NOT NULL${column.type === 'number' && column.mayBeNaN ? ` AND NOT ${d.isNaN(d.double(id))}` : ''})`;
    }
    case 'BinaryExpression': {
      const op = node.operator;
      if (!(op in SQL_OP)) throw new NotPushable(`operator "${op}"`);
      const left = fieldOf(node.left, columns);
      const right = fieldOf(node.right, columns);
      const rightValue = literalOf(node.right);
      const leftValue = literalOf(node.left);
      if (left && !right && rightValue) return comparison(op, left, rightValue.value, d);
      if (right && !left && leftValue) return comparison(FLIP[op], right, leftValue.value, d);
      throw new NotPushable('a comparison other than field with literal');
    }
    default:
      throw new NotPushable(`a ${node.type}`);
  }
}

/** The predicate SQL of filter expression `expr`, or the reason it stays in DuckDB. */
export function compileFilter(expr: string, columns: readonly SourceColumn[], dialect: Dialect): { sql: string } | { reason: string } {
  const byName = new Map(columns.map((c) => [c.name, c]));
  try {
    return { sql: predicate(parse(expr), byName, dialect) };
  } catch (error) {
    return { reason: error instanceof NotPushable ? `filter uses ${error.message}` : `filter does not parse: ${(error as Error).message}` };
  }
}

/** The longest leading run of `pipeline` that the dialect's engine computes exactly. */
export function pushablePrefix(pipeline: readonly unknown[], columns: readonly SourceColumn[], dialect: Dialect): PushedPrefix {
  const filters: string[] = [];
  for (let i = 0; i < pipeline.length; i++) {
    const t = pipeline[i] as { type?: unknown; expr?: unknown } | null;
    if (t?.type !== 'filter') return { filters, consumed: i, stopReason: `transform ${i} ("${String(t?.type)}") runs in DuckDB` };
    if (typeof t.expr !== 'string') return { filters, consumed: i, stopReason: `transform ${i}: a filter given by a signal runs in DuckDB` };
    const compiled = compileFilter(t.expr, columns, dialect);
    if ('reason' in compiled) return { filters, consumed: i, stopReason: `transform ${i}: ${compiled.reason}` };
    filters.push(compiled.sql);
  }
  return { filters, consumed: pipeline.length };
}
