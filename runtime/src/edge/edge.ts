/**
 * An edge runtime's answer to a query. It fingerprints the graph itself (never trusting a
 * key from a client or an upstream), answers the items its cache holds, computes itself
 * the items whose whole ancestry is values, inline data and signals, and sends the rest to
 * its upstream as one query of the pruned sub-graph, caching what comes back under its
 * own fingerprints. Concurrent requests for the same item share one computation, local or
 * upstream; that work stops only when no request waits for it any more.
 */
import { fingerprintGraph, Namespace, type ITaskGraph, type ITaskNode, type Fingerprints, type IQuery, type IQueryItem, type IQueryResult, type ITaskValue, type INodeValue, type RuntimeCapabilities } from '@vegafusion-ts/proto';
import { setMaxListeners } from 'node:events';
import { createValueCache, type ValueCache } from '../cache/index.js';
import { CancelledError, RuntimeError, toRuntimeError } from '../errors.js';
import { checkQuery, evaluateQuery, type EvaluateServices } from '../graph/evaluate.js';
import type { Logger } from '../logger.js';
import { DATASET_SCHEME } from '../engine/sources/resolve-url.js';
import { createTierMetrics, type EdgeStats, type TierMetrics } from './metrics.js';
import { itemKey, localNodes, subQuery, substituteHeld, type HeldTable } from './split.js';
import { relocate, TierFailure, toTierFailure, UpstreamError } from './upstream-error.js';
import { createUpstreamLink, type UpstreamLink, type UpstreamReply } from './upstream-link.js';

/** A value as the edge keeps it: what goes on the wire, and where it came from. */
export interface TierValue {
  value?: ITaskValue;
  signals: { name: string; value: ITaskValue }[];
  bytes: number;
  origin: string;
}

export interface EdgeOptions {
  /** The upstream's WebSocket URL (ws://host:port/ws), or several runtimes' separated by commas. */
  upstream: string;
  upstreamToken?: string;
  /** The edge's own evaluation (an in-process DuckDB) for the nodes it computes itself. */
  services: EvaluateServices;
  /** Bytes of values the edge's cache may hold. */
  cacheBytes: number;
  /** Most inline bytes a node's ancestry may hold for the edge to compute it itself. */
  maxInlineBytes: number;
  /**
   * How long values read from data files stay answerable from the cache, in ms (0: until
   * evicted). Uploads are named by their content and never go stale.
   */
  fileTtlMs?: number;
  /** The clock (tests). */
  now?: () => number;
  logger: Logger;
  /** A link to use instead of a new WebSocket link (tests). */
  link?: UpstreamLink;
}

export interface Edge {
  answer(query: IQuery, signal: AbortSignal): Promise<IQueryResult>;
  /** The upstream's capabilities: the planner plans against what the upstream computes. */
  capabilities(signal?: AbortSignal): Promise<RuntimeCapabilities>;
  /** The upstream's HTTP base URL (uploads go there). */
  readonly upstreamHttp: string;
  readonly upstreamToken: string | undefined;
  stats(): EdgeStats;
  close(): void;
}

/** Codes of local work this edge's engine cannot do: its upstream may. */
const UNSUPPORTED = new Set<string>(['unsupported_transform', 'unsupported_function']);

interface Batch {
  controller: AbortController;
  waiters: number;
  settled: boolean;
}

interface Wanted {
  item: IQueryItem;
  key: string;
  resolve(v: TierValue): void;
  reject(e: unknown): void;
}

/** ws://h:p/ws -> http://h:p */
export function httpBaseOf(upstream: string): string {
  const url = new URL(upstream);
  url.protocol = url.protocol === 'wss:' ? 'https:' : 'http:';
  url.pathname = url.pathname.replace(/\/ws\/?$/, '') || '/';
  url.search = '';
  return url.toString().replace(/\/$/, '');
}

