/**
 * Compiles a Vega transform pipeline into SQL, one transform at a time. Parameters given
 * as `{signal: ...}` are replaced by their values first, and each transform's spec is
 * checked against its declaration before it compiles. Transforms that need values from
 * the data before they can write SQL (an extent feeding a bin) run helper queries through
 * the context, and the signals they define are visible to the transforms after them.
 */
import { createHash } from 'node:crypto';
import { ExpressionError, ProbeNeeded, TransformError, RuntimeError } from '../errors.js';
import type {
  CompiledExpr, ExprScope, NumberColumns, ParamDecl, Relation, Row, Schema, TransformContext,
  TransformDefinition, TransformSpec,
} from './types.js';

export type TransformRegistry = ReadonlyMap<string, TransformDefinition>;

/** Builds a registry from transform definitions (later definitions win). */
export function createTransformRegistry(definitions: Iterable<TransformDefinition>): TransformRegistry {
  const map = new Map<string, TransformDefinition>();
  for (const d of definitions) map.set(d.type, d);
  return map;
}

export interface PipelineOptions {
  transforms: TransformRegistry;
  compileExpr(source: string, scope: ExprScope): CompiledExpr;
  /** Evaluates a signal expression in JavaScript (for `{signal: ...}` parameters). */
  evaluateExpr(source: string, scope: Omit<ExprScope, 'schema'>): unknown;
  queryRows(sql: string): Promise<Row[]>;
  /** Helper queries with DOUBLE columns as typed arrays (TransformContext.queryColumns). */
  queryColumns?(sql: string): Promise<NumberColumns>;
  /** The request's cancellation, for transforms that compute in JavaScript. */
  abortSignal?: AbortSignal;
  timeZone: string;
  signal(name: string): unknown;
  data(name: string): Row[] | undefined;
  /** Other datasets in scope as relations (lookup), when the engine has them. */
  dataRelation?(name: string): Relation | undefined;
  /**
   * Pipelines of the datasets built on this one's output, which an extent may read
   * ahead into (their extents then cost no scan of their own).
   */
  continuations?: readonly unknown[][];
  /** Signal values an earlier pipeline computed ahead for this one (see `ahead`). */
  prefetched?: ReadonlyMap<string, unknown>;
}

export interface CompiledPipeline {
  relation: Relation;
  /** Signals the pipeline defined (bin and extent `signal` parameters). */
  signals: Map<string, unknown>;
  /** Extents computed ahead for the pipelines in `continuations`, by aheadKey. */
  ahead: Map<string, unknown>;
}

/**
 * Transforms that never change the values of the columns they pass on (they add or
 * replace named columns with new ones, or drop rows): after them a bin's end column is
 * still its start column's function (see Column.bin).
 */
const KEEPS_BIN_TAGS = new Set(['filter', 'extent', 'bin', 'formula', 'collect', 'timeunit', 'identifier', 'joinaggregate', 'window', 'stack']);

/** Transforms whose SQL only projects or filters its input (so the input's row order stays). */
const KEEPS_ORDER = new Set(['filter', 'formula', 'bin', 'extent', 'project']);

/** Transforms that never output more rows than they are given: Relation.maxRows holds through them. */
const MAX_ROWS_KEPT = new Set([
  'filter', 'formula', 'bin', 'extent', 'project', 'collect', 'identifier', 'timeunit', 'window', 'stack', 'joinaggregate',
]);

/**
 * Table aliases follow from what they name (the transform's input SQL), not from a
 * counter: the same pipeline over the same input compiles to the same SQL text, so that
 * identical statements can share one result. A transform asking twice for a prefix gets
 * distinct names; a nested scope never repeats an enclosing alias, whose input is longer.
 */
function aliasFor(prefix: string, inputSql: string, k: number): string {
  const h = createHash('sha256').update(inputSql).digest('hex').slice(0, 12);
  return `${prefix}_${h}${k > 0 ? `_${k}` : ''}`;
}

