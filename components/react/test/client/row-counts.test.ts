/**
 * Image marks decided by row counts: with a threshold, the chart asks the real runtime for
 * the row count of the mark's dataset before mounting, and plans with it (cars.json has
 * 406 rows, 392 once Vega-Lite drops those without both positions).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as vega from 'vega';
import type { RuntimeHandle } from '../../../../runtime/src/index.js';
import { defaultDataRoot } from '../../../../runtime/src/config.js';
import { createPlannedChart, type RuntimeConnection } from '../../src/client/index.js';
import type { RuntimeCapabilities } from '../../src/planner/types.js';
import { closeTestSession, startTestSession } from './test-session.js';

const SCATTER = {
  data: { url: 'data/cars.json' }, mark: 'circle',
  encoding: { x: { field: 'Horsepower', type: 'quantitative' }, y: { field: 'Miles_per_Gallon', type: 'quantitative' } },
};

let runtime: RuntimeHandle;
let connection: RuntimeConnection;
let capabilities: RuntimeCapabilities;

beforeAll(async () => {
  ({ runtime, connection, capabilities } = await startTestSession());
});

afterAll(() => closeTestSession({ runtime, connection }));

async function chartWith(threshold: number) {
  return createPlannedChart({
    spec: SCATTER, connection, coalesce: 'microtask',
    planOptions: { capabilities, imageMarks: { threshold } },
    mount: (plan) => {
      const view = new vega.View(vega.parse(plan.clientSpec), { renderer: 'none', loader: vega.loader({ baseURL: `${defaultDataRoot()}/`, mode: 'file' }) });
      return Promise.resolve({ view, finalize: () => view.finalize() });
    },
  });
}

describe('image marks by row count', () => {
  it('draws the mark as an image when its dataset has more rows than the threshold', async () => {
    const chart = await chartWith(100);
    try {
      await chart.whenSettled();
      expect(chart.plan.report.entries.find((e) => e.kind === 'mark')).toMatchObject({ status: 'server', reason: 'Drawn by the runtime as an image: 392 rows, over the threshold of 100' });
      const image = chart.view.data('vf_image_0') as { url: string }[];
      expect(image).toHaveLength(1);
      expect(image[0].url.startsWith('data:image/png;base64,')).toBe(true);
      expect(chart.view.data('source_0')).toEqual([]);
    } finally {
      chart.dispose();
    }
  });

  it('leaves the mark to Vega within the threshold', async () => {
    const chart = await chartWith(1000);
    try {
      await chart.whenSettled();
      expect(chart.plan.report.entries.find((e) => e.kind === 'mark')).toMatchObject({ status: 'client', reason: 'Drawn by Vega: 392 rows, within the image threshold of 1000' });
      expect(chart.view.data('source_0')).toHaveLength(392);
    } finally {
      chart.dispose();
    }
  });
});
