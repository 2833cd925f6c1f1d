/**
 * Falling back to the browser: the planner moves what the runtime announces, but a
 * runtime can still fail on the data itself (a column of strings where a date function
 * wants dates, nested values its engine has no type for). Such a failure names the node
 * and the transform; the chart is then re-planned with that part kept in the browser,
 * where Vega computes it, instead of breaking.
 *
 * Never for a dataset read from an upload (`vegafusion+dataset://<hash>`): Vega cannot
 * read that address, so such a failure (above all `dataset_missing`, an upload the
 * runtime's store no longer holds) is reported and shown instead.
 */
import type { ChartPlan, KeepInBrowser } from '../planner/types.js';
import { RuntimeReplyError } from './errors.js';

/**
 * Runtime error codes that mean "this cannot be computed here" (the browser can): not
 * transport, authorization, cancellation or the runtime's own bugs.
 */
export const BROWSER_FALLBACK_CODES: ReadonlySet<string> = new Set([
  'unsupported_transform', 'bad_transform', 'unsupported_function', 'bad_expression', 'missing_field',
  'unknown_signal', 'unknown_dataset', 'bad_data', 'data_not_found', 'data_forbidden', 'query_failed',
  'limit_exceeded',
]);

/** The scheme of uploaded datasets' addresses, which only the runtime can read. */
export const DATASET_URL_SCHEME = 'vegafusion+dataset:';

/** True for the runtime's answer that an uploaded dataset is not in its store (evicted, deleted). */
export function isDatasetMissing(error: unknown): error is RuntimeReplyError {
  return error instanceof RuntimeReplyError && error.code === 'dataset_missing';
}

/** The content hash a `dataset_missing` error names, if any. */
export function missingDatasetHash(error: unknown): string | undefined {
  return isDatasetMissing(error) ? /\b[0-9a-f]{64}\b/.exec(error.reason)?.[0] : undefined;
}

/** True when node `index` of the server graph, or a node it reads through its sources, reads an upload. */
function readsUpload(plan: ChartPlan, index: number): boolean {
  const nodes = plan.serverGraph.nodes ?? [];
  const seen = new Set<number>();
  for (let i: number | undefined = index; i !== undefined && !seen.has(i); i = nodes[i]?.parents?.[0]) {
    seen.add(i);
    const url = nodes[i]?.task?.url?.url;
    if (typeof url === 'string' && url.startsWith(DATASET_URL_SCHEME)) return true;
  }
  return false;
}

const NODE_PATH = /^\/nodes\/(\d+)(?:\/task\/(?:url|values|source)\/pipeline\/(\d+))?/;

/**
 * What to keep in the browser after `error`, or null when the error is not one the browser
 * can work around (another code, no node in its path, or a node that is not a dataset).
 * The path is read against `plan.serverGraph`: a transform named by the path and all
 * that follows it stay in the browser; a failure outside the pipeline keeps the dataset.
 */
export function browserFallback(plan: ChartPlan, error: unknown): KeepInBrowser | null {
  if (!(error instanceof RuntimeReplyError) || !BROWSER_FALLBACK_CODES.has(error.code)) return null;
  const m = NODE_PATH.exec(error.path);
  if (!m) return null;
  const origin = plan.serverNodes[Number(m[1])];
  if (!origin || origin.kind !== 'data' || readsUpload(plan, Number(m[1]))) return null;
  const keep: KeepInBrowser = {
    name: origin.name,
    scope: origin.scope,
    reason: `The runtime could not compute it: ${error.reason} [${error.code}]`,
  };
  if (m[2] !== undefined) keep.fromTransform = Number(m[2]);
  return keep;
}
