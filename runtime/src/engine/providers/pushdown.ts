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
  /** An aggregate after the filters, computed by the database too (the read is then its groups). */
  aggregate?: PushedAggregate;
  /**
   * An extent and the bin reading it before the aggregate: the extent is queried first
   * (the bin's boundaries come from it, in JavaScript as Vega computes them), then the
   * aggregate is compiled again over the bins (`compileAggregate` with `binnedColumns`).
   */
  bin?: PushedBin;
  /** The aggregate transform as written (compiled again once a bin's boundaries are known). */
  aggregateSpec?: Record<string, unknown>;
  /** How many filters lead (the prefix to fall back to when an extent is not finite). */
  filterCount?: number;
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
export function pushablePrefix(pipeline: readonly unknown[], columns: readonly SourceColumn[], dialect: Dialect, orderedTable = true): PushedPrefix {
  const filters: string[] = [];
  for (let i = 0; i < pipeline.length; i++) {
    const t = pipeline[i] as { type?: unknown; expr?: unknown } | null;
    if (t?.type === 'aggregate') {
      const compiled = orderedTable ? compileAggregate(t as AggregateSpec, columns, dialect) : { reason: 'groups of a view have no first-appearance order to keep' };
      if ('reason' in compiled) return { filters, consumed: i, stopReason: `transform ${i}: ${compiled.reason}` };
      const consumed = i + 1;
      return { filters, consumed, aggregate: compiled, ...(consumed < pipeline.length ? { stopReason: `transform ${consumed} follows the aggregate and runs in DuckDB` } : {}) };
    }
    if (t?.type === 'extent') {
      const bin = orderedTable ? binAfterExtent(t, pipeline[i + 1], columns) : { reason: 'groups of a view have no first-appearance order to keep' };
      if ('reason' in bin) return { filters, consumed: i, stopReason: `transform ${i}: ${bin.reason}` };
      const spec = pipeline[i + 2] as AggregateSpec | null;
      const placeholder = { ...bin, bin0: 'NULL', bin1: 'NULL' };
      const compiled = spec?.type === 'aggregate' ? compileAggregate(spec, columns, dialect, placeholder) : { reason: 'an extent and bin not followed by an aggregate stay in DuckDB (their rows would all come back)' };
      if ('reason' in compiled) return { filters, consumed: i, stopReason: `transform ${i}: ${compiled.reason}` };
      const consumed = i + 3;
      return {
        filters, consumed, bin, aggregateSpec: spec as Record<string, unknown>, filterCount: i,
        ...(consumed < pipeline.length ? { stopReason: `transform ${consumed} follows the aggregate and runs in DuckDB` } : {}),
      };
    }
    if (t?.type !== 'filter') return { filters, consumed: i, stopReason: `transform ${i} ("${String(t?.type)}") runs in DuckDB` };
    if (typeof t.expr !== 'string') return { filters, consumed: i, stopReason: `transform ${i}: a filter given by a signal runs in DuckDB` };
    const compiled = compileFilter(t.expr, columns, dialect);
    if ('reason' in compiled) return { filters, consumed: i, stopReason: `transform ${i}: ${compiled.reason}` };
    filters.push(compiled.sql);
  }
  return { filters, consumed: pipeline.length };
}

/** An aggregate as the database computes it: output columns, grouping and group order. */
export interface PushedAggregate {
  /** `expression AS name` items, in Vega's output order (group fields, then measures). */
  select: string[];
  /** The grouping expressions (empty: one group, kept only when it has rows). */
  groupBy: string[];
  /** Groups in order of their first row in the table, as Vega emits them. */
  orderBy: string;
  /** The output columns, typed as the runtime reads them. */
  columns: SourceColumn[];
}

interface AggregateSpec {
  type: 'aggregate';
  groupby?: unknown;
  ops?: unknown;
  fields?: unknown;
  as?: unknown;
  [key: string]: unknown;
}

const AGGREGATE_KEYS = new Set(['type', 'groupby', 'ops', 'fields', 'as']);
/** Ops whose value the database computes exactly as Vega does, over any row order. */
const EXACT_OPS = new Set(['count', 'valid', 'missing', 'min', 'max', 'sum']);

function numberColumn(name: string): SourceColumn {
  return { name, pgType: 'double precision', type: 'number', wire: 'float8', notNull: false, integral: false, mayBeNaN: false };
}

/**
 * Compiles a Vega aggregate of whole-number and string groups and exact ops (count, valid,
 * missing; min, max of numbers; sum of whole numbers, exact below 2^53 in any order). Vega
 * keys a group by String(value): null and the string "null" share one group, whose value
 * is the one that came first; several string fields could run into each other through
 * Vega's "|" joint, so at most one string field groups.
 */
