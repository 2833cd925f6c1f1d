/**
 * Prepares one node of a task graph: a signal's value, or a dataset as a relation (SQL
 * that DuckDB can run) plus the signals its pipeline defines. Parents are prepared first;
 * a node's value depends only on its task and its parents' values, so prepared results
 * are shared by state fingerprint across requests and sessions.
 */
import { decodeArrow, arrowToRows, decodeJsonValue, Namespace, type ITaskNode } from '@vegafusion-ts/proto';
import { compileExpression, evaluateExpression } from '../engine/expressions/index.js';
import { compilePipeline } from '../engine/pipeline.js';
import { ORDER_COLUMN, type Relation, type Row } from '../engine/types.js';
import { RuntimeError, TransformError, toRuntimeError } from '../errors.js';
import { ident } from '../engine/sql.js';
import { prepareIndexed } from './preaggregate/index.js';
import {
  readLookupRows, readsRelations, relationOf, type DataPrepared, type Prepared, type PrepareContext, type PrepareServices,
} from './prepared.js';

export {
  readLookupRows, readsRelations, relationOf, type DataPrepared, type Prepared, type PrepareContext, type PrepareServices,
} from './prepared.js';
import { IMAGE_SCHEMA, renderTask } from '../render/index.js';

function parsePipeline(text: string | null | undefined, path: string): unknown[] {
  if (!text) return [];
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new TransformError('bad_transform', `Pipeline is not valid JSON: ${(cause as Error).message}`, { cause, path });
  }
  if (!Array.isArray(value)) throw new TransformError('bad_transform', 'Pipeline must be a JSON array of transforms', { path });
  return value;
}

function parseFormat(text: string | null | undefined, path: string): Record<string, unknown> | undefined {
  if (!text) return undefined;
  try {
    const v = JSON.parse(text) as unknown;
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error('not an object');
    return v as Record<string, unknown>;
  } catch (cause) {
    throw new RuntimeError('bad_data', `Data format is not a JSON object: ${(cause as Error).message}`, { cause, path });
  }
}

/** Prepares node `index`; errors carry the path `/nodes/<index>/...`. */
export async function prepareNode(index: number, ctx: PrepareContext, services: PrepareServices): Promise<Prepared> {
  const nodes = ctx.graph.nodes ?? [];
  const node = nodes[index];
  try {
    const prepared = (services.indexes && await prepareIndexed(index, ctx, services, services.indexes))
      || await prepareTask(node, ctx, services);
    const table = ctx.materialize?.(index);
    if (table && prepared.kind === 'data' && !prepared.rows) return await materialize(prepared, table, services, ctx.signal);
    return prepared;
  } catch (error) {
    const e = toRuntimeError(error);
    if (!e.path.startsWith('/nodes/')) e.at(`/nodes/${index}`);
    throw e;
  }
}

