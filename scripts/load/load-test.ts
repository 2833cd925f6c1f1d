/**
 * A bounded load test on loopback: many sessions brush one small dataset against a
 * runtime process for a fixed time, with a hard stop. Reports errors, wrong answers,
 * latency percentiles, throughput and the runtime's memory over the run.
 *
 *   npx tsx scripts/load/load-test.ts [--sessions 200] [--seconds 60] [--step-ms 1000]
 */
import { setMaxListeners } from 'node:events';
import { pathToFileURL } from 'node:url';
import { defaultDataRoot } from '../../runtime/src/config.js';
import { runBrushSessions, type SessionReport } from '../scale-out/brush-sessions.js';
import { readMetric, startRuntimeProcess } from '../scale-out/cluster.js';

export interface LoadOptions {
  sessions: number;
  durationMs: number;
  /** Pause between one session's brush steps. */
  stepMs: number;
  /** Everything stops by then, whatever state it is in. Default: duration + 30 s. */
  hardStopMs?: number;
  /** Extra runtime flags, e.g. ['--cache-bytes', '64MB']. */
  runtimeArgs?: string[];
}

export interface LoadReport extends SessionReport {
  durationMs: number;
  /** Answered queries per second. */
  throughput: number;
  /** Resident memory of the runtime process: at start, peak, at the end (MB). */
  rssStartMb: number;
  rssPeakMb: number;
  rssEndMb: number;
  /** Resident memory every 10 s of the run (MB), to see whether it levels off. */
  rssTraceMb: number[];
  /** Shared cache size at the end (MB) and its bound. */
  cacheMb: number;
  cacheMaxMb: number;
  /** The hard stop fired (the run did not finish by itself). */
  hardStopped: boolean;
  runtimeQueries: number;
  runtimeErrors: number;
}

const MB = 1024 * 1024;

/** Runs the load test; see the module comment. */
export async function runLoad(options: LoadOptions): Promise<LoadReport> {
  const runtime = await startRuntimeProcess({ args: options.runtimeArgs ?? [] });
  const stop = new AbortController();
  setMaxListeners(0, stop.signal); // one listener per session
  const hardStop = setTimeout(() => stop.abort(), options.hardStopMs ?? options.durationMs + 30_000);
  const rss = async () => (await readMetric(runtime.url, 'vegafusion_process_resident_bytes')) / MB;
  try {
    const rssStartMb = await rss();
    let rssPeakMb = rssStartMb;
    const rssTraceMb: number[] = [];
    let ticks = 0;
    const sampler = setInterval(() => {
      const trace = ++ticks % 20 === 0;
      void rss().then((v) => {
        rssPeakMb = Math.max(rssPeakMb, v);
        if (trace) rssTraceMb.push(Math.round(v));
      }, () => undefined);
    }, 500);
    const started = Date.now();
    const report = await runBrushSessions({
      url: runtime.url, token: runtime.token, dataRoot: defaultDataRoot(), sessions: options.sessions, durationMs: options.durationMs,
      stepMs: options.stepMs, signal: stop.signal,
    });
    clearInterval(sampler);
    const elapsed = Date.now() - started;
    const rssEndMb = await rss();
    const text = await (await fetch(`${runtime.url}/metrics`)).text();
    const errorLines = [...text.matchAll(/^vegafusion_query_errors_total\{code="([a-z_]+)"\} (\d+)$/gm)]
      .filter((m) => m[1] !== 'cancelled');
    return {
      ...report,
      durationMs: elapsed,
      throughput: report.answered / (elapsed / 1000),
      rssStartMb, rssPeakMb: Math.max(rssPeakMb, rssEndMb), rssEndMb, rssTraceMb,
      cacheMb: (await readMetric(runtime.url, 'vegafusion_cache_bytes')) / MB,
      cacheMaxMb: (await readMetric(runtime.url, 'vegafusion_cache_max_bytes')) / MB,
      hardStopped: stop.signal.aborted,
      runtimeQueries: await readMetric(runtime.url, 'vegafusion_queries_total'),
      runtimeErrors: errorLines.reduce((n, m) => n + Number(m[2]), 0),
    };
  } finally {
    clearTimeout(hardStop);
    await runtime.stop('SIGKILL');
  }
}

/** One line per figure, for the report. */
export function formatLoadReport(r: LoadReport): string {
  const f = (n: number) => n.toFixed(1);
  return [
    `${r.sessions} sessions for ${f(r.durationMs / 1000)} s${r.hardStopped ? ' (HARD STOP)' : ''}`,
    `answered ${r.answered} (${f(r.throughput)}/s), superseded+cancelled ${r.cancelled}, errors ${r.errors}, wrong ${r.wrong}, unfinished ${r.unfinished}, sessions finished ${r.finished}/${r.sessions}`,
    `latency ms: p50 ${f(r.p50)}, p99 ${f(r.p99)}, max ${f(r.max)}`,
    `runtime RSS MB: start ${f(r.rssStartMb)}, peak ${f(r.rssPeakMb)}, end ${f(r.rssEndMb)} (every 10 s: ${r.rssTraceMb.join(', ')}); cache ${f(r.cacheMb)} of ${f(r.cacheMaxMb)} MB`,
    `runtime: ${r.runtimeQueries} queries, ${r.runtimeErrors} errors other than cancellations`,
    ...r.problems.map((p) => `problem: ${p}`),
  ].join('\n');
}

async function main(argv: string[]): Promise<void> {
  const arg = (name: string, fallback: number) => {
    const i = argv.indexOf(name);
    return i >= 0 ? Number(argv[i + 1]) : fallback;
  };
  const seconds = arg('--seconds', 60);
  const report = await runLoad({
    sessions: arg('--sessions', 200), durationMs: seconds * 1000, stepMs: arg('--step-ms', 1000), hardStopMs: (seconds + 60) * 1000,
  });
  console.log(formatLoadReport(report));
  process.exitCode = report.errors + report.wrong === 0 && !report.hardStopped ? 0 : 1;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