export function compileAggregate(spec: AggregateSpec, columns: readonly SourceColumn[], d: Dialect, binned?: BinnedColumns): PushedAggregate | { reason: string } {
  for (const key of Object.keys(spec)) if (!AGGREGATE_KEYS.has(key)) return { reason: `aggregate parameter "${key}" is not pushed` };
  const byName = new Map(columns.map((c) => [c.name, c]));
  const groupby = spec.groupby ?? [];
  const ops = spec.ops ?? ['count'];
  const fields = spec.fields ?? [];
  const as = spec.as ?? [];
  if (!Array.isArray(groupby) || !Array.isArray(ops) || !Array.isArray(fields) || !Array.isArray(as)) return { reason: 'aggregate parameters given by signals are not pushed' };
  const select: string[] = [];
  const groupKeys: string[] = [];
  const out: SourceColumn[] = [];
  const names = new Set<string>();
  const first = d.firstAppearance(null);
  let strings = 0;
  const binKeys = new Set(binned ? groupby.filter((g) => g === binned.as[0] || (binned.interval && g === binned.as[1])) : []);
  for (const g of groupby) {
    if (binned && binKeys.has(g)) {
      // bin1 is bin0's function: the groups are bin0's, whichever of the two is named.
      const isStart = g === binned.as[0];
      if (isStart || !binKeys.has(binned.as[0])) groupKeys.push(isStart ? binned.bin0 : binned.bin1);
      select.push(`${isStart ? binned.bin0 : binned.bin1} AS ${d.ident(g as string)}`);
      names.add(g as string);
      out.push(numberColumn(g as string));
      continue;
    }
    const column = typeof g === 'string' && !(binned && binned.as.includes(g)) ? byName.get(g) : undefined;
    if (!column || /[.[\]]/.test(column.name)) return { reason: `group field ${JSON.stringify(g)} is not a plain column of the table` };
    const id = d.ident(column.name);
    if (column.type === 'number' && column.integral) {
      groupKeys.push(id);
      select.push(`${d.double(id)} AS ${id}`);
    } else if (column.type === 'string' && ++strings === 1) {
      groupKeys.push(`COALESCE(${id}, 'null')`);
      // The group "null" holds NULLs and "null" strings: its value is whichever came first.
      select.push(`(CASE WHEN count(${id}) = 0 OR ${first} FILTER (WHERE ${id} IS NULL) < ${first} FILTER (WHERE ${id} IS NOT NULL) THEN NULL ELSE min(${id}) END)::text AS ${id}`);
    } else {
      return { reason: `grouping by ${column.type === 'string' ? 'a second string' : `a ${column.integral ? '' : 'non-integer '}${column.type}`} column "${column.name}" is not pushed` };
    }
    names.add(column.name);
    out.push(column.type === 'number' ? { ...column, notNull: false } : column);
  }
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i];
    const field = fields[i] ?? null;
    if (typeof op !== 'string' || !EXACT_OPS.has(op)) return { reason: `aggregate op ${JSON.stringify(op)} is not pushed` };
    const name = typeof as[i] === 'string' ? as[i] as string : `${op}${field === null ? '' : `_${String(field)}`}`;
    if (names.has(name)) return { reason: `aggregate output "${name}" is named twice` };
    names.add(name);
    if (op === 'count') {
      select.push(`count(*)::float8 AS ${d.ident(name)}`);
      out.push(numberColumn(name));
      continue;
    }
    const column = typeof field === 'string' && !binned?.as.includes(field) ? byName.get(field) : undefined;
    if (!column) return { reason: `aggregate field ${JSON.stringify(field)} is not a column of the table` };
    const id = d.ident(column.name);
    const x = d.double(id);
    const valid = column.type === 'number' ? (column.mayBeNaN ? `${id} IS NOT NULL AND NOT ${d.isNaN(x)}` : `${id} IS NOT NULL`)
      : column.type === 'string' ? `${id} <> ''` : undefined;
    if (!valid) return { reason: `op "${op}" over a ${column.type} column is not pushed` };
    const missing = column.type === 'string' ? `${id} IS NULL OR ${id} = ''` : `${id} IS NULL`;
    let sql: string;
    if (op === 'valid') sql = `count(*) FILTER (WHERE ${valid})`;
    else if (op === 'missing') sql = `count(*) FILTER (WHERE ${missing})`;
    else if (column.type !== 'number') return { reason: `op "${op}" over a string column is not pushed` };
    else if (op === 'sum' && !column.integral) return { reason: `a sum of fractions depends on row order; "${column.name}" is summed in DuckDB` };
    else sql = `${op}(${x}) FILTER (WHERE ${valid})`;
    select.push(`(${sql})::float8 AS ${d.ident(name)}`);
    out.push(numberColumn(name));
  }
  return { select, groupBy: groupKeys, orderBy: first, columns: out };
}

