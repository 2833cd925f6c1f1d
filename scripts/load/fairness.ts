/**
 * Fairness under a flood: FLOODERS connections each send EACH distinct slow queries at
 * once, then one bystander sends a cheap query. Prints how long the bystander waited,
 * how many flood replies came before its own, and how long the flood took, for a runtime
 * with the given --max-running-queries (a very large value: every query at once, as
 * without admission).
 *
 *   npx tsx scripts/load/fairness.ts [--flooders 50] [--each 16] [--rows 100000] [--max-running-queries 4]
 */
import { parseArgs } from 'node:util';
import { Namespace, type ITaskGraph } from '@vegafusion-ts/proto';
import { startRuntime, silentLogger } from '../../runtime/src/index.js';
import { connect } from '../../runtime/test/support/ws-client.js';

const { values: args } = parseArgs({
  options: {
    flooders: { type: 'string', default: '50' },
    each: { type: 'string', default: '16' },
    rows: { type: 'string', default: '100000' },
    'max-running-queries': { type: 'string', default: '4' },
  },
});
const flooders = Number(args.flooders);
const each = Number(args.each);
const rows = Number(args.rows);
const maxRunning = Number(args['max-running-queries']);

const data = (pipeline: unknown[]): ITaskGraph => ({
  nodes: [{ variable: { name: 'd', namespace: Namespace.NAMESPACE_DATA }, task: { values: { valuesJson: '[]', pipelineJson: JSON.stringify(pipeline) } } }],
});
const slow = (salt: number) => data([
  { type: 'sequence', start: 0, stop: rows },
  { type: 'formula', as: 'k', expr: `(datum.data * ${salt}) % 1000003` },
  { type: 'window', sort: { field: 'k' }, ops: ['rank'], as: ['r'] },
  { type: 'aggregate', ops: ['max'], fields: ['r'], as: ['m'] },
]);

const runtime = await startRuntime({
  port: 0, logger: silentLogger, maxRunningQueries: maxRunning, maxConcurrentQueries: Math.max(16, each), queryTimeoutMs: 600_000,
});
const clients = await Promise.all(Array.from({ length: flooders + 1 }, () => connect(runtime.url)));
let floodAnswered = 0;
let errors = 0;
const started = performance.now();
const flood: Promise<unknown>[] = [];
let salt = 7919;
for (let q = 1; q <= each; q++) {
  for (let c = 0; c < flooders; c++) {
    flood.push(clients[c].query({ requestId: q, timeZone: 'UTC', graph: slow(salt++), items: [{ node: 0 }] }).then((m) => {
      floodAnswered++;
      if (m.error) errors++;
    }));
  }
}
// The bystander comes once the flood has arrived.
while (runtime.server.metrics.queries < flooders * each) await new Promise((r) => setTimeout(r, 5));
const sent = performance.now();
const before = floodAnswered;
const reply = await clients[flooders].query({ requestId: 1, timeZone: 'UTC', graph: data([{ type: 'sequence', start: 0, stop: 3 }]), items: [{ node: 0 }] });
const bystanderMs = performance.now() - sent;
const ahead = floodAnswered - before;
await Promise.all(flood);
const floodMs = performance.now() - started;
console.log(JSON.stringify({
  flooders, each, rows, maxRunningQueries: maxRunning, bystanderOk: !reply.error,
  bystanderMs: Math.round(bystanderMs), floodRepliesAheadOfBystander: ahead, floodQueries: flooders * each,
  floodErrors: errors, floodMs: Math.round(floodMs),
}));
for (const c of clients) c.close();
await runtime.close();
