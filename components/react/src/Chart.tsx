/**
 * <VegaFusionChart>: a thin React component over `embed`. The connection is held per
 * runtime (not per spec), so a new spec re-plans and re-renders on the same socket.
 */
import * as React from 'react';
import { pageConnectionPool, type ConnectionPool } from './client/connection-pool.js';
import type { ConnectionOptions, RuntimeConnection } from './client/RuntimeConnection.js';
import type { CoalesceMode } from './client/scheduler.js';
import type { DatasetEncoding } from './client/values.js';
import { embed, type EmbedResult } from './embed.js';
import type { PlanOptions, PlanReport } from './planner/types.js';
import { formatTransfer, planReportRows, planSummary } from './render/plan-report.js';
import { resizeView, type RenderOptions } from './render/render-view.js';
import type { Selections } from './render/selections.js';

export interface VegaFusionChartProps {
  /** A Vega or Vega-Lite spec. Compared by content: a new object with the same JSON does not re-render. */
  spec: object;
  /** Runtime URL (`http://host:port` or `ws://host:port/ws`) or a connection; absent: render plain. */
  runtime?: string | RuntimeConnection;
  /** Token for a runtime given by URL. */
  token?: string;
  /** vega-embed options. Compared by content. */
  embedOptions?: RenderOptions;
  width?: number;
  height?: number;
  /** Signal names to report through `onSignal`. */
  signals?: string[];
  onSignal?: (name: string, value: unknown) => void;
  /** All Vega-Lite selection parameters' values whenever one changes. */
  onSelection?: (selections: Selections) => void;
  onError?: (error: Error) => void;
  /** A large table arrived from the runtime (see `planOptions.transferWarning`); default: console.warn. */
  onWarning?: (message: string) => void;
  /** After each render: the view, plan and session. */
  onReady?: (result: EmbedResult) => void;
  /** Show where each dataset runs and why, under the chart. */
  showPlanReport?: boolean;
  /** Shown over the chart until the first runtime answer; `null` hides it. */
  loadingIndicator?: React.ReactNode;
  planOptions?: Omit<PlanOptions, 'capabilities'>;
  connectionOptions?: ConnectionOptions;
  connectionPool?: ConnectionPool;
  timeZone?: string;
  coalesce?: CoalesceMode;
  datasetEncoding?: DatasetEncoding;
  className?: string;
  style?: React.CSSProperties;
}

/** Content key of a JSON-like value (functions, as in vega-embed's tooltip option, by presence only). */
function contentKey(value: unknown): string {
  return JSON.stringify(value ?? null, (_, v: unknown) => (typeof v === 'function' ? `[function]` : v));
}

/** Latest value of a prop, readable from effects that must not re-run when it changes. */
function useLatest<T>(value: T): React.MutableRefObject<T> {
  const ref = React.useRef(value);
  ref.current = value;
  return ref;
}

function useConnection(
  runtime: string | RuntimeConnection | undefined, token: string | undefined,
  pool: ConnectionPool, options: ConnectionOptions | undefined,
): RuntimeConnection | null {
  const [connection, setConnection] = React.useState<RuntimeConnection | null>(
    typeof runtime === 'object' ? runtime : null);
  const optionsRef = useLatest(options);
  React.useEffect(() => {
    if (typeof runtime !== 'string') {
      setConnection(runtime ?? null);
      return undefined;
    }
    const acquired = pool.acquire(runtime, { ...optionsRef.current, token: token ?? optionsRef.current?.token });
    setConnection(acquired);
    return () => pool.release(acquired);
  }, [runtime, token, pool, optionsRef]);
  return connection;
}