/** Compiles `pipeline` over `input`; errors carry the path `/<index>` of the transform. */
export async function compilePipeline(
  input: Relation, pipeline: unknown[], options: PipelineOptions,
): Promise<CompiledPipeline> {
  const defined = new Map<string, unknown>();
  const signal = (name: string): unknown => (defined.has(name) ? defined.get(name) : options.signal(name));
  const scope = { timeZone: options.timeZone, signal, data: options.data };
  // What the expressions a transform compiled require of every row of its input, and the
  // helper queries over that input they asked for.
  let requirements: Requirement[] = [];
  const probes = new Map<string, Row[]>();
  const ctx: TransformContext = {
    ...scope,
    compileExpr: (source, schema, alone) => options.compileExpr(source, {
      ...scope, schema,
      requireAll: (predicate, what) => {
        if (alone) throw new ExpressionError('unsupported_function', `${what} (it is not checked ahead)`);
        requirements.push({ predicate, what, schema });
      },
      probe: (select, where, limit) => {
        if (schema !== relation.schema || alone) throw new ExpressionError('unsupported_function', `Expression ${JSON.stringify(source)} needs a query over rows it is not compiled against`);
        const sql = `SELECT ${select} FROM (${relation.sql}) AS "__vf_probed" WHERE ${where} LIMIT ${Math.floor(limit)}`;
        const rows = probes.get(sql);
        if (!rows) throw new ProbeNeeded(sql);
        return rows;
      },
    }),
    queryRows: options.queryRows,
    queryColumns: options.queryColumns,
    abortSignal: options.abortSignal,
    setSignal: (name, value) => { defined.set(name, value); },
    alias: (prefix) => {
      const k = aliasUses.get(prefix) ?? 0;
      aliasUses.set(prefix, k + 1);
      return aliasFor(prefix, relation.sql, k);
    },
    dataRelation: (name) => options.dataRelation?.(name),
    upcoming: () => pipeline.slice(position + 1),
    continuations: () => options.continuations ?? [],
    aheadKey: () => aheadKey(pipeline, position),
    prefetched: new Map(options.prefetched ?? []),
  };
  let relation = input;
  let position = 0;
  const aliasUses = new Map<string, number>();
  for (let i = 0; i < pipeline.length; i++) {
    const raw = pipeline[i];
    position = i;
    aliasUses.clear();
    try {
      if (typeof raw !== 'object' || raw === null || typeof (raw as { type?: unknown }).type !== 'string') {
        throw new TransformError('bad_transform', `Transform ${i} is not an object with a "type"`);
      }
      const type = (raw as { type: string }).type;
      const def = options.transforms.get(type);
      if (!def) throw new TransformError('unsupported_transform', `Unsupported transform "${type}"`);
      const spec = resolveParams(raw as TransformSpec, def, (expr) => options.evaluateExpr(expr, scope));
      const before = relation;
      for (let attempt = 0; ; attempt++) {
        requirements = [];
        try {
          relation = await def.compile(spec, before, ctx);
          break;
        } catch (error) {
          // Only expressions ask for helper queries, and the transforms that compile them
          // (filter, formula) do nothing else: compiling them again is safe.
          if (!(error instanceof ProbeNeeded) || attempt >= MAX_PROBES) throw error;
          probes.set(error.sql, await options.queryRows(error.sql));
        }
      }
      if (requirements.length > 0) await checkRequirements(before, requirements, options.queryRows);
      if (relation !== before) {
        const maxRows = MAX_ROWS_KEPT.has(type) ? before.maxRows : undefined;
        relation = { ...relation, inOrder: before.inOrder === true && KEEPS_ORDER.has(type), maxRows };
      }
      if (!KEEPS_BIN_TAGS.has(type) && relation.schema.some((c) => c.bin)) {
        relation = { ...relation, schema: relation.schema.map(({ bin: _bin, ...c }) => c) };
      }
    } catch (error) {
      if (error instanceof RuntimeError) throw error.at(`/${i}`);
      throw new TransformError('bad_transform', `Transform ${i} failed to compile: ${(error as Error).message}`, { cause: error, path: `/${i}` });
    }
  }
  return { relation, signals: defined, ahead: ctx.prefetched ?? new Map() };
}

/** The key of transform `position` of `pipeline` for values computed ahead (TransformContext.aheadKey). */
export function aheadKey(pipeline: readonly unknown[], position: number): string {
  return JSON.stringify(pipeline.slice(0, position + 1));
}

/** Helper queries one transform's expressions may ask for before they compile. */
const MAX_PROBES = 8;