async function prepareTask(node: ITaskNode, ctx: PrepareContext, services: PrepareServices): Promise<Prepared> {
  const task = node.task ?? {};
  const isData = (node.variable?.namespace ?? Namespace.NAMESPACE_SIGNAL) === Namespace.NAMESPACE_DATA;
  if (task.value) {
    if (task.value.arrow && task.value.arrow.length > 0) {
      const arrow = task.value.arrow;
      const rows = arrowToRows(decodeArrow(arrow));
      return { kind: 'data', load: () => services.sources.loadArrow(arrow), signals: new Map(), rows };
    }
    const value = task.value.json ? decodeJsonValue(task.value.json) : null;
    if (isData) {
      const rows = Array.isArray(value) ? (value as Row[]) : [];
      return { kind: 'data', load: () => services.sources.loadRows(rows), signals: new Map(), rows };
    }
    return { kind: 'signal', value };
  }

  const parents = await Promise.all((node.parents ?? []).map((p) => ctx.prepareNode(p).then((prep) => ({ node: (ctx.graph.nodes ?? [])[p], prep }))));
  const signal = (name: string): unknown => {
    for (const { node: pn, prep } of parents) {
      if (prep.kind === 'signal' && pn.variable?.name === name) return prep.value;
      if (prep.kind === 'data' && prep.signals.has(name)) return prep.signals.get(name);
    }
    throw new RuntimeError('unknown_signal', `Unknown signal "${name}": it is not among the node's parents`);
  };
  const dataParent = (name: string) => parents.find(({ node: pn, prep }) => prep.kind === 'data' && pn.variable?.name === name)?.prep as
    DataPrepared | undefined;

  if (task.signal) {
    const scope = { timeZone: ctx.timeZone, signal, data: (name: string) => dataParent(name)?.rows };
    try {
      return { kind: 'signal', value: evaluateExpression(task.signal.expr ?? '', scope) };
    } catch (error) {
      throw toRuntimeError(error).at('/task/signal/expr');
    }
  }

  if (task.render) {
    const source = dataParent(task.render.source ?? '');
    if (!source) throw new RuntimeError('unknown_dataset', `Source dataset "${task.render.source ?? ''}" is not among the node's parents`, { path: '/task/render/source' });
    const image = await renderTask(task.render, services.engine, await relationOf(source), signal, ctx.signal);
    return { kind: 'data', rows: [image.row], schema: IMAGE_SCHEMA, signals: new Map() };
  }

  let input: Relation;
  let pipelineText: string | null | undefined;
  let path: string;
  let sourceName: string | undefined;
  /** Leading transforms a database source already applied, and the signals they define. */
  let skipped = 0;
  let pushedSignals: ReadonlyMap<string, unknown> | undefined;
  const loadCtx = { timeZone: ctx.timeZone, signal: ctx.signal };
  if (task.url) {
    path = '/task/url';
    pipelineText = task.url.pipelineJson;
    try {
      // A database source computes the leading part of the pipeline it can do exactly; when
      // that is all of it, the rows are read only once something reads them as SQL.
      const url = task.url.url ?? '';
      const whole = parsePipeline(pipelineText, `${path}/pipeline`);
      const definesSignals = whole.some((t) => (t as { signal?: unknown } | null)?.signal !== undefined);
      if (!definesSignals && await services.sources.planPushed?.(url, whole, loadCtx) === whole.length && services.sources.loadPushed) {
        const loadPushed = services.sources.loadPushed.bind(services.sources);
        // Shared by every reader: no one request's cancellation stops it.
        const load = async () => (await loadPushed(url, whole, { timeZone: ctx.timeZone }))?.relation ?? services.sources.loadUrl(url, undefined, { timeZone: ctx.timeZone });
        return { kind: 'data', signals: new Map(), load, pushdown: { url, pipeline: whole } };
      }
      const pushed = await services.sources.loadPushed?.(url, whole, loadCtx);
      if (pushed) [skipped, pushedSignals] = [pushed.consumed, pushed.signals];
      input = pushed?.relation ?? await services.sources.loadUrl(url, parseFormat(task.url.formatJson, path), loadCtx);
    } catch (error) {
      throw toRuntimeError(error).at(`${path}/url`);
    }
  } else if (task.values) {
    path = '/task/values';
    pipelineText = task.values.pipelineJson;
    let values: unknown;
    try {
      values = JSON.parse(task.values.valuesJson || '[]');
    } catch (cause) {
      throw new RuntimeError('bad_data', `Inline values are not valid JSON: ${(cause as Error).message}`, { cause, path: `${path}/values` });
    }
    input = await services.sources.loadValues(values, parseFormat(task.values.formatJson, path), loadCtx);
  } else if (task.source) {
    path = '/task/source';
    pipelineText = task.source.pipelineJson;
    sourceName = task.source.source ?? '';
    const source = dataParent(sourceName);
    if (!source) throw new RuntimeError('unknown_dataset', `Source dataset "${sourceName}" is not among the node's parents`, { path: `${path}/source` });
    const pushed = source.pushdown && await pushAfter(source.pushdown, parsePipeline(pipelineText, `${path}/pipeline`), services, loadCtx);
    if (pushed) [skipped, pushedSignals] = [pushed.consumed, pushed.signals];
    input = pushed ? pushed.relation : await relationOf(source);
  } else {
    throw new RuntimeError('bad_graph', 'Node has no task');
  }

  // Datasets other than the source that expressions may read (selection stores, data()).
  const rowsCache = new Map<string, Row[]>();
  for (const { node: pn, prep } of parents) {
    const name = pn.variable?.name ?? '';
    if (prep.kind !== 'data' || name === sourceName) continue;
    rowsCache.set(name, prep.rows ?? (await readLookupRows(await relationOf(prep), name, services, ctx.signal)));
  }
  const pipeline = parsePipeline(pipelineText, `${path}/pipeline`).slice(skipped);
  // The datasets built on this one, whose extents its first extent may compute ahead.
  const self = (ctx.graph.nodes ?? []).indexOf(node);
  const continuations = (ctx.graph.nodes ?? []).flatMap((n) => {
    if (n.task?.source?.source !== node.variable?.name || !(n.parents ?? []).includes(self)) return [];
    try {
      return [parsePipeline(n.task?.source?.pipelineJson, '')];
    } catch {
      return [];
    }
  });
  const relations = new Map<string, Relation>();
  if (readsRelations(pipeline)) {
    for (const { node: pn, prep } of parents) if (prep.kind === 'data') relations.set(pn.variable?.name ?? '', await relationOf(prep));
  }
  try {
    const compiled = await compilePipeline(input, pipeline, {
      transforms: services.transforms,
      compileExpr: compileExpression,
      evaluateExpr: evaluateExpression,
      queryRows: (sql) => services.engine.queryRows(sql, ctx.signal),
      queryColumns: services.engine.queryColumns ? (sql) => services.engine.queryColumns!(sql, ctx.signal) : undefined,
      abortSignal: ctx.signal,
      timeZone: ctx.timeZone,
      signal: pushedSignals ? (name) => (pushedSignals?.has(name) ? pushedSignals.get(name) : signal(name)) : signal,
      data: (name) => rowsCache.get(name),
      dataRelation: (name) => relations.get(name),
      continuations,
      prefetched: sourceName === undefined ? undefined : dataParent(sourceName)?.ahead,
    });
    const signals = pushedSignals ? new Map([...pushedSignals, ...compiled.signals]) : compiled.signals;
    return { kind: 'data', relation: compiled.relation, signals, ahead: compiled.ahead };
  } catch (error) {
    throw toRuntimeError(error).at(`${path}/pipeline`);
  }
}

