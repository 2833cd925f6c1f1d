/**
 * Coalescing: however many changes arrive in a burst (a brush drag fires a signal per
 * mouse move), the task runs once per animation frame, microtask batch or time window.
 */

/** `frame`: once per animation frame; `microtask`: once per synchronous burst; a number: at most once per that many ms. */
export type CoalesceMode = 'frame' | 'microtask' | number;

export interface Scheduler {
  /** Runs the task at the next slot unless it is already due. */
  request(): void;
  /** Forgets a due run. */
  cancel(): void;
  /** A run is due (requested and not yet started). */
  isDue(): boolean;
}

/** A scheduler for `task`. `frame` falls back to `microtask` where there is no `requestAnimationFrame`. */
export function createScheduler(task: () => void, mode: CoalesceMode = 'frame'): Scheduler {
  let due = false;
  let token = 0;
  const run = (t: number): void => {
    if (!due || t !== token) return;
    due = false;
    task();
  };
  const raf = (globalThis as { requestAnimationFrame?: (cb: () => void) => number }).requestAnimationFrame;
  return {
    request() {
      if (due) return;
      due = true;
      const t = ++token;
      if (typeof mode === 'number') setTimeout(() => run(t), mode);
      else if (mode === 'frame' && raf) raf.call(globalThis, () => run(t));
      else queueMicrotask(() => run(t));
    },
    cancel() {
      due = false;
      token++;
    },
    isDue() {
      return due;
    },
  };
}