/** The bin outputs an aggregate may group by, with their SQL once the boundaries are known. */
export interface BinnedColumns {
  as: [string, string];
  interval: boolean;
  bin0: string;
  bin1: string;
}

/** An extent and the bin that reads it, as pushed. */
export interface PushedBin {
  column: SourceColumn;
  extentSignal: string;
  /** The bin transform as written (its literal parameters). */
  spec: Record<string, unknown>;
  as: [string, string];
  interval: boolean;
}

/** Vega's Bin epsilon (engine/transforms/bin.ts): a value on a bin edge lands in the bin it starts. */
const BIN_EPSILON = 1e-14;
const BIN_NUMBER_PARAMS = new Set(['maxbins', 'base', 'span', 'step', 'minstep', 'anchor']);
const BIN_NUMBERS_PARAMS = new Set(['divide', 'steps']);

/** An `extent` with a signal over a plain number column, then a `bin` of that column reading the signal. */
function binAfterExtent(extent: Record<string, unknown>, next: unknown, columns: readonly SourceColumn[]): PushedBin | { reason: string } {
  const field = extent.field;
  const signal = extent.signal;
  const column = typeof field === 'string' ? columns.find((c) => c.name === field) : undefined;
  if (!column || column.type !== 'number' || /[.[\]]/.test(column.name)) return { reason: 'an extent of something other than a plain number column stays in DuckDB' };
  if (typeof signal !== 'string') return { reason: 'an extent without a signal stays in DuckDB' };
  const bin = next as Record<string, unknown> | null;
  const ext = bin?.extent as { signal?: unknown } | undefined;
  if (bin?.type !== 'bin' || bin.field !== field || ext?.signal !== signal) return { reason: 'an extent not read by a bin of the same field stays in DuckDB' };
  for (const [key, value] of Object.entries(bin)) {
    if (['type', 'field', 'extent', 'signal', 'name', 'as'].includes(key)) continue;
    const ok = key === 'interval' || key === 'nice' ? typeof value === 'boolean'
      : BIN_NUMBER_PARAMS.has(key) ? typeof value === 'number'
        : BIN_NUMBERS_PARAMS.has(key) ? Array.isArray(value) && value.every((v) => typeof v === 'number') : false;
    if (!ok) return { reason: `bin parameter "${key}" (${JSON.stringify(value)}) is not pushed` };
  }
  if (bin.signal !== undefined && typeof bin.signal !== 'string') return { reason: 'a bin signal given by a signal is not pushed' };
  if (bin.name !== undefined && typeof bin.name !== 'string') return { reason: 'a bin name given by a signal is not pushed' };
  const as = Array.isArray(bin.as) ? bin.as.map(String) : ['bin0', 'bin1'];
  return { column, extentSignal: signal, spec: bin, as: [as[0] ?? 'bin0', as[1] ?? 'bin1'], interval: bin.interval !== false };
}

/** SQL of Vega's bin start for number `v` with finite boundaries, in the dialect (engine/transforms/bin.ts's formula). */
export function binStartSql(v: string, b: { start: number; stop: number; step: number }, d: Dialect): string {
  const lo = d.number(b.start);
  const last = d.number(b.stop - b.step);
  const clamped = b.stop - b.step >= b.start ? `least(${v}, ${last})` : `greatest(${lo}, least(${v}, ${last}))`;
  return `(CASE WHEN ${v} >= ${lo} AND ${v} <= ${d.number(b.stop)} THEN ${lo} + ${d.number(b.step)} * floor(${d.number(BIN_EPSILON)} + (${clamped} - ${lo}) / ${d.number(b.step)})`
    + ` WHEN ${v} < ${lo} THEN ${d.number(-Infinity)} WHEN ${d.isNaN(v)} THEN ${d.number(NaN)} WHEN ${v} > ${d.number(b.stop)} THEN ${d.number(Infinity)} END)`;
}

/** SQL of Vega's bin end from its start (the same floating point steps as Vega's). */
export function binEndSql(b0: string, b: { start: number; step: number }, d: Dialect): string {
  return `(${d.number(b.start)} + ${d.number(b.step)} * (1 + (${b0} - ${d.number(b.start)}) / ${d.number(b.step)}))`;
}
