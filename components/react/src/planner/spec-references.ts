/**
 * Every reference a spec makes to datasets and signals, with the scope it is resolved in:
 * mark `from`, facets, scale domains, dataset sources and lookups, and the names inside
 * every expression (signal updates, handlers, encodings, transform parameters, triggers).
 * Used to find what the browser still needs once parts of the spec moved to the server.
 */
import { analyzeExpression } from './expression-refs.js';
import { asArray, isObject, objectEntries, pointer, type JsonObject } from './json.js';
import type { ScopeInfo, SpecModel } from './spec-model.js';

export interface SpecReference {
  kind: 'data' | 'signal';
  name: string;
  /** The scope the name is resolved in. */
  scope: ScopeInfo;
  pointer: string;
  /** The dataset is written (`modify`, or a data trigger), not only read. */
  writes?: boolean;
}

/** Keys whose string value is a Vega expression. */
const EXPR_KEYS = new Set(['signal', 'update', 'test', 'expr', 'init']);
/** Keys of a group mark evaluated in the enclosing scope (the rest is the group's own scope). */
export const GROUP_OUTER_KEYS = new Set(['type', 'name', 'role', 'from', 'encode', 'sort', 'key', 'transform', 'clip',
  'interactive', 'zindex', 'style', 'description', 'aria']);
const DATA_TRIGGER_KEYS = ['trigger', 'insert', 'remove', 'toggle', 'modify', 'values'];
/** Top-level keys that never reference variables. */
const SKIPPED_KEYS = new Set(['config', 'usermeta', '$schema', 'description']);

/** Collects every reference in `model`'s spec. */
export function collectReferences(model: SpecModel): SpecReference[] {
  const out: SpecReference[] = [];
  const addExpr = (source: string, at: string, scope: ScopeInfo): void => {
    const refs = analyzeExpression(source);
    for (const s of refs.signals) out.push({ kind: 'signal', name: s, scope, pointer: at });
    for (const d of refs.data) out.push({ kind: 'data', name: d, scope, pointer: at });
    for (const d of refs.modified) out.push({ kind: 'data', name: d, scope, pointer: at, writes: true });
  };

  const walk = (value: unknown, at: string, scope: ScopeInfo): void => {
    if (Array.isArray(value)) {
      value.forEach((v, i) => walk(v, pointer(at, i), scope));
      return;
    }
    if (!isObject(value)) return;
    for (const [key, v] of Object.entries(value)) {
      const p = pointer(at, key);
      if (typeof v === 'string') {
        if (EXPR_KEYS.has(key)) addExpr(v, p, scope);
        else if (key === 'data') out.push({ kind: 'data', name: v, scope, pointer: p });
        else if (key === 'filter') addExpr(v, p, scope);
      } else if (key === 'filter' && Array.isArray(v)) {
        v.forEach((f, i) => { if (typeof f === 'string') addExpr(f, pointer(p, i), scope); });
      } else {
        walk(v, p, scope);
      }
    }
  };

  const walkData = (d: JsonObject, at: string, scope: ScopeInfo): void => {
    const sources = typeof d.source === 'string' ? [d.source] : asArray(d.source);
    sources.forEach((s) => { if (typeof s === 'string') out.push({ kind: 'data', name: s, scope, pointer: pointer(at, 'source') }); });
    if (isObject(d.url)) walk(d.url, pointer(at, 'url'), scope);
    if (isObject(d.format)) walk(d.format, pointer(at, 'format'), scope);
    for (const [j, t] of objectEntries(d.transform)) {
      const tp = pointer(at, 'transform', j);
      for (const [key, v] of Object.entries(t)) {
        const p = pointer(tp, key);
        if (key === 'type' || (key === 'signal' && typeof v === 'string')) continue;
        if (key === 'from' && typeof v === 'string' && t.type === 'lookup') out.push({ kind: 'data', name: v, scope, pointer: p });
        else if (key === 'expr' && typeof v === 'string') addExpr(v, p, scope);
        else walk(v, p, scope);
      }
    }
    for (const [k, h] of objectEntries(d.on)) {
      for (const key of DATA_TRIGGER_KEYS) {
        if (typeof h[key] === 'string') addExpr(h[key] as string, pointer(at, 'on', k, key), scope);
      }
    }
  };

  const walkSignal = (s: JsonObject, at: string, scope: ScopeInfo): void => {
    if (s.push === 'outer' && typeof s.name === 'string' && scope.parent) {
      out.push({ kind: 'signal', name: s.name, scope: scope.parent, pointer: pointer(at, 'push') });
    }
    const rest: JsonObject = {};
    for (const [key, v] of Object.entries(s)) {
      if (key !== 'name' && key !== 'bind' && key !== 'value' && key !== 'description') rest[key] = v;
    }
    walk(rest, at, scope);
  };

  const walkScope = (scope: ScopeInfo, keys: (key: string) => boolean): void => {
    const obj = scope.spec;
    for (const [key, v] of Object.entries(obj)) {
      if (!keys(key) || SKIPPED_KEYS.has(key)) continue;
      const at = pointer(scope.pointer, key);
      if (key === 'data') objectEntries(v).forEach(([i, d]) => walkData(d, pointer(at, i), scope));
      else if (key === 'signals') objectEntries(v).forEach(([i, s]) => walkSignal(s, pointer(at, i), scope));
      else if (key === 'marks') walkMarks(v, at, scope);
      else walk(v, at, scope);
    }
  };

  const children = new Map(model.scopes.map((s) => [s.pointer, s]));
  const walkMarks = (marks: unknown, at: string, scope: ScopeInfo): void => {
    for (const [i, m] of objectEntries(marks)) {
      const mp = pointer(at, i);
      const child = m.type === 'group' ? children.get(mp) : undefined;
      if (!child) {
        walk(m, mp, scope);
        continue;
      }
      for (const key of GROUP_OUTER_KEYS) if (key in m) walk(m[key], pointer(mp, key), scope);
      walkScope(child, (key) => !GROUP_OUTER_KEYS.has(key));
    }
  };

  walkScope(model.root, () => true);
  return out;
}
