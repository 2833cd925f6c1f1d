/**
 * Vega's facet with a `data` dataset (a group mark `from: {data: D, facet: {...}}` without
 * `facet.field`) takes its group items from the output of D's last aggregate transform,
 * not from D's final rows: Vega's parser looks that operator up by name. A client spec
 * whose D no longer holds that aggregate cannot be parsed, so the aggregate and the rest
 * of D's pipeline stay in the browser.
 */
import { isObject } from './json.js';
import type { SpecModel } from './spec-model.js';

/** Where a dataset's pipeline must leave the server, and why. */
export interface PipelineCut {
  /** Index of the first transform that runs in the browser. */
  index: number;
  reason: string;
}

/** Per dataset key: the cut before its last aggregate, for datasets a facet reads that way. */
export function facetAggregateCuts(model: SpecModel): Map<string, PipelineCut> {
  const cuts = new Map<string, PipelineCut>();
  for (const scope of model.scopes) {
    const from = scope.spec.from;
    if (!scope.parent || !isObject(from) || !isObject(from.facet) || typeof from.data !== 'string') continue;
    if (from.facet.field !== undefined && from.facet.field !== null) continue;
    const def = model.resolveData(from.data, scope.parent);
    if (def?.kind !== 'data') continue;
    const transforms = Array.isArray(def.spec.transform) ? def.spec.transform : [];
    let last = -1;
    transforms.forEach((t, i) => { if (isObject(t) && t.type === 'aggregate') last = i; });
    if (last < 0) continue;
    const current = cuts.get(def.key);
    if (current && current.index <= last) continue;
    cuts.set(def.key, {
      index: last,
      reason: `The facet group at ${scope.pointer} takes its items from the last aggregate of "${def.name}"`
        + ` (${def.pointer}/transform/${last}), which Vega needs in the browser`,
    });
  }
  return cuts;
}
