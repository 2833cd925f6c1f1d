/**
 * Errors of the browser client. Every error has a machine-readable `code`; errors the
 * runtime replied with keep the runtime's code and its `path` into the task graph.
 */

export type ClientErrorCode =
  | 'cancelled'
  | 'closed'
  | 'unreachable'
  | 'no_websocket'
  | 'bad_reply'
  | 'scope_not_found'
  | 'unknown_variable'
  | 'bad_value';

/** A failure on the client side of the wire (transport, view access, value decoding). */
export class ClientError extends Error {
  readonly code: ClientErrorCode;
  constructor(code: ClientErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ClientError';
    this.code = code;
  }
}

/** An `Error` reply from the runtime: its code, message and path, and the request it answers. */
export class RuntimeReplyError extends Error {
  readonly code: string;
  readonly path: string;
  readonly requestId: number;
  /** The runtime's message alone (`message` adds the path). */
  readonly reason: string;
  constructor(code: string, message: string, path: string, requestId: number) {
    super(path ? `${message} (at ${path})` : message);
    this.name = 'RuntimeReplyError';
    this.code = code;
    this.path = path;
    this.requestId = requestId;
    this.reason = message;
  }

  /** The same reply with its path rewritten (e.g. node indices of a pruned graph mapped back). */
  withPath(path: string): RuntimeReplyError {
    return new RuntimeReplyError(this.code, this.reason, path, this.requestId);
  }
}

/** True for the error a superseded or withdrawn request is rejected with. */
export function isCancelled(error: unknown): boolean {
  return error instanceof ClientError && error.code === 'cancelled';
}

/** Wraps anything thrown into an `Error` so callbacks always receive one. */
export function toError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
