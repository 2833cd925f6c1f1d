/**
 * Errors of the planner. Planning itself reports what stays in the browser instead of
 * failing; only a spec that cannot be read at all (or that Vega-Lite cannot compile)
 * throws.
 */
export type PlannerErrorCode = 'bad_spec' | 'compile_failed';

export class PlannerError extends Error {
  readonly code: PlannerErrorCode;
  /** JSON pointer into the spec, when the error concerns one part of it. */
  readonly path: string;

  constructor(code: PlannerErrorCode, message: string, options?: { cause?: unknown; path?: string }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PlannerError';
    this.code = code;
    this.path = options?.path ?? '';
  }
}
