/**
 * What keeps one spec's failure inside that spec: a Vega logger that records the errors a
 * view's dataflow reports (Vega catches a failing operator, logs it and leaves the scene
 * half built), a readable message for any thrown value, and a guard that turns an error
 * nobody catches (an async redraw, a stray rejection) into the running spec's error
 * instead of the end of the process.
 */
import type { LoggerInterface } from 'vega-util';

/** A Vega logger that keeps errors (and drops the rest) so that the harness can report them. */
export interface ErrorLog extends LoggerInterface {
  readonly errors: string[];
}

/** Collects the errors Vega logs for one view; warnings and info stay quiet. */
export function createErrorLog(): ErrorLog {
  let level = 0;
  const errors: string[] = [];
  const log: ErrorLog = {
    errors,
    level(value?: number) {
      if (value === undefined) return level;
      level = value;
      return log;
    },
    error(...args: unknown[]) {
      errors.push(args.map(describeError).join(' '));
      return log;
    },
    warn: () => log,
    info: () => log,
    debug: () => log,
  };
  return log;
}

const MAX_MESSAGE = 300;

/**
 * One line naming a thrown value: `Name: message` for an Error (the name only when it says
 * more than "Error"), with the message's lines joined (a message may hold a function's
 * source text, as a failed structured clone's does, whose first line alone says nothing).
 */
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const message = oneLine(error.message) || '(no message)';
    const name = error.name && error.name !== 'Error' ? `${error.name}: ` : '';
    return clip(`${name}${message}`);
  }
  if (typeof error === 'string') return clip(oneLine(error));
  if (typeof error === 'function') return `a function was thrown (${clip(oneLine(String(error)))})`;
  try {
    return clip(oneLine(JSON.stringify(error) ?? String(error)));
  } catch {
    return clip(oneLine(String(error)));
  }
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function clip(text: string): string {
  return text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE)}…` : text;
}

/** A stray error caught by the guard while a task ran. */
export class StrayError extends Error {
  readonly code = 'stray_error';

  constructor(kind: 'uncaught exception' | 'unhandled rejection', cause: unknown) {
    super(`${kind}: ${describeError(cause)}`, { cause });
    this.name = 'StrayError';
  }
}

/**
 * Runs tasks one after another with the process's uncaught exceptions and unhandled
 * rejections routed to the task running when they happen: its promise rejects with a
 * StrayError. One that comes between tasks goes to `onLate` with the label of the task
 * that ran last. `close` removes the listeners.
 */
export interface StrayGuard {
  run<T>(label: string, task: () => Promise<T>): Promise<T>;
  close(): void;
}

export function createStrayGuard(onLate: (message: string) => void): StrayGuard {
  let fail: ((error: StrayError) => void) | null = null;
  let last = '(before the first spec)';
  const route = (error: StrayError): void => {
    if (fail) fail(error);
    else onLate(`after ${last}: ${error.message}`);
  };
  const onException = (error: unknown): void => route(new StrayError('uncaught exception', error));
  const onRejection = (reason: unknown): void => route(new StrayError('unhandled rejection', reason));
  process.on('uncaughtException', onException);
  process.on('unhandledRejection', onRejection);
  return {
    async run<T>(label: string, task: () => Promise<T>): Promise<T> {
      last = label;
      const stray = new Promise<never>((_resolve, reject) => { fail = reject; });
      try {
        return await Promise.race([task(), stray]);
      } finally {
        fail = null;
      }
    },
    close() {
      process.off('uncaughtException', onException);
      process.off('unhandledRejection', onRejection);
    },
  };
}
