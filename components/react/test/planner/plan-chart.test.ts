/**
 * The planner's rules, one small Vega spec each.
 */
import { describe, expect, it } from 'vitest';
import { Namespace } from '@vegafusion-ts/proto';
import { analyzeExpression, isServerUrl, isVegaLiteSpec, planChart, PlannerError, type ChartPlan } from '../../src/planner/index.js';
import { TEST_CAPABILITIES } from './capabilities-fixture.js';

type Json = Record<string, unknown>;
const plan = (spec: Json, extra: Partial<Parameters<typeof planChart>[1]> = {}): ChartPlan =>
  planChart(spec, { capabilities: TEST_CAPABILITIES, ...extra });
const clientData = (p: ChartPlan): Json[] => (p.clientSpec as unknown as { data: Json[] }).data;
const entry = (p: ChartPlan, name: string) => p.report.entries.find((e) => e.name === name);
const pointMark = (data: string, encode: Json = { x: { field: 'a' } }): Json => ({ type: 'symbol', from: { data }, encode: { update: encode } });

describe('dataset placement', () => {
  it('moves a supported pipeline and leaves a stub with the same name', () => {
    const p = plan({
      data: [{ name: 'src', url: 'data/cars.csv', format: { type: 'csv' }, transform: [{ type: 'filter', expr: 'datum.a > 1' }] }],
      marks: [pointMark('src')],
    });
    expect(entry(p, 'src')).toMatchObject({ status: 'server', path: '/data/0' });
    expect(clientData(p)).toEqual([{ name: 'src', values: [] }]);
    expect(p.serverGraph.nodes?.[0].task?.url).toMatchObject({ url: 'data/cars.csv', pipelineJson: '[{"type":"filter","expr":"datum.a > 1"}]' });
    expect(p.toClient).toEqual([{ node: 0, kind: 'data', name: 'src', scope: [], columns: ['a'], signals: [], signalsOnly: false }]);
    expect(p.report).toMatchObject({ datasetsMoved: 1, datasetsTotal: 1 });
  });

  it('splits at the first unsupported transform', () => {
    const p = plan({
      data: [{ name: 'd', url: 'x.json', transform: [{ type: 'filter', expr: 'datum.v > 0' }, { type: 'kde', field: 'v' }, { type: 'filter', expr: 'true' }] }],
      marks: [pointMark('d', { x: { field: 'value' } })],
    });
    expect(entry(p, 'd')?.status).toBe('split');
    expect(entry(p, 'd')?.reason).toBe('Unsupported transform "kde" at /data/0/transform/1');
    expect(clientData(p)).toEqual([
      { name: 'd_server', values: [] },
      { name: 'd', source: 'd_server', transform: [{ type: 'kde', field: 'v' }, { type: 'filter', expr: 'true' }] },
    ]);
    expect(p.toClient[0]).toMatchObject({ name: 'd_server', columns: ['v'] });
    expect(JSON.parse(p.serverGraph.nodes?.[0].task?.url?.pipelineJson ?? '')).toHaveLength(1);
  });

  it('names the unsupported function and where it is', () => {
    const p = plan({ data: [{ name: 'd', values: [{ a: 1 }], transform: [{ type: 'filter', expr: 'foo(datum.a)' }] }], marks: [pointMark('d')] });
    expect(entry(p, 'd')).toMatchObject({ status: 'client', reason: 'Unsupported function "foo" in expression at /data/0/transform/0/expr' });
    expect(p.serverGraph.nodes).toEqual([]);
  });

  it('checks parameters and aggregate ops against the announcement', () => {
    const p = plan({
      data: [
        { name: 'a', url: 'a.csv', format: { type: 'csv' }, transform: [{ type: 'aggregate', ops: ['ci0'], fields: ['x'] }] },
        { name: 'b', url: 'b.csv', format: { type: 'csv' }, transform: [{ type: 'formula', expr: '1', as: 'k', bogus: 1 }] },
      ],
    });
    expect(entry(p, 'a')?.reason).toBe('Unsupported aggregate op "ci0" at /data/0/transform/0');
    expect(entry(p, 'b')?.reason).toBe('Unsupported parameter "bogus" of transform "formula" at /data/1/transform/0');
  });

  it('keeps a chain in the browser once a source stays there', () => {
    const p = plan({
      data: [
        { name: 'a', url: 'https://example.com/a.json' },
        { name: 'b', source: 'a', transform: [{ type: 'filter', expr: 'datum.x' }] },
      ],
      marks: [pointMark('b')],
    });
    expect(entry(p, 'a')).toMatchObject({ status: 'client', reason: 'URL "https://example.com/a.json" is not served by the runtime' });
    expect(entry(p, 'b')).toMatchObject({ status: 'client', reason: 'Source "a" is computed in the browser' });
  });

  it('keeps inline values without transforms in the browser and mirrors them for server children', () => {
    const p = plan({
      data: [
        { name: 'v', values: [{ a: 1 }, { a: 2 }] },
        { name: 'agg', source: 'v', transform: [{ type: 'aggregate', groupby: ['a'] }] },
      ],
      marks: [pointMark('v'), pointMark('agg')],
    });
    expect(clientData(p)[0]).toEqual({ name: 'v', values: [{ a: 1 }, { a: 2 }] });
    expect(entry(p, 'v')?.status).toBe('client');
    expect(entry(p, 'agg')?.status).toBe('server');
    expect(p.serverGraph.nodes?.map((n) => n.variable?.name)).toEqual(['v', 'agg']);
    expect(p.serverGraph.nodes?.[1]).toMatchObject({ parents: [0], task: { source: { source: 'v' } } });
    expect(p.toClient.map((t) => t.name)).toEqual(['agg']);
  });

  it('keeps per-facet data and data inside groups with "from" in the browser', () => {
    const p = plan({
      data: [{ name: 't', url: 't.json' }],
      marks: [{
        type: 'group', from: { facet: { name: 'f', data: 't', groupby: ['g'] } },
        data: [{ name: 'inner', source: 'f', transform: [{ type: 'filter', expr: 'datum.v' }] }],
        marks: [pointMark('inner', { y: { field: 'w' } })],
      }],
    });
    expect(entry(p, 'inner')).toMatchObject({ status: 'client', scope: [0], path: '/marks/0/data/0' });
    expect(entry(p, 'inner')?.reason).toContain('group mark');
    expect(p.toClient[0]).toMatchObject({ name: 't', columns: ['g', 'v', 'w'] });
  });

  it('sends the facet groupby field given as one string', () => {
    const p = plan({
      data: [{ name: 't', url: 't.json' }],
      marks: [{ type: 'group', from: { facet: { name: 'f', data: 't', groupby: 'g' } }, marks: [pointMark('f', { y: { field: 'w' } })] }],
    });
    expect(p.toClient[0]).toMatchObject({ name: 't', columns: ['g', 'w'] });
  });

  it('moves only what the runtime is asked for: unused server datasets are not in the graph', () => {
    const p = plan({ data: [{ name: 'a', url: 'a.json' }, { name: 'b', url: 'b.json' }], marks: [pointMark('b')] });
    expect(p.serverGraph.nodes?.map((n) => n.variable?.name)).toEqual(['b']);
    expect(p.report.datasetsMoved).toBe(2);
  });

  it('returns an all-browser plan when disabled', () => {
    const p = plan({ data: [{ name: 'a', url: 'a.json' }], marks: [pointMark('a')] }, { disabled: true });
    expect(p.serverGraph.nodes).toEqual([]);
    expect(clientData(p)).toEqual([{ name: 'a', url: 'a.json' }]);
    expect(entry(p, 'a')).toMatchObject({ status: 'client', reason: 'Planning is disabled' });
  });
});

