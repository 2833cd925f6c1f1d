/**
 * The curve transforms: kde, regression, loess and quantile. Each reads the numbers of
 * its groups from the engine and computes in JavaScript as Vega does (curve-input.ts).
 */
import type { TransformDefinition } from '../types.js';
import { kdeTransform } from './kde.js';
import { loessTransform } from './loess.js';
import { quantileTransform } from './quantile.js';
import { regressionTransform } from './regression.js';

/** Kde, regression, loess, quantile. */
export const CURVE_TRANSFORMS: readonly TransformDefinition[] = [kdeTransform, regressionTransform, loessTransform, quantileTransform];
