/**
 * The planner's entry: a Vega or Vega-Lite spec in, a ChartPlan out (client spec, server
 * task graph, what travels each way, and a report of where everything runs and why).
 */
import type { ChartPlan, PlanOptions, PlanReportEntry } from './types.js';
import { compileToVega } from './compile.js';
import { PlannerError } from './errors.js';
import { buildClientSpec } from './client-spec.js';
import { cloneJson, type JsonObject } from './json.js';
import { partitionData, signalReason, type DataPlan } from './partition.js';
import { columnUsage } from './projection.js';
import { buildServerGraph, type ClientNeed } from './server-graph.js';
import { buildSpecModel, variableKey, type SpecModel } from './spec-model.js';
import { selectionHints } from './selection-hints.js';
import { collectReferences } from './spec-references.js';
import { capabilitySets } from './transform-support.js';
import { addImageData, planWithImages } from './image-marks-plan.js';
import { attachRenderNodes, imageSourceNeeds } from './image-marks-graph.js';
import { domainReport, planScaleDomains } from './scale-domains.js';
import { browserReads } from './browser-reads.js';

/** Default limits of `PlanOptions.transferWarning`. */
export const DEFAULT_TRANSFER_WARNING = { rows: 10_000, bytes: 1_000_000 };

/**
 * Plans `spec` against the runtime's announced capabilities. Never moves what the runtime
 * cannot compute exactly; throws a PlannerError only for a spec it cannot read. A spec
 * whose shape the planning passes do not handle runs in the browser, with the reason.
 */
