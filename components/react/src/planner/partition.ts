/**
 * Decides where each dataset is computed: entirely on the server, split (the longest
 * supported prefix of its pipeline on the server, the rest in the browser), or in the
 * browser, with the reason. A dataset moves only if its source chain is on the server,
 * every transform and expression is announced, and everything it reads is available on
 * the server: server nodes, or values the browser owns and sends (signals, selection
 * stores).
 */
import type { KeepInBrowser, PlanStatus } from './types.js';
import { isObject, pointer, type JsonObject } from './json.js';
import type { DataDef, ScopeInfo, SignalDef, SpecModel } from './spec-model.js';
import type { SpecReference } from './spec-references.js';
import { checkTransform, type CapabilitySets } from './transform-support.js';
import { facetAggregateCuts, type PipelineCut } from './facet-aggregates.js';
import { sharedRowCuts } from './shared-row-writes.js';

/** What a server node reads. */
export type Dependency =
  | { kind: 'data'; plan: DataPlan }
  /** A dataset the browser owns (a selection store) sent as a root value. */
  | { kind: 'clientData'; def: DataDef }
  /** A signal a server dataset's transform defines. */
  | { kind: 'serverSignal'; def: SignalDef; plan: DataPlan }
  /** A signal the browser owns, sent as a root value. */
  | { kind: 'clientSignal'; def: SignalDef };

export type SourceKind = 'url' | 'values' | 'source' | 'none';

export interface DataPlan {
  def: DataDef;
  status: PlanStatus;
  reason?: string;
  source: SourceKind;
  /** Number of leading transforms computed on the server. */
  serverTransforms: number;
  /** A server node computes (a prefix of) this dataset. */
  onServer: boolean;
  /** Inline values with nothing to compute: the browser keeps its copy; server nodes read theirs. */
  mirrored: boolean;
  /** The browser owns it (a store) and may send it to the server as a root value. */
  sendable: boolean;
  /** Name of the server node and of its stub in the client spec. */
  serverName: string;
  dependencies: Dependency[];
  /** Signals defined by the server part (bin and extent `signal`). */
  outputs: SignalDef[];
}

export interface PartitionOptions {
  caps: CapabilitySets;
  serverUrlPrefixes: string[];
  /** References in the whole spec (to find the datasets that `modify()` writes). */
  references: SpecReference[];
  keepInBrowser?: KeepInBrowser[];
}

/** Identifier transforms in the whole spec (they share one counter in Vega). */
function countIdentifiers(model: SpecModel): number {
  let n = 0;
  for (const def of model.data) {
    const transforms = Array.isArray(def.spec.transform) ? def.spec.transform : [];
    for (const t of transforms) if (isObject(t) && t.type === 'identifier') n++;
  }
  return n;
}

/** The earliest matching request to keep (part of) `def` in the browser. */
function keptPart(def: DataDef, keep: KeepInBrowser[] | undefined): KeepInBrowser | undefined {
  let found: KeepInBrowser | undefined;
  for (const k of keep ?? []) {
    if (k.name !== def.name) continue;
    if (k.scope && (k.scope.length !== def.scope.path.length || k.scope.some((s, i) => s !== def.scope.path[i]))) continue;
    if (!found || (k.fromTransform ?? -1) < (found.fromTransform ?? -1)) found = k;
  }
  return found;
}

/** Addresses only the runtime resolves: its uploaded datasets and its configured database sources. */
const SERVER_URL_SCHEMES = ['vegafusion+dataset://', 'vegafusion+sql://'];
const CLIENT_ONLY_FORMATS = new Set(['topojson', 'feature', 'mesh']);

/** Is `url` one the runtime loads: relative, a runtime dataset, or under a served prefix. */
export function isServerUrl(url: string, prefixes: string[]): boolean {
  if (SERVER_URL_SCHEMES.some((scheme) => url.startsWith(scheme))) return true;
  if (prefixes.some((p) => p !== '' && url.startsWith(p))) return true;
  // A scheme ("https:", "data:") or a protocol-relative URL points outside the data roots.
  return !/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(url) && !url.startsWith('//');
}

function containsSignal(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(containsSignal);
  if (!isObject(value)) return false;
  if ('signal' in value) return true;
  return Object.values(value).some(containsSignal);
}