/**
 * A dataset built on a database table whose own pipeline the database computes whole: its
 * leading transforms the database can do too are pushed after the parent's (`consumed` of
 * this pipeline). Undefined when none can.
 */
async function pushAfter(
  parent: { url: string; pipeline: readonly unknown[] }, pipeline: unknown[], services: PrepareServices, loadCtx: { timeZone: string; signal?: AbortSignal },
): Promise<{ relation: Relation; consumed: number; signals: ReadonlyMap<string, unknown> } | undefined> {
  const combined = [...parent.pipeline, ...pipeline];
  const planned = await services.sources.planPushed?.(parent.url, combined, loadCtx);
  if (planned === undefined || planned <= parent.pipeline.length) return undefined;
  const pushed = await services.sources.loadPushed?.(parent.url, combined, loadCtx);
  return pushed && { relation: pushed.relation, consumed: pushed.consumed - parent.pipeline.length, signals: pushed.signals };
}

/**
 * Computes a dataset once into a table, so that the datasets built on it (a crossfilter's
 * histograms) scan its rows instead of recomputing its pipeline each.
 */
async function materialize(prepared: DataPrepared, table: string, services: PrepareServices, signal?: AbortSignal): Promise<Prepared> {
  const relation = await relationOf(prepared);
  await services.engine.exec(`CREATE OR REPLACE TABLE ${ident(table)} AS ${relation.sql}`, signal);
  const columns = [...relation.schema.map((c) => ident(c.name)), ident(ORDER_COLUMN)].join(', ');
  return { ...prepared, table, relation: { sql: `SELECT ${columns} FROM ${ident(table)}`, schema: relation.schema, maxRows: relation.maxRows } };
}

