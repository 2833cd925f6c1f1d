/**
 * Simulated dashboard sessions that drag a brush: each session owns a reconnecting
 * RuntimeConnection (the browser client), sends one query per brush step (cancelling a
 * step the next one supersedes, as the chart does) and checks every answer against the
 * value computed here in plain JavaScript from the same file. Used by the scale-out
 * test and the load test.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import WebSocket from 'ws';
import { arrowToRows, decodeArrow, encodeJsonValue, Namespace, type ITaskGraph } from '@vegafusion-ts/proto';
import { createConnection, type RuntimeConnection, type WebSocketLike } from '../../components/react/src/client/index.js';

/** The small dataset every session brushes (from the vega-datasets data root). */
export const BRUSH_FILE = 'data/flights-2k.json';

interface Flight { delay: number; distance: number }

const PIPELINE = [
  { type: 'filter', expr: '!length(data("brush_store")) || vlSelectionTest("brush_store", datum)' },
  { type: 'aggregate', ops: ['count', 'sum', 'max'], fields: ['delay', 'delay', 'delay'], as: ['n', 'total', 'worst'] },
];

/** The task graph of one brush position: the histogram's source filtered by the brush store. */
export function brushGraph(lo: number, hi: number): ITaskGraph {
  const store = [{ unit: 'concat_0', fields: [{ field: 'distance', channel: 'x', type: 'R' }], values: [[lo, hi]] }];
  return {
    nodes: [
      { variable: { name: 'source_0', namespace: Namespace.NAMESPACE_DATA }, task: { url: { url: BRUSH_FILE, formatJson: '{"type":"json"}' } } },
      { variable: { name: 'brush_store', namespace: Namespace.NAMESPACE_DATA }, task: { value: { json: encodeJsonValue(store) } } },
      { variable: { name: 'summary', namespace: Namespace.NAMESPACE_DATA }, task: { source: { source: 'source_0', pipelineJson: JSON.stringify(PIPELINE) } }, parents: [0, 1] },
    ],
  };
}

export interface BrushAnswer { n: number; total: number | null; worst: number | null }

/** Computes answers in plain JavaScript (what Vega's filter + aggregate give). */
export function createOracle(dataRoot: string): (lo: number, hi: number) => BrushAnswer {
  const flights = JSON.parse(readFileSync(path.join(dataRoot, BRUSH_FILE), 'utf8')) as Flight[];
  return (lo, hi) => {
    let n = 0;
    let total = 0;
    let worst = -Infinity;
    for (const f of flights) {
      if (f.distance >= lo && f.distance <= hi) {
        n++;
        total += f.delay;
        worst = Math.max(worst, f.delay);
      }
    }
    // Vega's sum of no values is 0; its max of no values is undefined (null on the wire).
    return { n, total: n === 0 ? 0 : total, worst: n === 0 ? null : worst };
  };
}

export interface SessionOptions {
  /** Runtime (or balancer) base URL. */
  url: string;
  /** Folder holding BRUSH_FILE (the runtime's data root). */
  dataRoot: string;
  /** Sessions to run at once. */
  sessions: number;
  /** How long each session drags. */
  durationMs: number;
  /** Pause between brush steps of one session (a pointer's move rate). */
  stepMs?: number;
  /** Steps a session may have in flight before it cancels the oldest (superseded) one. */
  maxInFlight?: number;
  token?: string;
  /** Stops the sessions early (a hard stop): their connections close, waiting steps count as unfinished. */
  signal?: AbortSignal;
}

export interface SessionReport {
  sessions: number;
  /** Queries answered with the right values. */
  answered: number;
  /** Queries superseded by a newer brush step and withdrawn by the session. */
  cancelled: number;
  /** Answers with wrong values, and error replies (not counting withdrawn steps). */
  wrong: number;
  errors: number;
  /** First few problems, for the report. */
  problems: string[];
  /** Latency of answered queries, ms. */
  p50: number;
  p99: number;
  max: number;
  /** Sessions whose last step was answered after the drag ended: none may be stuck. */
  finished: number;
  /** Reconnections the clients made. */
  reconnects: number;
  /** Steps still waiting when a hard stop closed the sessions. */
  unfinished: number;
}

