/** Types for the parts of vega-scale and d3-color the renderer calls (the packages ship almost none). */
declare module 'vega-scale' {
  /** A scale function with d3's setters; only what the renderer uses. */
  export interface VegaScale {
    (value: unknown): unknown;
    type: string;
    domain(): unknown[];
    domain(values: unknown[]): VegaScale;
    range(): unknown[];
    range(values: unknown[]): VegaScale;
    bandwidth?(): number;
    interpolator?(fn: (t: number) => string): VegaScale;
    interpolate?(fn: unknown): VegaScale;
    [setter: string]: unknown;
  }
  export function scale(type: string): (() => VegaScale) | undefined;
  export function scheme(name: string): ((t: number) => string) | string[] | undefined;
  export function isInterpolating(type: string): boolean;
  export function isContinuous(type: string): boolean;
  export function isDiscrete(type: string): boolean;
  export function interpolate(type: string, gamma?: number): unknown;
  export function interpolateColors(colors: string[], type?: string, gamma?: number): (t: number) => string;
  export function interpolateRange(interpolator: (t: number) => string, range: number[]): (t: number) => string;
  export function quantizeInterpolator(interpolator: (t: number) => string, count: number): string[];
}

declare module 'd3-color' {
  export interface RGBColor {
    r: number;
    g: number;
    b: number;
    opacity: number;
  }
  export interface Color {
    rgb(): RGBColor;
  }
  /** Parses a CSS color; null when it is not one. */
  export function color(specifier: string): Color | null;
}
