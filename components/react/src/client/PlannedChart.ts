/**
 * A chart planned against a runtime, with the browser as the fallback: it plans the spec,
 * mounts the client spec (through the caller's `mount`), runs a ChartSession on it, and
 * when the runtime answers that it cannot compute a dataset (see `browserFallback`),
 * re-plans with that dataset kept in the browser, mounts the new client spec in place of
 * the old one and carries on. Every fallback is listed in the plan's report with the
 * runtime's reason. Errors that no re-plan can avoid go to `onError`.
 *
 * An uploaded dataset the runtime no longer holds (`dataset_missing`) is not re-planned:
 * the browser cannot read it either. It is reported, and the chart asks again with a
 * growing delay, so it recovers once the host uploads the dataset again.
 */
import type { View } from 'vega';
import { planChart } from '../planner/plan-chart.js';
import type { ChartPlan, KeepInBrowser, PlanOptions } from '../planner/types.js';
import { ChartSession, localTimeZone, type ChartSessionOptions } from './ChartSession.js';
import { countRows } from './row-counts.js';
import { toError } from './errors.js';
import { browserFallback, isDatasetMissing } from './fallback.js';

/** A rendered client spec: its live view and how to release it (and whatever was attached to it). */
export interface MountedView {
  view: View;
  finalize(): void;
}

export interface PlannedChartOptions extends Omit<ChartSessionOptions, 'plan' | 'view'> {
  /** The Vega or Vega-Lite spec. */
  spec: unknown;
  /** Planner options, with the runtime's capabilities. */
  planOptions: PlanOptions;
  /** Renders a plan's client spec (the previous view, if any, is already released). */
  mount: (plan: ChartPlan) => Promise<MountedView>;
  /** After a fallback plan has been mounted and its session started. */
  onReplan?: (chart: PlannedChart, kept: KeepInBrowser) => void;
  /** Re-plans allowed before giving up and rendering everything in the browser; default 16. */
  maxFallbacks?: number;
  /**
   * After a `dataset_missing` error, the first delay before asking again, in ms (doubled
   * on each further miss, up to 30 s; reset once an answer arrives). Default 2000; 0: never.
   */
  missingDatasetRetryMs?: number;
}

const MAX_MISSING_RETRY_MS = 30_000;

function sameKeep(a: KeepInBrowser, b: KeepInBrowser): boolean {
  return a.name === b.name && a.fromTransform === b.fromTransform
    && JSON.stringify(a.scope ?? null) === JSON.stringify(b.scope ?? null);
}

/** See the module comment. Create with `createPlannedChart`. */
export class PlannedChart {
  private readonly options: PlannedChartOptions;
  private mounted: MountedView | null = null;
  /** The view last mounted (kept after dispose so readers of `view` never throw). */
  private lastView: View | null = null;
  private currentPlan: ChartPlan;
  private currentSession: ChartSession | null = null;
  private readonly kept: KeepInBrowser[];
  /** Row counts of datasets whose marks may be drawn as images, once asked. */
  private rowCounts: Record<string, number> = {};
  private fallbacks = 0;
  private disposed = false;
  private missingRetry: ReturnType<typeof setTimeout> | null = null;
  private missingDelay = 0;
  /** A re-plan is under way: the current session's end does not settle `ready`. */
  private replanning = false;
  private replanDone: Promise<void> | null = null;
  private resolveReady: () => void = () => undefined;
  /** Settles when the first round of the final plan ends (values applied, or an error reported). */
  readonly ready: Promise<void>;

  private constructor(options: PlannedChartOptions) {
    this.options = options;
    this.kept = [...(options.planOptions.keepInBrowser ?? [])];
    this.currentPlan = planChart(options.spec, { ...options.planOptions, keepInBrowser: this.kept });
    this.ready = new Promise<void>((resolve) => {
      this.resolveReady = resolve;
    });
  }

  /** Plans `options.spec`, mounts it and starts the session. Rejects when the first mount fails. */
  static async create(options: PlannedChartOptions): Promise<PlannedChart> {
    const chart = new PlannedChart(options);
    await chart.countImageRows();
    chart.mounted = await options.mount(chart.currentPlan);
    chart.lastView = chart.mounted.view;
    chart.startSession();
    return chart;
  }

  /**
   * When the plan's image marks wait for row counts (see planner/image-marks.ts), asks the
   * runtime for them and plans again with them. A failed count leaves those marks to Vega.
   */
  private async countImageRows(): Promise<void> {
    if (!this.currentPlan.rowCountsWanted?.length) return;
    try {
      this.rowCounts = await countRows(this.currentPlan, this.options.connection, this.options.timeZone ?? localTimeZone());
    } catch (error) {
      this.report(error);
      return;
    }
    if (Object.keys(this.rowCounts).length > 0) this.currentPlan = planChart(this.options.spec, this.planOptions());
  }

