/**
 * The page the browser tests load: mounts <VegaFusionChart> with props the test passes
 * and records what the component reports. Bundled from the sources by the test.
 */
import * as React from 'react';
import { createRoot } from 'react-dom/client';
import { VegaFusionChart, type EmbedResult, type VegaFusionChartProps } from '../../src/index.js';

type HarnessProps = Omit<VegaFusionChartProps, 'onSelection' | 'onError' | 'onReady' | 'onSignal'>;

export interface Harness {
  events: unknown[];
  result: EmbedResult | null;
  renders: number;
  render(props: HarnessProps): void;
  unmount(): void;
  /** A dataset's rows without Vega's tuple ids. */
  data(name: string): unknown[];
}

const element = document.getElementById('root');
if (!element) throw new Error('The page has no #root element');
const root = createRoot(element);

const harness: Harness = {
  events: [],
  result: null,
  renders: 0,
  render(props) {
    // Strict mode mounts, unmounts and re-mounts: the chart must survive it whole.
    root.render(React.createElement(React.StrictMode, null, React.createElement(VegaFusionChart, {
      ...props,
      onSelection: (s) => harness.events.push(['selection', s]),
      onSignal: (name, value) => harness.events.push(['signal', name, value]),
      onError: (e) => harness.events.push(['error', (e as Error & { code?: string }).code ?? '', e.message]),
      onReady: (r) => {
        harness.result = r;
        harness.renders++;
      },
    })));
  },
  unmount() {
    root.unmount();
  },
  data(name) {
    return JSON.parse(JSON.stringify(harness.result?.view.data(name) ?? [])) as unknown[];
  },
};

(window as unknown as { harness: Harness }).harness = harness;
