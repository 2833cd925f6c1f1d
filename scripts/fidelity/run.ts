/**
 * Runs the fidelity comparison over spec files against one in-process runtime.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import type * as vega from 'vega';
import { join } from 'node:path';
import { startRuntime, silentLogger, type RuntimeHandle } from '../../runtime/src/index.js';
import { defaultDataRoot } from '../../runtime/src/config.js';
import { createConnection } from '../../components/react/src/client/index.js';
import { firstDifference } from './compare.js';
import { createStrayGuard, describeError } from './guard.js';
import { boundSignalInteractions, selectionInteractions } from './interactions.js';
import { isVegaLiteSpec, type ChartPlan } from '../../components/react/src/planner/index.js';
import { createNodeWebSocket, renderBoth, type RenderEnv } from './render.js';

export interface SpecOutcome {
  file: string;
  status: 'ok' | 'diff' | 'err' | 'rand';
  detail?: string;
  datasetsMoved: number;
  datasetsTotal: number;
  steps: number;
  /** Datasets (or pipeline tails) that fell back to the browser after a runtime error, with the reason. */
  fallbacks?: string[];
}

export interface FidelityOptions {
  onOutcome?: (o: SpecOutcome) => void;
  /** An error nobody caught that came between two specs (named after the one that ran last). */
  onStray?: (message: string) => void;
  timeoutMs?: number;
  runtime?: RuntimeHandle;
}

/**
 * Whether an outcome is acceptable for a corpus check: `ok` or `rand` (plain Vega differs
 * from itself), unless the spec is a known difference (`knownReason`), which must still
 * differ (`ok` there means the entry is stale; `rand` compares nothing, so it stands).
 * Null when acceptable; otherwise the message to fail with.
 */
export function verdict(name: string, o: SpecOutcome | undefined, knownReason: string | undefined): string | null {
  if (!o) return `${name}: no outcome`;
  if (knownReason !== undefined) {
    return o.status === 'ok' ? `${name} is listed in known-differences.json (${knownReason}) but now passes: remove it` : null;
  }
  return o.status === 'ok' || o.status === 'rand' ? null : `${name}: ${o.status} ${o.detail ?? ''}`;
}

/**
 * The spec files named by `paths` (files, or folders of `.json` specs, sorted). A folder
 * holding both NAME.vl.json and NAME.vg.json: the Vega-Lite source is the spec.
 */
export function listSpecFiles(paths: string[]): string[] {
  const out: string[] = [];
  for (const p of paths) {
    if (statSync(p).isDirectory()) {
      const all = readdirSync(p).filter((f) => f.endsWith('.json')).sort();
      const vl = new Set(all.filter((f) => f.endsWith('.vl.json')).map((f) => f.slice(0, -8)));
      out.push(...all.filter((f) => !(f.endsWith('.vg.json') && vl.has(f.slice(0, -8)))).map((f) => join(p, f)));
    } else out.push(p);
  }
  return out;
}

/**
 * Renders every spec both ways against one runtime (started here unless given) and
 * compares. Every spec gets an outcome: what it throws, what its views log as errors and
 * what fails uncaught (async or not) while it runs is its `err`.
 */
export async function runFidelity(files: string[], options: FidelityOptions = {}): Promise<SpecOutcome[]> {
  const runtime = options.runtime ?? await startRuntime({ port: 0, logger: silentLogger });
  const connection = createConnection(runtime.url, { createWebSocket: createNodeWebSocket as never, reconnect: false });
  const env: RenderEnv = { dataRoot: defaultDataRoot(), capabilities: runtime.capabilities, connection, timeoutMs: options.timeoutMs ?? 60_000 };
  const guard = createStrayGuard((message) => options.onStray?.(message));
  const outcomes: SpecOutcome[] = [];
  try {
    for (const file of files) {
      const outcome = await guard.run(file, () => checkSpec(file, env)).catch((error: unknown): SpecOutcome => (
        { file, status: 'err', detail: describeError(error), datasetsMoved: 0, datasetsTotal: 0, steps: 0 }
      ));
      outcomes.push(outcome);
      options.onOutcome?.(outcome);
    }
  } finally {
    guard.close();
    connection.close();
    if (!options.runtime) await runtime.close();
  }
  return outcomes;
}

async function checkSpec(file: string, env: RenderEnv): Promise<SpecOutcome> {
  let moved = 0;
  let total = 0;
  try {
    const spec = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    // Hand-written Vega takes input through bound signals; Vega-Lite's through selections.
    const steps = isVegaLiteSpec(spec) ? selectionInteractions
      : (vg: vega.Spec, view: vega.View, plan: ChartPlan) => [...selectionInteractions(vg, view), ...boundSignalInteractions(vg, view, plan)];
    const pair = await renderBoth(spec, env, steps);
    moved = pair.plan.report.datasetsMoved;
    total = pair.plan.report.datasetsTotal;
    const fallbacks = pair.fallbacks.map((k) => `${k.name}${k.fromTransform === undefined ? '' : `/transform/${k.fromTransform}`}: ${k.reason}`);
    const extra = fallbacks.length > 0 ? { fallbacks } : {};
    if (pair.random) {
      return { file, status: 'rand', detail: 'plain Vega renders it differently from run to run (random, or data load order)', datasetsMoved: moved, datasetsTotal: total, steps: pair.plain.length, ...extra };
    }
    if (pair.errors.length > 0) {
      return { file, status: 'err', detail: `runtime error: ${pair.errors[0]}`, datasetsMoved: moved, datasetsTotal: total, steps: pair.plain.length, ...extra };
    }
    let history = 0;
    for (let i = 0; i < pair.plain.length; i++) {
      const d = firstDifference(pair.plain[i], pair.planned[i] ?? '');
      const fresh = pair.fresh[i];
      const freshPlanned = pair.freshPlanned[i];
      // History on the plain side only, or on both sides alike: the planned chart rendered
      // fresh at this state matches plain Vega rendered fresh, with the runtime's values the
      // stepped planned view holds.
      if (d && fresh !== null && fresh !== undefined && (firstDifference(fresh, pair.planned[i] ?? '') === null
        || (freshPlanned?.sameValues === true && firstDifference(fresh, freshPlanned.svg) === null))) {
        history++;
        continue;
      }
      if (d && pair.timed) {
        return {
          file, status: 'rand', detail: `differs ${i === 0 ? 'initially' : `after step ${i}`}, but the spec reacts to timer events: plain Vega's output depends on timing`,
          datasetsMoved: moved, datasetsTotal: total, steps: pair.plain.length, ...extra,
        };
      }
      if (d) {
        return { file, status: 'diff', detail: `${i === 0 ? 'initial render' : `after step ${i}`}: ${d}`, datasetsMoved: moved, datasetsTotal: total, steps: pair.plain.length, ...extra };
      }
    }
    const note = history > 0
      ? { detail: `${history} step(s) equal plain Vega rendered fresh at that state, not plain Vega after the earlier steps (Vega's incremental result depends on history)` }
      : {};
    return { file, status: 'ok', datasetsMoved: moved, datasetsTotal: total, steps: pair.plain.length, ...note, ...extra };
  } catch (error) {
    return { file, status: 'err', detail: describeError(error), datasetsMoved: moved, datasetsTotal: total, steps: 0 };
  }
}