  /** The plan options with what fell back to the browser and the row counts known. */
  private planOptions(extra: Partial<PlanOptions> = {}): PlanOptions {
    const base = this.options.planOptions;
    const imageMarks = Object.keys(this.rowCounts).length === 0 ? base.imageMarks
      : { ...(typeof base.imageMarks === 'object' ? base.imageMarks : {}), rowCounts: this.rowCounts };
    return { ...base, keepInBrowser: this.kept, ...(imageMarks === undefined ? {} : { imageMarks }), ...extra };
  }

  /** The plan in effect (a fallback replaces it). */
  get plan(): ChartPlan {
    return this.currentPlan;
  }

  /** The live view (a fallback replaces it); after `dispose()`, the last one (finalized). */
  get view(): View {
    return (this.mounted?.view ?? this.lastView) as View;
  }

  /** The session feeding the view; null when the plan moves nothing. */
  get session(): ChartSession | null {
    return this.currentSession;
  }

  /** What fell back to the browser so far, with the runtime's reasons. */
  get fallbackList(): readonly KeepInBrowser[] {
    return this.kept;
  }

  /**
   * Resolves once the chart is at rest: the first round is over, no re-plan is under way,
   * and the session has answered every change of the view seen so far.
   */
  async whenSettled(): Promise<void> {
    await this.ready;
    for (;;) {
      if (this.replanDone) await this.replanDone;
      const session = this.currentSession;
      if (!session || this.disposed) return;
      await session.whenIdle();
      if (session === this.currentSession && !this.replanning) return;
    }
  }

  /** Stops the session and releases the view; idempotent. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.missingRetry) clearTimeout(this.missingRetry);
    this.missingRetry = null;
    this.currentSession?.dispose();
    this.currentSession = null;
    this.mounted?.finalize();
    this.mounted = null;
    this.resolveReady();
  }

  private report(error: unknown): void {
    const e = toError(error);
    if (this.options.onError) this.options.onError(e);
    else console.warn('[vegafusion]', e);
  }

  private startSession(): void {
    const plan = this.currentPlan;
    if (!this.mounted || (plan.toClient.length === 0 && plan.toServer.length === 0)) {
      this.resolveReady();
      return;
    }
    const { connection, timeZone, coalesce, datasetEncoding, onUpdate, onWarning } = this.options;
    const session = new ChartSession({
      connection, timeZone, coalesce, datasetEncoding, onWarning,
      onUpdate: (update) => {
        this.missingDelay = 0;
        onUpdate?.(update);
      },
      plan,
      view: this.mounted.view,
      onError: (error) => this.onSessionError(session, error),
    });
    this.currentSession = session;
    session.start();
    void session.ready.then(() => {
      if (this.currentSession === session && !this.replanning) this.resolveReady();
    });
  }

  private onSessionError(session: ChartSession, error: Error): void {
    if (this.disposed || session !== this.currentSession || this.replanning) return;
    if (isDatasetMissing(error)) {
      this.report(error);
      this.askAgainLater(session);
      return;
    }
    const keep = browserFallback(this.currentPlan, error);
    if (!keep || this.kept.some((k) => sameKeep(k, keep))) {
      this.report(error);
      return;
    }
    this.replanning = true;
    this.replanDone = this.replan(keep);
  }

  /** Asks `session` again after the next delay of the `dataset_missing` back-off. */
  private askAgainLater(session: ChartSession): void {
    const first = this.options.missingDatasetRetryMs ?? 2000;
    if (first <= 0 || this.missingRetry) return;
    this.missingDelay = this.missingDelay > 0 ? Math.min(this.missingDelay * 2, MAX_MISSING_RETRY_MS) : first;
    this.missingRetry = setTimeout(() => {
      this.missingRetry = null;
      if (!this.disposed && session === this.currentSession) session.refresh();
    }, this.missingDelay);
  }

  private async replan(keep: KeepInBrowser): Promise<void> {
    this.currentSession?.dispose();
    this.currentSession = null;
    this.mounted?.finalize();
    this.mounted = null;
    this.kept.push(keep);
    this.fallbacks++;
    const giveUp = this.fallbacks > (this.options.maxFallbacks ?? 16);
    try {
      this.currentPlan = planChart(this.options.spec, this.planOptions({ disabled: giveUp || undefined }));
      const mounted = await this.options.mount(this.currentPlan);
      if (this.disposed) {
        mounted.finalize();
        return;
      }
      this.mounted = mounted;
      this.lastView = mounted.view;
    } catch (error) {
      this.replanning = false;
      this.report(error);
      this.resolveReady();
      return;
    }
    this.replanning = false;
    this.startSession();
    this.options.onReplan?.(this, keep);
  }
}

/** Plans, mounts and starts a chart; see PlannedChart. */
export function createPlannedChart(options: PlannedChartOptions): Promise<PlannedChart> {
  return PlannedChart.create(options);
}
