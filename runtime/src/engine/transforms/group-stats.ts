import type { TransformDefinition } from '../types.js';

/** Collect, extent, bin, aggregate, joinaggregate, window. */
export const STATS_TRANSFORMS: readonly TransformDefinition[] = [];
export const AGGREGATE_OPS: readonly string[] = [];
export const WINDOW_OPS: readonly string[] = [];
