/**
 * Framework-free embedding: plan a spec against a runtime, render the client part with
 * vega-embed, and keep the view fed by the runtime. When the runtime cannot be reached
 * the chart renders plain (everything in the browser) and the error goes to `onError`;
 * when it cannot compute a dataset, that dataset falls back to the browser (PlannedChart).
 * An uploaded dataset the runtime no longer holds cannot fall back (the browser cannot
 * read it): the chart shows a notice in its element and asks again until it is back.
 */
import type { View } from 'vega';
import type { ChartSession, SessionUpdate } from './client/ChartSession.js';
import { pageConnectionPool, type ConnectionPool } from './client/connection-pool.js';
import { toError } from './client/errors.js';
import { isDatasetMissing, missingDatasetHash } from './client/fallback.js';
import type { ConnectionOptions, RuntimeConnection } from './client/RuntimeConnection.js';
import type { CoalesceMode } from './client/scheduler.js';
import type { DatasetEncoding } from './client/values.js';
import { createPlannedChart, type MountedView, type PlannedChart } from './client/PlannedChart.js';
import { compileToVega } from './planner/index.js';
import type { ChartPlan, KeepInBrowser, PlanOptions } from './planner/types.js';
import { createErrorNotice, missingDatasetText } from './render/error-notice.js';
import { renderVega, type RenderedView, type RenderOptions } from './render/render-view.js';
import { selectionParams, watchSelections, type Selections } from './render/selections.js';

export interface EmbedOptions {
  /** The runtime: its URL (`http://host:port` or `ws://host:port/ws`) or a connection. Absent: render plain. */
  runtime?: string | RuntimeConnection;
  /** Token for a runtime given by URL. */
  token?: string;
  /** Options for a connection this call opens (ignored when `runtime` is a connection). */
  connectionOptions?: ConnectionOptions;
  /** Where URL-given runtimes are shared; default: the page's pool (one socket per runtime per page). */
  connectionPool?: ConnectionPool;
  /** vega-embed options (actions, renderer, theme, tooltip, config, ...). */
  embedOptions?: RenderOptions;
  width?: number;
  height?: number;
  /** Planner options besides the capabilities (which come from the runtime). */
  planOptions?: Omit<PlanOptions, 'capabilities'>;
  /** IANA time zone sent with each request; default: the browser's. */
  timeZone?: string;
  /** How bursts of view changes are coalesced into requests; default `frame`. */
  coalesce?: CoalesceMode;
  /** How client datasets travel to the runtime; default `json`. */
  datasetEncoding?: DatasetEncoding;
  /** Signals reported through `onSignal` when they change. */
  signals?: string[];
  onSignal?: (name: string, value: unknown) => void;
  /** Every Vega-Lite selection parameter's value, whenever one changes (see README for the format). */
  onSelection?: (selections: Selections) => void;
  /**
   * Runtime, transport and planning errors; the chart keeps working. A `dataset_missing`
   * error (an upload the runtime no longer holds) is also shown in the element (a
   * `div.vegafusion-error`) until the runtime answers again.
   */
  onError?: (error: Error) => void;
  /** Show `dataset_missing` in the element (default true); false for a host that shows `onError` itself. */
  errorNotice?: boolean;
  /** After `dataset_missing`, the first delay before the chart asks again, in ms (doubling, up to 30 s); default 2000, 0: never. */
  missingDatasetRetryMs?: number;
  /** After each runtime answer is applied. */
  onUpdate?: (update: SessionUpdate) => void;
  /**
   * A large table arrived from the runtime (over `planOptions.transferWarning`), once per
   * table, naming what in the chart reads it; also in `result.plan.report.warnings`.
   * Default: console.warn.
   */
  onWarning?: (message: string) => void;
  /**
   * After the runtime could not compute a dataset and the chart was re-planned with it in
   * the browser and rendered anew (`result.view` and `result.plan` are the new ones).
   */
  onReplan?: (result: EmbedResult, kept: KeepInBrowser) => void;
}

export interface EmbedResult {
  /** The live view; a fallback to the browser (see `onReplan`) replaces it. */
  readonly view: View;
  /** The plan in effect, or null when none was made (no runtime, or it was unreachable). */
  readonly plan: ChartPlan | null;
  /** `runtime`: planned and fed by the runtime; `plain`: everything in the browser. */
  readonly mode: 'runtime' | 'plain';
  readonly session: ChartSession | null;
  connection: RuntimeConnection | null;
  /** Settles once the first runtime answer is applied (or failed, fallbacks included); at once for a plain chart. */
  ready: Promise<void>;
  /** Stops the session, releases the view and gives back the connection; idempotent. */
  finalize(): void;
}

