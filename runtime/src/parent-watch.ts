/**
 * Ties a runtime to the process that started it: when that process ends, however it ends
 * (SIGTERM, SIGKILL, a crash), the runtime notices within an interval and stops. Nothing
 * else would tell it: a killed parent runs no cleanup.
 */

/** True while a process with this id exists (ours or someone else's). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Calls `onGone` once, when process `pid` no longer exists or this process was handed to
 * another parent (the original parent died and its children were re-parented). Polls every
 * `intervalMs`; the timer does not keep the process alive. Returns a function that stops it.
 */
export function watchParent(pid: number, onGone: () => void, intervalMs = 500): () => void {
  const startedUnder = process.ppid;
  const timer = setInterval(() => {
    if (processAlive(pid) && (process.ppid === startedUnder || startedUnder === 1)) return;
    clearInterval(timer);
    onGone();
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
