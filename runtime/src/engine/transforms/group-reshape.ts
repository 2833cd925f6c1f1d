import type { TransformDefinition } from '../types.js';

/** Timeunit, stack, impute, pivot, fold, flatten, lookup, sequence, identifier. */
export const RESHAPE_TRANSFORMS: readonly TransformDefinition[] = [];
