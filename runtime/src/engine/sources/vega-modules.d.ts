/**
 * Types for the parts of vega-loader and vega-format the data sources use; neither package
 * ships its own declarations.
 */
declare module 'vega-loader' {
  /** Parses raw data (text or objects) with a Vega format object, as Vega's dataflow does. */
  export function read(
    data: unknown,
    format?: Record<string, unknown>,
    timeParser?: (pattern: string) => (value: unknown) => unknown,
    utcParser?: (pattern: string) => (value: unknown) => unknown,
  ): unknown[];
  /** Vega's type inference for `parse: "auto"`: a type name per field. */
  export function inferTypes(data: unknown[], fields: string[]): Record<string, string>;
  /** The reader registered for a format type (json, csv, tsv, dsv, topojson), or null. */
  export function formats(
    type: string,
  ): ((data: unknown, format: Record<string, unknown>) => unknown) | null;
  /** Vega's value coercions by type name (boolean, integer, number, date, string, unknown). */
  export const typeParsers: Record<string, (value: unknown) => unknown>;
}

declare module 'vega-format' {
  interface TimeLocale {
    timeParse(pattern: string): (value: unknown) => Date | null;
    utcParse(pattern: string): (value: unknown) => Date | null;
  }
  /** The locale Vega views use unless one is configured (d3's en-US). */
  export function timeFormatDefaultLocale(): TimeLocale;
}
