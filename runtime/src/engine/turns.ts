/**
 * Long loops over engine chunks (reading a result, filling a table) give the event loop a
 * turn now and then, so other sessions' messages are not held up.
 */
import { setImmediate } from 'node:timers/promises';

/** Chunks (2048 rows each) handled between turns of the event loop. */
export const CHUNKS_PER_TURN = 64;

/**
 * Resolves on the event loop's next turn, after pending I/O; rejects with the signal's
 * reason when `signal` has aborted by then, so that long work stops at its next turn.
 */
export async function nextTurn(signal?: AbortSignal): Promise<void> {
  await setImmediate();
  signal?.throwIfAborted();
}
