/**
 * The raster grid transforms: kde2d, contour and isocontour, computed in JavaScript as
 * vega-geo computes them over numbers read from the engine.
 */
import type { TransformDefinition } from '../types.js';
import { isocontourTransform } from './isocontour.js';
import { contourTransform, kde2dTransform } from './kde2d.js';

/** Kde2d, contour, isocontour. */
export const GRID_TRANSFORMS: readonly TransformDefinition[] = [kde2dTransform, contourTransform, isocontourTransform];
