/**
 * The statistics transforms: collect, extent, bin, aggregate, joinaggregate, window, and
 * the ops they compute, announced to planners as capabilities.
 */
import type { TransformDefinition } from '../types.js';
import { AGGREGATE_OP_NAMES, ROW_OBJECT_OPS } from './aggregate-ops.js';
import { aggregateTransform } from './aggregate.js';
import { binTransform } from './bin.js';
import { collectTransform } from './collect.js';
import { extentTransform } from './extent.js';
import { joinaggregateTransform } from './joinaggregate.js';
import { windowTransform } from './window.js';
import { WINDOW_ONLY_OPS } from './window-ops.js';

/** Collect, extent, bin, aggregate, joinaggregate, window. */
export const STATS_TRANSFORMS: readonly TransformDefinition[] = [
  collectTransform,
  extentTransform,
  binTransform,
  aggregateTransform,
  joinaggregateTransform,
  windowTransform,
];

/** Aggregate ops of `aggregate` (joinaggregate and window take all but argmin, argmax, values). */
export const AGGREGATE_OPS: readonly string[] = AGGREGATE_OP_NAMES;

/** Ops of `window`: its own ops and the aggregate ops it computes over frames. */
export const WINDOW_OPS: readonly string[] = [
  ...WINDOW_ONLY_OPS,
  ...AGGREGATE_OP_NAMES.filter((op) => !ROW_OBJECT_OPS.includes(op)),
];