describe('identifier', () => {
  const spec = (n: number): Json => ({
    data: Array.from({ length: n }, (_, i) => ({ name: `d${i}`, url: `data/f${i}.csv`, format: { type: 'csv' }, transform: [{ type: 'identifier', as: '_vgsid_' }] })),
    marks: Array.from({ length: n }, (_, i) => pointMark(`d${i}`, { x: { field: '_vgsid_' } })),
  });
  it('moves the only identifier transform of a spec', () => {
    expect(entry(plan(spec(1)), 'd0')?.status).toBe('server');
  });
  it('keeps identifiers that share Vega\'s counter in the browser', () => {
    const p = plan(spec(2));
    for (const name of ['d0', 'd1']) {
      expect(entry(p, name)).toMatchObject({ status: 'split', reason: `Identifier at /data/${name.slice(1)}/transform/0 shares Vega's row counter with 1 other identifier transform(s)` });
    }
  });
});

describe('URLs and formats', () => {
  it('serves relative, runtime-dataset and configured URLs', () => {
    expect(isServerUrl('data/cars.json', [])).toBe(true);
    expect(isServerUrl('vegafusion+dataset://abc', [])).toBe(true);
    expect(isServerUrl('vegafusion+sql://sales/public.orders', [])).toBe(true);
    expect(isServerUrl('https://data.example.com/x.csv', [])).toBe(false);
    expect(isServerUrl('https://data.example.com/x.csv', ['https://data.example.com/'])).toBe(true);
    expect(isServerUrl('//cdn.example.com/x.csv', [])).toBe(false);
    expect(isServerUrl('data:text/csv,a', [])).toBe(false);
  });

  it('keeps topojson, unknown formats and signal URLs in the browser', () => {
    const p = plan({
      signals: [{ name: 'u', value: 'a.json' }],
      data: [
        { name: 'topo', url: 'us.json', format: { type: 'topojson', feature: 'states' } },
        { name: 'xml', url: 'a.xml', format: { type: 'xml' } },
        { name: 'sig', url: { signal: 'u' } },
      ],
    });
    expect(entry(p, 'topo')?.reason).toBe('Unsupported format "topojson"');
    expect(entry(p, 'xml')?.reason).toBe('Unsupported format "xml"');
    expect(entry(p, 'sig')?.reason).toBe('URL given by a signal');
  });
});

