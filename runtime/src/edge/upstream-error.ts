/**
 * An error reply from an upstream runtime, passed on to the edge's client with its code,
 * message and path. The path names a node of the sub-graph the edge sent; the edge puts
 * back the client's own node index (see relocate).
 */
import type { IError } from '@vegafusion-ts/proto';
import { RuntimeError, type ErrorCode } from '../errors.js';

export class UpstreamError extends RuntimeError {
  /** The upstream's code as it said it (it may speak codes this runtime does not know). */
  readonly upstreamCode: string;

  constructor(code: string, message: string, path: string) {
    // The code travels on unchanged: the client reads it, whatever release the upstream is.
    super(code as ErrorCode, message, { path });
    this.upstreamCode = code;
  }

  static fromMessage(error: IError): UpstreamError {
    return new UpstreamError(error.code || 'internal', error.message ?? '', error.path ?? '');
  }
}

/** A failure of work done for several requests, located by the state fingerprint of the failing node. */
export class TierFailure extends Error {
  constructor(
    readonly error: RuntimeError,
    /** State fingerprint of the node the path started with, when it named one. */
    readonly nodeState: string | undefined,
    /** The rest of the path after `/nodes/<i>`. */
    readonly rest: string,
  ) {
    super(error.message);
  }
}

/** Turns an error whose path names node `i` of a sub-graph into a failure located by state. */
export function toTierFailure(error: RuntimeError, states: readonly string[]): TierFailure {
  const m = /^\/nodes\/(\d+)(.*)$/.exec(error.path);
  const state = m ? states[Number(m[1])] : undefined;
  return new TierFailure(error, state, m ? m[2] : error.path);
}

/** The error for one request: its path names the request's own node of the failing state. */
export function relocate(failure: TierFailure, indexOfState: (state: string) => number | undefined): RuntimeError {
  const e = failure.error;
  const index = failure.nodeState === undefined ? undefined : indexOfState(failure.nodeState);
  const path = index === undefined ? (failure.nodeState === undefined ? failure.rest : '') : `/nodes/${index}${failure.rest}`;
  const out = e instanceof UpstreamError ? new UpstreamError(e.upstreamCode, e.message, path) : new RuntimeError(e.code, e.message, { cause: e, path });
  return out;
}
