/**
 * Admission: how many queries run at once in the whole runtime, and whose turn is next.
 * Each connection queues in a lane of its own and lanes take turns (round robin), so a
 * connection with sixteen queries waiting delays another connection's single query by at
 * most one turn per busy connection, never by all sixteen. A lane can also be held back
 * (its client has left too many reply bytes unread): it keeps its place but is skipped.
 */
import { LimitError } from '../errors.js';

export interface AdmissionOptions {
  /** Queries that may run at once, over all connections. */
  maxRunning: number;
  /** Called with each query's wait for its turn, in ms (when it is let in). */
  onWait?(ms: number): void;
}

/** A connection's place in the queue. */
export interface Lane {
  /**
   * Resolves with a `release` to call when the query is done, once it is the lane's turn
   * and a slot is free; rejects with the signal's reason if the signal aborts first (a
   * cancel, the query's time limit, a closing connection), and the query never runs.
   */
  enter(signal: AbortSignal): Promise<() => void>;
  /** Queries of this lane waiting for their turn. */
  readonly queued: number;
  /** Queries of this lane let in and not yet released. */
  readonly running: number;
  /** Looks at the lane again after `ready` may have changed (its client read its replies). */
  wake(): void;
  /** Leaves the queue: waiting queries are rejected with `reason`. */
  close(reason: unknown): void;
}

export interface LaneOptions {
  /** False while the lane must be skipped; default: always ready. */
  ready?(): boolean;
}

export interface AdmissionStats {
  running: number;
  queued: number;
  /** Lanes (connections) with queries waiting. */
  waitingLanes: number;
}

export interface Admission {
  lane(options?: LaneOptions): Lane;
  stats(): AdmissionStats;
}

interface Waiter {
  resolve(release: () => void): void;
  reject(reason: unknown): void;
  since: number;
  signal: AbortSignal;
  onAbort(): void;
}

interface LaneState {
  waiting: Waiter[];
  running: number;
  ready: () => boolean;
  closed: boolean;
}

/** Creates the runtime-wide admission with `maxRunning` slots (at least 1). */
export function createAdmission(options: AdmissionOptions): Admission {
  if (!Number.isInteger(options.maxRunning) || options.maxRunning < 1) {
    throw new LimitError('limit_exceeded', `maxRunning must be a whole number >= 1, got ${options.maxRunning}`);
  }
  let running = 0;
  let queued = 0;
  // Lanes with queries waiting, in turn order; the head goes next.
  const turns: LaneState[] = [];

  const letIn = (lane: LaneState, w: Waiter) => {
    w.signal.removeEventListener('abort', w.onAbort);
    queued--;
    running++;
    lane.running++;
    options.onWait?.(performance.now() - w.since);
    let released = false;
    w.resolve(() => {
      if (released) return;
      released = true;
      running--;
      lane.running--;
      pump();
    });
  };

  /** Fills free slots, one query per ready lane per turn. */
  function pump(): void {
    let skipped = 0;
    while (running < options.maxRunning && turns.length > 0 && skipped < turns.length) {
      const lane = turns.shift()!;
      if (lane.waiting.length === 0) continue;
      if (!lane.ready()) {
        turns.push(lane);
        skipped++;
        continue;
      }
      skipped = 0;
      letIn(lane, lane.waiting.shift()!);
      if (lane.waiting.length > 0) turns.push(lane);
    }
  }

  const unqueue = (lane: LaneState, w: Waiter) => {
    const i = lane.waiting.indexOf(w);
    if (i < 0) return false;
    lane.waiting.splice(i, 1);
    queued--;
    w.signal.removeEventListener('abort', w.onAbort);
    if (lane.waiting.length === 0) {
      const t = turns.indexOf(lane);
      if (t >= 0) turns.splice(t, 1);
    }
    return true;
  };

  return {
    lane(laneOptions: LaneOptions = {}): Lane {
      const lane: LaneState = { waiting: [], running: 0, ready: laneOptions.ready ?? (() => true), closed: false };
      return {
        enter(signal) {
          return new Promise<() => void>((resolve, reject) => {
            if (signal.aborted) return reject(signal.reason);
            if (lane.closed) return reject(new LimitError('limit_exceeded', 'The connection is closing'));
            const w: Waiter = {
              resolve, reject, since: performance.now(), signal,
              onAbort: () => {
                if (unqueue(lane, w)) reject(signal.reason);
              },
            };
            signal.addEventListener('abort', w.onAbort, { once: true });
            lane.waiting.push(w);
            queued++;
            if (lane.waiting.length === 1) turns.push(lane);
            pump();
          });
        },
        get queued() {
          return lane.waiting.length;
        },
        get running() {
          return lane.running;
        },
        wake: pump,
        close(reason) {
          lane.closed = true;
          for (const w of [...lane.waiting]) {
            unqueue(lane, w);
            w.reject(reason);
          }
        },
      };
    },
    stats: () => ({ running, queued, waitingLanes: turns.length }),
  };
}