describe('signals', () => {
  it('turns bin and extent signals into placeholders fed by the runtime', () => {
    const p = plan({
      data: [{
        name: 'd', url: 'd.json',
        transform: [
          { type: 'extent', field: 'x', signal: 'ext' },
          { type: 'bin', field: 'x', extent: { signal: 'ext' }, maxbins: 10, signal: 'bins', as: ['b0', 'b1'] },
          { type: 'aggregate', groupby: ['b0', 'b1'] },
        ],
      }],
      scales: [{ name: 'x', type: 'linear', domain: { signal: '[bins.start, bins.stop]' } }],
      marks: [pointMark('d', { x: { scale: 'x', field: 'b0' }, x2: { scale: 'x', field: 'b1' }, y: { field: 'count' } })],
    });
    const signals = (p.clientSpec as unknown as { signals: Json[] }).signals;
    expect(signals).toEqual([{ name: 'ext', value: [0, 0] }, { name: 'bins', value: { start: 0, stop: 1, step: 1 } }]);
    expect(p.serverGraph.nodes?.[0].outputs).toEqual([
      { name: 'ext', namespace: Namespace.NAMESPACE_SIGNAL }, { name: 'bins', namespace: Namespace.NAMESPACE_SIGNAL },
    ]);
    expect(p.toClient).toEqual([{ node: 0, kind: 'data', name: 'd', scope: [], columns: ['b0', 'b1', 'count'], signals: ['bins'], signalsOnly: false }]);
    expect(entry(p, 'bins')).toMatchObject({ kind: 'signal', status: 'server' });
  });

  it('asks for signals only when the table is not read', () => {
    const p = plan({
      data: [{ name: 'd', url: 'd.json', transform: [{ type: 'extent', field: 'x', signal: 'ext' }] }],
      scales: [{ name: 'x', type: 'linear', domain: { signal: 'ext' } }],
    });
    expect(p.toClient).toEqual([{ node: 0, kind: 'data', name: 'd', scope: [], columns: [], signals: ['ext'], signalsOnly: true }]);
  });

  it('sends the client signals a server pipeline reads as root values', () => {
    const p = plan({
      signals: [{ name: 'cut', value: 3, bind: { input: 'range' } }, { name: 'maxbins', update: 'cut * 2' }],
      data: [{
        name: 'd', url: 'd.json',
        transform: [{ type: 'filter', expr: 'datum.x > cut' }, { type: 'bin', field: 'x', maxbins: { signal: 'maxbins' } }],
      }],
      marks: [pointMark('d')],
    });
    const nodes = p.serverGraph.nodes ?? [];
    expect(nodes.map((n) => n.variable?.name)).toEqual(['cut', 'maxbins', 'd']);
    expect(nodes[0].task?.value?.json).toBe('3');
    expect(nodes[1].task?.value).toEqual({});
    expect(nodes[2].parents).toEqual([0, 1]);
    expect(p.toServer).toEqual([
      { node: 0, kind: 'signal', name: 'cut', scope: [] }, { node: 1, kind: 'signal', name: 'maxbins', scope: [] },
    ]);
    expect(entry(p, 'cut')).toMatchObject({ status: 'client', reason: 'Bound to an input element' });
  });

  it('keeps a transform that reads the view (scales, events) in the browser', () => {
    const p = plan({
      data: [{ name: 'd', url: 'd.json', transform: [{ type: 'filter', expr: 'scale("x", datum.a) > 0' }] }],
      marks: [pointMark('d')],
    });
    expect(entry(p, 'd')?.status).toBe('split');
    expect(entry(p, 'd')?.reason).toContain('Unsupported function "scale"');
  });
});

