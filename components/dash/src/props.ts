/**
 * The props of the Dash component, kept in step with the Python class
 * `vegafusion_dash.VegaFusionChart` (its `_prop_names`; a test compares the two lists), and
 * the pure helpers that shape what the component reports back to Dash.
 */
import type * as React from 'react';
import type { RenderOptions, Selections } from '@vegafusion-ts/react';

/** Every prop the Python class declares, in its order. */
export const DASH_PROP_NAMES = [
  'id',
  'spec',
  'runtime_url',
  'token',
  'embed_options',
  'opt',
  'svgRendererScaleFactor',
  'width',
  'height',
  'style',
  'className',
  'show_plan_report',
  'signalsToObserve',
  'debounceWait',
  'selection',
  'signalData',
  'error',
] as const;

export type DashPropName = (typeof DASH_PROP_NAMES)[number];

/** A selection as every wrapper reports it: `{}` when empty, records for points, ranges for intervals. */
export type DashSelection = Record<string, Record<string, unknown>[] | Record<string, unknown>>;

/** The last error of the chart: a runtime reply, a transport or a planning error. */
export interface DashChartError {
  code: string;
  message: string;
  path: string | null;
}

/** The props the component writes back through `setProps` (callback outputs). */
export interface DashOutputs {
  selection: DashSelection;
  signalData: Record<string, unknown>;
  error: DashChartError | null;
}

/** Python's `None` arrives as `null`, an unset prop as `undefined`. */
type Maybe<T> = T | null | undefined;

export interface DashChartProps {
  id?: Maybe<string | Record<string, string | number | boolean>>;
  spec?: Maybe<object>;
  runtime_url?: Maybe<string>;
  token?: Maybe<string>;
  embed_options?: Maybe<RenderOptions>;
  /** dash-vega-components' name for the vega-embed options; `embed_options` wins key by key. */
  opt?: Maybe<RenderOptions>;
  /** With the SVG renderer, the chart drawn this many times larger (dash-vega-components). */
  svgRendererScaleFactor?: Maybe<number>;
  width?: Maybe<number>;
  height?: Maybe<number>;
  style?: Maybe<React.CSSProperties>;
  className?: Maybe<string>;
  show_plan_report?: Maybe<boolean>;
  signalsToObserve?: Maybe<string[]>;
  debounceWait?: Maybe<number>;
  selection?: Maybe<DashSelection>;
  signalData?: Maybe<Record<string, unknown>>;
  error?: Maybe<DashChartError>;
  /** Given by Dash: reports changed props to the server (and to callbacks). */
  setProps?: (changes: Partial<DashOutputs>) => void;
}

/** Milliseconds without a selection change after which it is reported (a drag ends sooner, on pointer up). */
export const SELECTION_QUIET_MS = 200;

/** dash-vega-components' default wait between signal reports. */
export const DEFAULT_DEBOUNCE_MS = 10;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The React component's selections in the format the Streamlit wrapper reports: every
 * parameter of `names` present, an empty selection (no points, no ranges) as `{}`.
 */
export function toDashSelection(selections: Selections, names: readonly string[]): DashSelection {
  const out: DashSelection = {};
  for (const name of names) {
    const value = selections[name];
    const empty = value === undefined || (Array.isArray(value) ? value.length === 0 : Object.keys(value).length === 0);
    out[name] = empty ? {} : value;
  }
  return out;
}

/** The vega-embed options: dash-vega-components' `opt` under `embed_options`. */
export function embedOptionsOf(props: Pick<DashChartProps, 'opt' | 'embed_options'>): RenderOptions | undefined {
  if (!props.opt && !props.embed_options) return undefined;
  return { ...(props.opt ?? {}), ...(props.embed_options ?? {}) };
}

/**
 * Draws an SVG chart `factor` times larger, proportions kept (its viewBox stays, its size
 * grows), as dash-vega-components' `svgRendererScaleFactor`. Returns false when there is
 * no SVG to scale (the canvas renderer).
 */
export function scaleSvg(container: Element, factor: number): boolean {
  const svg = container.querySelector('svg.marks');
  if (!svg || !Number.isFinite(factor) || factor <= 0) return false;
  const box = svg.getAttribute('viewBox')?.split(/[\s,]+/).map(Number);
  if (!box || box.length !== 4 || box.some((v) => !Number.isFinite(v))) return false;
  const [width, height] = [box[2] * factor, box[3] * factor];
  if (svg.getAttribute('width') !== String(width)) svg.setAttribute('width', String(width));
  if (svg.getAttribute('height') !== String(height)) svg.setAttribute('height', String(height));
  return true;
}

/** The DOM id of a Dash id: dict ids (pattern-matching callbacks) as JSON with sorted keys, as Dash writes them. */
export function domId(id: DashChartProps['id']): string | undefined {
  if (typeof id === 'string') return id;
  if (!isRecord(id)) return undefined;
  const keys = Object.keys(id).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${JSON.stringify(id[k])}`).join(',')}}`;
}

/** The error as a plain record for Dash (the classes of `@vegafusion-ts/react` carry `code` and, from the runtime, `path`). */
export function toDashError(error: Error): DashChartError {
  const fields = error as Error & { code?: unknown; path?: unknown };
  return {
    code: typeof fields.code === 'string' ? fields.code : 'error',
    message: error.message,
    path: typeof fields.path === 'string' && fields.path !== '' ? fields.path : null,
  };
}

/**
 * A value Vega holds, made JSON-safe for Dash: dates as epoch milliseconds (as selections
 * report them), non-finite numbers as null, functions and cyclic references dropped.
 */
export function plainValue(value: unknown, ancestors: object[] = []): unknown {
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'function' || typeof value === 'symbol' || value === undefined) return undefined;
  if (typeof value !== 'object' || value === null) return value;
  if (ancestors.includes(value)) return undefined;
  const inner = [...ancestors, value];
  if (Array.isArray(value)) return value.map((v) => plainValue(v, inner) ?? null);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const plain = plainValue(v, inner);
    if (plain !== undefined) out[k] = plain;
  }
  return out;
}
