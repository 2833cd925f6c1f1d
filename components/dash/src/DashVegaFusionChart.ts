/**
 * The Dash component: `VegaFusionChart` of `@vegafusion-ts/react` (the page's UMD bundle,
 * global `VegaFusion`) with its events turned into Dash props through `setProps`:
 * `selection` (the format of every wrapper), `signalData` (as dash-vega-components) and
 * `error`. Written with `React.createElement` against the React that Dash provides; no
 * `defaultProps` (React 18.3 warns about them on function components, React 19 drops them).
 */
import * as React from 'react';
import { VegaFusionChart, readSelections, selectionParams, type EmbedResult, type Selections } from '@vegafusion-ts/react';
import type { View } from 'vega';
import {
  DEFAULT_DEBOUNCE_MS, SELECTION_QUIET_MS, domId, embedOptionsOf, plainValue, scaleSvg, toDashError, toDashSelection,
  type DashChartProps, type DashSelection,
} from './props.js';

/** Signals dash-vega-components leaves out of "all": `unit` holds view internals, not data. */
const HIDDEN_SIGNALS = new Set(['unit']);

function observedSignals(view: View, wanted: readonly string[]): string[] {
  if (wanted.includes('all')) {
    const state = view.getState() as { signals?: Record<string, unknown> };
    return Object.keys(state.signals ?? {}).filter((name) => !HIDDEN_SIGNALS.has(name));
  }
  return [...wanted];
}

/** Reports selections once a drag ends (pointer up) or after a quiet spell, never twice the same. */
function useSelectionReporter(latest: React.MutableRefObject<DashChartProps>): {
  update: (selection: DashSelection, immediately: boolean) => void;
} {
  const pending = React.useRef<DashSelection | null>(null);
  const timer = React.useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const lastSent = React.useRef<string>(JSON.stringify(latest.current.selection ?? {}));

  const flush = React.useCallback((): void => {
    if (timer.current !== undefined) clearTimeout(timer.current);
    timer.current = undefined;
    const next = pending.current;
    pending.current = null;
    if (next === null) return;
    const text = JSON.stringify(next);
    if (text === lastSent.current) return;
    lastSent.current = text;
    latest.current.setProps?.({ selection: next });
  }, [latest]);

  React.useEffect(() => {
    // Each report runs the server callbacks: a brush reports when the pointer is released,
    // not on every move (the chart itself still updates live).
    const onPointerUp = (): void => flush();
    window.addEventListener('pointerup', onPointerUp);
    return () => {
      window.removeEventListener('pointerup', onPointerUp);
      flush();
    };
  }, [flush]);

  const update = React.useCallback((selection: DashSelection, immediately: boolean): void => {
    pending.current = selection;
    if (immediately) {
      flush();
      return;
    }
    if (timer.current !== undefined) clearTimeout(timer.current);
    timer.current = setTimeout(flush, SELECTION_QUIET_MS);
  }, [flush]);
  return React.useMemo(() => ({ update }), [update]);
}

/** Reports observed signals to `signalData`, at most once per `debounceWait` ms, with the latest values. */
function useSignalReporter(latest: React.MutableRefObject<DashChartProps>): {
  attach: (view: View) => void;
  detach: () => void;
} {
  const detachers = React.useRef<(() => void)[]>([]);
  const detach = React.useCallback((): void => {
    for (const off of detachers.current.splice(0)) off();
  }, []);
  React.useEffect(() => detach, [detach]);

  const attach = React.useCallback((view: View): void => {
    detach();
    const names = observedSignals(view, latest.current.signalsToObserve ?? []);
    if (names.length === 0) return;
    let sent: Record<string, unknown> = {};
    for (const name of names) {
      try {
        sent[name] = plainValue(view.signal(name));
      } catch {
        // Not a signal of this view (the spec may have changed): left out, as
        // dash-vega-components leaves out the names it does not find.
      }
    }
    // The values right after rendering, as dash-vega-components reports them: a signal
    // that never changes is still readable from callbacks.
    latest.current.setProps?.({ signalData: sent });
    let changed: Record<string, unknown> = {};
    let timer: ReturnType<typeof setTimeout> | undefined;
    const flush = (): void => {
      timer = undefined;
      sent = { ...sent, ...changed };
      changed = {};
      latest.current.setProps?.({ signalData: sent });
    };
    const handler = (name: string, value: unknown): void => {
      changed[name] = plainValue(value);
      if (timer === undefined) timer = setTimeout(flush, Math.max(0, latest.current.debounceWait ?? DEFAULT_DEBOUNCE_MS));
    };
    for (const name of Object.keys(sent)) {
      view.addSignalListener(name, handler);
      detachers.current.push(() => view.removeSignalListener(name, handler));
    }
    detachers.current.push(() => {
      if (timer !== undefined) clearTimeout(timer);
    });
  }, [latest, detach]);
  return React.useMemo(() => ({ attach, detach }), [attach, detach]);
}

