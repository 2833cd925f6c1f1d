/**
 * What the planner produces and the client runtime consumes. Pure data: no DOM, no I/O.
 */
import type { ISelectionHint, ITaskGraph, RuntimeCapabilities } from '@vegafusion-ts/proto';
import type { Spec as VegaSpec } from 'vega';
import type { ImageMarkOptions } from './image-marks.js';

export type { RuntimeCapabilities, ImageMarkOptions };

/** Group-mark path of a dataset or signal: indices of nested group marks, outermost first. */
export type Scope = number[];

export type VariableKind = 'data' | 'signal';

/** A value the runtime computes and the client injects into the live view. */
export interface ToClient {
  /** Index of the node in `serverGraph.nodes`. */
  node: number;
  kind: VariableKind;
  /** Name in the client spec (for a data node's output signals, see `signals`). */
  name: string;
  scope: Scope;
  /** Columns the client spec uses (projection pushdown); empty: all. */
  columns: string[];
  /** For data nodes: also (or only) the signals the node defines, by name. */
  signals: string[];
  /** Only the signals are wanted, not the table. */
  signalsOnly: boolean;
}

/** A value the client owns and sends to the runtime as a root node of the graph. */
export interface ToServer {
  /** Index of the root-value node in `serverGraph.nodes`. */
  node: number;
  kind: VariableKind;
  name: string;
  scope: Scope;
}

export type PlanStatus = 'server' | 'client' | 'split';

export interface PlanReportEntry {
  /** `mark`: a mark the runtime may draw as an image (status `server` when it does). */
  kind: VariableKind | 'scale' | 'mark';
  name: string;
  scope: Scope;
  status: PlanStatus;
  /** Why it stayed in the browser (entirely or past the split), e.g. `Unsupported transform "kde"`. */
  reason?: string;
  /** JSON pointer into the Vega spec. */
  path: string;
}

export interface PlanReport {
  entries: PlanReportEntry[];
  /** Datasets that moved (entirely or in part) / datasets in the spec. */
  datasetsMoved: number;
  datasetsTotal: number;
  /** Bytes each runtime value sent so far, per variable (filled in by the client session as answers arrive). */
  transfers?: TransferStat[];
  /** Large tables that travelled to the browser, with what reads them (filled in by the client session). */
  warnings?: string[];
}

/** What one value of the plan (`data:name`, `signal:name`, `@scope` in groups) has cost on the wire. */
export interface TransferStat {
  variable: string;
  /** Bytes of its last answer (Arrow or JSON, with the signals the node defines). */
  lastBytes: number;
  totalBytes: number;
  /** Rows of its last answer (tables). */
  lastRows?: number;
  answers: number;
}

/** When a table arriving in the browser is large enough to warn about: over either limit. */
export interface TransferWarningOptions {
  /** Default 10,000. */
  rows?: number;
  /** Default 1,000,000 (1 MB). */
  bytes?: number;
}

/** What a node of the server graph stands for in the spec. */
export interface ServerNodeOrigin {
  /** `data`: a dataset (or its server prefix) computed by the runtime; the others are root values the browser sends. */
  kind: 'data' | 'clientData' | 'signal';
  /** Name in the Vega spec (for a split dataset, the dataset's own name, not its stub's). */
  name: string;
  scope: Scope;
}

/**
 * A dataset the planner must keep in the browser although the runtime announced support,
 * because the runtime could not compute it (e.g. values of a type its engine lacks).
 */
export interface KeepInBrowser {
  /** Dataset name in the Vega spec. */
  name: string;
  /** Its scope; absent: every dataset of that name. */
  scope?: Scope;
  /** Transforms from this index on stay in the browser; absent: the whole dataset does. */
  fromTransform?: number;
  /** Shown in the report, e.g. the runtime's error message. */
  reason: string;
}

export interface ChartPlan {
  /** The spec the browser renders: server-computed parts replaced by stubs it is fed. */
  clientSpec: VegaSpec;
  /** The task graph the runtime evaluates (root-value nodes hold the client's values). */
  serverGraph: ITaskGraph;
  /** What each node of `serverGraph` stands for, by node index. */
  serverNodes: ServerNodeOrigin[];
  toClient: ToClient[];
  toServer: ToServer[];
  /**
   * The fields the selection stores in `toServer` may come to hold: sent with the first
   * query so the runtime can prepare for the first selection (see selection-hints.ts).
   */
  selectionHints?: ISelectionHint[];
  report: PlanReport;
  /**
   * Datasets (root scope) whose row counts decide whether their large marks are drawn as
   * images: the client asks the runtime for them and plans again (see image-marks.ts).
   */
  rowCountsWanted?: string[];
  /** Per table the browser receives (`data:name`, `@scope` in groups): what in the client spec reads it. */
  browserReads?: Record<string, string[]>;
  /** Limits over which a table arriving in the browser is warned about; absent: never. */
  transferWarning?: Required<TransferWarningOptions>;
}

export interface PlanOptions {
  /** What the runtime announced; the planner moves only what it supports. */
  capabilities: RuntimeCapabilities;
  /** Keep everything in the browser (a plan with an empty graph). */
  disabled?: boolean;
  /** URL prefixes the runtime can load (relative URLs, `vegafusion+dataset://` and `vegafusion+sql://` always). */
  serverUrlPrefixes?: string[];
  /** Datasets (or pipeline tails) to compute in the browser whatever the capabilities say. */
  keepInBrowser?: KeepInBrowser[];
  /**
   * Large marks drawn by the runtime as images (see image-marks.ts); `false`: never.
   * A chart's `usermeta.vegafusion.imageMarks` ({threshold} or false) overrides it.
   */
  imageMarks?: ImageMarkOptions | false;
  /**
   * Warn (console and plan report) when a table the runtime sends to the browser holds
   * more rows or bytes than this: usually raw rows some part of the client spec reads.
   * Default `{rows: 10000, bytes: 1000000}`; `false`: never.
   */
  transferWarning?: TransferWarningOptions | false;
  /**
   * Data-driven scale domains over server datasets read small server aggregates (distinct
   * values, sorted as Vega sorts them; extents) instead of the rows (see scale-domains.ts).
   * Default true; `false` leaves every domain as the spec gives it.
   */
  serverDomains?: boolean;
}
