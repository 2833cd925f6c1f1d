/** SVG comparison that names the first element that differs. */

/** Splits an SVG into elements (tags with their attributes, and text runs). */
function tokens(svg: string): string[] {
  return svg.match(/<[^>]+>|[^<]+/g) ?? [];
}

/**
 * Null when the SVGs are identical; otherwise a description of the first differing
 * element, with its position and both versions.
 */
export function firstDifference(expected: string, actual: string): string | null {
  if (expected === actual) return null;
  const a = tokens(normalizeIds(expected));
  const b = tokens(normalizeIds(actual));
  const n = Math.min(a.length, b.length);
  if (a.join('') === b.join('')) return null;
  for (let i = 0; i < n; i++) {
    if (a[i] !== b[i]) return `element ${i}: expected ${clip(a[i])} got ${clip(b[i])}`;
  }
  return `length: expected ${a.length} elements, got ${b.length}; next: ${clip(a[n] ?? b[n] ?? '')}`;
}

/**
 * Vega numbers clip paths (and gradients) with a counter shared by every view in the
 * process; renumber them by first appearance so two views of the same chart match.
 */
export function normalizeIds(svg: string): string {
  const ids = new Map<string, string>();
  return svg.replace(/\b(clip|gradient_?|pattern_?)(\d+)\b/g, (_m, kind: string, n: string) => {
    const key = kind + n;
    let id = ids.get(key);
    if (!id) {
      id = `${kind}${ids.size + 1}`;
      ids.set(key, id);
    }
    return id;
  });
}

function clip(s: string): string {
  return s.length > 240 ? `${s.slice(0, 240)}…` : s;
}
