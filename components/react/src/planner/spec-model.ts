/**
 * The variables of a Vega spec in their group scopes: datasets, signals (declared, or
 * defined by a bin/extent transform), facet aliases; and Vega's name resolution (the
 * nearest enclosing scope that defines a name wins).
 */
import type { Scope } from './types.js';
import { isObject, objectEntries, pointer, type JsonObject } from './json.js';

export interface ScopeInfo {
  /** Group-mark path: index among the group marks of each enclosing `marks` array. */
  path: Scope;
  key: string;
  /** JSON pointer of the scope object ('' for the top level). */
  pointer: string;
  spec: JsonObject;
  parent?: ScopeInfo;
  /** Instantiated once per item (the group has `from`): its data exist per instance. */
  perItem: boolean;
  /** The dataset the group's `from.data` or `from.facet.data` names (a `parent` datum source). */
  groupData?: string;
  /** `from.facet`: the per-facet dataset name this scope defines and the dataset it splits. */
  facet?: { name: string; data: string; groupby: string[] };
}

export interface DataDef {
  kind: 'data';
  key: string;
  name: string;
  scope: ScopeInfo;
  /** Index in its scope's `data` array. */
  index: number;
  pointer: string;
  spec: JsonObject;
}

export interface SignalDef {
  kind: 'signal';
  key: string;
  name: string;
  scope: ScopeInfo;
  pointer: string;
  /** The declaration, or for a transform-defined signal the transform. */
  spec: JsonObject;
  /** Set when a transform's `signal` parameter defines it. */
  definedBy?: { data: DataDef; transformIndex: number };
}

/** A per-facet dataset of a group mark: rows of `data`, split by the facet. */
export interface FacetAlias {
  kind: 'facet';
  name: string;
  scope: ScopeInfo;
  data: string;
}

export interface SpecModel {
  root: ScopeInfo;
  scopes: ScopeInfo[];
  /** In definition order: each scope's data before its nested scopes'. */
  data: DataDef[];
  signals: SignalDef[];
  resolveData(name: string, scope: ScopeInfo): DataDef | FacetAlias | undefined;
  resolveSignal(name: string, scope: ScopeInfo): SignalDef | undefined;
}

/** Signals Vega defines at the top level without a declaration. */
export const BUILTIN_SIGNALS = ['width', 'height', 'padding', 'autosize', 'background', 'cursor'];

export function variableKey(kind: 'data' | 'signal', name: string, scope: ScopeInfo): string {
  return `${kind}:${scope.key}:${name}`;
}

/** Builds the model of `spec` (a Vega spec); reads it without changing it. */
export function buildSpecModel(spec: JsonObject): SpecModel {
  const scopes: ScopeInfo[] = [];
  const data: DataDef[] = [];
  const signals: SignalDef[] = [];
  const byKey = new Map<string, DataDef | SignalDef>();

  const visitScope = (scope: ScopeInfo): void => {
    scopes.push(scope);
    const obj = scope.spec;
    for (const [i, s] of objectEntries(obj.signals)) {
      if (typeof s.name !== 'string') continue;
      const def: SignalDef = {
        kind: 'signal', key: variableKey('signal', s.name, scope), name: s.name, scope,
        pointer: pointer(scope.pointer, 'signals', i), spec: s,
      };
      signals.push(def);
      byKey.set(def.key, def);
    }
    for (const [i, d] of objectEntries(obj.data)) {
      if (typeof d.name !== 'string') continue;
      const def: DataDef = {
        kind: 'data', key: variableKey('data', d.name, scope), name: d.name, scope, index: i,
        pointer: pointer(scope.pointer, 'data', i), spec: d,
      };
      data.push(def);
      byKey.set(def.key, def);
      for (const [j, t] of objectEntries(d.transform)) {
        if (typeof t.signal !== 'string') continue;
        const sig: SignalDef = {
          kind: 'signal', key: variableKey('signal', t.signal, scope), name: t.signal, scope,
          pointer: pointer(def.pointer, 'transform', j), spec: t, definedBy: { data: def, transformIndex: j },
        };
        signals.push(sig);
        byKey.set(sig.key, sig);
      }
    }
    if (!scope.parent) {
      for (const name of BUILTIN_SIGNALS) {
        const key = variableKey('signal', name, scope);
        if (byKey.has(key)) continue;
        const def: SignalDef = { kind: 'signal', key, name, scope, pointer: '', spec: {} };
        byKey.set(key, def);
      }
    }
    let group = 0;
    for (const [i, m] of objectEntries(obj.marks)) {
      if (m.type !== 'group') continue;
      const from = isObject(m.from) ? m.from : undefined;
      const facet = from && isObject(from.facet) ? from.facet : undefined;
      const child: ScopeInfo = {
        path: [...scope.path, group],
        key: [...scope.path, group].join('/'),
        pointer: pointer(scope.pointer, 'marks', i),
        spec: m,
        parent: scope,
        perItem: scope.perItem || from !== undefined,
      };
      if (facet && typeof facet.name === 'string' && typeof facet.data === 'string') {
        const groupby = Array.isArray(facet.groupby) ? facet.groupby.filter((g): g is string => typeof g === 'string')
          : typeof facet.groupby === 'string' ? [facet.groupby] : [];
        child.facet = { name: facet.name, data: facet.data, groupby };
        child.groupData = facet.data;
      } else if (from && typeof from.data === 'string') {
        child.groupData = from.data;
      }
      group++;
      visitScope(child);
    }
  };

  const root: ScopeInfo = { path: [], key: '', pointer: '', spec, perItem: false };
  visitScope(root);

  const resolveData = (name: string, scope: ScopeInfo): DataDef | FacetAlias | undefined => {
    for (let s: ScopeInfo | undefined = scope; s; s = s.parent) {
      const def = byKey.get(variableKey('data', name, s));
      if (def && def.kind === 'data') return def;
      if (s.facet && s.facet.name === name) return { kind: 'facet', name, scope: s, data: s.facet.data };
    }
    return undefined;
  };
  const resolveSignal = (name: string, scope: ScopeInfo): SignalDef | undefined => {
    for (let s: ScopeInfo | undefined = scope; s; s = s.parent) {
      const def = byKey.get(variableKey('signal', name, s));
      if (def && def.kind === 'signal') return def;
    }
    return undefined;
  };
  return { root, scopes, data, signals, resolveData, resolveSignal };
}
