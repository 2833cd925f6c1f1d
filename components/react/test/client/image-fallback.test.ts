/**
 * An image the runtime cannot draw falls back to Vega: the render node's structured
 * error names it, the chart is planned again with that mark drawn by Vega, and the rows
 * come to the browser as they would without images.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as vega from 'vega';
import type { RuntimeHandle } from '../../../../runtime/src/index.js';
import { defaultDataRoot } from '../../../../runtime/src/config.js';
import { createPlannedChart, type RuntimeConnection } from '../../src/client/index.js';
import type { RuntimeCapabilities } from '../../src/planner/types.js';
import { closeTestSession, startTestSession } from './test-session.js';

let runtime: RuntimeHandle;
let connection: RuntimeConnection;
let capabilities: RuntimeCapabilities;

beforeAll(async () => {
  ({ runtime, connection, capabilities } = await startTestSession());
});

afterAll(() => closeTestSession({ runtime, connection }));

describe('image marks falling back to Vega', () => {
  it('draws with Vega a mark whose shape the runtime does not draw', async () => {
    const errors: string[] = [];
    const chart = await createPlannedChart({
      spec: {
        data: { url: 'data/cars.json' }, mark: { type: 'point', shape: 'cross' },
        encoding: { x: { field: 'Horsepower', type: 'quantitative' }, y: { field: 'Miles_per_Gallon', type: 'quantitative' } },
      },
      connection, coalesce: 'microtask',
      planOptions: { capabilities, imageMarks: { threshold: 0 } },
      mount: (plan) => {
        const view = new vega.View(vega.parse(plan.clientSpec), { renderer: 'none', loader: vega.loader({ baseURL: `${defaultDataRoot()}/`, mode: 'file' }) });
        return Promise.resolve({ view, finalize: () => view.finalize() });
      },
      onError: (e) => errors.push(e.message),
    });
    try {
      await chart.whenSettled();
      expect(errors).toEqual([]);
      expect(chart.fallbackList).toEqual([expect.objectContaining({ name: 'vf_image_0', reason: expect.stringContaining('Symbol shape "cross" is not drawn by the runtime') })]);
      expect(chart.plan.report.entries.find((e) => e.kind === 'mark')).toMatchObject({ status: 'client', reason: expect.stringContaining('Drawn by Vega: The runtime could not compute it') });
      expect(chart.view.data('source_0')).toHaveLength(392);
    } finally {
      chart.dispose();
    }
  });
});
