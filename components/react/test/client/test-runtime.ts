/**
 * A small real WebSocket server that speaks the wire protocol, for client tests. It
 * evaluates a task graph by turning it into a Vega spec and running Vega headless, so the
 * values it answers are the values Vega computes. Tests steer its timing (delays, ignored
 * cancels, dropped connections) and read what it received.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  decodeClientMessage, decodeJsonValue, encodeArrow, encodeJsonValue, encodeServerFrames, encodeServerMessage, capabilitiesToMessage,
  Namespace, type ClientMessage, type INodeValue, type IQuery, type IServerMessage, type RuntimeCapabilities,
} from '@vegafusion-ts/proto';
import { tableFromJSON } from 'apache-arrow';
import { parse, View, type Spec } from 'vega';
import { WebSocketServer, type WebSocket } from 'ws';

export const TEST_CAPABILITIES: RuntimeCapabilities = {
  protocolVersion: 1,
  runtimeVersion: 'test',
  transforms: ['filter', 'aggregate', 'formula'],
  aggregateOps: ['count', 'sum'],
  windowOps: [],
  expressionFunctions: [],
  dataFormats: ['json'],
  transformParams: {},
};

export interface TestRuntimeOptions {
  /** Listen on this port (to restart a runtime where a client expects it). */
  port?: number;
  /** Delay before answering a query (ms). */
  delayMs?: number | ((query: IQuery) => number);
  /** Answer cancelled queries anyway (to test that the client drops stale answers). */
  ignoreCancel?: boolean;
  /** Replace evaluation: return values, or throw an object {code, message, path} to reply with an error. */
  answer?: (query: IQuery) => INodeValue[] | Promise<INodeValue[]>;
}

export interface TestRuntime {
  url: string;
  port: number;
  /** Every message received, in order. */
  received: ClientMessage[];
  queries(): IQuery[];
  cancels(): number[];
  /** Sends a raw server message to every client. */
  broadcast(message: Omit<IServerMessage, 'version'>): void;
  /** Drops every client connection (as a crashed proxy would). */
  dropClients(): void;
  close(): Promise<void>;
}

interface ReplyError {
  code: string;
  message: string;
  path?: string;
}

function isReplyError(value: unknown): value is ReplyError {
  return typeof value === 'object' && value !== null && 'code' in value && 'message' in value && !(value instanceof Error);
}

/** Evaluates the requested items of a query with Vega headless. */
export async function evaluateWithVega(query: IQuery): Promise<INodeValue[]> {
  const nodes = query.graph?.nodes ?? [];
  const spec: { signals: object[]; data: object[] } = { signals: [], data: [] };
  // Parents come before children in the graph the client sends (it keeps the plan's order).
  for (const node of nodes) {
    const name = node.variable?.name ?? '';
    const isSignal = (node.variable?.namespace ?? Namespace.NAMESPACE_SIGNAL) === Namespace.NAMESPACE_SIGNAL;
    const task = node.task ?? {};
    const pipeline = (text: string | null | undefined): object[] => (text ? (JSON.parse(text) as object[]) : []);
    if (task.value) {
      const value = task.value.json ? decodeJsonValue(task.value.json) : [];
      if (isSignal) spec.signals.push({ name, value });
      else spec.data.push({ name, values: value });
    } else if (task.values) {
      spec.data.push({ name, values: JSON.parse(task.values.valuesJson ?? '[]'), transform: pipeline(task.values.pipelineJson) });
    } else if (task.source) {
      spec.data.push({ name, source: task.source.source, transform: pipeline(task.source.pipelineJson) });
    } else if (task.signal) {
      spec.signals.push({ name, update: task.signal.expr });
    }
  }
  const view = new View(parse(spec as Spec), { renderer: 'none' });
  await view.runAsync();
  const values = (query.items ?? []).map((item): INodeValue => {
    const node = nodes[item.node ?? 0];
    const name = node.variable?.name ?? '';
    if (node.variable?.namespace === Namespace.NAMESPACE_DATA) {
      const columns = item.columns ?? [];
      const rows = (view.data(name) as Record<string, unknown>[]).map((row) => {
        const keys = columns.length ? columns : Object.keys(row);
        return Object.fromEntries(keys.map((k) => [k, row[k] ?? null]));
      });
      const signals = (node.outputs ?? []).map((o) => ({ name: o.name, value: { json: encodeJsonValue(view.signal(o.name ?? '')) } }));
      return { node: item.node, value: item.signalsOnly ? undefined : { arrow: encodeArrow(tableFromJSON(rows)) }, signals };
    }
    return { node: item.node, value: { json: encodeJsonValue(view.signal(name)) } };
  });
  view.finalize();
  return values;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Starts a test runtime on 127.0.0.1. */
export async function startTestRuntime(options: TestRuntimeOptions = {}): Promise<TestRuntime> {
  const http: Server = createServer((_, res) => res.writeHead(404).end());
  const wss = new WebSocketServer({ server: http, path: '/ws' });
  const received: ClientMessage[] = [];
  const sockets = new Set<WebSocket>();
  wss.on('connection', (ws) => {
    sockets.add(ws);
    const cancelled = new Set<number>();
    ws.on('close', () => sockets.delete(ws));
    const send = (message: Omit<IServerMessage, 'version'>): void => {
      if (ws.readyState === ws.OPEN) ws.send(encodeServerMessage(message), { binary: true });
    };
    ws.on('message', async (data) => {
      const message = decodeClientMessage(new Uint8Array(data as Buffer));
      received.push(message);
      if (message.capabilities) {
        send({ capabilities: capabilitiesToMessage(TEST_CAPABILITIES, message.capabilities.requestId ?? 0) });
      } else if (message.cancel) {
        cancelled.add(message.cancel.requestId ?? 0);
      } else if (message.query) {
        const query = message.query;
        const requestId = query.requestId ?? 0;
        const delay = typeof options.delayMs === 'function' ? options.delayMs(query) : options.delayMs ?? 0;
        if (delay > 0) await sleep(delay);
        if (cancelled.has(requestId) && !options.ignoreCancel) {
          send({ error: { requestId, code: 'cancelled', message: 'cancelled', path: '' } });
          return;
        }
        try {
          const values = await (options.answer ?? evaluateWithVega)(query);
          // Every table as a frame of its own to a client that reads them, so the client
          // tests put replies back together as they must from a runtime's large tables.
          const frames = encodeServerFrames({ result: { requestId, values, stats: { nodesComputed: values.length } } }, query.arrowFrames === true, 1);
          for (const frame of frames) if (ws.readyState === ws.OPEN) ws.send(frame, { binary: true });
        } catch (error) {
          const e = isReplyError(error) ? error : { code: 'internal', message: String(error), path: '' };
          send({ error: { requestId, code: e.code, message: e.message, path: e.path ?? '' } });
        }
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (http.address() as AddressInfo).port;
  return {
    url: `ws://127.0.0.1:${port}/ws`,
    port,
    received,
    queries: () => received.flatMap((m) => (m.query ? [m.query] : [])),
    cancels: () => received.flatMap((m) => (m.cancel ? [m.cancel.requestId ?? 0] : [])),
    broadcast: (message) => {
      for (const ws of sockets) ws.send(encodeServerMessage(message), { binary: true });
    },
    dropClients: () => {
      for (const ws of sockets) ws.terminate();
    },
    close: async () => {
      for (const ws of sockets) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
