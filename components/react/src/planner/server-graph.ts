/**
 * Builds the task graph the runtime evaluates: a node per server dataset the browser
 * needs (and their server ancestors), parents first; a root-value node per value the
 * browser owns and a server node reads (signals, selection stores). Parents are the
 * nodes a task reads by name: its source dataset, the signals and datasets its
 * expressions and `{signal}` parameters name.
 */
import { encodeJsonValue, Namespace, type ITaskGraph, type ITaskNode, type ITask } from '@vegafusion-ts/proto';
import type { ServerNodeOrigin, ToClient, ToServer } from './types.js';
import type { DataPlan, Dependency } from './partition.js';
import type { DataDef, SignalDef } from './spec-model.js';

/** What the browser reads from one server node. */
export interface ClientNeed {
  plan: DataPlan;
  /** The table itself is read (not only the signals the node defines). */
  table: boolean;
  signals: Set<string>;
  /** Columns read; empty: all. */
  columns: string[];
}

export interface ServerGraph {
  graph: ITaskGraph;
  /** What each node stands for, by index. */
  origins: ServerNodeOrigin[];
  toClient: ToClient[];
  toServer: ToServer[];
}

function pipelineJson(def: DataDef, count: number): string {
  const transforms = Array.isArray(def.spec.transform) ? def.spec.transform.slice(0, count) : [];
  return transforms.length > 0 ? JSON.stringify(transforms) : '';
}

function dataTask(plan: DataPlan, sourceName: string | undefined): ITask {
  const spec = plan.def.spec;
  const pipeline = plan.mirrored ? '' : pipelineJson(plan.def, plan.serverTransforms);
  const formatJson = spec.format === undefined ? '' : JSON.stringify(spec.format);
  if (plan.source === 'url') return { url: { url: String(spec.url), formatJson, pipelineJson: pipeline } };
  if (plan.source === 'values') {
    const valuesJson = typeof spec.values === 'string' ? JSON.stringify(spec.values) : JSON.stringify(spec.values ?? []);
    return { values: { valuesJson, formatJson, pipelineJson: pipeline } };
  }
  return { source: { source: sourceName ?? '', pipelineJson: pipeline } };
}

/** The value a root signal starts with, when the spec fixes it (the client sends the live value). */
function initialSignalValue(def: SignalDef): ITask {
  const s = def.spec;
  if ('value' in s && s.update === undefined && s.init === undefined && !def.definedBy) {
    return { value: { json: encodeJsonValue(s.value) } };
  }
  return { value: {} };
}

/** Builds the graph for `needs`, in the order given (toClient follows it). */
export function buildServerGraph(needs: ClientNeed[]): ServerGraph {
  const nodes: ITaskNode[] = [];
  const origins: ServerNodeOrigin[] = [];
  const index = new Map<string, number>();
  const toServer: ToServer[] = [];

  const addRoot = (key: string, node: ITaskNode, entry: Omit<ToServer, 'node'>): number => {
    const existing = index.get(key);
    if (existing !== undefined) return existing;
    const i = nodes.push(node) - 1;
    origins.push({ kind: entry.kind === 'signal' ? 'signal' : 'clientData', name: entry.name, scope: entry.scope });
    index.set(key, i);
    toServer.push({ node: i, ...entry });
    return i;
  };

  const ensureDependency = (dep: Dependency): number => {
    switch (dep.kind) {
      case 'data':
      case 'serverSignal':
        return ensureData(dep.plan);
      case 'clientSignal':
        return addRoot(`signal:${dep.def.key}`, {
          variable: { name: dep.def.name, namespace: Namespace.NAMESPACE_SIGNAL },
          scope: dep.def.scope.path, task: initialSignalValue(dep.def), parents: [], outputs: [],
        }, { kind: 'signal', name: dep.def.name, scope: dep.def.scope.path });
      case 'clientData': {
        const values = Array.isArray(dep.def.spec.values) ? dep.def.spec.values : [];
        return addRoot(`data:${dep.def.key}`, {
          variable: { name: dep.def.name, namespace: Namespace.NAMESPACE_DATA },
          scope: dep.def.scope.path, task: { value: { json: encodeJsonValue(values) } }, parents: [], outputs: [],
        }, { kind: 'data', name: dep.def.name, scope: dep.def.scope.path });
      }
    }
  };

  const ensureData = (plan: DataPlan): number => {
    const key = `node:${plan.def.key}`;
    const existing = index.get(key);
    if (existing !== undefined) return existing;
    const parents: number[] = [];
    let sourceName: string | undefined;
    for (const dep of plan.dependencies) {
      const p = ensureDependency(dep);
      if (!parents.includes(p)) parents.push(p);
      if (dep.kind === 'data' && plan.source === 'source' && sourceName === undefined) sourceName = dep.plan.serverName;
    }
    const i = nodes.push({
      variable: { name: plan.serverName, namespace: Namespace.NAMESPACE_DATA },
      scope: plan.def.scope.path,
      task: dataTask(plan, sourceName),
      parents,
      outputs: plan.outputs.map((s) => ({ name: s.name, namespace: Namespace.NAMESPACE_SIGNAL })),
    }) - 1;
    origins.push({ kind: 'data', name: plan.def.name, scope: plan.def.scope.path });
    index.set(key, i);
    return i;
  };

  const toClient: ToClient[] = needs.map((need) => ({
    node: ensureData(need.plan),
    kind: 'data',
    name: need.plan.serverName,
    scope: need.plan.def.scope.path,
    columns: need.table ? need.columns : [],
    signals: [...need.signals],
    signalsOnly: !need.table,
  }));
  return { graph: { nodes }, origins, toClient, toServer };
}
