/** Reconnection delays: exponential, capped, with jitter so that a page of clients does not reconnect in step. */

export interface ReconnectOptions {
  /** First delay after the socket drops (ms). Default 250. */
  initialDelayMs?: number;
  /** Upper bound of a delay (ms). Default 10000. */
  maxDelayMs?: number;
  /** Growth per failed attempt. Default 2. */
  factor?: number;
  /** Fraction of the delay drawn at random, 0..1. Default 0.2. */
  jitter?: number;
}

/** The delay before reconnection attempt `attempt` (0 for the first). */
export function reconnectDelay(attempt: number, options: ReconnectOptions = {}, random: () => number = Math.random): number {
  const initial = options.initialDelayMs ?? 250;
  const max = options.maxDelayMs ?? 10_000;
  const factor = options.factor ?? 2;
  const jitter = Math.min(Math.max(options.jitter ?? 0.2, 0), 1);
  const base = Math.min(max, initial * factor ** attempt);
  return Math.min(max, Math.round(base * (1 - jitter + 2 * jitter * random())));
}
