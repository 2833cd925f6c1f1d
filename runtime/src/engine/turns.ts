/**
 * Long loops over engine chunks (reading a result, filling a table) give the event loop a
 * turn now and then, so other sessions' messages are not held up.
 */
import { setImmediate } from 'node:timers/promises';

/** Chunks (2048 rows each) handled between turns of the event loop. */
export const CHUNKS_PER_TURN = 64;

/** Resolves on the event loop's next turn, after pending I/O. */
export function nextTurn(): Promise<void> {
  return setImmediate();
}
