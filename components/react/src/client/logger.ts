/** Levelled logging, injected; the default drops everything below `warn`. */

export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

const noop = (): void => undefined;

/** Warnings and errors to the console, nothing else. */
export const consoleWarningLogger: Logger = {
  debug: noop,
  info: noop,
  warn: (message, fields) => console.warn(`[vegafusion] ${message}`, fields ?? ''),
  error: (message, fields) => console.error(`[vegafusion] ${message}`, fields ?? ''),
};

/** Drops every message (tests, or an application that reports through `onError`). */
export const silentLogger: Logger = { debug: noop, info: noop, warn: noop, error: noop };
