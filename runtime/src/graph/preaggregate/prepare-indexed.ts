/**
 * Prepares a selection-filtered aggregate from a pre-aggregated index instead of the rows:
 * the filter compiles over the index's cells (it reads only columns the index keeps), the
 * surviving cells combine into the aggregate, and the rest of the pipeline runs as usual.
 * Where no index can give exactly what the plain query gives, it answers undefined (with
 * the reason in a debug log) and the caller prepares the node the plain way.
 */
import { createHash } from 'node:crypto';
import { splitAccessPath } from 'vega-util';
import { canonicalJson, Namespace } from '@vegafusion-ts/proto';
import { compileExpression, evaluateExpression } from '../../engine/expressions/index.js';
import { rowFunction } from '../../engine/expressions/row-function.js';
import {
  answerBucketed, buildBucketedIndex, combineCells, combineExactCells, compileBoxFilter, exactIndexRelation, planBucketedLayout,
  planIndexLayout, type BucketedIndex, type IndexLayout,
} from '../../engine/indexes/index.js';
import { entryOf } from '../../engine/expressions/selection.js';
import { compilePipeline, resolveParams, type PipelineOptions } from '../../engine/pipeline.js';
import type { Relation, Row, TransformSpec } from '../../engine/types.js';
import { RuntimeError } from '../../errors.js';
import { readLookupRows, readsRelations, relationOf, type Prepared, type PrepareContext, type PrepareServices } from '../prepared.js';
import { findIndexPlan, type IndexPlan } from './find-plan.js';
import type { IndexEntry, IndexStore } from './index-store.js';

type DataPrepared = Extract<Prepared, { kind: 'data' }>;

/** What expressions in a pipeline may read: signals and datasets of the given parents. */
interface Scope {
  signal(name: string): unknown;
  data(name: string): Row[] | undefined;
  relation(name: string): Relation | undefined;
}

/**
 * Node `index` prepared from an index, or undefined when the node is not a selection
 * filter before an aggregate or when no index can be exact for it.
 */
export async function prepareIndexed(
  index: number, ctx: PrepareContext, services: PrepareServices, store: IndexStore,
): Promise<Prepared | undefined> {
  if (!ctx.stateOf) return undefined;
  const outcome = findIndexPlan(ctx.graph, index);
  if (!outcome) return undefined;
  const name = ctx.graph.nodes?.[index]?.variable?.name ?? '';
  const refuse = (reason: string): undefined => {
    store.logger.debug('pre-aggregated index not used; running the plain query', { node: index, dataset: name, reason });
    return undefined;
  };
  if ('reason' in outcome) return refuse(outcome.reason);
  try {
    return await prepareFromIndex(outcome.plan, ctx, services, store, refuse);
  } catch (error) {
    // The plain path reports the same problem (a missing field, a bad store) as it should.
    if (ctx.signal?.aborted) throw error;
    return refuse(`preparing from the index failed: ${(error as Error).message}`);
  }
}

