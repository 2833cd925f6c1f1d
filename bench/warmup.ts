/**
 * Untimed warm-ups on other data (ensureWarmupData), run before a system is measured:
 * the same kinds of query on a small file, so a timed cold render pays for empty caches
 * and not for the process's first statements.
 */
import type { RuntimeCapabilities } from '@vegafusion-ts/proto';
import { planChart } from '../components/react/src/planner/index.js';
import { brushStore, planDashboard, scatterSpec } from './dashboard.js';
import { benchDataRoot, type BenchData } from './data.js';
import { startRuntimeProcess, type RuntimeProcess } from './runtime-process.js';
import { connectClient } from './ws-client.js';

/** The dashboard's load, one brush, and the scatter, on the warm-up file. */
export async function warmRuntime(url: string, warm: BenchData, capabilities: RuntimeCapabilities): Promise<void> {
  const c = await connectClient(url);
  try {
    const dash = planDashboard(warm.url, capabilities);
    await c.query({ timeZone: 'UTC', graph: dash.graph, items: dash.loadItems });
    await c.query({ timeZone: 'UTC', graph: dash.withStore(brushStore('distance', 100, 900)), items: dash.brushItems });
    const scatter = planChart(scatterSpec(warm.url), { capabilities });
    await c.query({ timeZone: 'UTC', graph: scatter.serverGraph, items: scatter.toClient.map((t) => ({ node: t.node, columns: t.columns, signalsOnly: t.signalsOnly })) });
  } finally {
    c.close();
  }
}

/** A runtime process of its own (bench/server.ts), warmed on the warm-up file before it is returned. */
export async function startWarmRuntime(repo: string, warm: BenchData, capabilities: RuntimeCapabilities, index = true): Promise<RuntimeProcess> {
  const rt = await startRuntimeProcess(repo, benchDataRoot(repo), { index });
  try {
    await warmRuntime(rt.url, warm, capabilities);
  } catch (error) {
    await rt.stop();
    throw error;
  }
  return rt;
}

