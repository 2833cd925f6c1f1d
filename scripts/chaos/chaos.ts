/**
 * The chaos drill: several runtime processes behind nginx share one upload store; every
 * session uploads a dataset of its own through the balancer and drags a brush over it,
 * while runtimes are SIGKILLed at random moments and restarted on their ports. The store
 * is kept small, so uploads are also evicted under the sessions, which then upload again
 * and ask again (as the Python wrappers do on `dataset_missing`).
 *
 * Every answer is compared afterwards with a reference runtime's answer to the same query
 * (a process no fault touches, with a store of its own). The drill reports answers,
 * errors, wrong answers, sessions lost (a last step never answered), re-uploads, faults
 * and each runtime process's peak resident memory against its memory budget.
 *
 *   npx tsx scripts/chaos/chaos.ts [--sessions 200] [--seconds 60] [--runtimes 3] [--seed 7]
 */
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import WebSocket from 'ws';
import { arrowToRows, decodeArrow, encodeJsonValue, Namespace, type ITaskGraph } from '@vegafusion-ts/proto';
import { createConnection, type RuntimeConnection, type WebSocketLike } from '../../components/react/src/client/index.js';
import { percentile } from '../scale-out/brush-sessions.js';
import { findNginx, startNginx, startRuntimeProcess, type RuntimeProcess } from '../scale-out/cluster.js';

export interface ChaosOptions {
  /** Runtime processes behind nginx (at least 2: one is always left up). */
  runtimes: number;
  sessions: number;
  durationMs: number;
  /** Pause between one session's brush steps. */
  stepMs?: number;
  /** A runtime is killed once in this many ms on average (the moments are drawn from the seed). */
  killEveryMs?: number;
  seed?: number;
  /** Each runtime's --memory-budget, in bytes. */
  budgetBytes?: number;
  /** The shared store's --store-bytes: small, so uploads are evicted during the drill. */
  storeBytes?: number;
  /** Rows of each session's dataset. */
  rowsPerSession?: number;
  installNginx?: boolean;
  onEvent?(text: string): void;
}

export interface ChaosReport {
  sessions: number;
  /** Answers received (each checked against the reference afterwards). */
  answered: number;
  /** Answers that differ from the reference runtime's. */
  wrong: number;
  /** Error replies, other than withdrawn steps and `dataset_missing` (handled by re-uploading). */
  errors: number;
  /** Steps withdrawn because a newer one superseded them. */
  cancelled: number;
  /** Sessions whose last step was never answered. */
  lost: number;
  uploads: number;
  /** Uploads made again after a query found the dataset gone (evicted from the shared store). */
  reuploads: number;
  /** Upload attempts that failed (a runtime killed under them) and were tried again. */
  uploadRetries: number;
  reconnects: number;
  p50: number;
  p99: number;
  faults: { atMs: number; what: string }[];
  /** Peak resident memory of each runtime process (restarts are new processes). */
  peaks: { port: number; pid: number; peakBytes: number }[];
  budgetBytes: number;
  problems: string[];
  /** The first few reasons uploads failed and were tried again. */
  uploadFailures: string[];
  /** The first few errors nginx logged (upstreams refusing or resetting). */
  nginxErrors: string[];
}

export type ChaosResult = { skipped: string } | ChaosReport;

const MB = 1024 * 1024;
const nodeSocket = (url: string) => new WebSocket(url) as unknown as WebSocketLike;

/** A small deterministic generator (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Session k's dataset as CSV: a float column x (negative too), an integer v, a category g, a few empty cells. */
export function sessionCsv(k: number, rows: number): string {
  const next = random(1000 + k);
  const lines = ['x,v,g'];
  for (let i = 0; i < rows; i++) {
    const x = Math.round((next() * 2000 - 500) * 100) / 100;
    const v = Math.floor(next() * 1000) - 100;
    const g = 'abcde'[Math.floor(next() * 5)];
    lines.push(`${i % 97 === 5 ? '' : x},${i % 89 === 7 ? '' : v},${g}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The query of one brush position over an uploaded dataset: counts, sums and means per category. */
export function chaosGraph(hash: string, lo: number, hi: number): ITaskGraph {
  const store = [{ unit: 'concat_0', fields: [{ field: 'x', channel: 'x', type: 'R' }], values: [[lo, hi]] }];
  const pipeline = [
    { type: 'filter', expr: '!length(data("brush_store")) || vlSelectionTest("brush_store", datum)' },
    { type: 'aggregate', groupby: ['g'], ops: ['count', 'sum', 'mean', 'max'], fields: ['v', 'v', 'x', 'x'], as: ['n', 'total', 'mean_x', 'max_x'] },
    { type: 'collect', sort: { field: 'g' } },
  ];
  return {
    nodes: [
      { variable: { name: 'source_0', namespace: Namespace.NAMESPACE_DATA }, task: { url: { url: `vegafusion+dataset://${hash}`, formatJson: '{"type":"csv","parse":"auto"}' } } },
      { variable: { name: 'brush_store', namespace: Namespace.NAMESPACE_DATA }, task: { value: { json: encodeJsonValue(store) } } },
      { variable: { name: 'summary', namespace: Namespace.NAMESPACE_DATA }, task: { source: { source: 'source_0', pipelineJson: JSON.stringify(pipeline) } }, parents: [0, 1] },
    ],
  };
}