async function prepareFromIndex(
  plan: IndexPlan, ctx: PrepareContext, services: PrepareServices, store: IndexStore,
  refuse: (reason: string) => undefined,
): Promise<Prepared | undefined> {
  const lookups = readsRelations(plan.tail);
  const filterScope = await scopeOf(plan.filterParents, ctx, services, lookups);
  const sameScope = plan.nodeParents.length === plan.filterParents.length && plan.nodeParents.every((p, i) => p === plan.filterParents[i]);
  const nodeScope = sameScope ? filterScope : await scopeOf(plan.nodeParents, ctx, services, lookups);

  const columns = filterColumns(plan, filterScope);
  if (typeof columns === 'string') return refuse(columns);
  // An empty store: the filter reads no row and an index would cost the plain query's scan.
  if (columns.length === 0) return refuse('the filter reads no fields (the selection is empty)');
  const found = await indexFor(plan, columns, nodeScope, ctx, services, store);
  if (typeof found === 'string') return refuse(found);
  if ('bucketed' in found) {
    const rows = fromBuckets(plan, found.bucketed, filterScope, nodeScope, ctx, store);
    if (typeof rows === 'string') return refuse(rows);
    store.answered('bucketed');
    const schema = found.bucketed.layout.outputs.map((o) => ({ name: o.name, type: o.type }));
    return { kind: 'data', rows, schema, signals: new Map(), load: () => services.sources.loadRows(rows) } satisfies DataPrepared;
  }
  const { entry, layout } = found;

  const fromSql = async (c: PrepareContext) => {
    const filtered = await compilePipeline(exactIndexRelation(entry.table, layout), [{ type: 'filter', expr: plan.filterExpr }], pipelineOptions(c, services, filterScope));
    const combined = combineExactCells(filtered.relation, layout);
    return compilePipeline(combined, plan.tail, pipelineOptions(c, services, nodeScope));
  };
  const inMemory = fromCells(plan, entry, layout, filterScope, nodeScope, ctx, store);
  store.answered(inMemory ? 'memory' : 'sql');
  if (inMemory) {
    // The rows answer the query; the SQL is compiled only if a dependant reads them as SQL,
    // maybe for another request (so not under this one's signal).
    const later = { ...ctx, signal: undefined };
    return { kind: 'data', rows: inMemory, schema: layout.outputSchema, signals: new Map(), load: async () => (await fromSql(later)).relation } satisfies DataPrepared;
  }
  const tail = await fromSql(ctx);
  return { kind: 'data', relation: tail.relation, signals: tail.signals } satisfies DataPrepared;
}

/**
 * The node's rows combined from the index's cells in memory, when the index is held there
 * and the filter and the transforms after the aggregate (filters only) evaluate as
 * functions of the row; undefined otherwise (the SQL over the index answers instead).
 */
function fromCells(
  plan: IndexPlan, entry: Extract<IndexEntry, { kind: 'index' }>, layout: IndexLayout, filterScope: Scope, nodeScope: Scope,
  ctx: PrepareContext, store: IndexStore,
): Row[] | undefined {
  if (!entry.cells || !layout.cells) return undefined;
  const exprs = tailFilters(plan);
  if (!exprs) return undefined;
  try {
    const scope = (s: Scope) => ({ timeZone: ctx.timeZone, signal: s.signal, data: s.data });
    const keep = rowFunction(plan.filterExpr, scope(filterScope));
    const tail = exprs.map((e) => rowFunction(e, scope(nodeScope)));
    return combineCells(entry.cells, layout.cells, keep, tail);
  } catch (error) {
    // The SQL path evaluates what this one does not, and reports what neither can.
    store.logger.debug('index cells not combined in memory; running the SQL over the index', { reason: (error as Error).message });
    return undefined;
  }
}

/**
 * The node's rows from a bucketed index: the filter decided per box, rows tested where
 * it cuts one; the transforms after the aggregate must be filters (functions of the row).
 */
function fromBuckets(
  plan: IndexPlan, index: BucketedIndex, filterScope: Scope, nodeScope: Scope, ctx: PrepareContext, store: IndexStore,
): Row[] | string {
  const exprs = tailFilters(plan);
  if (!exprs) return 'a transform other than a filter follows the aggregate';
  const scope = (s: Scope) => ({ timeZone: ctx.timeZone, signal: s.signal, data: s.data });
  try {
    const filter = compileBoxFilter(plan.filterExpr, index.layout.dims.map((d) => d.name), scope(filterScope), index.codes, index.layout.dims.map((d) => d.type === 'date'));
    const tail = exprs.map((e) => rowFunction(e, scope(nodeScope)));
    const { rows, stats } = answerBucketed(index, filter, () => rowFunction(plan.filterExpr, scope(filterScope)), tail);
    store.logger.debug('answered from a bucketed index', { ...stats });
    return rows;
  } catch (error) {
    return `the bucketed index cannot evaluate the filter: ${(error as Error).message}`;
  }
}

/** The expressions of the filters after the aggregate, or undefined when another transform follows it. */
function tailFilters(plan: IndexPlan): string[] | undefined {
  const exprs: string[] = [];
  for (const t of plan.tail) {
    const spec = t as { type?: unknown; expr?: unknown };
    if (spec?.type !== 'filter' || typeof spec.expr !== 'string' || Object.keys(spec).some((k) => k !== 'type' && k !== 'expr')) return undefined;
    exprs.push(spec.expr);
  }
  return exprs;
}