describe('selection stores', () => {
  const spec = (): Json => ({
    signals: [{ name: 'tuple', value: null }, { name: 'mod', on: [{ events: { signal: 'tuple' }, update: 'modify("brush_store", tuple, true)' }] }],
    data: [
      { name: 'brush_store' },
      { name: 'src', url: 'd.csv', format: { type: 'csv' } },
      { name: 'f', source: 'src', transform: [{ type: 'filter', expr: '!length(data("brush_store")) || vlSelectionTest("brush_store", datum)' }] },
    ],
    marks: [pointMark('f')],
  });

  it('keeps the store in the browser and sends it to the server dataset that reads it', () => {
    const p = plan(spec());
    expect(entry(p, 'brush_store')).toMatchObject({ status: 'client', reason: 'Modified by triggers in the browser (a selection store)' });
    expect(entry(p, 'f')?.status).toBe('server');
    const nodes = p.serverGraph.nodes ?? [];
    expect(nodes.map((n) => n.variable?.name)).toEqual(['src', 'brush_store', 'f']);
    expect(nodes[1]).toMatchObject({ variable: { namespace: Namespace.NAMESPACE_DATA }, task: { value: { json: '[]' } } });
    expect(nodes[2].parents).toEqual([0, 1]);
    expect(p.toServer).toEqual([{ node: 1, kind: 'data', name: 'brush_store', scope: [] }]);
    expect(clientData(p)[0]).toEqual({ name: 'brush_store' });
  });

  it('keeps datasets with data triggers in the browser', () => {
    const s = spec();
    (s.data as Json[])[1] = { name: 'src', url: 'd.csv', format: { type: 'csv' }, on: [{ trigger: 'tuple', insert: 'tuple' }] };
    const p = plan(s);
    expect(entry(p, 'src')?.status).toBe('client');
    expect(entry(p, 'f')).toMatchObject({ status: 'client', reason: 'Source "src" is computed in the browser' });
  });
});

describe('what the browser needs', () => {
  it('sends a dataset a client signal reads with data(), with every column', () => {
    const p = plan({
      signals: [{ name: 'n', update: 'length(data("agg"))' }],
      data: [{ name: 'agg', url: 'a.json', transform: [{ type: 'aggregate', groupby: ['g'] }] }],
    });
    expect(p.toClient).toEqual([{ node: 0, kind: 'data', name: 'agg', scope: [], columns: [], signals: [], signalsOnly: false }]);
  });

  it('keeps a lookup from a browser-only dataset in the browser', () => {
    const p = plan({
      data: [
        { name: 'people', url: 'https://example.com/p.json' },
        { name: 'd', url: 'd.json', transform: [{ type: 'lookup', from: 'people', key: 'id', fields: ['pid'], values: ['age'] }] },
      ],
      marks: [pointMark('d')],
    });
    expect(entry(p, 'd')).toMatchObject({ status: 'split', reason: 'Dataset "people" read at /data/1/transform/0 is computed in the browser' });
    expect(p.toClient[0]).toMatchObject({ name: 'd_server', columns: ['a', 'pid'] });
  });

  it('pushes projection through client pipelines and scale domains', () => {
    const p = plan({
      data: [
        { name: 'src', url: 's.json' },
        { name: 'k', source: 'src', transform: [{ type: 'kde', field: 'v', groupby: ['g'] }] },
        { name: 'w', source: 'src', transform: [{ type: 'formula', expr: 'datum.a * 2', as: 'a2' }, { type: 'kde', field: 'a2' }] },
      ],
      scales: [{ name: 's', type: 'ordinal', domain: { data: 'src', field: 'cat', sort: { field: 'ord', op: 'max' } } }],
      marks: [pointMark('k', { x: { field: 'value' }, y: { field: 'density' } })],
    });
    expect(p.toClient.map((t) => [t.name, t.columns])).toEqual([
      ['src', ['cat', 'g', 'ord', 'v']],
      // The formula runs on the server; the browser's kde reads only its output.
      ['w_server', ['a2']],
    ]);
  });

  it('sends every column when a use cannot be listed', () => {
    const dynamic = plan({ signals: [{ name: 'f', value: 'a' }], data: [{ name: 'd', url: 'd.json' }], marks: [pointMark('d', { x: { signal: 'datum[f]' } })] });
    expect(dynamic.toClient[0].columns).toEqual([]);
    const whole = plan({ data: [{ name: 'd', url: 'd.json' }], marks: [pointMark('d', { x: { field: 'a' }, tooltip: { signal: 'datum' } })] });
    expect(whole.toClient[0].columns).toEqual([]);
    const byField = plan({ signals: [{ name: 'f', value: 'a' }], data: [{ name: 'd', url: 'd.json' }], marks: [pointMark('d', { x: { field: { signal: 'f' } } })] });
    expect(byField.toClient[0].columns).toEqual([]);
  });

  it('reads group datum fields used as parent in nested marks', () => {
    const p = plan({
      data: [{ name: 'rows', url: 'r.json' }],
      marks: [{ type: 'group', from: { data: 'rows' }, marks: [{ type: 'text', encode: { update: { text: { signal: 'parent.label' } } } }] }],
    });
    expect(p.toClient[0].columns).toEqual(['label']);
  });
});