/**
 * Keeps the SVG of the view `svgRendererScaleFactor` times larger: Vega resets the SVG's
 * size when the view resizes, so the size is applied again whenever it changes.
 */
function useSvgScale(latest: React.MutableRefObject<DashChartProps>): {
  attach: (view: View) => void;
} {
  const stop = React.useRef<(() => void) | null>(null);
  const shown = React.useRef<View | null>(null);
  React.useEffect(() => () => stop.current?.(), []);
  const attach = React.useCallback((view: View): void => {
    stop.current?.();
    stop.current = null;
    shown.current = view;
    const given = latest.current.svgRendererScaleFactor;
    const factor = typeof given === 'number' ? given : 1;
    const container = view.container();
    // Factor 1 sets Vega's own size back (the factor was changed to 1 from a callback).
    if (!container || !scaleSvg(container, factor) || factor === 1) return;
    const observer = new MutationObserver(() => scaleSvg(container, factor));
    observer.observe(container, { attributes: true, subtree: true, attributeFilter: ['width', 'height', 'viewBox'] });
    stop.current = () => observer.disconnect();
  }, [latest]);
  // A new factor from a callback applies to the view on screen.
  const factor = latest.current.svgRendererScaleFactor;
  React.useEffect(() => {
    if (shown.current) attach(shown.current);
  }, [factor, attach]);
  return React.useMemo(() => ({ attach }), [attach]);
}

/** `window.vegafusion_dash.VegaFusionChart`: what Dash renders for the Python `VegaFusionChart`. */
export function DashVegaFusionChart(props: DashChartProps): React.ReactElement {
  const latest = React.useRef(props);
  latest.current = props;
  const spec = props.spec ?? null;
  const params = React.useMemo(() => (spec ? selectionParams(spec) : []), [spec]);
  const names = React.useMemo(() => params.map((p) => p.name), [params]);
  const namesRef = React.useRef(names);
  namesRef.current = names;
  const selections = useSelectionReporter(latest);
  const signals = useSignalReporter(latest);
  const svgScale = useSvgScale(latest);

  const onSelection = React.useCallback((all: Selections): void => {
    selections.update(toDashSelection(all, namesRef.current), false);
  }, [selections]);

  const onReady = React.useCallback((result: EmbedResult): void => {
    // A new spec starts with its own (usually empty) selection: report it at once, so that
    // callbacks do not go on filtering by the brush of the chart that was replaced.
    const current = toDashSelection(readSelections(result.view, selectionParams(latest.current.spec)), namesRef.current);
    selections.update(current, true);
    signals.attach(result.view);
    svgScale.attach(result.view);
    if (latest.current.error) latest.current.setProps?.({ error: null });
  }, [latest, selections, signals, svgScale]);

  const onError = React.useCallback((error: Error): void => {
    console.warn('[vegafusion-dash]', error);
    latest.current.setProps?.({ error: toDashError(error) });
  }, [latest]);

  const outer = { id: domId(props.id), className: props.className ?? undefined, style: props.style ?? undefined };
  if (!spec) return React.createElement('div', outer);
  return React.createElement('div', outer, React.createElement(VegaFusionChart, {
    spec,
    runtime: props.runtime_url ?? undefined,
    token: props.token ?? undefined,
    embedOptions: embedOptionsOf(props),
    width: props.width ?? undefined,
    height: props.height ?? undefined,
    showPlanReport: props.show_plan_report ?? false,
    onSelection: names.length > 0 ? onSelection : undefined,
    onReady,
    onError,
  }));
}