type Found = { entry: Extract<IndexEntry, { kind: 'index' }>; layout: IndexLayout } | { bucketed: BucketedIndex };

/**
 * The index serving `plan` when its filter reads `columns` (built, joined or cached), or
 * why there is none. `ahead`: the signal of the session a build ahead is for (the build
 * stops when no session waits for it); a request passes none, its build going on for others.
 */
async function indexFor(
  plan: IndexPlan, columns: string[], nodeScope: Scope, ctx: PrepareContext, services: PrepareServices, store: IndexStore,
  ahead?: AbortSignal,
): Promise<Found | string> {
  const basePrep = await ctx.prepareNode(plan.base);
  if (basePrep.kind !== 'data') return 'the filtered dataset is not a table';
  const written = columns.find((c) => plan.writtenAfter.includes(c));
  if (written) return `the selection tests "${written}", which a transform after the selection filter writes`;
  let baseRelation = await relationOf(basePrep);
  // The transforms before the selection filters (and the row-wise ones after them) run
  // over the base's rows; the index summarizes what they give.
  if (plan.pre.length > 0) baseRelation = (await compilePipeline(baseRelation, plan.pre, pipelineOptions(ctx, services, nodeScope))).relation;
  const aggregateDef = services.transforms.get('aggregate');
  if (!aggregateDef) return 'the engine has no aggregate transform';
  const aggregate = resolveParams(plan.aggregate as TransformSpec, aggregateDef,
    (expr) => evaluateExpression(expr, { timeZone: ctx.timeZone, signal: nodeScope.signal, data: nodeScope.data }));
  const baseState = `${ctx.stateOf?.(plan.base) ?? ''}|${plan.pre.length > 0 ? baseRelation.sql : ''}`;
  const bucketed = async (rows?: number): Promise<Found | string> => {
    if (!tailFilters(plan)) return 'a transform other than a filter follows the aggregate';
    const planned = planBucketedLayout(aggregate, baseRelation, columns);
    if ('reason' in planned) return planned.reason;
    const key = createHash('sha256').update(`${baseState}|${canonicalJson(planned.layout)}`).digest('hex').slice(0, 32);
    const entry = await store.getBucketed(key, (limits) => buildBucketedIndex(services.engine, baseRelation, planned.layout, { ...limits, key, rows }), ahead);
    if (entry.kind === 'refused') return entry.reason;
    if (entry.kind !== 'bucketed') return 'the index is not bucketed';
    return { bucketed: entry.index };
  };
  const prefers = await store.prefersBuckets(baseState, baseRelation, columns);
  if (prefers.prefer) return bucketed(prefers.rows);
  const planned = planIndexLayout(aggregate, baseRelation.schema, columns);
  if ('reason' in planned) {
    // What a per-value index cannot keep (folded ops such as mean) a bucketed one may.
    const other = await bucketed();
    return typeof other === 'string' ? `${planned.reason}; no bucketed index either: ${other}` : other;
  }
  const { layout } = planned;
  const key = createHash('sha256')
    .update(`${baseState}|${canonicalJson(layout.signature)}`)
    .digest('hex').slice(0, 32);
  const entry = await store.get(key, layout, baseRelation, ahead);
  if (entry.kind === 'refused') {
    // Too large per value, or sums that could round: a bucketed index may still serve.
    const other = await bucketed();
    return typeof other === 'string' ? `${entry.reason}; no bucketed index either: ${other}` : other;
  }
  if (entry.kind !== 'index') return 'the index is not per value';
  return { entry, layout };
}

/** Most indexes one query's hints build ahead (each a scan of the data): a bound on the work one dashboard starts. */
export const MAX_INDEXES_AHEAD = 24;

/**
 * Builds, one after another, the indexes that selections holding the hinted fields will
 * need: for each node filtered by a hinted store before an aggregate, the index for the
 * filter's own fields and the hint's (at most MAX_INDEXES_AHEAD). A request that needs one
 * meanwhile joins its build. Returns how many indexes are ready (built now or before);
 * what cannot be indexed is skipped.
 */
