/**
 * The runtime under test, as its own process (so its memory is measured alone):
 * `tsx bench/server.ts <data-root> [--no-index]`. Prints the URL line the CLI prints.
 */
import { defaultDataRoot } from '../runtime/src/config.js';
import { silentLogger, startRuntime } from '../runtime/src/index.js';

process.env.TZ = 'UTC';

async function main(): Promise<void> {
  const [root] = process.argv.slice(2);
  const runtime = await startRuntime({
    port: 0, host: '127.0.0.1', dataRoots: [root, defaultDataRoot()], logger: silentLogger,
    // A first brush may wait for index builds over 10M+ rows on a loaded machine.
    // VEGAFUSION_INDEX_BYTES raises the index budget for the largest sizes, and
    // VEGAFUSION_QUERY_TIMEOUT_MS the time limit (several builds at 100M rows).
    queryTimeoutMs: Number(process.env.VEGAFUSION_QUERY_TIMEOUT_MS ?? 600_000), indexBytes: Number(process.env.VEGAFUSION_INDEX_BYTES ?? 4 * 1024 ** 3),
    // And, for 100M rows, the largest data file and the memory budget (env, in bytes).
    ...(process.env.VEGAFUSION_MAX_UPLOAD_BYTES ? { maxUploadBytes: Number(process.env.VEGAFUSION_MAX_UPLOAD_BYTES) } : {}),
    ...(process.env.VEGAFUSION_MEMORY_BUDGET ? { memoryBudgetBytes: Number(process.env.VEGAFUSION_MEMORY_BUDGET) } : {}),
  });
  // Without indexes the runtime runs the plain query on every brush (the bench's baseline).
  if (process.argv.includes('--no-index')) runtime.services.indexes = undefined;
  console.log(`vegafusion-runtime listening on ${runtime.url}`);
  const stop = () => { runtime.close().then(() => process.exit(0), () => process.exit(1)); };
  // SIGUSR2: a full garbage collection, so that a memory reading that follows holds
  // what is live rather than what the collector has not yet reached.
  process.on('SIGUSR2', () => { (globalThis as { gc?: () => void }).gc?.(); });
  // SIGHUP: empty the result and prepared-dataset caches (uploaded datasets stay), as
  // vegafusion's clear_cache() does between its repeated runs, and collect what they held
  // (vegafusion frees it then and there) so the next run does not pay for that.
  process.on('SIGHUP', () => {
    runtime.services.values.clear();
    runtime.services.prepared.clear();
    (globalThis as { gc?: () => void }).gc?.();
  });
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

void main();
