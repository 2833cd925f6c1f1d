/**
 * Error classes of the runtime. Every error has a machine-readable `code` and, where it
 * concerns a part of a request, a `path` (a JSON pointer into the task graph); the server
 * turns them into structured replies.
 */
export type ErrorCode =
  | 'bad_message'
  | 'unsupported_version'
  | 'bad_graph'
  | 'unsupported_transform'
  | 'bad_transform'
  | 'bad_expression'
  | 'unsupported_function'
  | 'missing_field'
  | 'unknown_signal'
  | 'unknown_dataset'
  | 'data_not_found'
  /** An uploaded dataset (vegafusion+dataset://<hash>) the upload store does not hold: evicted, deleted, or uploaded to another store. */
  | 'dataset_missing'
  | 'data_forbidden'
  | 'bad_data'
  | 'query_failed'
  | 'limit_exceeded'
  /** The connection has as many queries queued or running as it may: send again later. */
  | 'busy'
  /** Work the browser could not do either (loess over millions of points): reported, not handed to the browser. */
  | 'too_costly'
  | 'cancelled'
  | 'unauthorized'
  | 'internal';

export class RuntimeError extends Error {
  readonly code: ErrorCode;
  path: string;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown; path?: string }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.path = options?.path ?? '';
  }

  /** Returns this error with `prefix` prepended to its path (outer context first). */
  at(prefix: string): this {
    this.path = prefix + this.path;
    return this;
  }
}

/** A transform or parameter the engine does not support, or a malformed transform spec. */
export class TransformError extends RuntimeError {}

/** An expression that does not parse, or uses a function the engine cannot compile. */
export class ExpressionError extends RuntimeError {}

/** A data source that cannot be found, read or parsed. */
export class DataError extends RuntimeError {}

/** A SQL statement that failed in the engine. */
export class QueryError extends RuntimeError {
  constructor(message: string, readonly sql: string, options?: { cause?: unknown; path?: string }) {
    super('query_failed', message, options);
  }
}

/**
 * A statement named a table the engine no longer holds (a loaded file or an index evicted
 * from its cache while a preparation that reads it was kept). The engine says so with this
 * class; callers need not read the engine's message text.
 */
export class MissingTableError extends QueryError {}

/** A configured limit was reached (message size, rows, time). */
export class LimitError extends RuntimeError {}

/**
 * Thrown by an expression's compile step that needs the answer of a helper query over its
 * input first (see ExprScope.probe); the pipeline runs `sql` and compiles again. Never
 * leaves the pipeline compiler.
 */
export class ProbeNeeded extends Error {
  constructor(readonly sql: string) {
    super('An expression needs a helper query over its input before it compiles');
  }
}

/** A request (or a computation nobody waits for any more) that was cancelled. */
export class CancelledError extends RuntimeError {
  constructor(message: string, options?: { cause?: unknown; path?: string }) {
    super('cancelled', message, options);
  }
}

/** True for the RangeError V8 throws when recursion runs out of stack (deeply nested input). */
function isStackOverflow(error: unknown): boolean {
  return error instanceof RangeError && /call stack/i.test(error.message);
}

/** Wraps anything thrown into a RuntimeError, keeping the original as `cause`. */
export function toRuntimeError(error: unknown): RuntimeError {
  if (error instanceof RuntimeError) return error;
  if (isStackOverflow(error)) {
    return new LimitError('limit_exceeded', 'Input is nested too deeply to process', { cause: error });
  }
  const e = error as { code?: unknown; message?: unknown; path?: unknown };
  if (e && (e.code === 'bad_graph' || e.code === 'bad_message' || e.code === 'unsupported_version')) {
    return new RuntimeError(e.code, String(e.message), { cause: error, path: typeof e.path === 'string' ? e.path : '' });
  }
  return new RuntimeError('internal', error instanceof Error ? error.message : String(error), { cause: error });
}