export async function prewarmIndexes(
  hints: { store: string; fields: string[] }[], ctx: PrepareContext, services: PrepareServices, store: IndexStore,
): Promise<number> {
  let ready = 0;
  const seen = new Set<string>();
  for (const [index] of (ctx.graph.nodes ?? []).entries()) {
    const outcome = findIndexPlan(ctx.graph, index);
    if (!outcome || 'reason' in outcome) continue;
    const { plan } = outcome;
    // The aggregate's scope, read once per node (and only for a node a hint names).
    let nodeScope: Promise<Scope> | undefined;
    for (const hint of hints) {
      if (!plan.stores.includes(hint.store) || hint.fields.some((f) => splitAccessPath(f).length !== 1)) continue;
      const columns = [...new Set([...plan.datumFields, ...hint.fields])].sort();
      const job = JSON.stringify([index, columns]);
      if (columns.length === 0 || seen.has(job)) continue;
      if (seen.size >= MAX_INDEXES_AHEAD) {
        store.logger.debug('indexes built ahead reached their bound', { bound: MAX_INDEXES_AHEAD });
        return ready;
      }
      seen.add(job);
      // The session the builds are for has gone: the rest are not started.
      ctx.signal?.throwIfAborted();
      try {
        nodeScope ??= scopeOf(plan.nodeParents, ctx, services, false);
        const found = await indexFor(plan, columns, await nodeScope, ctx, services, store, ctx.signal);
        if (typeof found === 'string') {
          store.logger.debug('pre-aggregated index not built ahead', { node: index, fields: columns, reason: found });
        } else ready++;
      } catch (error) {
        if (ctx.signal?.aborted) throw error;
        store.logger.debug('pre-aggregated index not built ahead', { node: index, fields: columns, reason: (error as Error).message });
      }
    }
  }
  return ready;
}

/** The columns the filter reads for the current stores, or why they cannot be known. */
function filterColumns(plan: IndexPlan, scope: Scope): string[] | string {
  const out = new Set(plan.datumFields);
  for (const name of plan.stores) {
    const rows = scope.data(name);
    if (!rows) return `the selection store "${name}" is not in the filter's scope`;
    for (const row of rows) {
      for (const f of entryOf(row).fields) {
        const path = splitAccessPath(f.field);
        if (path.length !== 1) return `the selection store "${name}" tests the nested field "${f.field}"`;
        out.add(path[0]);
      }
    }
  }
  return [...out];
}

function pipelineOptions(ctx: PrepareContext, services: PrepareServices, scope: Scope): PipelineOptions {
  return {
    transforms: services.transforms,
    compileExpr: compileExpression,
    evaluateExpr: evaluateExpression,
    queryRows: (sql) => services.engine.queryRows(sql, ctx.signal),
    timeZone: ctx.timeZone,
    signal: scope.signal,
    data: scope.data,
    dataRelation: scope.relation,
  };
}

/** Signals and datasets of `parents`, read the way a node's own pipeline reads them. */
async function scopeOf(parents: number[], ctx: PrepareContext, services: PrepareServices, needRelations: boolean): Promise<Scope> {
  const nodes = ctx.graph.nodes ?? [];
  const preps = await Promise.all(parents.map(async (p) => ({ node: nodes[p], prep: await ctx.prepareNode(p) })));
  const rows = new Map<string, Row[]>();
  const relations = new Map<string, Relation>();
  for (const { node, prep } of preps) {
    const name = node?.variable?.name ?? '';
    const isData = (node?.variable?.namespace ?? Namespace.NAMESPACE_SIGNAL) === Namespace.NAMESPACE_DATA;
    if (prep.kind !== 'data' || !isData) continue;
    if (!prep.rows || needRelations) relations.set(name, await relationOf(prep));
    rows.set(name, prep.rows ?? await readLookupRows(await relationOf(prep), name, services, ctx.signal));
  }
  return {
    signal(name) {
      for (const { node, prep } of preps) {
        if (prep.kind === 'signal' && node?.variable?.name === name) return prep.value;
        if (prep.kind === 'data' && prep.signals.has(name)) return prep.signals.get(name);
      }
      throw new RuntimeError('unknown_signal', `Unknown signal "${name}": it is not among the node's parents`);
    },
    data: (name) => rows.get(name),
    relation: (name) => relations.get(name),
  };
}
