/**
 * The reshaping transforms: time units, stacking, imputation, pivot and fold, flatten,
 * lookup, generated sequences and row identifiers.
 */
import type { TransformDefinition } from '../types.js';
import { timeunitTransform } from './timeunit.js';

/** Timeunit, stack, impute, pivot, fold, flatten, lookup, sequence, identifier. */
export const RESHAPE_TRANSFORMS: readonly TransformDefinition[] = [
  timeunitTransform,
];
