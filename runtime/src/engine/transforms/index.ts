/**
 * The transforms the engine compiles to SQL. The list is data: the runtime announces it
 * as capabilities, and a registry built from it drives the pipeline compiler.
 */
import type { TransformDefinition } from '../types.js';
import { filterTransform } from './filter.js';
import { formulaTransform } from './formula.js';
import { projectTransform } from './project.js';
import { STATS_TRANSFORMS } from './group-stats.js';
import { RESHAPE_TRANSFORMS } from './group-reshape.js';
import { CURVE_TRANSFORMS } from './curve-transforms.js';
import { GRID_TRANSFORMS } from './grid-transforms.js';

export { AGGREGATE_OPS, WINDOW_OPS } from './group-stats.js';

export const DEFAULT_TRANSFORMS: readonly TransformDefinition[] = [
  filterTransform,
  formulaTransform,
  projectTransform,
  ...STATS_TRANSFORMS,
  ...RESHAPE_TRANSFORMS,
  ...CURVE_TRANSFORMS,
  ...GRID_TRANSFORMS,
];
