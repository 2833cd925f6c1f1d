/**
 * Hand-written Vega shapes the planner must handle: a facet that reads a dataset's
 * aggregate, marks that read other marks' items, pipelines that read what a sibling wrote
 * into their shared rows, specs Vega has already run (and written
 * functions into), and every spec of the shared Vega corpus (Vega's own test specs): each
 * plans without throwing, and its client spec parses in Vega.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as vega from 'vega';
import { describe, expect, it } from 'vitest';
import { planChart, type ChartPlan } from '../../src/planner/index.js';
import { TEST_CAPABILITIES } from './capabilities-fixture.js';
import { fillClientSpec, renderSvg } from './support/simulate.js';

type Json = Record<string, unknown>;
const plan = (spec: unknown): ChartPlan => planChart(spec, { capabilities: TEST_CAPABILITIES });
const clientData = (p: ChartPlan): Json[] => (p.clientSpec as unknown as { data: Json[] }).data;
const entry = (p: ChartPlan, name: string) => p.report.entries.find((e) => e.kind === 'data' && e.name === name);

const VEGA_CORPUS = fileURLToPath(new URL('../../../../../shared/corpus/vega', import.meta.url));
const HAS_VEGA_CORPUS = existsSync(VEGA_CORPUS);

/** A trellis as Vega's nested-plot test writes it: the group's items are the aggregate of `trellis`. */
const facetWithData = (): Json => ({
  width: 200,
  data: [
    { name: 'tuples', values: [{ a: 0, b: 'x', c: 1 }, { a: 0, b: 'y', c: 3 }, { a: 1, b: 'x', c: 2 }], transform: [{ type: 'filter', expr: 'datum.c > 0' }] },
    {
      name: 'trellis', source: 'tuples',
      transform: [{ type: 'aggregate', groupby: ['a'] }, { type: 'formula', as: 'span', expr: '20 * datum.count' }, { type: 'stack', field: 'span' }],
    },
  ],
  scales: [{ name: 'x', domain: { data: 'tuples', field: 'c' }, range: 'width' }],
  marks: [{
    type: 'group',
    from: { data: 'trellis', facet: { name: 'cell', data: 'tuples', groupby: 'a' } },
    encode: { update: { y: { field: 'y0' }, y2: { field: 'y1' }, width: { signal: 'width' } } },
    marks: [{ type: 'rect', from: { data: 'cell' }, encode: { update: { x: { value: 0 }, x2: { scale: 'x', field: 'c' }, height: { value: 8 } } } }],
  }],
});