interface Requirement {
  predicate: string;
  what: string;
  /** The columns the predicate was compiled over. */
  schema: Schema;
}

/**
 * Checks that every row of `input` meets what the transform's expressions require (one
 * scan); throws ExpressionError('unsupported_function') naming what does not hold, so
 * the browser computes the transform instead.
 */
async function checkRequirements(input: Relation, requirements: Requirement[], queryRows: (sql: string) => Promise<Row[]>): Promise<void> {
  const unique = [...new Map(requirements.map((r) => [r.predicate, r])).values()];
  const foreign = unique.find((r) => r.schema !== input.schema);
  if (foreign) throw new ExpressionError('unsupported_function', `${foreign.what} (it cannot be checked here)`);
  const [row] = await queryRows(`SELECT ${unique.map((r, k) => `bool_and(${r.predicate}) AS ok${k}`).join(', ')} FROM (${input.sql}) AS "__vf_checked"`);
  const failed = unique.find((_, k) => row?.[`ok${k}`] === false);
  if (failed) throw new ExpressionError('unsupported_function', failed.what);
}

function isSignalRef(v: unknown): v is { signal: string } {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && typeof (v as { signal?: unknown }).signal === 'string';
}

/**
 * Replaces `{signal}` references by their values (except in expression parameters) and
 * checks required and enumerated parameters against the declaration.
 */
export function resolveParams(spec: TransformSpec, def: TransformDefinition, evaluate: (expr: string) => unknown): TransformSpec {
  const decls = new Map<string, ParamDecl>(def.params.map((p) => [p.name, p]));
  const out: Record<string, unknown> = { type: spec.type };
  for (const [key, value] of Object.entries(spec)) {
    if (key === 'type') continue;
    const decl = decls.get(key);
    if (!decl) {
      throw new TransformError('unsupported_transform', `Unsupported parameter "${key}" of transform "${spec.type}"`);
    }
    out[key] = resolveValue(value, decl, evaluate);
  }
  for (const decl of def.params) {
    if (decl.required && out[decl.name] === undefined) {
      throw new TransformError('bad_transform', `Transform "${spec.type}" needs parameter "${decl.name}"`);
    }
    const v = out[decl.name];
    if (decl.values && v !== undefined && v !== null && !decl.values.includes(String(v))) {
      throw new TransformError('bad_transform', `Parameter "${decl.name}" of transform "${spec.type}" is ${JSON.stringify(v)}; expected one of ${decl.values.join(', ')}`);
    }
  }
  return out as TransformSpec;
}

function resolveValue(value: unknown, decl: ParamDecl, evaluate: (expr: string) => unknown): unknown {
  if (decl.name === 'signal' || decl.type === 'expr' || decl.type === 'exprs') return value;
  if (isSignalRef(value)) return evaluate(value.signal);
  if (Array.isArray(value)) return value.map((v) => (isSignalRef(v) ? evaluate(v.signal) : v));
  return value;
}

/** The field name a Vega field parameter names: "a", {field: "a"}, or {field, as}. */
export function fieldName(param: unknown): string {
  if (typeof param === 'string') return param;
  if (typeof param === 'object' && param !== null && typeof (param as { field?: unknown }).field === 'string') {
    return (param as { field: string }).field;
  }
  throw new TransformError('bad_transform', `Not a field reference: ${JSON.stringify(param)}`);
}

/**
 * Resolves a field name to a column of `schema`. Vega reads "a.b" as a nested path and
 * "a\\.b" as the flat name "a.b"; the engine stores flat columns, so both must match a
 * column name exactly after unescaping.
 */
export function resolveField(param: unknown, schema: Schema): string {
  const name = fieldName(param);
  const flat = unescapeField(name);
  if (schema.some((c) => c.name === flat)) return flat;
  throw new RuntimeError('missing_field', `Field "${name}" is not in the data (columns: ${schema.map((c) => c.name).join(', ') || 'none'})`);
}

/** Vega field syntax to a flat name: backslash escapes and surrounding brackets/quotes. */
export function unescapeField(name: string): string {
  let s = name;
  const bracket = /^\[(['"])(.*)\1\]$/.exec(s);
  if (bracket) s = bracket[2];
  return s.replace(/\\(.)/g, '$1');
}