/** Plans every dataset of `model`, in definition order. */
export function partitionData(model: SpecModel, options: PartitionOptions): Map<string, DataPlan> {
  const plans = new Map<string, DataPlan>();
  const written = new Set(options.references.filter((r) => r.writes).map((r) => r.name));
  const usedNames = new Set(model.data.map((d) => d.name));
  const identifiers = countIdentifiers(model);
  const cuts = facetAggregateCuts(model);
  for (const [key, cut] of sharedRowCuts(model)) {
    const current = cuts.get(key);
    if (!current || cut.index < current.index) cuts.set(key, cut);
  }
  const uniqueName = (base: string): string => {
    let name = `${base}_server`;
    for (let i = 2; usedNames.has(name); i++) name = `${base}_server${i}`;
    usedNames.add(name);
    return name;
  };
  for (const def of model.data) {
    const plan = planDataset(def, model, plans, written, options, identifiers, cuts.get(def.key));
    if (plan.status === 'split') plan.serverName = uniqueName(def.name);
    plans.set(def.key, plan);
  }
  return plans;
}

function clientPlan(def: DataDef, source: SourceKind, reason: string, sendable = false): DataPlan {
  return {
    def, status: 'client', reason, source, serverTransforms: 0, onServer: false, mirrored: false, sendable,
    serverName: def.name, dependencies: [], outputs: [],
  };
}

function planDataset(
  def: DataDef, model: SpecModel, plans: Map<string, DataPlan>, written: Set<string>, options: PartitionOptions,
  identifiers: number, cut: PipelineCut | undefined,
): DataPlan {
  const spec = def.spec;
  const { caps } = options;
  const hasSource = spec.source !== undefined;
  const source: SourceKind = hasSource ? 'source' : spec.url !== undefined ? 'url' : spec.values !== undefined ? 'values' : 'none';
  if (spec.on !== undefined || written.has(def.name)) {
    return clientPlan(def, source, 'Modified by triggers in the browser (a selection store)', source === 'none' || source === 'values');
  }
  if (def.scope.perItem) {
    return clientPlan(def, source, 'Defined inside a group mark with "from": one instance per group item');
  }
  const dependencies: Dependency[] = [];
  const kept = keptPart(def, options.keepInBrowser);
  if (kept && kept.fromTransform === undefined) return clientPlan(def, source, kept.reason);

  if (source === 'none') return clientPlan(def, source, 'No source: filled in the browser', true);
  if (source === 'source') {
    const names = typeof spec.source === 'string' ? [spec.source] : Array.isArray(spec.source) ? spec.source : [];
    if (names.length !== 1 || typeof names[0] !== 'string') {
      return clientPlan(def, source, 'Several sources: unions stay in the browser');
    }
    const resolved = model.resolveData(names[0], def.scope);
    const parent = resolved?.kind === 'data' ? plans.get(resolved.key) : undefined;
    if (!parent || !isFullyOnServer(parent)) {
      return clientPlan(def, source, `Source "${names[0]}" is computed in the browser`);
    }
    dependencies.push({ kind: 'data', plan: parent });
  } else {
    const format = spec.format;
    if (format !== undefined && (!isObject(format) || containsSignal(format))) {
      return clientPlan(def, source, 'Format given by a signal');
    }
    const type = isObject(format) && typeof format.type === 'string' ? format.type : 'json';
    if (source === 'url' || isObject(format)) {
      if (CLIENT_ONLY_FORMATS.has(type) || !caps.formats.has(type)) return clientPlan(def, source, `Unsupported format "${type}"`);
    }
    if (source === 'url') {
      if (typeof spec.url !== 'string') return clientPlan(def, source, 'URL given by a signal');
      if (!isServerUrl(spec.url, options.serverUrlPrefixes)) {
        return clientPlan(def, source, `URL "${spec.url}" is not served by the runtime`);
      }
    } else if (!Array.isArray(spec.values) && typeof spec.values !== 'string') {
      return clientPlan(def, source, 'Values are not an array or text');
    }
  }

  const transforms = Array.isArray(spec.transform) ? spec.transform : [];
  const outputs: SignalDef[] = [];
  let prefix = 0;
  let reason: string | undefined;
  let limit = kept?.fromTransform === undefined ? transforms.length : Math.min(kept.fromTransform, transforms.length);
  let limitReason = kept?.reason;
  if (cut && cut.index < limit) {
    limit = cut.index;
    limitReason = cut.reason;
  }
  for (; prefix < transforms.length; prefix++) {
    if (prefix >= limit) {
      reason = limitReason;
      break;
    }
    const t = transforms[prefix];
    const at = pointer(def.pointer, 'transform', prefix);
    if (!isObject(t)) {
      reason = `Transform at ${at} is not an object`;
      break;
    }
    // Vega numbers rows with one counter per view, shared by every identifier transform in
    // the order the dataflow runs them; the runtime numbers each dataset from 1.
    if (t.type === 'identifier' && identifiers > 1) {
      reason = `Identifier at ${at} shares Vega's row counter with ${identifiers - 1} other identifier transform(s)`;
      break;
    }
    const req = checkTransform(t, at, caps);
    const found: Dependency[] = [];
    reason = req.reason ?? checkAvailability(req.signals, req.data, at, def, prefix, model, plans, found);
    if (reason) break;
    dependencies.push(...found);
    if (typeof t.signal === 'string') {
      const sig = model.resolveSignal(t.signal, def.scope);
      if (sig?.definedBy?.data === def) outputs.push(sig);
    }
  }

  const plan: DataPlan = {
    def, status: 'server', reason, source, serverTransforms: prefix, onServer: true, mirrored: false, sendable: false,
    serverName: def.name, dependencies: dedupe(dependencies), outputs,
  };
  if (prefix === transforms.length) {
    if (source === 'values' && prefix === 0) {
      plan.status = 'client';
      plan.mirrored = true;
      plan.reason = 'Inline values with no transforms: kept in the browser';
    }
    return plan;
  }
  if (prefix === 0 && source !== 'url') return { ...clientPlan(def, source, reason ?? ''), dependencies: [] };
  plan.status = 'split';
  return plan;
}

