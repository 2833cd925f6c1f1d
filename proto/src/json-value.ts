/**
 * Extended JSON for signal values: plain JSON plus the values Vega signals hold that
 * JSON cannot (Date, NaN, ±Infinity, undefined inside arrays). Encoded as tagged objects
 * so that a decoder restores exactly what the encoder saw.
 */

const TAG = '$vf';

type Tagged = { [TAG]: 'date' | 'nan' | 'inf' | '-inf' | 'undefined'; v?: number };

function isTagged(value: unknown): value is Tagged {
  return typeof value === 'object' && value !== null && TAG in value && Object.keys(value).length <= 2;
}

function replace(value: unknown): unknown {
  if (value instanceof Date) return { [TAG]: 'date', v: value.getTime() };
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return { [TAG]: 'nan' };
    if (value === Infinity) return { [TAG]: 'inf' };
    if (value === -Infinity) return { [TAG]: '-inf' };
    return value;
  }
  if (value === undefined) return { [TAG]: 'undefined' };
  if (Array.isArray(value)) return value.map(replace);
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (v !== undefined && typeof v !== 'function') out[k] = replace(v);
    }
    return out;
  }
  return value;
}

function revive(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(revive);
  if (isTagged(value)) {
    switch (value[TAG]) {
      case 'date': return new Date(value.v as number);
      case 'nan': return NaN;
      case 'inf': return Infinity;
      case '-inf': return -Infinity;
      case 'undefined': return undefined;
    }
  }
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = revive(v);
    return out;
  }
  return value;
}

/** Encodes a signal value as extended JSON text. */
export function encodeJsonValue(value: unknown): string {
  return JSON.stringify(replace(value));
}

/** Decodes extended JSON text produced by `encodeJsonValue`. */
export function decodeJsonValue(text: string): unknown {
  return revive(JSON.parse(text));
}
