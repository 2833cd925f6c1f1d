/**
 * One chart's conversation with the runtime. It watches the view's values the runtime
 * needs (the plan's `toServer`), and on a change (coalesced) rebuilds the task graph,
 * fingerprints it, and asks only for the `toClient` values whose state changed since the
 * last answer. A newer request cancels the older one, an answer to anything but the
 * latest request is dropped, and errors go to `onError` without touching the view.
 */
import {
  fingerprintGraph, type INodeValue, type IQueryResult, type ITaskGraph, type ITaskValue,
} from '@vegafusion-ts/proto';
import type { View } from 'vega';
import type { ChartPlan, ToClient, ToServer } from '../planner/types.js';
import { applyServerValues } from './apply-values.js';
import { isCancelled, RuntimeReplyError, toError } from './errors.js';
import type { QueryTicket, RuntimeConnection } from './RuntimeConnection.js';
import { createScheduler, type CoalesceMode, type Scheduler } from './scheduler.js';
import { fillRootValues, pruneGraph, queryItems } from './task-graph.js';
import { encodeDatasetValue, encodeSignalValue, type DatasetEncoding } from './values.js';
import { hasRun, holdRuns, listenData, listenSignal, readData, readSignal } from './view-context.js';
import { nodeValueBytes, recordTransfer, variableLabel } from './transfer.js';

/** First wait before asking again after a `busy` reply, in ms; it doubles with each one in a row. */
const BUSY_RETRY_MS = 50;
/** Longest wait between asks after `busy` replies, in ms. */
const BUSY_RETRY_MAX_MS = 2000;
/** `busy` replies in a row after which the error is reported instead. */
const BUSY_RETRIES = 10;

export interface ChartSessionOptions {
  connection: RuntimeConnection;
  plan: ChartPlan;
  view: View;
  /** IANA time zone sent with each request; default: the browser's. */
  timeZone?: string;
  /** How bursts of changes are coalesced; default `frame` (`microtask` without animation frames). */
  coalesce?: CoalesceMode;
  /** How the client's datasets travel; default `json`. */
  datasetEncoding?: DatasetEncoding;
  /** Runtime errors, transport errors and values that could not be applied. */
  onError?: (error: Error) => void;
  /** After each answer has been applied and the view has run. */
  onUpdate?: (update: SessionUpdate) => void;
  /**
   * A large table arrived (over the plan's `transferWarning` limits), once per table, with
   * what in the client spec reads it; also listed in `plan.report.warnings`. Default: console.warn.
   */
  onWarning?: (message: string) => void;
}

export interface SessionUpdate {
  requestId: number;
  /** Variables set in the view (`data:name`, `signal:name`). */
  applied: string[];
  stats: IQueryResult['stats'];
  /**
   * Where each value came from (a debug aid), by variable (`data:name`, `signal:name`, with
   * `@scope` in groups): "cache" or "computed" at the runtime; through an edge runtime,
   * "edge-cache", "edge-shared", "edge-computed" or "upstream>…" (what the upstream said).
   */
  origins: Record<string, string>;
  /** Bytes of this answer per variable (the totals are in `plan.report.transfers`). */
  bytes: Record<string, number>;
}

/** The browser's IANA time zone. */
export function localTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** A chart's session; see the module comment. `start()` begins it, `dispose()` ends it. */
export class ChartSession {
  readonly plan: ChartPlan;
  readonly view: View;
  private readonly options: ChartSessionOptions;
  private readonly timeZone: string;
  private readonly scheduler: Scheduler;
  /** State fingerprint last applied, per index of `plan.toClient`. */
  private readonly answered = new Map<number, string>();
  private readonly unsubscribe: (() => void)[] = [];
  private inflight: QueryTicket | null = null;
  private disposed = false;
  private requests = 0;
  private resolveReady: () => void = () => undefined;
  private idleWaiters: (() => void)[] = [];
  /** Releases the hold on the view's runs taken until the first answer (see `holdRuns`). */
  private releaseRuns: () => void = () => undefined;
  /**
   * Whether the view has run since the session started. Before its first run, a signal
   * computed by an `update` expression has no value yet; values that read it wait for it.
   */
  private viewHasRun = false;
  /** Values left out of a round because a signal they read had no value yet. */
  private deferred = false;
  /** Whether an answer to a request carrying the plan's selection hints has arrived. */
  private hinted = false;
  /**
   * The runtime answered `busy` (this connection has as many queries waiting or running
   * as it may, e.g. many charts on one page): the values are asked for again after a
   * pause that grows with each `busy` in a row.
   */
  private busyTimer: ReturnType<typeof setTimeout> | null = null;
  private busyInARow = 0;
  /**
   * Whether the view's first values are all in (the session has been idle once). Plain
   * Vega sizes a view once, at its first layout with its data loaded; values that come
   * later answer a change of the view and leave its size alone, as plain Vega does.
   */
  private laidOut = false;
  /** Settles when the first round ends: values applied, or an error reported through `onError`. */
  readonly ready: Promise<void>;