export function createEdge(options: EdgeOptions): Edge {
  const { services, logger } = options;
  const link = options.link ?? createUpstreamLink({ url: options.upstream, token: options.upstreamToken, logger });
  const values: ValueCache<TierValue> = createValueCache<TierValue>({ maxBytes: options.cacheBytes, sizeOf: (v) => v.bytes });
  const pendingKeys = new Map<string, Batch>();
  const tier: TierMetrics = createTierMetrics();
  const ttl = options.fileTtlMs ?? 0;
  const now = options.now ?? Date.now;
  // The edge holds no files to stat: a file's state is the period of time it is asked in,
  // so its values are asked upstream again (where a changed file is seen) once a period.
  const fileState = (url: string) => (ttl > 0 && !url.startsWith(DATASET_SCHEME) ? `period:${Math.floor(now() / ttl)}` : '');

  const leave = (batch: Batch) => {
    batch.waiters--;
    if (batch.waiters <= 0 && !batch.settled && !batch.controller.signal.aborted) {
      batch.controller.abort(new CancelledError('No request is waiting for this work any more'));
    }
  };

  /**
   * Starts the work for `wanted`: computed here over `localGraph` (the request's graph with
   * held tables in place), or forwarded. Local work the edge's engine cannot do (an
   * upstream of a newer release plans with transforms this edge lacks) is forwarded.
   */
  const startBatch = (wanted: Wanted[], query: IQuery, fps: Fingerprints, localGraph?: ITaskGraph): { batch: Batch; computed: Promise<number> } => {
    const batch: Batch = { controller: new AbortController(), waiters: 1, settled: false };
    setMaxListeners(0, batch.controller.signal);
    for (const w of wanted) pendingKeys.set(w.key, batch);
    const signal = batch.controller.signal;
    const items = wanted.map((w) => w.item);
    type Ran = UpstreamReply & { where: 'local' | 'forward'; sub: IQuery };
    let states: string[] = [];
    const prepare = (graph: ITaskGraph) => {
      const { query: sub, pruned } = subQuery({ ...query, graph }, items);
      states = pruned.original.map((o) => fps.states[o]);
      return sub;
    };
    const forward = (): Promise<Ran> => {
      const sub = prepare(query.graph ?? {});
      tier.forwardedItems += wanted.length;
      tier.forwardedNodes += sub.graph?.nodes?.length ?? 0;
      return link.query(sub, signal).then((r) => ({ ...r, where: 'forward' as const, sub }));
    };
    const compute = (graph: ITaskGraph): Promise<Ran> => {
      const sub = prepare(graph);
      return evaluateQuery(sub, services, { signal }).then((result) => ({ result, bytes: 0, ms: 0, where: 'local' as const, sub }), (error: unknown) => {
        if (signal.aborted || !UNSUPPORTED.has(toRuntimeError(error).code)) throw error;
        tier.computedItems -= wanted.length;
        return forward();
      });
    };
    const run = localGraph ? compute(localGraph) : forward();
    const computed = run.then(({ result, bytes, ms, where, sub }) => {
      if (where === 'forward') tier.observeUpstream(bytes, ms);
      const got = result.values ?? [];
      wanted.forEach((w, k) => {
        const v = got[k];
        if (!v || v.node !== sub.items?.[k].node) {
          w.reject(new TierFailure(new RuntimeError('internal', `The ${where === 'local' ? 'edge' : 'upstream'} answered without the value of item ${k}`), undefined, ''));
          return;
        }
        w.resolve(tierValue(v, where === 'local' ? 'edge-computed' : `upstream>${v.origin || 'computed'}`));
      });
      return result.stats?.nodesComputed ?? 0;
    }, (error: unknown) => {
      const e = toRuntimeError(error);
      if (e instanceof UpstreamError) tier.upstreamErrors++;
      const failure = toTierFailure(e, states);
      for (const w of wanted) w.reject(failure);
      return 0;
    }).finally(() => {
      batch.settled = true;
      for (const w of wanted) if (pendingKeys.get(w.key) === batch) pendingKeys.delete(w.key);
    });
    return { batch, computed };
  };

  return {
    get upstreamHttp() {
      return httpBaseOf(link.currentUrl());
    },
    upstreamToken: options.upstreamToken,
    async answer(query, signal) {
      const started = performance.now();
      const { graph, nodes, timeZone } = checkQuery(query, services.maxGraphNodes);
      const fps = fingerprint(query, timeZone, fileState);
      const items = query.items ?? [];
      items.forEach((item, k) => {
        const n = item.node ?? 0;
        if (!Number.isInteger(n) || n < 0 || n >= nodes.length) {
          throw new RuntimeError('bad_graph', `Query item ${k} asks for node ${n}, which is not in the graph`, { path: `/items/${k}/node` });
        }
      });
      const held = new Map<number, HeldTable>();
      const local = localNodes(graph, fps.order, options.maxInlineBytes, (i) => {
        const table = heldTable(nodes[i], values.peek(itemKey(fps.states[i], {})));
        if (table) held.set(i, table);
        return table?.arrow.byteLength;
      });
      const toCompute: Wanted[] = [];
      const toForward: Wanted[] = [];
      const waits: Batch[] = [];
      const origins: (string | undefined)[] = [];
      const asked = items.map((item, k) => {
        const index = item.node ?? 0;
        const key = itemKey(fps.states[index], item);
        if (values.peek(key) !== undefined) origins[k] = 'edge-cache';
        let mine = false;
        const promise = values.getOrCompute(key, () => new Promise<TierValue>((resolve, reject) => {
          mine = true;
          (local[index] ? toCompute : toForward).push({ item, key, resolve, reject });
        })).then((r) => r.value);
        promise.catch(() => undefined); // observed below, unless this request stopped waiting
        if (!mine && origins[k] === undefined) {
          origins[k] = 'edge-shared';
          const batch = pendingKeys.get(key);
          if (batch) {
            batch.waiters++;
            waits.push(batch);
          }
        }
        return promise;
      });
      const hits = origins.filter((o) => o !== undefined).length;
      tier.hits += origins.filter((o) => o === 'edge-cache').length;
      tier.shared += origins.filter((o) => o === 'edge-shared').length;
      tier.computedItems += toCompute.length;
      const batches = [
        ...(toCompute.length > 0 ? [startBatch(toCompute, query, fps, substituteHeld(graph, held))] : []),
        ...(toForward.length > 0 ? [startBatch(toForward, query, fps)] : []),
      ];
      for (const s of batches) waits.push(s.batch);

      let onAbort: (() => void) | undefined;
      const aborted = new Promise<never>((_, reject) => {
        onAbort = () => reject(cancelledBy(signal));
        if (signal.aborted) onAbort();
        else signal.addEventListener('abort', onAbort, { once: true });
      });
      aborted.catch(() => undefined);
      let got: TierValue[];
      try {
        got = await Promise.race([Promise.all(asked), aborted]);
      } catch (error) {
        for (const b of waits) leave(b);
        if (error instanceof TierFailure) throw relocate(error, (state) => indexOfState(fps, state, items));
        throw error;
      } finally {
        if (onAbort) signal.removeEventListener('abort', onAbort);
      }
      const computed = (await Promise.all(batches.map((s) => s.computed))).reduce((a, b) => a + b, 0);
      const out: INodeValue[] = got.map((v, k) => ({ node: items[k].node ?? 0, value: v.value, signals: v.signals, origin: origins[k] ?? v.origin }));
      return { requestId: query.requestId ?? 0, values: out, stats: { nodesComputed: computed, cacheHits: hits, elapsedMs: performance.now() - started } };
    },
    capabilities: (signal) => link.capabilities(signal),
    stats: () => ({ ...tier.snapshot(), link: link.stats(), cache: values.stats() }),
    close: () => link.close(),
  };
}

