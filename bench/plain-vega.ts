/**
 * Plain Vega in Node, what the browser does today: the compiled crossfilter with the
 * file's rows inline (decoding the file is not timed), rendered headless; then brush
 * updates written to the brush store as Vega-Lite's triggers would. Run as its own
 * process: `node --import tsx bench/plain-vega.ts <job.json>`; prints one JSON line.
 */
import { readFileSync } from 'node:fs';
import * as vega from 'vega';
import { createDuckDbEngine } from '../runtime/src/engine/duckdb.js';

/**
 * `stores`: per update, the brush store's entries, or entries by store name (several
 * selections). `select`: the SQL select list reading the file's rows (default: flights').
 */
interface Job { path: string; spec: Record<string, unknown>; stores: (unknown[] | Record<string, unknown[]>)[]; repeats: number; select?: string }

process.env.TZ = 'UTC';

async function main(): Promise<void> {
  const job = JSON.parse(readFileSync(process.argv[2], 'utf8')) as Job;
  const engine = await createDuckDbEngine({ connections: 1 });
  const select = job.select ?? 'date, delay::DOUBLE AS delay, distance::DOUBLE AS distance, origin, destination';
  const rows = await engine.queryRows(`SELECT ${select} FROM read_parquet('${job.path.replace(/'/g, "''")}')`);
  await engine.close();
  const cold: number[] = [];
  let view: vega.View | undefined;
  for (let i = 0; i < job.repeats; i++) {
    view?.finalize();
    const spec = structuredClone(job.spec) as { data: Record<string, unknown>[] };
    const source = spec.data.find((d) => d.url !== undefined);
    if (!source) throw new Error('no data url in the spec');
    delete source.url;
    delete source.format;
    source.values = [];
    const started = performance.now();
    view = new vega.View(vega.parse(spec as unknown as vega.Spec), { renderer: 'none' });
    view.data(String(source.name), rows.map((r) => ({ ...r })));
    await view.runAsync();
    cold.push(performance.now() - started);
  }
  const updates: number[] = [];
  for (const store of job.stores) {
    const started = performance.now();
    if (Array.isArray(store)) view!.data('brush_store', store);
    else for (const [name, entries] of Object.entries(store)) view!.data(name, entries);
    await view!.runAsync();
    updates.push(performance.now() - started);
  }
  view?.finalize();
  process.stdout.write(`${JSON.stringify({ cold, updates })}\n`);
}

main().catch((e: unknown) => { process.stderr.write(`${(e as Error).stack}\n`); process.exit(1); });
