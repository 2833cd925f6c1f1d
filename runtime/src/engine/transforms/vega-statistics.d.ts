/** Types for the part of vega-statistics the engine calls (the package ships none). */
declare module 'vega-statistics' {
  export interface BinOptions {
    extent: [number, number] | number[];
    maxbins?: number;
    base?: number;
    divide?: number[];
    span?: number;
    step?: number;
    steps?: number[];
    minstep?: number;
    nice?: boolean;
  }
  /** Vega's bin boundaries for an extent: {start, stop, step}. */
  export function bin(options: BinOptions): { start: number; stop: number; step: number };
  /** The standard normal density and distribution (what the KDE's kernel evaluates). */
  export function densityNormal(value: number, mean?: number, stdev?: number): number;
  export function cumulativeNormal(value: number, mean?: number, stdev?: number): number;
  /** A Gaussian kernel density estimate over `support` (bandwidth estimated when 0). */
  export function randomKDE(support: ArrayLike<number>, bandwidth?: number): { pdf(x: number): number; cdf(x: number): number };
  /** Samples `f` over `extent` adaptively (uniformly when the step counts are equal): [x, f(x)] points. */
  export function sampleCurve(f: (x: number) => number, extent: readonly (number | undefined)[], minSteps?: number, maxSteps?: number): [number, number][];
  /** A fitted regression model. */
  export interface RegressionModel {
    coef: number[];
    predict(x: number): number;
    rSquared: number;
  }
  /** The data a regression reads: rows (here, row numbers) with accessors for x and y. */
  export type RegressionData<T> = ArrayLike<T> & Iterable<T> & { filter(f: (d: T) => boolean): RegressionData<T> };
  export function regressionConstant<T>(data: RegressionData<T>, x: (d: T) => number, y: (d: T) => number): RegressionModel;
  export function regressionLinear<T>(data: RegressionData<T>, x: (d: T) => number, y: (d: T) => number): RegressionModel;
  export function regressionLog<T>(data: RegressionData<T>, x: (d: T) => number, y: (d: T) => number): RegressionModel;
  export function regressionExp<T>(data: RegressionData<T>, x: (d: T) => number, y: (d: T) => number): RegressionModel;
  export function regressionPow<T>(data: RegressionData<T>, x: (d: T) => number, y: (d: T) => number): RegressionModel;
  export function regressionQuad<T>(data: RegressionData<T>, x: (d: T) => number, y: (d: T) => number): RegressionModel;
  export function regressionPoly<T>(data: RegressionData<T>, x: (d: T) => number, y: (d: T) => number, order: number): RegressionModel;
  export function regressionLoess<T>(data: T[], x: (d: T) => number, y: (d: T) => number, bandwidth: number): [number, number][];
}
