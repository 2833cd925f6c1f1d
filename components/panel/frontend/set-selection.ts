/**
 * Sets Vega-Lite selections of a live view from values in the wrappers' format (what
 * Python assigns to `chart.selection.<name>`): an interval `{field: [lo, hi]}` is drawn as
 * the brush would be (its pixel signal, so the rectangle shows and a later drag moves it),
 * a point selection `[{field: value}, ...]` replaces the selection's store, `{}` or `[]`
 * clears either. Only selections of the top-level view (a unit or a layer) can be set:
 * the signals of concatenated or repeated views live inside their groups.
 */
import { changeset, type View } from 'vega';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

interface TupleField {
  field: string;
  channel?: string;
  type: string;
}

interface SignalDef {
  name: string;
  on?: { events?: unknown; update?: string }[];
}

function signalDefs(vegaSpec: unknown): SignalDef[] {
  if (!isRecord(vegaSpec) || !Array.isArray(vegaSpec.signals)) return [];
  return vegaSpec.signals.filter((s): s is SignalDef => isRecord(s) && typeof s.name === 'string');
}

function tupleFields(view: View, name: string): TupleField[] | null {
  try {
    const fields = view.signal(`${name}_tuple_fields`) as unknown;
    return Array.isArray(fields) ? fields.filter((f): f is TupleField => isRecord(f) && typeof f.field === 'string') : null;
  } catch {
    return null; // not a top-level selection of this view
  }
}

/**
 * The pixel signal of an interval along `channel`: the signal that the selection's data
 * signal (`update: ... invert("x", <pixel signal>)`) listens to. Vega-Lite names it
 * `<name>_<channel>`, with a suffix when a field has that name, so it is looked up.
 */
export function pixelSignal(signals: SignalDef[], name: string, channel: string): string | null {
  for (const s of signals) {
    if (!s.name.startsWith(`${name}_`)) continue;
    for (const handler of s.on ?? []) {
      const events = handler.events;
      if (isRecord(events) && typeof events.signal === 'string' && handler.update?.includes(`invert(${JSON.stringify(channel)}, ${events.signal})`)) {
        return events.signal;
      }
    }
  }
  return null;
}

/** The unit that a selection's tuples name (`{unit: "layer_0", ...}` in its `_tuple` signal). */
function unitOf(signals: SignalDef[], name: string): string {
  const tuple = signals.find((s) => s.name === `${name}_tuple`);
  for (const handler of tuple?.on ?? []) {
    const match = /unit:\s*"([^"]*)"/.exec(handler.update ?? '');
    if (match) return match[1];
  }
  return '';
}

const isEmpty = (value: unknown): boolean =>
  value === null || value === undefined || (Array.isArray(value) ? value.length === 0 : isRecord(value) && Object.keys(value).length === 0);

function setInterval(view: View, signals: SignalDef[], name: string, fields: TupleField[], value: unknown): boolean {
  const ranges = isRecord(value) ? value : {};
  let set = false;
  for (const f of fields) {
    if (f.channel !== 'x' && f.channel !== 'y') continue;
    const pixels = pixelSignal(signals, name, f.channel);
    if (!pixels) continue;
    const range = ranges[f.field];
    let next = [0, 0]; // Vega-Lite's cleared brush: no extent
    if (Array.isArray(range) && range.length === 2) {
      const scale = view.scale(f.channel) as ((v: unknown) => number) | undefined;
      if (!scale) continue;
      next = range.map((v) => scale(v));
    }
    view.signal(pixels, next);
    set = true;
  }
  return set || isEmpty(value);
}

function setPoints(view: View, signals: SignalDef[], name: string, fields: TupleField[], value: unknown): boolean {
  const records = Array.isArray(value) ? value.filter(isRecord) : [];
  const unit = unitOf(signals, name);
  const tuples = records.map((r) => ({ unit, fields, values: fields.map((f) => r[f.field]) }));
  view.change(`${name}_store`, changeset().remove(() => true).insert(tuples));
  return true;
}

/**
 * Applies `values` ({selection name: value}) to the view and runs it; returns the names it
 * could not set (not a top-level selection, or an interval on other channels than x and y).
 */
export async function setSelections(view: View, vegaSpec: unknown, values: Record<string, unknown>): Promise<string[]> {
  const signals = signalDefs(vegaSpec);
  const skipped: string[] = [];
  for (const [name, value] of Object.entries(values)) {
    const fields = tupleFields(view, name);
    if (!fields || fields.length === 0) {
      skipped.push(name);
      continue;
    }
    const interval = fields.every((f) => f.type.startsWith('R'));
    const done = interval ? setInterval(view, signals, name, fields, value) : setPoints(view, signals, name, fields, value);
    if (!done) skipped.push(name);
  }
  await view.runAsync();
  return skipped;
}
