/**
 * Renders a spec to SVG in Node two ways: with plain Vega, and planned through the
 * runtime (client spec + server values applied by the same client session the browser
 * uses). Both share one loader and the process time zone, so they compare like with like.
 */
import * as vega from 'vega';
import WebSocket from 'ws';
import { planChart, compileToVega, type ChartPlan } from '../../components/react/src/planner/index.js';
import { createChartSession, type ChartSession, type RuntimeConnection } from '../../components/react/src/client/index.js';
import type { RuntimeCapabilities } from '@vegafusion-ts/proto';
import { normalizeIds } from './compare.js';

export interface RenderEnv {
  /** Folder relative data URLs resolve in (the vega-datasets package). */
  dataRoot: string;
  capabilities: RuntimeCapabilities;
  connection: RuntimeConnection;
  /** How long to wait for the runtime's answer before calling the render failed. */
  timeoutMs: number;
}

/** What a step of an interaction does to both views. */
export interface Interaction {
  label: string;
  signals: Record<string, unknown>;
}

export interface RenderedPair {
  plain: string[];
  planned: string[];
  plan: ChartPlan;
  errors: string[];
  /** Plain Vega rendered the spec twice differently: its output is random (bootstrap, jitter). */
  random: boolean;
}

export function createNodeWebSocket(url: string): WebSocket {
  return new WebSocket(url);
}

function createView(spec: vega.Spec, env: RenderEnv): vega.View {
  const loader = vega.loader({ baseURL: `${env.dataRoot}/`, mode: 'file' });
  return new vega.View(vega.parse(spec), { renderer: 'none', loader });
}

async function setSignals(view: vega.View, signals: Record<string, unknown>): Promise<void> {
  for (const [name, value] of Object.entries(signals)) view.signal(name, value);
  await view.runAsync();
}

/** Resolves after the session's next applied answer (or rejects on error/timeout). */
function nextUpdate(waiters: { resolve: () => void; reject: (e: Error) => void }[], timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer from the runtime within ${timeoutMs} ms`)), timeoutMs);
    waiters.push({
      resolve: () => { clearTimeout(timer); resolve(); },
      reject: (e) => { clearTimeout(timer); reject(e); },
    });
  });
}

/**
 * Renders `spec` (Vega or Vega-Lite) both ways, then after each interaction step.
 * `interactionsFor` derives the steps from the compiled Vega spec.
 */
export async function renderBoth(
  spec: unknown, env: RenderEnv, interactionsFor: (vg: vega.Spec, view: vega.View) => Interaction[],
): Promise<RenderedPair> {
  const vg = compileToVega(spec);
  const plan = planChart(spec, { capabilities: env.capabilities });
  const errors: string[] = [];

  const plainView = createView(vg, env);
  await plainView.runAsync();
  const plain = [await plainView.toSVG()];
  const again = createView(vg, env);
  await again.runAsync();
  const random = normalizeIds(await again.toSVG()) !== normalizeIds(plain[0]);
  again.finalize();

  const view = createView(plan.clientSpec, env);
  const waiters: { resolve: () => void; reject: (e: Error) => void }[] = [];
  let session: ChartSession | undefined;
  const planned: string[] = [];
  try {
    const needsServer = plan.toClient.length > 0;
    const first = needsServer ? nextUpdate(waiters, env.timeoutMs) : Promise.resolve();
    session = createChartSession({
      connection: env.connection, plan, view, coalesce: 'microtask',
      onError: (e) => { errors.push(e.message); waiters.shift()?.reject(e); },
      onUpdate: () => { waiters.shift()?.resolve(); },
    });
    await first;
    await view.runAsync();
    planned.push(await view.toSVG());

    for (const step of interactionsFor(vg, plainView)) {
      await setSignals(plainView, step.signals);
      plain.push(await plainView.toSVG());
      const update = nextUpdate(waiters, env.timeoutMs);
      await setSignals(view, step.signals);
      // A step may change nothing the runtime computes; then no request is sent.
      await Promise.race([update, new Promise<void>((r) => setTimeout(r, needsServer && plan.toServer.length > 0 ? env.timeoutMs : 50))]);
      await view.runAsync();
      planned.push(await view.toSVG());
    }
  } finally {
    session?.dispose();
    view.finalize();
    plainView.finalize();
  }
  return { plain, planned, plan, errors, random };
}
