import { describe, expect, it } from 'vitest';
import { fingerprintGraph, GraphShapeError, Namespace, type ITaskGraph } from '../src/index.js';

const signal = (name: string, json: string) => ({ variable: { name, namespace: Namespace.NAMESPACE_SIGNAL }, task: { value: { json } } });

function graph(pipeline: string, maxbins = '10', url = 'data/cars.json'): ITaskGraph {
  return {
    nodes: [
      signal('maxbins', maxbins),
      { variable: { name: 'source', namespace: Namespace.NAMESPACE_DATA }, task: { url: { url, formatJson: '{"type":"json"}' } } },
      { variable: { name: 'binned', namespace: Namespace.NAMESPACE_DATA }, task: { source: { source: 'source', pipelineJson: pipeline } }, parents: [1, 0] },
    ],
  };
}

const bin = '[{"type":"bin","field":"x","maxbins":{"signal":"maxbins"}}]';

describe('fingerprintGraph', () => {
  it('is stable and ignores JSON key order and whitespace', () => {
    const a = fingerprintGraph(graph(bin), { timeZone: 'UTC' });
    const b = fingerprintGraph(graph('[ {"maxbins":{"signal":"maxbins"}, "field":"x", "type":"bin"} ]'), { timeZone: 'UTC' });
    expect(b.ids).toEqual(a.ids);
    expect(b.states).toEqual(a.states);
    expect(a.ids[2]).toMatch(/^[0-9a-f]{32}$/);
  });

  it('changes the state, not the id, when a root value changes', () => {
    const a = fingerprintGraph(graph(bin, '10'), { timeZone: 'UTC' });
    const b = fingerprintGraph(graph(bin, '20'), { timeZone: 'UTC' });
    expect(b.ids).toEqual(a.ids);
    expect(b.states[0]).not.toBe(a.states[0]);
    expect(b.states[1]).toBe(a.states[1]);
    expect(b.states[2]).not.toBe(a.states[2]);
  });

  it('changes the id of a node and its dependants when a task changes', () => {
    const a = fingerprintGraph(graph(bin), { timeZone: 'UTC' });
    const b = fingerprintGraph(graph(bin, '10', 'data/movies.json'), { timeZone: 'UTC' });
    expect(b.ids[0]).toBe(a.ids[0]);
    expect(b.ids[1]).not.toBe(a.ids[1]);
    expect(b.ids[2]).not.toBe(a.ids[2]);
  });

  it('folds the time zone and URL state into computed nodes only', () => {
    const a = fingerprintGraph(graph(bin), { timeZone: 'UTC' });
    const b = fingerprintGraph(graph(bin), { timeZone: 'America/New_York' });
    expect(b.states[0]).toBe(a.states[0]);
    expect(b.states[2]).not.toBe(a.states[2]);
    const c = fingerprintGraph(graph(bin), { timeZone: 'UTC', urlState: () => 'size=1;mtime=2' });
    expect(c.states[1]).not.toBe(a.states[1]);
    expect(c.states[2]).not.toBe(a.states[2]);
  });

  it('orders parents first', () => {
    const g = graph(bin);
    g.nodes = [g.nodes![2], g.nodes![0], g.nodes![1]];
    g.nodes[0].parents = [2, 1];
    const { order } = fingerprintGraph(g, { timeZone: 'UTC' });
    expect(order.indexOf(0)).toBeGreaterThan(order.indexOf(1));
    expect(order.indexOf(0)).toBeGreaterThan(order.indexOf(2));
  });

  it('rejects cycles and bad parent indices with code bad_graph', () => {
    const cyclic: ITaskGraph = { nodes: [{ task: { signal: { expr: 'b' } }, parents: [1] }, { task: { signal: { expr: 'a' } }, parents: [0] }] };
    expect(() => fingerprintGraph(cyclic, { timeZone: 'UTC' })).toThrow(GraphShapeError);
    try {
      fingerprintGraph({ nodes: [{ task: { signal: { expr: 'x' } }, parents: [5] }] }, { timeZone: 'UTC' });
      expect.fail('should throw');
    } catch (e) {
      expect((e as GraphShapeError).code).toBe('bad_graph');
      expect((e as GraphShapeError).path).toBe('/nodes/0/parents');
    }
  });

  it('handles a deep chain without overflowing the stack', () => {
    const nodes = Array.from({ length: 20000 }, (_, i) => ({ task: { signal: { expr: 'x' } }, parents: i === 0 ? [] : [i - 1] }));
    const fps = fingerprintGraph({ nodes }, { timeZone: 'UTC' });
    expect(fps.order).toHaveLength(20000);
    expect(new Set(fps.ids).size).toBe(20000);
  });
});
