/**
 * Task fingerprints, shared by the client (to find what changed) and the runtime (to key
 * its cache; it never trusts a key sent by a client).
 *
 * - id fingerprint: the node's own task content and its parents' id fingerprints;
 * - state fingerprint: the id, the parents' states and, for a root value, the value.
 *
 * Names and scopes are left out: a node's value depends on what it computes from what,
 * not on what it is called, so the same sub-graph in two charts shares its cache entries.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { canonicalJsonText } from './canonical.js';
import type { vegafusion } from './generated/vegafusion.js';

type ITaskGraph = vegafusion.v1.ITaskGraph;
type ITaskNode = vegafusion.v1.ITaskNode;

/** A fingerprint: 128 bits of SHA-256 as hex. */
export type Fingerprint = string;

export interface FingerprintOptions {
  /** The browser's time zone: it changes every computed (non-root) node's state. */
  timeZone: string;
  /**
   * Extra state for a URL task, e.g. the file's size and modification time, so that a
   * changed file is a changed state. The runtime supplies it; a client may omit it.
   */
  urlState?: (url: string, nodeIndex: number) => string;
}

function digest(parts: (string | Uint8Array)[]): Fingerprint {
  const h = sha256.create();
  for (const p of parts) {
    const bytes = typeof p === 'string' ? utf8ToBytes(p) : p;
    // Length-prefix every part so that concatenations cannot collide.
    h.update(utf8ToBytes(`${bytes.length}:`));
    h.update(bytes);
  }
  return bytesToHex(h.digest()).slice(0, 32);
}

/** The canonical description of a node's task, without root values. */
export function describeTask(node: ITaskNode): string {
  const t = node.task ?? {};
  const outputs = (node.outputs ?? []).map((v) => `${v.namespace ?? 0}:${v.name ?? ''}`).join(',');
  if (t.value) return `value|${outputs}`;
  if (t.url) {
    return `url|${t.url.url ?? ''}|${canonicalJsonText(t.url.formatJson ?? '')}|${canonicalJsonText(t.url.pipelineJson ?? '')}|${outputs}`;
  }
  if (t.values) {
    return `values|${canonicalJsonText(t.values.valuesJson ?? '')}|${canonicalJsonText(t.values.formatJson ?? '')}|${canonicalJsonText(t.values.pipelineJson ?? '')}|${outputs}`;
  }
  if (t.source) return `source|${t.source.source ?? ''}|${canonicalJsonText(t.source.pipelineJson ?? '')}|${outputs}`;
  if (t.signal) return `signal|${t.signal.expr ?? ''}|${outputs}`;
  if (t.render) return `render|${t.render.source ?? ''}|${canonicalJsonText(t.render.markJson ?? '')}|${outputs}`;
  return `empty|${outputs}`;
}

function valueBytes(node: ITaskNode): string | Uint8Array {
  const v = node.task?.value;
  if (!v) return '';
  if (v.arrow && v.arrow.length > 0) return v.arrow;
  return `json:${v.json ?? ''}`;
}

/** Visits nodes parents-first; throws on a parent index out of range or a cycle. */
export function topologicalOrder(graph: ITaskGraph): number[] {
  const nodes = graph.nodes ?? [];
  const state = new Uint8Array(nodes.length); // 0 new, 1 visiting, 2 done
  const order: number[] = [];
  for (let start = 0; start < nodes.length; start++) {
    if (state[start] === 2) continue;
    // Iterative DFS so that deep graphs cannot overflow the stack.
    const stack: [number, number][] = [[start, 0]];
    state[start] = 1;
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      const [i, next] = top;
      const parents = nodes[i].parents ?? [];
      if (next < parents.length) {
        top[1] = next + 1;
        const p = parents[next];
        if (!Number.isInteger(p) || p < 0 || p >= nodes.length) {
          throw new GraphShapeError(`Node ${i} names parent ${p}, which is not in the graph`, `/nodes/${i}/parents`);
        }
        if (state[p] === 1) throw new GraphShapeError(`Node ${i} is part of a cycle through node ${p}`, `/nodes/${i}/parents`);
        if (state[p] === 0) {
          state[p] = 1;
          stack.push([p, 0]);
        }
      } else {
        state[i] = 2;
        order.push(i);
        stack.pop();
      }
    }
  }
  return order;
}

/** A task graph that is not a DAG of valid indices. */
export class GraphShapeError extends Error {
  readonly code = 'bad_graph';
  constructor(message: string, readonly path: string) {
    super(message);
    this.name = 'GraphShapeError';
  }
}

export interface Fingerprints {
  ids: Fingerprint[];
  states: Fingerprint[];
  order: number[];
}

/** Computes id and state fingerprints of every node in the graph. */
export function fingerprintGraph(graph: ITaskGraph, options: FingerprintOptions): Fingerprints {
  const nodes = graph.nodes ?? [];
  const order = topologicalOrder(graph);
  const ids: Fingerprint[] = new Array(nodes.length);
  const states: Fingerprint[] = new Array(nodes.length);
  for (const i of order) {
    const node = nodes[i];
    const parents = node.parents ?? [];
    ids[i] = digest([describeTask(node), ...parents.map((p) => ids[p])]);
    if (node.task?.value) {
      states[i] = digest([ids[i], valueBytes(node)]);
    } else {
      const extra = node.task?.url && options.urlState ? options.urlState(node.task.url.url ?? '', i) : '';
      states[i] = digest([ids[i], options.timeZone, extra, ...parents.map((p) => states[p])]);
    }
  }
  return { ids, states, order };
}