function PlanReportPanel({ report, mode }: { report: PlanReport | null; mode: string }): React.ReactElement {
  const rows = report ? planReportRows(report) : [];
  return (
    <>
    {/* Outside the collapsed details: a warning is meant to be seen. */}
    {(report?.warnings ?? []).map((w) => (
      <div key={w} className="vegafusion-plan-warning" role="status" style={{ fontSize: 12, color: '#8a5300' }}>{w}</div>
    ))}
    <details className="vegafusion-plan-report" style={{ fontSize: 12, marginTop: 4 }}>
      <summary>{report ? planSummary(report) : `Rendered ${mode}: no plan`}</summary>
      <table>
        <thead>
          <tr><th>status</th><th>kind</th><th>name</th><th>scope</th><th>reason</th></tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={`${r.kind}:${r.name}:${r.scope}:${r.path}`}>
              <td>{r.status}</td><td>{r.kind}</td><td>{r.name}</td><td>{r.scope}</td><td>{r.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {report?.transfers?.length ? (
        <ul className="vegafusion-plan-bytes">
          {report.transfers.map((t) => <li key={t.variable}>{formatTransfer(t)}</li>)}
        </ul>
      ) : null}
    </details>
    </>
  );
}

/** Renders a Vega or Vega-Lite spec with its data work done by a VegaFusion runtime. */
export function VegaFusionChart(props: VegaFusionChartProps): React.ReactElement {
  const pool = props.connectionPool ?? pageConnectionPool();
  const connection = useConnection(props.runtime, props.token, pool, props.connectionOptions);
  const wantsRuntime = props.runtime !== undefined;
  const container = React.useRef<HTMLDivElement>(null);
  const latest = useLatest(props);
  const [result, setResult] = React.useState<EmbedResult | null>(null);
  const [loading, setLoading] = React.useState(true);
  const [failure, setFailure] = React.useState<string | null>(null);
  // Bumped when a fallback re-plans the chart: the report and the size follow the new view.
  const [revision, setRevision] = React.useState(0);
  // Bumped per runtime answer while the report is shown: its bytes and warnings change.
  const [, setAnswers] = React.useState(0);

  const specKey = contentKey(props.spec);
  const embedKey = contentKey(props.embedOptions);
  const planKey = contentKey(props.planOptions);
  const signalsKey = (props.signals ?? []).join('\u0000');

  React.useEffect(() => {
    const element = container.current;
    // Wait for the connection effect when a runtime is named.
    if (!element || (wantsRuntime && !connection)) return undefined;
    let cancelled = false;
    let current: EmbedResult | null = null;
    const p = latest.current;
    setLoading(true);
    setFailure(null);
    embed(element, p.spec, {
      runtime: connection ?? undefined,
      embedOptions: p.embedOptions,
      width: p.width,
      height: p.height,
      planOptions: p.planOptions,
      timeZone: p.timeZone,
      coalesce: p.coalesce,
      datasetEncoding: p.datasetEncoding,
      signals: p.signals,
      onSignal: (name, value) => latest.current.onSignal?.(name, value),
      onSelection: (selections) => latest.current.onSelection?.(selections),
      onReplan: () => setRevision((r) => r + 1),
      onUpdate: () => {
        if (latest.current.showPlanReport) setAnswers((n) => n + 1);
      },
      onWarning: (message) => {
        const handler = latest.current.onWarning;
        if (handler) handler(message);
        else console.warn('[vegafusion]', message);
      },
      onError: (error) => {
        const handler = latest.current.onError;
        if (handler) handler(error);
        else console.warn('[vegafusion]', error);
      },
    }).then((r) => {
      if (cancelled) {
        r.finalize();
        return;
      }
      current = r;
      setResult(r);
      latest.current.onReady?.(r);
      return r.ready.then(() => {
        if (!cancelled) setLoading(false);
      });
    }).catch((error: unknown) => {
      if (cancelled) return;
      const e = error instanceof Error ? error : new Error(String(error));
      setFailure(e.message);
      setLoading(false);
      latest.current.onError?.(e);
    });
    return () => {
      cancelled = true;
      current?.finalize();
      setResult(null);
    };
    // The keys stand for spec, embedOptions, planOptions and signals by content.
  }, [specKey, embedKey, planKey, signalsKey, connection, wantsRuntime, latest]);

  React.useEffect(() => {
    if (result) void resizeView(result.view, { width: props.width, height: props.height });
  }, [result, revision, props.width, props.height]);

  const indicator = props.loadingIndicator === undefined ? 'Loading…' : props.loadingIndicator;
  return (
    <div className={props.className} style={{ position: 'relative', ...props.style }}>
      <div ref={container} className="vegafusion-chart" />
      {loading && indicator !== null ? (
        <div className="vegafusion-loading" style={{ position: 'absolute', top: 4, left: 4, fontSize: 12, opacity: 0.7 }}>
          {indicator}
        </div>
      ) : null}
      {failure ? <div className="vegafusion-error" role="alert">{failure}</div> : null}
      {props.showPlanReport && result ? <PlanReportPanel report={result.plan?.report ?? null} mode={result.mode} /> : null}
    </div>
  );
}
