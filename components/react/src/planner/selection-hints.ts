/**
 * The fields each selection store of a spec may come to hold, read from the signals that
 * write the store. Vega-Lite writes a store through a `modify("<name>_store", tuple)`
 * signal, where the tuple signal's expression names a fields signal whose value lists the
 * fields of one selection (`[{field, channel, type}]`). The runtime uses these hints to
 * build what serves the store's filters before the first selection is made.
 */
import type { ISelectionHint } from '@vegafusion-ts/proto';
import { analyzeExpression } from './expression-refs.js';
import { isObject, type JsonObject } from './json.js';
import type { SignalDef, SpecModel } from './spec-model.js';
import type { ToServer } from './types.js';

/** The update expressions of a signal declaration: `update` and each handler's `update`. */
function updateExpressions(spec: JsonObject): string[] {
  const out: string[] = [];
  if (typeof spec.update === 'string') out.push(spec.update);
  for (const handler of Array.isArray(spec.on) ? spec.on : []) {
    if (isObject(handler) && typeof handler.update === 'string') out.push(handler.update);
  }
  return out;
}

/** The field names of a fields signal's value, if it is one (`[{field: "x", ...}, ...]`). */
function fieldList(sig: SignalDef | undefined): string[] | undefined {
  const value = sig?.spec.value;
  if (!Array.isArray(value) || value.length === 0) return undefined;
  const fields = value.map((f) => (isObject(f) && typeof f.field === 'string' ? f.field : undefined));
  return fields.every((f): f is string => f !== undefined) ? fields : undefined;
}

/**
 * Hints for the stores the browser sends to the runtime: for each, the field sets its
 * writers may put in a selection (deduplicated, in spec order).
 */
export function selectionHints(model: SpecModel, toServer: readonly ToServer[]): ISelectionHint[] {
  const stores = new Set(toServer.filter((e) => e.kind === 'data' && e.scope.length === 0).map((e) => e.name));
  if (stores.size === 0) return [];
  const out: ISelectionHint[] = [];
  const seen = new Set<string>();
  for (const writer of model.signals) {
    for (const expr of updateExpressions(writer.spec)) {
      const refs = analyzeExpression(expr);
      const written = [...refs.modified].filter((name) => stores.has(name) && model.resolveData(name, writer.scope)?.scope.path.length === 0);
      if (written.length === 0) continue;
      for (const tupleName of refs.signals) {
        const tuple = model.resolveSignal(tupleName, writer.scope);
        if (!tuple) continue;
        for (const tupleExpr of updateExpressions(tuple.spec)) {
          for (const fieldsName of analyzeExpression(tupleExpr).signals) {
            const fields = fieldList(model.resolveSignal(fieldsName, tuple.scope));
            if (!fields) continue;
            for (const store of written) {
              const key = JSON.stringify([store, fields]);
              if (seen.has(key)) continue;
              seen.add(key);
              out.push({ store, fields });
            }
          }
        }
      }
    }
  }
  return out;
}
