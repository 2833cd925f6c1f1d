/**
 * The reshaping transforms: time units, stacking, imputation, pivot and fold, flatten,
 * lookup, generated sequences and row identifiers.
 */
import type { TransformDefinition } from '../types.js';
import { flattenTransform } from './flatten.js';
import { foldTransform } from './fold.js';
import { identifierTransform } from './identifier.js';
import { imputeTransform } from './impute.js';
import { lookupTransform } from './lookup.js';
import { pivotTransform } from './pivot.js';
import { sequenceTransform } from './sequence.js';
import { stackTransform } from './stack.js';
import { timeunitTransform } from './timeunit.js';

/** Timeunit, stack, impute, pivot, fold, flatten, lookup, sequence, identifier. */
export const RESHAPE_TRANSFORMS: readonly TransformDefinition[] = [
  timeunitTransform,
  stackTransform,
  imputeTransform,
  pivotTransform,
  foldTransform,
  flattenTransform,
  sequenceTransform,
  lookupTransform,
  identifierTransform,
];