export function planChart(spec: unknown, options: PlanOptions): ChartPlan {
  const vega = compileToVega(spec) as unknown as JsonObject;
  const model = buildSpecModel(vega);
  if (options.disabled) return disabledPlan(vega, model, 'Planning is disabled');
  try {
    return planModel(vega, model, options);
  } catch (error) {
    if (error instanceof PlannerError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    return disabledPlan(vega, model, `The planner could not plan this spec (${message}): it runs in the browser`);
  }
}

function planModel(original: JsonObject, originalModel: SpecModel, options: PlanOptions): ChartPlan {
  const caps = capabilitySets(options.capabilities);
  const partition = (m: SpecModel) => partitionData(m, {
    caps,
    serverUrlPrefixes: options.serverUrlPrefixes ?? [],
    references: collectReferences(m),
    keepInBrowser: options.keepInBrowser,
  });
  // Data-driven scale domains read small server datasets where that keeps rows on the server.
  const originalPlans = partition(originalModel);
  const domains = options.serverDomains === false ? { spec: original, rewrites: [] } : planScaleDomains(original, originalModel, originalPlans, caps.aggregateOps, (spec) => {
    const m = buildSpecModel(spec);
    const plans = partition(m);
    const needs = clientNeeds(buildSpecModel(buildClientSpec(spec, plans.values())), [...plans.values()]);
    return new Set(needs.filter((n) => n.table).map((n) => n.plan.def.key));
  });
  const vega = domains.spec;
  const rewritten = domains.rewrites.length > 0;
  const model = rewritten ? buildSpecModel(vega) : originalModel;
  const first = rewritten ? partition(model) : originalPlans;
  const built = planWithImages(vega, first, options, (spec) => {
    const m = spec === vega ? model : buildSpecModel(spec);
    const plans = spec === vega ? first : partition(m);
    const clientSpec = buildClientSpec(spec, plans.values());
    return { model: m, plans, clientSpec, needs: clientNeeds(buildSpecModel(clientSpec), [...plans.values()]) };
  });
  const { model: planned, plans, clientSpec, needs, images } = built;
  const { graph, origins, toClient, toServer } = attachRenderNodes(buildServerGraph([...needs, ...imageSourceNeeds(images.marks, plans.values())]), images.marks, plans.values());
  const report = buildReport(planned, plans);
  report.entries.push(...domainReport(domains.rewrites), ...images.report);
  const finalClientSpec = addImageData(clientSpec, images.marks);
  const warn = options.transferWarning;
  return {
    clientSpec: finalClientSpec as ChartPlan['clientSpec'],
    serverGraph: graph,
    serverNodes: origins,
    toClient,
    toServer,
    selectionHints: selectionHints(planned, toServer),
    report,
    ...(images.countsWanted.length > 0 ? { rowCountsWanted: images.countsWanted } : {}),
    browserReads: browserReads(finalClientSpec, toClient),
    ...(warn === false ? {} : { transferWarning: { rows: warn?.rows ?? DEFAULT_TRANSFER_WARNING.rows, bytes: warn?.bytes ?? DEFAULT_TRANSFER_WARNING.bytes } }),
  };
}

/** What the client spec reads from server nodes: tables (with columns) and signals. */
function clientNeeds(clientModel: SpecModel, plans: DataPlan[]): ClientNeed[] {
  const byStub = new Map<string, DataPlan>();
  const bySignal = new Map<string, DataPlan>();
  for (const plan of plans) {
    if (!plan.onServer || plan.mirrored) continue;
    byStub.set(variableKey('data', plan.serverName, plan.def.scope), plan);
    for (const sig of plan.outputs) bySignal.set(sig.key, plan);
  }
  const needs = new Map<DataPlan, ClientNeed>();
  const need = (plan: DataPlan): ClientNeed => {
    let n = needs.get(plan);
    if (!n) {
      n = { plan, table: false, signals: new Set(), columns: [] };
      needs.set(plan, n);
    }
    return n;
  };
  for (const ref of collectReferences(clientModel)) {
    if (ref.kind === 'data') {
      const def = clientModel.resolveData(ref.name, ref.scope);
      const plan = def?.kind === 'data' ? byStub.get(def.key) : undefined;
      if (plan) need(plan).table = true;
    } else {
      const def = clientModel.resolveSignal(ref.name, ref.scope);
      const plan = def ? bySignal.get(def.key) : undefined;
      if (plan && def) need(plan).signals.add(def.name);
    }
  }
  const usage = columnUsage(clientModel);
  for (const n of needs.values()) {
    const cols = usage.get(variableKey('data', n.plan.serverName, n.plan.def.scope));
    n.columns = cols === undefined || cols === 'all' ? [] : [...cols].sort();
  }
  // Definition order keeps the plan stable for golden files and readers.
  return plans.filter((p) => needs.has(p)).map((p) => needs.get(p) as ClientNeed);
}

function buildReport(model: SpecModel, plans: Map<string, DataPlan>): ChartPlan['report'] {
  const entries: PlanReportEntry[] = [];
  let moved = 0;
  for (const plan of plans.values()) {
    if (plan.status !== 'client') moved++;
    const entry: PlanReportEntry = { kind: 'data', name: plan.def.name, scope: plan.def.scope.path, status: plan.status, path: plan.def.pointer };
    if (plan.reason) entry.reason = plan.reason;
    entries.push(entry);
  }
  for (const sig of model.signals) {
    const base = { kind: 'signal' as const, name: sig.name, scope: sig.scope.path, path: sig.pointer };
    if (sig.definedBy) {
      const owner = plans.get(sig.definedBy.data.key);
      const onServer = owner && owner.onServer && !owner.mirrored && sig.definedBy.transformIndex < owner.serverTransforms;
      entries.push(onServer ? { ...base, status: 'server' } : { ...base, status: 'client', reason: 'Defined by a transform that runs in the browser' });
    } else {
      entries.push({ ...base, status: 'client', reason: signalReason(sig, sig.scope) });
    }
  }
  return { entries, datasetsMoved: moved, datasetsTotal: plans.size };
}

function disabledPlan(vega: JsonObject, model: SpecModel, reason: string): ChartPlan {
  const entries: PlanReportEntry[] = [
    ...model.data.map((d) => ({ kind: 'data' as const, name: d.name, scope: d.scope.path, path: d.pointer })),
    ...model.signals.map((s) => ({ kind: 'signal' as const, name: s.name, scope: s.scope.path, path: s.pointer })),
  ].map((e) => ({ ...e, status: 'client' as const, reason }));
  return {
    clientSpec: cloneJson(vega) as ChartPlan['clientSpec'],
    serverGraph: { nodes: [] },
    serverNodes: [],
    toClient: [],
    toServer: [],
    report: { entries, datasetsMoved: 0, datasetsTotal: model.data.length },
  };
}
