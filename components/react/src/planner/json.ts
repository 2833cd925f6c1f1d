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

/**
 * Deep copy of a spec, read as JSON reads it: a function (Vega adds accessors to the
 * objects of a spec it has parsed, e.g. a selection's field definitions) is left out of an
 * object and becomes null in an array. Dates and other cloneable values are copied;
 * shared and circular references keep their shape.
 */
export function cloneJson<T>(value: T): T {
  return copyValue(value, new Map()) as T;
}

function copyValue(value: unknown, seen: Map<object, unknown>): unknown {
  if (typeof value !== 'object' || value === null) return typeof value === 'function' ? undefined : value;
  const done = seen.get(value);
  if (done !== undefined) return done;
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    seen.set(value, out);
    for (const v of value) out.push(typeof v === 'function' ? null : copyValue(v, seen));
    return out;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) {
    const out: unknown = structuredClone(value);
    seen.set(value, out);
    return out;
  }
  const out: JsonObject = {};
  seen.set(value, out);
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== 'function') out[k] = copyValue(v, seen);
  }
  return out;
}
