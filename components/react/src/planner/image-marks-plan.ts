/**
 * Runs the planner's steps over the spec with its large marks replaced by images, and
 * keeps a mark in Vega when its rows would travel anyway (another part of the client spec
 * still reads its dataset): an image then saves nothing.
 */
import { isObject, type JsonObject } from './json.js';
import { imageMarkOptions, planImageMarks, type ImageMark, type ImageMarkPlan } from './image-marks.js';
import type { DataPlan } from './partition.js';
import type { ClientNeed } from './server-graph.js';
import type { SpecModel } from './spec-model.js';
import type { PlanOptions } from './types.js';

/** What the planner's steps built from one version of the spec. */
export interface PlannedSpec {
  model: SpecModel;
  plans: Map<string, DataPlan>;
  clientSpec: JsonObject;
  needs: ClientNeed[];
}

/**
 * Plans image marks for `vega` (`first`: the partition of `vega` itself) and runs `build`
 * on the rewritten spec; without image marks, on `vega` itself.
 */
export function planWithImages(
  vega: JsonObject, first: Map<string, DataPlan>, options: PlanOptions, build: (spec: JsonObject) => PlannedSpec,
): PlannedSpec & { images: ImageMarkPlan } {
  const opts = imageMarkOptions(vega, options.imageMarks);
  if (!opts) return { ...build(vega), images: { spec: vega, marks: [], report: [], countsWanted: [] } };
  const excluded = new Map<number, string>();
  // An image the runtime failed to draw (the client's fallback keeps its dataset) goes back to Vega.
  for (const keep of options.keepInBrowser ?? []) {
    const m = /^vf_image_(\d+)$/.exec(keep.name);
    if (m) excluded.set(Number(m[1]), `Drawn by Vega: ${keep.reason}`);
  }
  for (;;) {
    const images = planImageMarks(vega, first, opts, excluded);
    const built = build(images.spec);
    const stillRead = images.marks.filter((m) => built.needs.some((n) => n.table && n.plan.def.name === m.data && n.plan.def.scope.path.length === 0));
    for (const m of stillRead) excluded.set(m.index, `Drawn by Vega: its dataset "${m.data}" is also read in the browser`);
    // Tests of conditional encodings the runtime cannot compute keep the mark in Vega.
    for (const m of images.marks) {
      const plan = [...built.plans.values()].find((p) => p.def.name === m.source && p.def.scope.path.length === 0);
      if (plan && plan.status === 'server' && !plan.mirrored) continue;
      excluded.set(m.index, `Drawn by Vega: a test of its conditional encoding runs in the browser${plan?.reason ? ` (${plan.reason})` : ''}`);
    }
    if (images.marks.every((m) => !excluded.has(m.index))) return { ...built, images };
  }
}

/** The client spec with the datasets the image marks read (stubs the render nodes feed). */
export function addImageData(clientSpec: JsonObject, marks: ImageMark[]): JsonObject {
  if (marks.length === 0) return clientSpec;
  const data = Array.isArray(clientSpec.data) ? clientSpec.data : [];
  for (const m of marks) if (!data.some((d) => isObject(d) && d.name === m.imageData)) data.push({ name: m.imageData, values: [] });
  clientSpec.data = data;
  return clientSpec;
}
