/**
 * Small helpers over spec JSON: guards and JSON pointers.
 */
export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** Objects of an array, with their indices (non-objects are skipped). */
export function objectEntries(value: unknown): [number, JsonObject][] {
  const out: [number, JsonObject][] = [];
  asArray(value).forEach((v, i) => {
    if (isObject(v)) out.push([i, v]);
  });
  return out;
}

/** A `{signal: "..."}` reference. */
export function isSignalRef(value: unknown): value is { signal: string } {
  return isObject(value) && typeof value.signal === 'string';
}

/** Escapes one JSON-pointer token. */
export function pointerToken(token: string | number): string {
  return String(token).replace(/~/g, '~0').replace(/\//g, '~1');
}

export function pointer(base: string, ...tokens: (string | number)[]): string {
  return base + tokens.map((t) => `/${pointerToken(t)}`).join('');
}

/** Deep copy of plain JSON (specs carry no functions or dates worth keeping identity of). */
export function cloneJson<T>(value: T): T {
  return structuredClone(value);
}
