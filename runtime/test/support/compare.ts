/**
 * Row comparison for engine-vs-Vega tests: same rows, same order, same values, where
 * floats may differ in the last bits (summation order) and Dates compare by instant.
 */
import { expect } from 'vitest';

export type Row = Record<string, unknown>;

export function normalizeValue(v: unknown): unknown {
  if (v === undefined) return null;
  if (v instanceof Date) return { date: v.getTime() };
  if (typeof v === 'bigint') return Number(v);
  if (Array.isArray(v)) return v.map(normalizeValue);
  if (typeof v === 'object' && v !== null) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) out[k] = normalizeValue((v as Row)[k]);
    return out;
  }
  return v;
}

function close(a: unknown, b: unknown, path: string): string | null {
  if (typeof a === 'number' && typeof b === 'number') {
    if (Number.isNaN(a) && Number.isNaN(b)) return null;
    if (a === b) return null;
    const tol = 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
    return Math.abs(a - b) <= tol ? null : `${path}: ${a} != ${b}`;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return `${path}: length ${a.length} != ${b.length}`;
    for (let i = 0; i < a.length; i++) {
      const d = close(a[i], b[i], `${path}[${i}]`);
      if (d) return d;
    }
    return null;
  }
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null) {
    const ka = Object.keys(a).sort();
    const kb = Object.keys(b).sort();
    if (ka.join() !== kb.join()) return `${path}: keys [${ka}] != [${kb}]`;
    for (const k of ka) {
      const d = close((a as Row)[k], (b as Row)[k], `${path}.${k}`);
      if (d) return d;
    }
    return null;
  }
  return Object.is(a, b) || a === b ? null : `${path}: ${JSON.stringify(a)} != ${JSON.stringify(b)}`;
}

/** First difference between two values, or null when they match. */
export function diffValues(actual: unknown, expected: unknown): string | null {
  return close(normalizeValue(actual), normalizeValue(expected), '$');
}

/**
 * Asserts rows match. Fields that are undefined/absent in Vega and null in the engine
 * are treated alike (DuckDB has only NULL).
 */
export function expectRowsEqual(actual: Row[], expected: Row[], options: { ignoreFields?: string[] } = {}): void {
  const strip = (rows: Row[]) => rows.map((r) => {
    const out: Row = {};
    for (const [k, v] of Object.entries(r)) {
      if (options.ignoreFields?.includes(k)) continue;
      if (v !== undefined && v !== null) out[k] = v;
    }
    return out;
  });
  const d = diffValues(strip(actual), strip(expected));
  if (d) {
    expect.fail(`rows differ at ${d}\nactual:   ${preview(actual)}\nexpected: ${preview(expected)}`);
  }
}

function preview(rows: Row[]): string {
  const s = JSON.stringify(rows.slice(0, 8));
  return s.length > 1200 ? `${s.slice(0, 1200)}…` : s;
}
