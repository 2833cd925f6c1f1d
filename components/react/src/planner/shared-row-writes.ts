/**
 * Vega's formula-like transforms write their fields into the row objects they receive,
 * and datasets that read the same source share those objects. So a transform can read a
 * field that another pipeline wrote into the shared rows (Vega-Lite 4 compiled a brush
 * filter before the time unit formula that makes its field, relying on a sibling's
 * formula). The runtime computes each dataset from its own rows and would not see the
 * field: the reading transform and the writing one both stay in the browser, where the
 * client spec reproduces the sharing.
 */
import { analyzeExpression } from './expression-refs.js';
import type { PipelineCut } from './facet-aggregates.js';
import { isObject, pointer, type JsonObject } from './json.js';
import type { DataDef, SpecModel } from './spec-model.js';
import { fieldColumn } from './transform-columns.js';

/** Transforms that pass on the row objects they receive (writing into them or not). */
const SAME_ROWS = new Set(['filter', 'collect', 'extent', 'sample', 'formula', 'bin', 'timeunit', 'identifier', 'lookup', 'stack', 'window', 'joinaggregate']);

/** Fields a transform writes into its input rows (explicit or Vega's defaults). */
function writes(t: JsonObject): string[] {
  const names = (v: unknown): string[] => (typeof v === 'string' ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  switch (t.type) {
    case 'bin': return t.as === undefined ? ['bin0', 'bin1'] : names(t.as);
    case 'timeunit': return t.as === undefined ? ['unit0', 'unit1'] : names(t.as);
    case 'stack': return t.as === undefined ? ['y0', 'y1'] : names(t.as);
    case 'lookup': return t.as === undefined ? names(t.values) : names(t.as);
    case 'formula': case 'identifier': case 'window': case 'joinaggregate': return names(t.as);
    default: return [];
  }
}

/** Fields of the selection store `store` (from its `<name>_tuple_fields` signal). */
function storeFields(model: SpecModel, store: string): string[] {
  const name = `${store.replace(/_store$/, '')}_tuple_fields`;
  const sig = model.signals.find((s) => s.name === name);
  const value = sig?.spec.value;
  return Array.isArray(value) ? value.flatMap((f) => (isObject(f) && typeof f.field === 'string' ? [f.field] : [])) : [];
}

/** Fields a transform reads that can be listed (expressions, selection tests, field parameters). */
function reads(t: JsonObject, model: SpecModel): string[] {
  const out: string[] = [];
  if (typeof t.expr === 'string') {
    out.push(...analyzeExpression(t.expr).fields);
    for (const m of t.expr.matchAll(/vlSelectionTest\(\s*"([^"]+)"/g)) out.push(...storeFields(model, m[1]));
  }
  for (const p of ['field', 'fields', 'groupby']) {
    for (const f of Array.isArray(t[p]) ? t[p] : [t[p]]) {
      const col = typeof f === 'string' ? fieldColumn(f) : undefined;
      if (col !== undefined) out.push(col);
    }
  }
  return out;
}

interface Write { def: DataDef; index: number; field: string }

/** Per dataset key: where its pipeline must leave the server because of writes into shared rows. */
export function sharedRowCuts(model: SpecModel): Map<string, PipelineCut> {
  const parentOf = (def: DataDef): DataDef | undefined => {
    if (typeof def.spec.source !== 'string') return undefined;
    const p = model.resolveData(def.spec.source, def.scope);
    return p?.kind === 'data' ? p : undefined;
  };
  const transformsOf = (def: DataDef): unknown[] => (Array.isArray(def.spec.transform) ? def.spec.transform : []);
  /** The family (who made the row objects) of the rows entering each transform, and leaving the pipeline. */
  const families = new Map<string, string[]>();
  const familiesOf = (def: DataDef): string[] => {
    const known = families.get(def.key);
    if (known) return known;
    const parent = parentOf(def);
    const start = parent ? familiesOf(parent).at(-1) ?? def.key : def.key;
    const out = [start];
    transformsOf(def).forEach((t, i) => {
      out.push(isObject(t) && SAME_ROWS.has(String(t.type)) ? out[i] : `${def.key}#${i}`);
    });
    families.set(def.key, out);
    return out;
  };
  const writesByFamily = new Map<string, Write[]>();
  for (const def of model.data) {
    const fam = familiesOf(def);
    transformsOf(def).forEach((t, i) => {
      if (!isObject(t)) return;
      for (const field of writes(t)) {
        const list = writesByFamily.get(fam[i]) ?? [];
        list.push({ def, index: i, field });
        writesByFamily.set(fam[i], list);
      }
    });
  }
  const cuts = new Map<string, PipelineCut>();
  const cut = (def: DataDef, index: number, reason: string): void => {
    const current = cuts.get(def.key);
    if (!current || index < current.index) cuts.set(def.key, { index, reason });
  };
  for (const def of model.data) {
    const fam = familiesOf(def);
    const lineage = new Set<DataDef>();
    for (let a = parentOf(def); a && !lineage.has(a); a = parentOf(a)) lineage.add(a);
    transformsOf(def).forEach((t, i) => {
      if (!isObject(t)) return;
      const wanted = new Set(reads(t, model));
      const family = writesByFamily.get(fam[i]) ?? [];
      // A field the dataset's earlier transforms or its sources wrote holds their value when
      // read (they run first in Vega too), as it does on the server.
      for (const w of family) if ((w.def === def && w.index < i) || lineage.has(w.def)) wanted.delete(w.field);
      const foreign = family.filter((w) => wanted.has(w.field) && w.def !== def);
      for (const w of foreign) {
        const at = pointer(def.pointer, 'transform', i);
        cut(def, i, `Transform at ${at} reads "${w.field}", which "${w.def.name}" writes into the rows they share (Vega's transforms write into their input rows)`);
        cut(w.def, w.index, `Transform at ${pointer(w.def.pointer, 'transform', w.index)} writes "${w.field}" into rows that "${def.name}" reads it from (Vega's transforms write into their input rows)`);
      }
    });
  }
  return cuts;
}
