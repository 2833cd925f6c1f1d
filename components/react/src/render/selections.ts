/**
 * Selections in one format for every wrapper. For each Vega-Lite selection parameter:
 * a point selection is a list of records (field -> value), an interval selection is
 * `{field: [lo, hi]}`; both read from the `<param>_store` dataset Vega-Lite keeps. Dates
 * become epoch milliseconds so that the value survives any serialization.
 */
import type { View } from 'vega';

export type SelectionType = 'point' | 'interval';

export interface SelectionParam {
  name: string;
  type: SelectionType;
}

/** A point selection's records, or an interval's ranges by field. */
export type SelectionValue = Record<string, unknown>[] | Record<string, unknown[]>;

export type Selections = Record<string, SelectionValue>;

interface StoreTuple {
  unit?: string;
  fields?: { field?: string; type?: string }[];
  values?: unknown[];
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const NESTED_KEYS = ['layer', 'hconcat', 'vconcat', 'concat', 'spec'];

/** The selection parameters a Vega-Lite spec declares, at any level of layering or concatenation. */
export function selectionParams(spec: unknown): SelectionParam[] {
  const found = new Map<string, SelectionParam>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(visit);
      return;
    }
    if (!isRecord(node)) return;
    if (Array.isArray(node.params)) {
      for (const p of node.params) {
        if (!isRecord(p) || typeof p.name !== 'string' || p.select === undefined) continue;
        const select = p.select;
        const type = typeof select === 'string' ? select : isRecord(select) ? select.type : undefined;
        if (type === 'point' || type === 'interval') found.set(p.name, { name: p.name, type });
      }
    }
    for (const key of NESTED_KEYS) if (key in node) visit(node[key]);
  };
  visit(spec);
  return [...found.values()];
}

function plain(value: unknown): unknown {
  if (value instanceof Date) return value.getTime();
  if (Array.isArray(value)) return value.map(plain);
  return value;
}

function ascending(range: unknown[]): unknown[] {
  const [a, b] = range;
  if (range.length === 2 && typeof a === 'number' && typeof b === 'number' && a > b) return [b, a];
  return range;
}

/** The value of one selection from its store tuples. */
export function selectionFromStore(type: SelectionType, tuples: StoreTuple[]): SelectionValue {
  if (type === 'point') {
    return tuples.map((t) => Object.fromEntries((t.fields ?? []).map((f, i) => [f.field ?? '', plain(t.values?.[i])])));
  }
  const ranges: Record<string, unknown[]> = {};
  for (const t of tuples) {
    (t.fields ?? []).forEach((f, i) => {
      const field = f.field ?? '';
      const v = plain(t.values?.[i]);
      if (!(field in ranges) && Array.isArray(v)) ranges[field] = ascending(v);
    });
  }
  return ranges;
}

function storeName(param: SelectionParam): string {
  return `${param.name}_store`;
}

/** Current value of each selection whose store the view has. */
export function readSelections(view: View, params: SelectionParam[]): Selections {
  const out: Selections = {};
  for (const param of params) {
    let tuples: StoreTuple[];
    try {
      tuples = view.data(storeName(param)) as StoreTuple[];
    } catch {
      continue; // the compiled spec has no store for it (e.g. a bound-only parameter)
    }
    out[param.name] = selectionFromStore(param.type, tuples);
  }
  return out;
}

/** Calls `listener` with every selection's value when any of them changes; returns the unsubscribe function. */
export function watchSelections(view: View, params: SelectionParam[], listener: (selections: Selections) => void): () => void {
  const offs: (() => void)[] = [];
  const handler = (): void => listener(readSelections(view, params));
  for (const param of params) {
    try {
      view.addDataListener(storeName(param), handler);
      offs.push(() => view.removeDataListener(storeName(param), handler));
    } catch {
      // No store in the compiled spec: nothing to watch.
    }
  }
  return () => offs.forEach((off) => off());
}