function report(options: EmbedOptions, error: unknown): void {
  const e = toError(error);
  if (options.onError) options.onError(e);
  else console.warn('[vegafusion]', e);
}

/**
 * Embeds `spec` (Vega or Vega-Lite) into `element`. Rejects only when the spec itself
 * cannot be compiled or rendered.
 */
export async function embed(element: HTMLElement, spec: unknown, options: EmbedOptions = {}): Promise<EmbedResult> {
  const pool = options.connectionPool ?? pageConnectionPool();
  let connection: RuntimeConnection | null = null;
  let owned = false;
  if (typeof options.runtime === 'string') {
    connection = pool.acquire(options.runtime, { ...options.connectionOptions, token: options.token ?? options.connectionOptions?.token });
    owned = true;
  } else if (options.runtime) {
    connection = options.runtime;
  }
  const release = (): void => {
    if (owned && connection) pool.release(connection);
    owned = false;
  };

  let planOptions: PlanOptions | null = null;
  if (connection) {
    try {
      const capabilities = await connection.capabilities();
      planOptions = { ...options.planOptions, capabilities };
      // Images of large marks are drawn for this screen's pixels unless the caller says otherwise.
      const images = planOptions.imageMarks;
      if (typeof images === 'object' && images.pixelRatio === undefined && typeof window !== 'undefined') {
        planOptions.imageMarks = { ...images, pixelRatio: window.devicePixelRatio || 1 };
      }
    } catch (error) {
      report(options, error);
    }
  }

  /** Renders a Vega spec and attaches the caller's listeners to its view. */
  const mount = async (vegaSpec: unknown): Promise<MountedView> => {
    const rendered = await renderVega(element, vegaSpec as RenderedView['spec'], options.embedOptions, { width: options.width, height: options.height });
    const { view } = rendered;
    const cleanups: (() => void)[] = [];
    const onSignal = options.onSignal;
    if (onSignal) {
      for (const name of options.signals ?? []) {
        const handler = (n: string, value: unknown): void => onSignal(n, value);
        try {
          view.addSignalListener(name, handler);
          cleanups.push(() => view.removeSignalListener(name, handler));
        } catch (error) {
          report(options, error);
        }
      }
    }
    if (options.onSelection) cleanups.push(watchSelections(view, selectionParams(spec), options.onSelection));
    return {
      view,
      finalize() {
        for (const off of cleanups.splice(0).reverse()) off();
        rendered.finalize();
      },
    };
  };

  let plain: MountedView;
  try {
    if (connection && planOptions) {
      let result: EmbedResult | null = null;
      const onReplan = options.onReplan;
      const notice = createErrorNotice(element);
      const chart = await createPlannedChart({
        spec,
        planOptions,
        connection,
        mount: (plan) => mount(plan.clientSpec),
        timeZone: options.timeZone,
        coalesce: options.coalesce,
        datasetEncoding: options.datasetEncoding,
        onError: (e) => {
          if (isDatasetMissing(e) && options.errorNotice !== false) notice.show(missingDatasetText(missingDatasetHash(e)));
          report(options, e);
        },
        onUpdate: (update) => {
          notice.hide();
          options.onUpdate?.(update);
        },
        missingDatasetRetryMs: options.missingDatasetRetryMs,
        onWarning: options.onWarning,
        onReplan: onReplan ? (_chart, kept) => { if (result) onReplan(result, kept); } : undefined,
      });
      result = chartResult(chart, connection, () => {
        notice.hide();
        release();
      });
      return result;
    }
    plain = await mount(compileToVega(spec));
  } catch (error) {
    release();
    throw error;
  }
  const mounted = plain;
  let finalized = false;
  return {
    view: mounted.view,
    plan: null,
    mode: 'plain',
    session: null,
    connection,
    ready: Promise.resolve(),
    finalize() {
      if (finalized) return;
      finalized = true;
      mounted.finalize();
      release();
    },
  };
}

function chartResult(chart: PlannedChart, connection: RuntimeConnection, release: () => void): EmbedResult {
  let finalized = false;
  return {
    get view() { return chart.view; },
    get plan() { return chart.plan; },
    get mode() {
      const plan = chart.plan;
      return plan.toClient.length > 0 || plan.toServer.length > 0 ? 'runtime' : 'plain';
    },
    get session() { return chart.session; },
    connection,
    ready: chart.ready,
    finalize() {
      if (finalized) return;
      finalized = true;
      chart.dispose();
      release();
    },
  };
}