  constructor(options: ChartSessionOptions) {
    this.options = options;
    this.plan = options.plan;
    this.view = options.view;
    this.timeZone = options.timeZone ?? localTimeZone();
    this.scheduler = createScheduler(() => this.update(), options.coalesce ?? 'frame');
    this.ready = new Promise<void>((resolve) => {
      this.resolveReady = () => {
        this.releaseRuns();
        resolve();
      };
    });
  }

  /** Number of requests sent so far. */
  get requestCount(): number {
    return this.requests;
  }

  /** Starts watching the view and asks for the first values. */
  start(): this {
    if (this.disposed) return this;
    const changed = (): void => {
      if (!this.disposed) this.scheduler.request();
    };
    for (const entry of this.plan.toServer) {
      try {
        this.unsubscribe.push(entry.kind === 'signal'
          ? listenSignal(this.view, entry.name, entry.scope, changed)
          : listenData(this.view, entry.name, entry.scope, changed));
      } catch (error) {
        this.report(error);
      }
    }
    if (this.plan.toClient.length === 0) this.resolveReady();
    // The runtime's first values stand for data files: the view's runs wait for them as
    // plain Vega's first run waits for its loads (released when the first round ends).
    else this.releaseRuns = holdRuns(this.view);
    this.scheduler.request();
    return this;
  }

  /**
   * Resolves once nothing is due or in flight: every change of the view seen so far has
   * been answered and applied (or failed). For tests and tools that compare renders.
   */
  whenIdle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private isIdle(): boolean {
    return this.disposed || (this.inflight === null && this.busyTimer === null && !this.scheduler.isDue());
  }