const nodeSocket = (url: string) => new WebSocket(url) as unknown as WebSocketLike;

/** A percentile of sorted values (nearest rank). */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/**
 * Runs `sessions` brushing sessions for `durationMs`, then waits for each session's last
 * step to be answered (sessions keep their connection through runtime failures).
 */
export async function runBrushSessions(options: SessionOptions, during?: (elapsedMs: number) => void): Promise<SessionReport> {
  const oracle = createOracle(options.dataRoot);
  const latencies: number[] = [];
  const problems: string[] = [];
  let answered = 0;
  let cancelled = 0;
  let wrong = 0;
  let errors = 0;
  let finished = 0;
  let reconnects = 0;
  let unfinished = 0;
  const started = Date.now();
  const stepMs = options.stepMs ?? 30;
  const maxInFlight = options.maxInFlight ?? 2;
  const note = (text: string) => {
    if (problems.length < 10) problems.push(text);
  };

  const session = async (k: number) => {
    const connection: RuntimeConnection = createConnection(options.url, {
      createWebSocket: nodeSocket, token: options.token, reconnect: { initialDelayMs: 50, maxDelayMs: 1000 },
    });
    connection.onStatus((s) => {
      if (s === 'reconnecting') reconnects++;
    });
    connection.onError((e) => note(`session ${k}: ${e.message}`));
    options.signal?.addEventListener('abort', () => connection.close(), { once: true });
    const inFlight: { cancel(): void }[] = [];
    let step = 0;
    const ask = (final: boolean) => {
      // A deterministic drag per session: the brush slides and widens over distances 0..2000.
      const lo = ((k * 37 + step * 13) % 1500);
      const hi = lo + 100 + ((k + step) % 400);
      step++;
      const sent = performance.now();
      const ticket = connection.query({ graph: brushGraph(lo, hi), items: [{ node: 2 }], timeZone: 'UTC' });
      const entry = { cancel: () => ticket.cancel() };
      inFlight.push(entry);
      while (inFlight.length > maxInFlight) inFlight.shift()?.cancel();
      return ticket.result.then((result) => {
        latencies.push(performance.now() - sent);
        const rows = arrowToRows(decodeArrow(result.values![0].value!.arrow!));
        const want = oracle(lo, hi);
        if (JSON.stringify(rows) !== JSON.stringify([want])) {
          wrong++;
          note(`session ${k} brush [${lo}, ${hi}]: got ${JSON.stringify(rows)}, want ${JSON.stringify(want)}`);
        } else answered++;
        if (final) finished++;
      }, (error: { code?: string; message?: string }) => {
        if (error.code === 'cancelled') {
          cancelled++;
          return;
        }
        if (error.code === 'closed' && options.signal?.aborted) {
          unfinished++;
          return;
        }
        errors++;
        note(`session ${k} brush [${lo}, ${hi}]: ${error.code ?? ''} ${error.message ?? String(error)}`);
      }).finally(() => {
        const i = inFlight.indexOf(entry);
        if (i >= 0) inFlight.splice(i, 1);
      });
    };
    // Stagger the sessions' starts over one step.
    await new Promise((r) => setTimeout(r, (k * stepMs) / Math.max(1, options.sessions)));
    const pending: Promise<void>[] = [];
    while (Date.now() - started < options.durationMs && !options.signal?.aborted) {
      pending.push(ask(false));
      during?.(Date.now() - started);
      await new Promise((r) => setTimeout(r, stepMs));
    }
    if (!options.signal?.aborted) pending.push(ask(true));
    await Promise.all(pending);
    connection.close();
  };

  await Promise.all(Array.from({ length: options.sessions }, (_, k) => session(k)));
  const sorted = latencies.sort((a, b) => a - b);
  return {
    sessions: options.sessions, answered, cancelled, wrong, errors, problems, finished, reconnects, unfinished,
    p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted[sorted.length - 1] ?? 0,
  };
}