/**
 * A dataset's whole table as the edge holds it, with every signal the node defines; the
 * edge then computes the datasets and signals built on it itself.
 */
function heldTable(node: ITaskNode, cached: TierValue | undefined): HeldTable | undefined {
  const arrow = cached?.value?.arrow;
  if (!arrow || (node.variable?.namespace ?? Namespace.NAMESPACE_SIGNAL) !== Namespace.NAMESPACE_DATA) return undefined;
  const signals: HeldTable['signals'] = [];
  for (const v of node.outputs ?? []) {
    if ((v.namespace ?? Namespace.NAMESPACE_SIGNAL) !== Namespace.NAMESPACE_SIGNAL) continue;
    const json = cached.signals.find((s) => s.name === v.name)?.value.json;
    if (json === undefined || json === null) return undefined;
    signals.push({ name: v.name ?? '', json });
  }
  return { arrow, signals };
}

function fingerprint(query: IQuery, timeZone: string, urlState: (url: string) => string): Fingerprints {
  try {
    return fingerprintGraph(query.graph ?? {}, { timeZone, urlState });
  } catch (error) {
    if (error instanceof SyntaxError) throw new RuntimeError('bad_message', `Task graph holds text that is not valid JSON: ${error.message}`, { cause: error });
    throw toRuntimeError(error);
  }
}

/** The request's node of a state: a requested one first, else any. */
function indexOfState(fps: Fingerprints, state: string, items: readonly IQueryItem[]): number | undefined {
  const requested = items.map((it) => it.node ?? 0).find((n) => fps.states[n] === state);
  if (requested !== undefined) return requested;
  const i = fps.states.indexOf(state);
  return i < 0 ? undefined : i;
}

function tierValue(v: INodeValue, origin: string): TierValue {
  const value = plainValue(v.value);
  const signals = (v.signals ?? []).map((s) => ({ name: s.name ?? '', value: plainValue(s.value) ?? { json: 'null' } }));
  const size = (x: ITaskValue | undefined) => (x?.arrow?.byteLength ?? 0) + (x?.json?.length ?? 0) * 2;
  return { value, signals, origin, bytes: 64 + size(value) + signals.reduce((n, s) => n + size(s.value) + s.name.length * 2, 0) };
}

/** A decoded TaskValue as a plain object of its one set field. */
function plainValue(v: ITaskValue | null | undefined): ITaskValue | undefined {
  if (!v) return undefined;
  if (v.arrow && v.arrow.byteLength > 0) return { arrow: v.arrow };
  if (typeof v.json === 'string') return { json: v.json };
  return undefined;
}

function cancelledBy(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof RuntimeError ? reason : new CancelledError('Request was cancelled');
}