/** The dataset's final value is computed on the server (its children may move too). */
export function isFullyOnServer(plan: DataPlan): boolean {
  return plan.status === 'server' || plan.mirrored;
}

/** Checks that what a transform reads is on the server or sendable; records dependencies. */
function checkAvailability(
  signals: Set<string>, data: Set<string>, at: string, def: DataDef, index: number,
  model: SpecModel, plans: Map<string, DataPlan>, deps: Dependency[],
): string | undefined {
  for (const name of signals) {
    const sig = model.resolveSignal(name, def.scope);
    if (!sig) return `Unknown signal "${name}" at ${at}`;
    const by = sig.definedBy;
    if (by && by.data === def) {
      if (by.transformIndex >= index) return `Signal "${name}" is read at ${at} before its transform defines it`;
      continue;
    }
    if (by) {
      const owner = plans.get(by.data.key);
      if (owner && owner.onServer && !owner.mirrored && by.transformIndex < owner.serverTransforms) {
        deps.push({ kind: 'serverSignal', def: sig, plan: owner });
        continue;
      }
    }
    deps.push({ kind: 'clientSignal', def: sig });
  }
  for (const name of data) {
    const resolved = model.resolveData(name, def.scope);
    if (!resolved || resolved.kind !== 'data') return `Dataset "${name}" read at ${at} is not available on the server`;
    if (resolved === def) return `Dataset "${name}" reads itself at ${at}`;
    const p = plans.get(resolved.key);
    if (p && isFullyOnServer(p)) deps.push({ kind: 'data', plan: p });
    else if (p && p.sendable) deps.push({ kind: 'clientData', def: resolved });
    else return `Dataset "${name}" read at ${at} is computed in the browser`;
  }
  return undefined;
}

function dedupe(deps: Dependency[]): Dependency[] {
  const seen = new Set<string>();
  return deps.filter((d) => {
    const key = d.kind === 'data' ? `d:${d.plan.def.key}` : `${d.kind}:${d.def.key}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Signals declared in the spec: all evaluated in the browser; the reason says why. */
export function signalReason(def: SignalDef, scope: ScopeInfo): string {
  const s: JsonObject = def.spec;
  if (!scope.parent && ['width', 'height', 'padding', 'autosize', 'background'].includes(def.name)) return 'Built-in view signal';
  if (s.on !== undefined) return 'Updated by event handlers in the browser';
  if (s.bind !== undefined) return 'Bound to an input element';
  if (s.push === 'outer') return 'Pushes its value to an outer scope';
  if (typeof s.update === 'string') return 'Signal expressions are evaluated in the browser';
  return 'Value owned by the browser';
}