/** Uploads CSV text; resolves with the dataset's hash. Throws with the reply's code on refusal. */
async function upload(url: string, token: string, csv: string): Promise<string> {
  const res = await fetch(`${url}/datasets?format=csv`, {
    method: 'POST', body: csv, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' },
  });
  const body = await res.json().catch(() => ({})) as { hash?: string; code?: string; message?: string };
  if (!res.ok || !body.hash) throw Object.assign(new Error(`upload failed: ${res.status} ${body.code ?? ''} ${body.message ?? ''}`), { status: res.status });
  return body.hash;
}

/**
 * The most resident memory a process has held so far (the kernel's VmHWM), 0 once it is
 * gone: read every 100 ms, so a process killed between reads loses at most that much.
 */
function peakResidentBytes(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Runs the drill; see the module comment. */
export async function runChaos(options: ChaosOptions): Promise<ChaosResult> {
  const nginx = findNginx(options.installNginx ?? false);
  if ('skip' in nginx) return { skipped: nginx.skip };
  const say = options.onEvent ?? (() => undefined);
  const next = random(options.seed ?? 7);
  const budgetBytes = options.budgetBytes ?? 1024 * MB;
  const storeDir = mkdtempSync(path.join(tmpdir(), 'vf-chaos-store-'));
  const referenceStore = mkdtempSync(path.join(tmpdir(), 'vf-chaos-ref-'));
  const args = (store: string, storeBytes: number) => [
    '--threads', '1', '--store-dir', store, '--store-bytes', String(storeBytes), '--memory-budget', String(budgetBytes),
  ];
  const shared = args(storeDir, options.storeBytes ?? 2 * MB);
  const processes: RuntimeProcess[] = [];
  let balancer: Awaited<ReturnType<typeof startNginx>> | undefined;
  const peaks = new Map<number, { port: number; pid: number; peakBytes: number }>();
  const watch = (p: RuntimeProcess) => peaks.set(p.pid, { port: p.port, pid: p.pid, peakBytes: peakResidentBytes(p.pid) });
  const sampler = setInterval(() => {
    for (const peak of peaks.values()) peak.peakBytes = Math.max(peak.peakBytes, peakResidentBytes(peak.pid));
  }, 100);
  try {
    const live: (RuntimeProcess | undefined)[] = await Promise.all(Array.from({ length: options.runtimes }, () => startRuntimeProcess({ args: shared })));
    processes.push(...live as RuntimeProcess[]);
    live.forEach((p) => watch(p!));
    const reference = await startRuntimeProcess({ args: args(referenceStore, 1024 * MB) });
    processes.push(reference);
    balancer = await startNginx(nginx.path, live.map((p) => p!.port));
    const token = reference.token;
    say(`nginx ${balancer.url} -> runtimes ${live.map((p) => `:${p!.port}`).join(' ')}; reference :${reference.port}`);

    // Faults: a runtime killed at random moments (one always stays up), restarted after a pause.
    const t0 = Date.now();
    const faults: { atMs: number; what: string }[] = [];
    const record = (what: string) => {
      faults.push({ atMs: Date.now() - t0, what });
      say(`${Date.now() - t0} ms: ${what}`);
    };
    let faulting = true;
    const restarts: Promise<unknown>[] = [];
    const faultLoop = (async () => {
      const every = options.killEveryMs ?? 3000;
      while (faulting) {
        await new Promise((r) => setTimeout(r, every * (0.5 + next())));
        if (!faulting) break;
        // One fault at a time: a runtime is killed only while every other one is up.
        const up = live.map((p, i) => (p ? i : -1)).filter((i) => i >= 0);
        if (up.length < live.length) continue;
        const i = up[Math.floor(next() * up.length)];
        const victim = live[i]!;
        live[i] = undefined;
        await victim.stop('SIGKILL');
        record(`runtime :${victim.port} killed (SIGKILL)`);
        const pause = 200 + next() * 1500;
        restarts.push(new Promise((r) => setTimeout(r, pause)).then(() => startRuntimeProcess({ port: victim.port, args: shared })).then((p) => {
          processes.push(p);
          watch(p);
          live[i] = p;
          record(`runtime :${p.port} restarted`);
        }));
      }
    })();

    // Sessions.
    const rows = options.rowsPerSession ?? 1500;
    const stepMs = options.stepMs ?? 100;
    const answers = new Map<string, string>();
    const latencies: number[] = [];
    const problems: string[] = [];
    const note = (text: string) => {
      if (problems.length < 12) problems.push(text);
    };
    let errors = 0;
    let cancelled = 0;
    let lost = 0;
    let uploads = 0;
    let reuploads = 0;
    let uploadRetries = 0;
    const uploadFailures: string[] = [];
    let reconnects = 0;
    const uploadWithRetries = async (csv: string): Promise<string> => {
      for (let attempt = 0; ; attempt++) {
        try {
          const hash = await upload(balancer!.url, token, csv);
          uploads++;
          return hash;
        } catch (error) {
          // 502/503 (a runtime killed under the request), or a connection reset: try again.
          const status = (error as { status?: number }).status;
          if (attempt >= 20 || (status !== undefined && status < 500)) throw error;
          uploadRetries++;
          if (uploadFailures.length < 5) uploadFailures.push((error as Error).message);
          await new Promise((r) => setTimeout(r, 100 * (attempt + 1)));
        }
      }
    };
    const session = async (k: number): Promise<void> => {
      const csv = sessionCsv(k, rows);
      await new Promise((r) => setTimeout(r, (k * stepMs) / Math.max(1, options.sessions)));
      let hash = await uploadWithRetries(csv);
      const connection: RuntimeConnection = createConnection(balancer!.url, {
        createWebSocket: nodeSocket, token, reconnect: { initialDelayMs: 50, maxDelayMs: 1000 },
      });
      connection.onStatus((s) => {
        if (s === 'reconnecting') reconnects++;
      });
      const inFlight: { cancel(): void }[] = [];
      let step = 0;
      let ended = false;
      const ask = async (final: boolean): Promise<void> => {
        const lo = ((k * 53 + step * 17) % 1800) - 500;
        const hi = lo + 50 + ((k * 7 + step * 3) % 900);
        step++;
        for (let attempt = 0; attempt < 10; attempt++) {
          // Asked again after a dataset went missing: a pause that grows, as the client's does.
          if (attempt > 0) await new Promise((r) => setTimeout(r, 100 * attempt));
          // A step that outlived the session's last one (it was uploading again) is superseded.
          if (!final && ended) {
            cancelled++;
            return;
          }
          const sent = performance.now();
          const ticket = connection.query({ graph: chaosGraph(hash, lo, hi), items: [{ node: 2 }], timeZone: 'UTC' });
          const entry = { cancel: () => ticket.cancel() };
          if (!final) {
            inFlight.push(entry);
            while (inFlight.length > 2) inFlight.shift()?.cancel();
          }
          try {
            const result = await ticket.result;
            latencies.push(performance.now() - sent);
            answers.set(`${k}|${lo}|${hi}`, JSON.stringify(arrowToRows(decodeArrow(result.values![0].value!.arrow!))));
            return;
          } catch (error) {
            const code = (error as { code?: string }).code;
            if (code === 'cancelled' || (code === 'closed' && !final && ended)) {
              cancelled++;
              return;
            }
            if (code === 'dataset_missing') {
              // Evicted from the shared store: upload it again and ask again, as the wrappers do.
              try {
                hash = await uploadWithRetries(csv);
              } catch (failure) {
                errors++;
                if (final) lost++;
                note(`session ${k}: upload again failed: ${(failure as Error).message}`);
                return;
              }
              reuploads++;
              continue;
            }
            errors++;
            note(`session ${k} [${lo}, ${hi}]: ${code ?? ''} ${(error as Error).message ?? String(error)}`);
            if (final) lost++;
            return;
          } finally {
            const i = inFlight.indexOf(entry);
            if (i >= 0) inFlight.splice(i, 1);
          }
        }
        errors++;
        if (final) lost++;
        note(`session ${k} [${lo}, ${hi}]: dataset still missing after ten uploads`);
      };
      const pending: Promise<void>[] = [];
      while (Date.now() - t0 < options.durationMs) {
        pending.push(ask(false));
        await new Promise((r) => setTimeout(r, stepMs));
      }
      // The last step must be answered, however long the faults make it wait (bounded).
      const last = ask(true);
      const stuck = await Promise.race([last.then(() => false), new Promise<boolean>((r) => setTimeout(() => r(true), 60_000))]);
      if (stuck) {
        lost++;
        note(`session ${k}: last step not answered within 60 s`);
      }
      // Steps still waiting are superseded by the answered last one: withdrawn, as the chart does.
      ended = true;
      for (const entry of inFlight.splice(0)) entry.cancel();
      await Promise.race([Promise.all(pending), new Promise((r) => setTimeout(r, 5000))]);
      connection.close();
    };
    const sessionsDone = Promise.all(Array.from({ length: options.sessions }, (_, k) => session(k).catch((error: unknown) => {
      lost++;
      note(`session ${k} failed: ${(error as Error).message}`);
    })));
    await sessionsDone;
    faulting = false;
    await faultLoop;
    await Promise.all(restarts);
    say(`${answers.size} distinct answers; comparing with the reference runtime`);

    // Every answer against the reference runtime's, one connection, after the faults.
    const ref = createConnection(reference.url, { createWebSocket: nodeSocket, token });
    const hashes = new Map<number, string>();
    let wrong = 0;
    for (const [key, got] of answers) {
      const [k, lo, hi] = key.split('|').map(Number);
      let hash = hashes.get(k);
      if (!hash) {
        hash = await upload(reference.url, token, sessionCsv(k, rows));
        hashes.set(k, hash);
      }
      const result = await ref.query({ graph: chaosGraph(hash, lo, hi), items: [{ node: 2 }], timeZone: 'UTC' }).result;
      const want = JSON.stringify(arrowToRows(decodeArrow(result.values![0].value!.arrow!)));
      if (want !== got) {
        wrong++;
        note(`session ${k} [${lo}, ${hi}]: got ${got.slice(0, 200)}, reference ${want.slice(0, 200)}`);
      }
    }
    ref.close();
    const nginxErrors = balancer.log().split('\n').filter((l) => /\[(error|crit|alert|emerg)\]/.test(l)).slice(0, 5);
    const sorted = latencies.sort((a, b) => a - b);
    return {
      sessions: options.sessions, answered: answers.size, wrong, errors, cancelled, lost, uploads, reuploads, uploadRetries, reconnects,
      p50: percentile(sorted, 50), p99: percentile(sorted, 99), faults,
      peaks: [...peaks.values()], budgetBytes, problems, uploadFailures, nginxErrors,
    };
  } finally {
    clearInterval(sampler);
    await balancer?.stop();
    await Promise.all(processes.map((p) => p.stop('SIGKILL')));
    rmSync(storeDir, { recursive: true, force: true });
    rmSync(referenceStore, { recursive: true, force: true });
  }
}

async function main(argv: string[]): Promise<void> {
  const arg = (name: string, fallback: number) => {
    const i = argv.indexOf(name);
    return i >= 0 ? Number(argv[i + 1]) : fallback;
  };
  const result = await runChaos({
    runtimes: arg('--runtimes', 3), sessions: arg('--sessions', 200), durationMs: arg('--seconds', 60) * 1000,
    seed: arg('--seed', 7), killEveryMs: arg('--kill-every-ms', 3000), stepMs: arg('--step-ms', 150),
    installNginx: argv.includes('--install-nginx'), onEvent: (t) => console.log(t),
  });
  if ('skipped' in result) {
    console.log(`skipped: ${result.skipped}`);
    return;
  }
  const { peaks, faults, problems, nginxErrors: _nginx, ...figures } = result;
  console.log(JSON.stringify(figures, null, 2));
  console.log(`faults: ${faults.filter((f) => f.what.includes('killed')).length} kills, ${faults.filter((f) => f.what.includes('restarted')).length} restarts`);
  for (const p of peaks) console.log(`runtime :${p.port} pid ${p.pid}: peak ${(p.peakBytes / MB).toFixed(0)} MB of a ${(result.budgetBytes / MB).toFixed(0)} MB budget`);
  for (const p of problems) console.log(`problem: ${p}`);
  for (const e of result.nginxErrors) console.log(`nginx: ${e}`);
  const over = peaks.filter((p) => p.peakBytes > result.budgetBytes);
  process.exitCode = result.wrong + result.errors + result.lost + over.length === 0 ? 0 : 1;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
