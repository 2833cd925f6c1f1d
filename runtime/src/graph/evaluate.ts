/**
 * Answers a Query: validates the graph, fingerprints every node on the server (never
 * trusting the client), prepares the requested nodes parents-first (each at most once per
 * request, shared across requests by state fingerprint) and encodes their values, which
 * the shared cache keeps by state fingerprint and projection.
 */
import { createHash } from 'node:crypto';
import {
  encodeArrow, encodeJsonValue, fingerprintGraph, Namespace,
  type Fingerprints, type ITaskGraph, type IQuery, type IQueryItem, type IQueryResult, type ITaskValue, type INodeValue, type ITaskNode,
} from '@vegafusion-ts/proto';
import { arrowFromRows, queryArrow } from '../engine/output.js';
import type { ValueCache } from '../cache/index.js';
import { LimitError, MissingTableError, RuntimeError, toRuntimeError } from '../errors.js';
import { prepareNode, relationOf, type Prepared, type PrepareServices } from './prepare.js';
import { createSharedRuns, type SharedRuns } from './shared-runs.js';
import { prewarmIndexes } from './preaggregate/index.js';

/** A node value as it goes on the wire, kept in the shared cache. */
export interface EncodedValue {
  value?: ITaskValue;
  signals: { name: string; value: ITaskValue }[];
  bytes: number;
}

export interface EvaluateServices extends PrepareServices {
  /** Encoded values by state fingerprint and projection. */
  values: ValueCache<EncodedValue>;
  /** Prepared relations and signal values by state fingerprint. */
  prepared: ValueCache<Prepared>;
  maxGraphNodes: number;
  maxResultRows: number;
  /**
   * Cancellation of shared computations: work stops in the engine when no request waits
   * for it any more. Created on first use when absent.
   */
  runs?: SharedRuns;
}

export interface EvaluateOptions {
  /** Aborts when the request is cancelled or timed out: its work stops. */
  signal?: AbortSignal;
  /**
   * Aborts when the session that sent the request ends (its connection closed): indexes
   * built ahead for its selections stop unless another request waits for them.
   */
  sessionSignal?: AbortSignal;
}

/** Zones already checked (constructing a formatter costs more than a brush update's SQL). */
const knownZones = new Set<string>();

/** Checks an IANA zone name; the runtime refuses zones the platform does not know. */
export function checkTimeZone(tz: string): string {
  if (knownZones.has(tz)) return tz;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    if (knownZones.size < 1000) knownZones.add(tz);
    return tz;
  } catch (cause) {
    throw new RuntimeError('bad_message', `Unknown time zone "${tz}"`, { cause, path: '/time_zone' });
  }
}

/** A query's graph (within the node limit) and its time zone (a valid IANA zone, UTC by default); throws the coded errors. */
export function checkQuery(query: IQuery, maxGraphNodes: number): { graph: ITaskGraph; nodes: ITaskNode[]; timeZone: string } {
  const graph = query.graph ?? { nodes: [] };
  const nodes = graph.nodes ?? [];
  if (nodes.length > maxGraphNodes) {
    throw new LimitError('limit_exceeded', `Task graph has ${nodes.length} nodes; the limit is ${maxGraphNodes}`, { path: '/graph/nodes' });
  }
  return { graph, nodes, timeZone: checkTimeZone(query.timeZone || 'UTC') };
}

export async function evaluateQuery(query: IQuery, services: EvaluateServices, options: EvaluateOptions = {}): Promise<IQueryResult> {
  try {
    return await evaluateOnce(query, services, options);
  } catch (error) {
    // A prepared node can outlive a table it reads (a materialized parent or an index
    // evicted from its cache). Preparations are derived state: drop them and answer again.
    if (!isMissingTable(error)) throw error;
    services.prepared.clear();
    return evaluateOnce(query, services, options);
  }
}

