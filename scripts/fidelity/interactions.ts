/**
 * Interaction steps derived from a compiled Vega-Lite spec: for every interval selection
 * (signals `<param>_x` / `<param>_y` holding a pixel range), drag a brush over part of
 * the plot, then clear it. Applied alike to the plain and the planned view.
 */
import type * as vega from 'vega';
import type { Interaction } from './render.js';

interface SignalSpec { name: string; on?: unknown[] }

function collectSignals(spec: unknown, out: SignalSpec[] = []): SignalSpec[] {
  const s = spec as { signals?: SignalSpec[]; marks?: unknown[] };
  out.push(...(s.signals ?? []));
  for (const m of s.marks ?? []) collectSignals(m, out);
  return out;
}

/** Brush steps for the top-level interval selections of `spec`. */
export function brushInteractions(spec: vega.Spec, view: vega.View): Interaction[] {
  const top = new Set(((spec as { signals?: SignalSpec[] }).signals ?? []).map((s) => s.name));
  const names = collectSignals(spec).map((s) => s.name);
  const brushes = names.filter((n) => /_(x|y)$/.test(n) && names.includes(`${n.replace(/_(x|y)$/, '')}_tuple`) && top.has(n));
  if (brushes.length === 0) return [];
  const width = Number(view.signal('width') ?? 200) || 200;
  const height = Number(view.signal('height') ?? 200) || 200;
  const steps: Interaction[] = [];
  for (const [lo, hi] of [[0.2, 0.55], [0.4, 0.9]]) {
    const signals: Record<string, unknown> = {};
    for (const b of brushes) signals[b] = b.endsWith('_x') ? [width * lo, width * hi] : [height * lo, height * hi];
    steps.push({ label: `brush ${lo}-${hi}`, signals });
  }
  const clear: Record<string, unknown> = {};
  for (const b of brushes) clear[b] = [0, 0];
  steps.push({ label: 'clear brush', signals: clear });
  return steps;
}