describe('expressions and specs', () => {
  it('lists functions, signals, datasets and datum fields', () => {
    const refs = analyzeExpression('vlSelectionTest("s", datum) && datum["a b"] > cut + PI && parent.x');
    expect([...refs.functions]).toEqual(['vlSelectionTest']);
    expect([...refs.signals]).toEqual(['cut']);
    expect([...refs.data]).toEqual(['s']);
    expect([...refs.fields]).toEqual(['a b']);
    expect([...refs.parentFields]).toEqual(['x']);
    expect(refs.opaqueDatum).toBe(true);
    expect(analyzeExpression('datum.').error).toBeDefined();
  });

  it('compiles Vega-Lite and detects it by schema or shape', () => {
    expect(isVegaLiteSpec({ $schema: 'https://vega.github.io/schema/vega-lite/v6.json' })).toBe(true);
    expect(isVegaLiteSpec({ mark: 'bar' })).toBe(true);
    expect(isVegaLiteSpec({ $schema: 'https://vega.github.io/schema/vega/v6.json', marks: [] })).toBe(false);
    const p = plan({ data: { url: 'data/cars.json' }, mark: 'point', encoding: { x: { field: 'Horsepower', type: 'quantitative' } } });
    expect(p.toClient[0]).toMatchObject({ name: 'source_0' });
    expect(p.toClient[0].columns).toContain('Horsepower');
  });

  it('throws a PlannerError for a spec that is not an object', () => {
    expect(() => plan([] as unknown as Json)).toThrow(PlannerError);
    try {
      planChart('nope', { capabilities: TEST_CAPABILITIES });
    } catch (error) {
      expect((error as PlannerError).code).toBe('bad_spec');
    }
  });
});

describe('selection hints', () => {
  const rows = [{ a: 1, b: 2, c: 'x' }, { a: 3, b: 5, c: 'y' }];
  it('names the fields each brush of a shared store may hold', () => {
    const spec = {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      data: { values: rows },
      repeat: ['a', 'b'],
      spec: {
        layer: [
          { params: [{ name: 'brush', select: { type: 'interval', encodings: ['x'] } }], mark: 'bar',
            encoding: { x: { field: { repeat: 'repeat' }, bin: true }, y: { aggregate: 'count' } } },
          { transform: [{ filter: { param: 'brush' } }], mark: 'bar',
            encoding: { x: { field: { repeat: 'repeat' }, bin: true }, y: { aggregate: 'count' } } },
        ],
      },
    };
    const plan = planChart(spec, { capabilities: TEST_CAPABILITIES });
    expect(plan.toServer.some((e) => e.kind === 'data' && e.name === 'brush_store')).toBe(true);
    expect(plan.selectionHints).toEqual([{ store: 'brush_store', fields: ['a'] }, { store: 'brush_store', fields: ['b'] }]);
  });
  it('keeps the fields of a two-dimensional brush together, and gives none for a spec without stores', () => {
    const spec = {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      data: { values: rows },
      layer: [
        { params: [{ name: 'area', select: 'interval' }], mark: 'point',
          encoding: { x: { field: 'a', type: 'quantitative' }, y: { field: 'b', type: 'quantitative' } } },
        { transform: [{ filter: { param: 'area' } }, { aggregate: [{ op: 'count', as: 'n' }], groupby: ['c'] }], mark: 'bar',
          encoding: { x: { field: 'c', type: 'nominal' }, y: { field: 'n', type: 'quantitative' } } },
      ],
    };
    expect(planChart(spec, { capabilities: TEST_CAPABILITIES }).selectionHints).toEqual([{ store: 'area_store', fields: ['a', 'b'] }]);
    const plain = { ...spec, layer: [{ mark: 'point', encoding: spec.layer[0].encoding }] };
    expect(planChart(plain, { capabilities: TEST_CAPABILITIES }).selectionHints).toEqual([]);
  });
});
