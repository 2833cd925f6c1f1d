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
}
