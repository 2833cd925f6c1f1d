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
  const a = tokens(expected);
  const b = tokens(actual);
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (a[i] !== b[i]) return `element ${i}: expected ${clip(a[i])} got ${clip(b[i])}`;
  }
  return `length: expected ${a.length} elements, got ${b.length}; next: ${clip(a[n] ?? b[n] ?? '')}`;
}

function clip(s: string): string {
  return s.length > 240 ? `${s.slice(0, 240)}…` : s;
}