  private checkIdle(): void {
    if (!this.isIdle()) return;
    this.laidOut = true;
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  /** Re-checks the view now (skipping the coalescing delay), e.g. after setting signals by hand. */
  refresh(): void {
    this.scheduler.cancel();
    this.update();
  }

  /** Stops listening and cancels what is in flight; the view and the connection are left alone. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.scheduler.cancel();
    if (this.busyTimer) clearTimeout(this.busyTimer);
    this.busyTimer = null;
    for (const off of this.unsubscribe.splice(0)) off();
    this.inflight?.cancel();
    this.inflight = null;
    this.resolveReady();
    this.checkIdle();
  }

  private report(error: unknown): void {
    const e = toError(error);
    if (this.options.onError) this.options.onError(e);
    else console.warn('[vegafusion]', e);
  }

  private warn(message: string): void {
    if (this.options.onWarning) this.options.onWarning(message);
    else console.warn('[vegafusion]', message);
  }

  /** Rows the view holds for a table just applied (undefined when it cannot be read). */
  private tableRows(entry: ToClient): number | undefined {
    try {
      return readData(this.view, entry.name, entry.scope).length;
    } catch {
      return undefined;
    }
  }

  private rootValues(): Map<number, ITaskValue> {
    const values = new Map<number, ITaskValue>();
    for (const entry of this.plan.toServer) {
      const value = entry.kind === 'signal'
        ? encodeSignalValue(readSignal(this.view, entry.name, entry.scope))
        : encodeDatasetValue(this.datasetRows(entry), this.options.datasetEncoding);
      values.set(entry.node, value);
    }
    return values;
  }

  /**
   * A dataset's rows. A view that has not run holds none yet, where plain Vega's first run
   * starts from the inline values the spec declares (a selection's initial store): those
   * are sent, so the first answer is for the state the first run shows.
   */
  private datasetRows(entry: ToServer): object[] {
    if (entry.scope.length === 0 && !hasRun(this.view)) {
      const declared = inlineValues(this.plan.clientSpec, entry.name);
      if (declared) return declared;
    }
    return readData(this.view, entry.name, entry.scope);
  }

  private update(): void {
    if (this.disposed) return;
    // Whatever is in flight answers an older state of the view.
    this.inflight?.cancel();
    this.inflight = null;
    let graph: ITaskGraph;
    let states: string[];
    try {
      graph = fillRootValues(this.plan.serverGraph, this.rootValues());
      states = fingerprintGraph(graph, { timeZone: this.timeZone }).states;
    } catch (error) {
      this.report(error);
      this.resolveReady();
      this.checkIdle();
      return;
    }
    const waiting = this.viewHasRun ? undefined : readersOf(graph, this.plan.toServer
      .filter((e) => e.kind === 'signal' && readSignal(this.view, e.name, e.scope) === undefined).map((e) => e.node));
    const wanted: { index: number; entry: ToClient; state: string }[] = [];
    this.plan.toClient.forEach((entry, index) => {
      const state = states[entry.node];
      if (this.answered.get(index) === state) return;
      if (waiting?.has(entry.node)) this.deferred = true;
      else wanted.push({ index, entry, state });
    });
    if (wanted.length === 0) {
      if (this.deferred) {
        // Only values waiting for the view's first run are due: run it, then ask.
        void this.runView().catch((error: unknown) => this.report(error));
        return;
      }
      this.resolveReady();
      this.checkIdle();
      return;
    }
    const items = queryItems(wanted.map((w) => w.entry));
    const pruned = pruneGraph(graph, items.map((i) => i.node ?? 0));
    const ticket = this.options.connection.query({
      graph: pruned.graph,
      items: items.map((i) => ({ ...i, node: pruned.index.get(i.node ?? 0) })),
      timeZone: this.timeZone,
      // Until the runtime has answered once: it prepares for the first selection then.
      selectionHints: this.hinted ? undefined : this.plan.selectionHints,
    });
    this.requests++;
    this.inflight = ticket;
    ticket.result.then(
      (result) => this.receive(ticket, result, pruned.original, wanted),
      (error: unknown) => {
        if (this.inflight === ticket) this.inflight = null;
        if (isCancelled(error) || this.disposed) return;
        if (error instanceof RuntimeReplyError && error.code === 'busy' && this.busyInARow < BUSY_RETRIES) {
          const delay = Math.min(BUSY_RETRY_MAX_MS, BUSY_RETRY_MS * 2 ** this.busyInARow++);
          this.busyTimer = setTimeout(() => {
            this.busyTimer = null;
            if (!this.disposed) this.scheduler.request();
          }, delay);
          return;
        }
        this.report(toPlanPath(error, pruned.original));
        this.resolveReady();
        this.checkIdle();
      },
    );
  }

  /** Runs the view (its first run too); values deferred until then are asked for next. */
  private async runView(): Promise<void> {
    this.releaseRuns();
    await this.view.runAsync();
    this.viewHasRun = true;
    if (this.deferred && !this.disposed) {
      this.deferred = false;
      this.scheduler.request();
    }
  }

  private async receive(
    ticket: QueryTicket, result: IQueryResult, original: number[],
    wanted: { index: number; entry: ToClient; state: string }[],
  ): Promise<void> {
    // A superseded answer describes a state the view has left.
    if (this.disposed || this.inflight !== ticket) return;
    this.inflight = null;
    this.hinted = true;
    this.busyInARow = 0;
    const values: INodeValue[] = (result.values ?? []).map((v) => ({ ...v, node: original[v.node ?? 0] }));
    try {
      // Recorded first: changes that applying and running trigger must diff against this answer.
      for (const w of wanted) this.answered.set(w.index, w.state);
      const applied = await applyServerValues(this.view, this.plan, values, {
        entries: wanted.map((w) => w.entry), run: false, resize: !this.laidOut,
      });
      await this.runView();
      for (const error of applied.errors) this.report(error);
      const origins: Record<string, string> = {};
      const bytes: Record<string, number> = {};
      for (const w of wanted) {
        const value = values.find((v) => v.node === w.entry.node);
        if (!value) continue;
        const label = variableLabel(w.entry);
        if (value.origin) origins[label] = value.origin;
        bytes[label] = nodeValueBytes(value);
        const rows = w.entry.signalsOnly ? undefined : this.tableRows(w.entry);
        const warning = recordTransfer(this.plan, w.entry, bytes[label], rows);
        if (warning) this.warn(warning);
      }
      this.options.onUpdate?.({ requestId: ticket.requestId, applied: applied.applied, stats: result.stats, origins, bytes });
    } catch (error) {
      this.report(error);
    }
    this.resolveReady();
    this.checkIdle();
  }
}

/** The rows a top-level dataset of `spec` declares inline (`values` and nothing to derive them). */
function inlineValues(spec: ChartPlan['clientSpec'], name: string): object[] | undefined {
  const data = (spec as { data?: Record<string, unknown>[] }).data?.find((d) => d.name === name);
  if (!data || !Array.isArray(data.values) || data.transform || data.format || data.source || data.url) return undefined;
  return data.values.every((v) => typeof v === 'object' && v !== null) ? data.values as object[] : undefined;
}

/**
 * The nodes that read `roots` directly or through parents. (Before the view's first run,
 * a signal Vega computes from an `update` expression is undefined; the runtime would
 * evaluate its readers with undefined where the view will have a value.)
 */
function readersOf(graph: ITaskGraph, roots: number[]): Set<number> {
  const unset = new Set(roots);
  const out = new Set<number>();
  if (unset.size === 0) return out;
  const nodes = graph.nodes ?? [];
  const memo = new Map<number, boolean>();
  const reads = (i: number): boolean => {
    let r = memo.get(i);
    if (r === undefined) {
      memo.set(i, false);
      r = unset.has(i) || (nodes[i]?.parents ?? []).some(reads);
      memo.set(i, r);
    }
    return r;
  };
  nodes.forEach((_, i) => { if (reads(i)) out.add(i); });
  return out;
}

/**
 * A runtime reply names nodes of the pruned graph the request carried; readers of the
 * error know the plan's graph, so its `/nodes/<i>` is mapped back.
 */
function toPlanPath(error: unknown, original: number[]): unknown {
  if (!(error instanceof RuntimeReplyError)) return error;
  const m = /^\/nodes\/(\d+)(?=\/|$)/.exec(error.path);
  const node = m ? original[Number(m[1])] : undefined;
  return m && node !== undefined ? error.withPath(`/nodes/${node}${error.path.slice(m[0].length)}`) : error;
}

/** Creates and starts a session for `options.view`. */
export function createChartSession(options: ChartSessionOptions): ChartSession {
  return new ChartSession(options).start();
}
