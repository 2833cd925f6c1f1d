/**
 * Cancellation of computations that several requests share. The shared cache runs one
 * computation per key however many requests ask; this module gives that computation its
 * own AbortSignal, which aborts only when every request waiting for it has gone (been
 * cancelled or timed out). A request that goes stops waiting at once; the work stops in
 * DuckDB as soon as nobody else wants it.
 */
import { setMaxListeners } from 'node:events';
import type { ValueCache } from '../cache/index.js';
import { CancelledError, RuntimeError } from '../errors.js';

export interface SharedRunStats {
  /** Computations under way. */
  running: number;
  /** Computations aborted because every request waiting for them went away. */
  abandoned: number;
}

export interface SharedRuns {
  /**
   * The value of `key` in `cache`: cached, joined if under way, or computed by
   * `compute(runSignal)`. The returned promise rejects with a CancelledError as soon as
   * `signal` aborts; `runSignal` aborts when no caller is left waiting.
   */
  join<V>(
    cache: ValueCache<V>, key: string, signal: AbortSignal | undefined,
    compute: (runSignal: AbortSignal) => Promise<V>,
  ): Promise<{ value: V; hit: boolean }>;
  stats(): SharedRunStats;
}

interface Run {
  controller: AbortController;
  waiters: number;
  settled: boolean;
  /** Resolves (never rejects) once the computation is over and its key is free again. */
  done: Promise<void>;
}

/** Creates the registry of shared runs; one per set of caches (one per runtime). */
export function createSharedRuns(): SharedRuns {
  // Keyed by cache, then by key: two caches may use the same key for different values.
  const byCache = new WeakMap<object, Map<string, Run>>();
  let abandoned = 0;
  let running = 0;

  const startRun = <V>(run: Run, compute: (runSignal: AbortSignal) => Promise<V>): Promise<V> => {
    running++;
    return compute(run.controller.signal).finally(() => { running--; });
  };

  const runsOf = (cache: object): Map<string, Run> => {
    let runs = byCache.get(cache);
    if (!runs) {
      runs = new Map();
      byCache.set(cache, runs);
    }
    return runs;
  };

  return {
    async join<V>(
      cache: ValueCache<V>, key: string, signal: AbortSignal | undefined,
      compute: (runSignal: AbortSignal) => Promise<V>,
    ): Promise<{ value: V; hit: boolean }> {
      if (signal?.aborted) throw cancelledBy(signal);
      const runs = runsOf(cache);
      let run = runs.get(key);
      // A run everyone left is failing with a cancellation nobody asked this caller for:
      // wait until it is gone, then start afresh.
      while (run && run.controller.signal.aborted && !run.settled) {
        await run.done;
        if (signal?.aborted) throw cancelledBy(signal);
        run = runs.get(key);
      }
      let result: Promise<{ value: V; hit: boolean }>;
      if (run && !run.settled) {
        const current = run;
        current.waiters++;
        result = cache.getOrCompute(key, () => startRun(current, compute));
      } else {
        const current: Run = { controller: new AbortController(), waiters: 1, settled: false, done: Promise.resolve() };
        // Each statement and parent join of the computation listens to it.
        setMaxListeners(0, current.controller.signal);
        runs.set(key, current);
        run = current;
        result = cache.getOrCompute(key, () => startRun(current, compute));
        current.done = result.then(() => undefined, () => undefined).finally(() => {
          current.settled = true;
          if (runs.get(key) === current) runs.delete(key);
        });
      }
      const current = run;
      return new Promise((resolve, reject) => {
        let left = false;
        const leave = (aborted: boolean) => {
          if (left) return;
          left = true;
          signal?.removeEventListener('abort', onAbort);
          current.waiters--;
          if (aborted && current.waiters === 0 && !current.settled && !current.controller.signal.aborted) {
            abandoned++;
            current.controller.abort(new CancelledError('No request is waiting for this computation any more'));
          }
        };
        const onAbort = () => {
          leave(true);
          reject(cancelledBy(signal));
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        result.then((r) => {
          leave(false);
          resolve(r);
        }, (error: unknown) => {
          leave(false);
          reject(error);
        });
      });
    },
    stats: () => ({ running, abandoned }),
  };
}

/** The abort reason when it is a RuntimeError (a timeout's LimitError), else a CancelledError. */
function cancelledBy(signal: AbortSignal | undefined): Error {
  const reason: unknown = signal?.reason;
  return reason instanceof RuntimeError ? reason : new CancelledError('Request was cancelled');
}