function isMissingTable(error: unknown): boolean {
  for (let e = error as { cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (e instanceof MissingTableError) return true;
  }
  return false;
}

async function evaluateOnce(query: IQuery, services: EvaluateServices, options: EvaluateOptions): Promise<IQueryResult> {
  const started = performance.now();
  const { graph, nodes, timeZone } = checkQuery(query, services.maxGraphNodes);
  // Database tables' states go into fingerprints: read them first (each has a short TTL).
  if (services.sources.prepareUrls) await services.sources.prepareUrls(nodes.map((n) => n.task?.url?.url ?? ''), options.signal);
  const fps = fingerprintOrExplain(graph, timeZone, services);
  const items = query.items ?? [];
  items.forEach((item, k) => {
    const n = item.node ?? 0;
    if (!Number.isInteger(n) || n < 0 || n >= nodes.length) {
      throw new RuntimeError('bad_graph', `Query item ${k} asks for node ${n}, which is not in the graph`, { path: `/items/${k}/node` });
    }
  });

  let computed = 0;
  let hits = 0;
  // Shared across requests (lazily attached to the services that every request shares).
  const runs = services.runs ?? (services.runs = createSharedRuns());
  const sourceUses = countSourceUses(graph);
  const interactive = dependsOnClientValues(graph, fps.order);
  // Worth a table: a dataset several others read, whose rows do not move with every brush
  // or slider change (those would be rewritten on each interaction), and that is costly to
  // recompute (row-by-row work over a file or table is cheaper to repeat than to write).
  const tabled = new Map<number, boolean>();
  const costly = (index: number): boolean => {
    const node = nodes[index];
    if (pipelineOf(node).some((t) => !STREAMING.has(t))) return true;
    const source = node.task?.source?.source;
    const parent = source ? (node.parents ?? []).find((p) => nodes[p]?.variable?.name === source) : undefined;
    return parent !== undefined && !isTabled(parent) && costly(parent);
  };
  const isTabled = (index: number): boolean => {
    let t = tabled.get(index);
    if (t === undefined) tabled.set(index, (t = (sourceUses[index] ?? 0) >= 2 && !interactive[index] && costly(index)));
    return t;
  };
  const materialize = (index: number) => (isTabled(index) ? `vf_mat_${fps.states[index]}` : undefined);
  // One join per node and waiting signal: the request's own, or the signal of a shared
  // computation that reads the node (so a parent stops only when no reader waits).
  const memo = new Map<AbortSignal | undefined, Map<number, Promise<Prepared>>>();
  const prepareFor = (signal: AbortSignal | undefined) => (index: number): Promise<Prepared> => {
    let bySignal = memo.get(signal);
    if (!bySignal) memo.set(signal, (bySignal = new Map()));
    let p = bySignal.get(index);
    if (!p) {
      p = runs.join(services.prepared, fps.states[index], signal, (runSignal) => {
        computed++;
        const ctx = { graph, timeZone, signal: runSignal, materialize, prepareNode: prepareFor(runSignal), stateOf: (i: number) => fps.states[i] };
        return prepareNode(index, ctx, services);
      }).then((r) => r.value);
      bySignal.set(index, p);
    }
    return p;
  };

  const values: INodeValue[] = await Promise.all(items.map(async (item) => {
    const index = item.node ?? 0;
    const key = valueKey(fps.states[index], item);
    const { value, hit } = await runs.join(services.values, key, options.signal, async (runSignal) =>
      encodeNode(index, await prepareFor(runSignal)(index), item, services, runSignal));
    if (hit) hits++;
    return { node: index, value: value.value, signals: value.signals, origin: hit ? 'cache' : 'computed' };
  }));
  const hints = (query.selectionHints ?? []).map((h) => ({ store: h.store ?? '', fields: h.fields ?? [] })).filter((h) => h.store && h.fields.length > 0);
  if (hints.length > 0 && services.indexes) {
    // After the answer: builds that serve the first selection, not awaited by anyone.
    const session = options.sessionSignal;
    const ctx = { graph, timeZone, materialize, signal: session, prepareNode: prepareFor(session), stateOf: (i: number) => fps.states[i] };
    const indexes = services.indexes;
    setImmediate(() => {
      indexes.ahead(() => prewarmIndexes(hints, ctx, services, indexes)).catch((error: unknown) =>
        indexes.logger.debug('building indexes ahead failed', { reason: (error as Error).message }));
    });
  }
  return {
    requestId: query.requestId ?? 0,
    values,
    stats: { nodesComputed: computed, cacheHits: hits, elapsedMs: performance.now() - started },
  };

  function encodeNode(index: number, prep: Prepared, item: IQueryItem, s: EvaluateServices, signal?: AbortSignal): Promise<EncodedValue> {
    return encodeValue(prep, item, s, runs, signal, (nodes[index].outputs ?? [])
      .filter((v) => (v.namespace ?? Namespace.NAMESPACE_SIGNAL) === Namespace.NAMESPACE_SIGNAL)
      .map((v) => v.name ?? ''));
  }
}

/** Fingerprints the graph; JSON text that does not parse is the client's error, named with its path. */
function fingerprintOrExplain(graph: ITaskGraph, timeZone: string, services: EvaluateServices): Fingerprints {
  try {
    return fingerprintGraph(graph, { timeZone, urlState: (url) => safeUrlState(services, url) });
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    const fields = ['formatJson', 'pipelineJson', 'valuesJson', 'markJson'] as const;
    for (const [i, node] of (graph.nodes ?? []).entries()) {
      for (const [kind, task] of Object.entries(node.task ?? {})) {
        for (const field of fields) {
          const text = (task as Partial<Record<typeof field, string>> | null)?.[field];
          if (!text) continue;
          try {
            JSON.parse(text);
          } catch (cause) {
            throw new RuntimeError('bad_data', `${field} is not valid JSON: ${(cause as Error).message}`, { cause, path: `/nodes/${i}/task/${kind}/${field}` });
          }
        }
      }
    }
    throw new RuntimeError('bad_message', `Task graph holds text that is not valid JSON: ${error.message}`, { cause: error });
  }
}

/** How many nodes read each node as their `source` dataset. */
function countSourceUses(graph: IQuery['graph']): number[] {
  const nodes = graph?.nodes ?? [];
  const uses = new Array<number>(nodes.length).fill(0);
  for (const node of nodes) {
    const source = node.task?.source?.source;
    if (!source) continue;
    for (const p of node.parents ?? []) {
      if (nodes[p]?.variable?.name === source) uses[p]++;
    }
  }
  return uses;
}

/** For each node: whether a root value the client sends (a signal, a selection store) reaches it. */
function dependsOnClientValues(graph: IQuery['graph'], order: number[]): boolean[] {
  const nodes = graph?.nodes ?? [];
  const out = new Array<boolean>(nodes.length).fill(false);
  for (const i of order) {
    const node = nodes[i];
    out[i] = Boolean(node.task?.value) || (node.parents ?? []).some((p) => out[p]);
  }
  return out;
}

/**
 * Transforms that work row by row (or only read their input, as extent): DuckDB streams
 * them, so repeating them for each reader costs less than writing their rows to a table.
 */
const STREAMING = new Set(['filter', 'formula', 'bin', 'extent', 'project', 'timeunit', 'flatten', 'fold']);

/** Transform types by pipeline text: a graph's pipelines come again with every request. */
const pipelineTypes = new Map<string, string[]>();

/** The transform types of a node's pipeline (none for values, signals and bad JSON). */
function pipelineOf(node: ITaskNode | undefined): string[] {
  const t = node?.task;
  const text = t?.url?.pipelineJson ?? t?.values?.pipelineJson ?? t?.source?.pipelineJson ?? '';
  if (!text) return [];
  let types = pipelineTypes.get(text);
  if (!types) {
    try {
      const pipeline = JSON.parse(text) as unknown;
      types = Array.isArray(pipeline) ? pipeline.map((x) => String((x as { type?: unknown } | null)?.type)) : [];
    } catch {
      types = [];
    }
    if (text.length <= 65_536) {
      if (pipelineTypes.size >= 512) pipelineTypes.clear();
      pipelineTypes.set(text, types);
    }
  }
  return types;
}

/** A URL that cannot be stamped (missing, forbidden) fails later, when it loads, with its path. */
function safeUrlState(services: EvaluateServices, url: string): string {
  try {
    return services.sources.urlState(url);
  } catch {
    return 'unavailable';
  }
}

function valueKey(state: string, item: IQueryItem): string {
  if (item.signalsOnly) return `${state}|signals`;
  const cols = [...(item.columns ?? [])].sort();
  return `${state}|${cols.map((c) => c.replace(/\|/g, '||')).join('|')}`;
}

async function encodeValue(
  prep: Prepared, item: IQueryItem, services: EvaluateServices, runs: SharedRuns, signal: AbortSignal | undefined, outputs: string[],
): Promise<EncodedValue> {
  if (prep.kind === 'signal') {
    const json = encodeJsonValue(prep.value);
    return { value: { json }, signals: [], bytes: json.length * 2 + 64 };
  }
  const signals = outputs.filter((name) => prep.signals.has(name)).map((name) => ({ name, value: { json: encodeJsonValue(prep.signals.get(name)) } }));
  let bytes = 64 + signals.reduce((n, s) => n + (s.value.json?.length ?? 0) * 2, 0);
  if (item.signalsOnly) return { signals, bytes };
  if (prep.rows && prep.schema) {
    // Rows computed in memory with their types (an index's cells): no statement to run.
    if (prep.rows.length > services.maxResultRows) {
      throw new LimitError('limit_exceeded', `Dataset has ${prep.rows.length} rows; the limit is ${services.maxResultRows}`);
    }
    const arrow = encodeArrow(arrowFromRows(prep.rows, prep.schema, item.columns ?? []));
    return { value: { arrow }, signals, bytes: bytes + arrow.byteLength };
  }
  try {
    // The LIMIT only guards memory: a value over the limit is refused, never truncated. A
    // relation known to be within the limit goes without it (a pass fewer in DuckDB).
    const relation = await relationOf(prep);
    const guarded = relation.maxRows !== undefined && relation.maxRows <= services.maxResultRows
      ? relation
      : { sql: `SELECT * FROM (${relation.sql}) LIMIT ${Math.floor(services.maxResultRows) + 1}`, schema: relation.schema, inOrder: relation.inOrder };
    // Datasets of different nodes can be the same statement (a histogram filtered by an
    // empty selection and its unfiltered twin): one run, one cached result. The SQL names
    // only immutable tables and file states, so the same text gives the same rows.
    const columns = item.columns ?? [];
    const key = createHash('sha256').update(JSON.stringify([guarded.sql, guarded.schema, [...columns].sort(), guarded.inOrder === true])).digest('hex');
    const { value } = await runs.join(services.values, `sql:${key}`, signal, async (runSignal) => {
      const table = await queryArrow(services.engine, guarded, columns, runSignal);
      if (table.numRows > services.maxResultRows) {
        throw new LimitError('limit_exceeded', `Dataset has ${table.numRows} rows; the limit is ${services.maxResultRows}`);
      }
      const arrow = encodeArrow(table);
      return { value: { arrow }, signals: [], bytes: arrow.byteLength + 64 };
    });
    bytes += value.bytes;
    return { value: value.value, signals, bytes };
  } catch (error) {
    throw toRuntimeError(error);
  }
}
