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

/** Re-canonicalizes JSON text; empty text stays empty. */
export function canonicalJsonText(text: string): string {
  return text === '' ? '' : canonicalJson(JSON.parse(text));
}