describe('hand-written Vega shapes', () => {
  it('keeps the aggregate a facet group reads its items from in the browser, and renders like plain Vega', async () => {
    const spec = facetWithData();
    const p = plan(spec);
    expect(entry(p, 'trellis')).toMatchObject({ status: 'client' });
    expect(entry(p, 'trellis')?.reason).toMatch(/^The facet group at \/marks\/0 takes its items from the last aggregate of "trellis"/);
    expect(clientData(p).find((d) => d.name === 'trellis')?.transform).toEqual((spec.data as Json[])[1].transform);
    expect(entry(p, 'tuples')?.status).toBe('server');
    const filled = await fillClientSpec(spec as vega.Spec, p);
    expect(await renderSvg(filled)).toBe(await renderSvg(spec as vega.Spec));
  });

  it('splits a URL dataset before that aggregate, keeping what comes before it on the server', () => {
    const spec = facetWithData();
    const data = spec.data as Json[];
    data[1] = { name: 'trellis', url: 'data/t.csv', format: { type: 'csv' }, transform: [{ type: 'filter', expr: 'datum.a > 0' }, ...(data[1].transform as Json[])] };
    const p = plan(spec);
    expect(entry(p, 'trellis')?.status).toBe('split');
    expect(clientData(p).find((d) => d.name === 'trellis')?.transform).toEqual((data[1].transform as Json[]).slice(1));
  });

  it('sends every column of a dataset whose mark items another mark or a lookup reads', () => {
    const spec = {
      data: [{ name: 'nodes', url: 'data/n.json', transform: [{ type: 'filter', expr: 'datum.a > 0' }] }],
      marks: [
        { type: 'symbol', name: 'layout', from: { data: 'nodes' }, encode: { update: { x: { field: 'a' } } } },
        { type: 'text', from: { data: 'layout' }, encode: { update: { x: { field: 'x' }, text: { field: 'datum.label' } } } },
      ],
    };
    const p = plan(spec);
    expect(entry(p, 'nodes')?.status).toBe('server');
    // No column list: every column travels (the text mark reads `datum.label` through the items).
    expect(p.toClient[0]).toMatchObject({ name: 'nodes', columns: [] });
    const unnamed = plan({ ...spec, marks: [spec.marks[0]] });
    expect(unnamed.toClient[0]).toMatchObject({ name: 'nodes', columns: ['a'] });
  });

  it('plans a spec that a Vega view has run (Vega wrote accessor functions into it) as the pristine spec', async () => {
    const text = JSON.stringify({
      signals: [{ name: 'sel_tuple_fields', value: [{ type: 'E', field: 'a' }] }, { name: 'sel', update: 'vlSelectionResolve("sel_store")' }],
      data: [{ name: 'sel_store' }, { name: 'd', values: [{ a: 1 }, { a: 2 }], transform: [{ type: 'filter', expr: 'vlSelectionTest("sel_store", datum)' }] }],
      marks: [{ type: 'symbol', from: { data: 'd' }, encode: { update: { x: { field: 'a' } } } }],
    });
    const ran = JSON.parse(text) as Json;
    const view = new vega.View(vega.parse(ran as vega.Spec), { renderer: 'none' });
    view.data('sel_store', [{ unit: '', fields: view.signal('sel_tuple_fields') as unknown, values: [1] }]);
    await view.runAsync();
    view.finalize();
    const fields = (ran.signals as Json[])[0].value as Json[];
    expect(typeof fields[0].getter).toBe('function');
    expect(JSON.stringify(plan(ran))).toBe(JSON.stringify(plan(JSON.parse(text))));
  });

  it('keeps a transform that reads a field a sibling pipeline writes into their shared rows in the browser, with the writer', async () => {
    // As Vega-Lite 4 compiled a brushed layer: data_1 filters on `month` before making it; data_0's formula made it.
    const spec = {
      signals: [{ name: 'lo', value: 2 }],
      data: [
        { name: 'source', values: [{ d: 1, v: 3 }, { d: 2, v: 5 }, { d: 3, v: 7 }, { d: 4, v: 1 }], transform: [{ type: 'filter', expr: 'datum.v > 0' }] },
        { name: 'data_0', source: 'source', transform: [{ type: 'formula', as: 'month', expr: 'datum.d % 3' }, { type: 'aggregate', groupby: ['month'], ops: ['sum'], fields: ['v'] }] },
        { name: 'data_1', source: 'source', transform: [{ type: 'filter', expr: 'datum.month >= lo' }, { type: 'formula', as: 'month', expr: 'datum.d % 3' }, { type: 'aggregate', groupby: ['month'] }] },
      ],
      marks: [
        { type: 'symbol', from: { data: 'data_0' }, encode: { update: { x: { field: 'month' }, y: { field: 'sum_v' } } } },
        { type: 'rect', from: { data: 'data_1' }, encode: { update: { x: { field: 'month' }, y: { field: 'count' } } } },
      ],
    };
    const p = plan(spec);
    expect(entry(p, 'source')?.status).toBe('server');
    expect(entry(p, 'data_1')).toMatchObject({ status: 'client', reason: 'Transform at /data/2/transform/0 reads "month", which "data_0" writes into the rows they share (Vega\'s transforms write into their input rows)' });
    expect(entry(p, 'data_0')).toMatchObject({ status: 'client', reason: 'Transform at /data/1/transform/0 writes "month" into rows that "data_1" reads it from (Vega\'s transforms write into their input rows)' });
    const filled = await fillClientSpec(spec as vega.Spec, p);
    expect(await renderSvg(filled)).toBe(await renderSvg(spec as vega.Spec));

    // Read after its own formula (or a source's) made it: nothing is shared that matters.
    const own = structuredClone(spec);
    own.data[2].transform = [{ type: 'formula', as: 'month', expr: 'datum.d % 3' }, { type: 'filter', expr: 'datum.month >= lo' }, { type: 'aggregate', groupby: ['month'] }];
    expect(plan(own).report.entries.filter((e) => e.kind === 'data').map((e) => e.status)).toEqual(['server', 'server', 'server']);
  });

  it('runs a spec the planning passes cannot handle in the browser, with the reason', () => {
    const p = planChart({ data: [{ name: 'd', url: 'data/x.csv' }] }, { capabilities: null as never });
    expect(p.serverGraph.nodes).toEqual([]);
    expect(entry(p, 'd')?.reason).toMatch(/^The planner could not plan this spec \(.+\): it runs in the browser$/);
  });
});

describe.skipIf(!HAS_VEGA_CORPUS)(`planner over the Vega corpus (${VEGA_CORPUS})`, () => {
  const files = HAS_VEGA_CORPUS ? readdirSync(VEGA_CORPUS).filter((f) => f.endsWith('.vg.json')).sort() : [];
  it.each(files)('plans %s and its client spec parses', (file) => {
    const p = plan(JSON.parse(readFileSync(`${VEGA_CORPUS}/${file}`, 'utf8')));
    expect(() => vega.parse(structuredClone(p.clientSpec))).not.toThrow();
    for (const e of p.report.entries) if (e.status === 'client') expect(e.reason, `${e.kind} ${e.name}`).toBeTruthy();
    expect(p.report.entries.some((e) => e.reason?.startsWith('The planner could not plan'))).toBe(false);
  });
});
