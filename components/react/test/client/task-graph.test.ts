import { describe, expect, it } from 'vitest';
import { fingerprintGraph } from '@vegafusion-ts/proto';
import { fillRootValues, pruneGraph, queryItems } from '../../src/client/task-graph.js';
import type { ToClient } from '../../src/planner/types.js';
import { makePlan } from './fixtures.js';

const entry = (node: number, over: Partial<ToClient>): ToClient => ({
  node, kind: 'data', name: `d${node}`, scope: [], columns: [], signals: [], signalsOnly: false, ...over,
});

describe('queryItems', () => {
  it('merges entries of one node: columns united, all columns win, signals-only only if all are', () => {
    expect(queryItems([
      entry(1, { columns: ['b', 'a'] }),
      entry(1, { columns: ['c', 'a'] }),
      entry(2, { columns: ['x'] }),
      entry(2, {}),
      entry(3, { signalsOnly: true, signals: ['s'] }),
      entry(4, { signalsOnly: true, signals: ['s'] }),
      entry(4, { columns: ['y'] }),
      entry(5, { kind: 'signal' }),
    ])).toEqual([
      { node: 1, signalsOnly: false, columns: ['a', 'b', 'c'] },
      { node: 2, signalsOnly: false, columns: [] },
      { node: 3, signalsOnly: true, columns: [] },
      { node: 4, signalsOnly: false, columns: ['y'] },
      { node: 5, signalsOnly: false, columns: [] },
    ]);
  });
});

describe('pruneGraph', () => {
  it('keeps the wanted nodes and their ancestors, re-indexes parents, keeps fingerprints', () => {
    const graph = makePlan().serverGraph;
    const pruned = pruneGraph(graph, [2]);
    expect(pruned.original).toEqual([0, 1, 2]);
    expect(pruned.graph.nodes?.[2].parents).toEqual([1, 0]);
    const full = fingerprintGraph(graph, { timeZone: 'UTC' });
    const part = fingerprintGraph(pruned.graph, { timeZone: 'UTC' });
    expect(part.states[2]).toBe(full.states[2]);

    const other = pruneGraph(graph, [5, 3]);
    expect(other.original).toEqual([1, 3, 4, 5]);
    expect(other.graph.nodes?.map((n) => n.parents ?? [])).toEqual([[], [0], [], [2]]);
    expect(other.index.get(5)).toBe(3);
  });
});

describe('fillRootValues', () => {
  it('puts values into root nodes without touching the plan', () => {
    const plan = makePlan();
    const filled = fillRootValues(plan.serverGraph, new Map([[0, { json: '7' }]]));
    expect(filled.nodes?.[0].task?.value?.json).toBe('7');
    expect(plan.serverGraph.nodes?.[0].task?.value?.json).toBe('2');
    const before = fingerprintGraph(plan.serverGraph, { timeZone: 'UTC' }).states;
    const after = fingerprintGraph(filled, { timeZone: 'UTC' }).states;
    expect(after[2]).not.toBe(before[2]); // filtered reads threshold
    expect(after[3]).toBe(before[3]); // counts does not
  });
});
