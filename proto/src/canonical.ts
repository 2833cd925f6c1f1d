/**
 * Canonical JSON: object keys sorted, no whitespace, so that two specs that mean the
 * same thing fingerprint the same whatever their key order.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value instanceof Date) return { $date: value.getTime() };
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortKeys(v);
    }
    return out;
  }
  if (typeof value === 'number' && !Number.isFinite(value)) return { $num: String(value) };
  return value;
}

/** Texts canonicalized lately: a graph's pipelines come again with every request. */
const recent = new Map<string, string>();
const RECENT_MAX = 512;

/** Re-canonicalizes JSON text; empty text stays empty. */
export function canonicalJsonText(text: string): string {
  if (text === '') return '';
  const known = recent.get(text);
  if (known !== undefined) return known;
  const out = canonicalJson(JSON.parse(text));
  // Short texts only (pipelines, formats): inline values may be megabytes.
  if (text.length <= 65_536) {
    if (recent.size >= RECENT_MAX) recent.clear();
    recent.set(text, out);
  }
  return out;
}
