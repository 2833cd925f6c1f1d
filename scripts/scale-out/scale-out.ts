/**
 * The fail-over drill: two runtime processes behind nginx serve brushing sessions; mid-
 * drag one runtime is killed (SIGKILL), then restarted on its port, then the other is
 * shut down gracefully (SIGTERM, draining its in-flight queries). Every session must keep
 * getting the right answers through its reconnecting client: nothing is lost.
 *
 *   npx tsx scripts/scale-out/scale-out.ts [--sessions 20] [--seconds 15]
 */
import { pathToFileURL } from 'node:url';
import { defaultDataRoot } from '../../runtime/src/config.js';
import { runBrushSessions, type SessionReport } from './brush-sessions.js';
import { findNginx, readMetric, startNginx, startRuntimeProcess, type RuntimeProcess } from './cluster.js';

export interface ScaleOutOptions {
  sessions: number;
  durationMs: number;
  stepMs?: number;
  /** Install nginx with apt-get when missing (needs root). */
  installNginx?: boolean;
  onEvent?(text: string): void;
}

export interface FaultRecord {
  atMs: number;
  what: string;
}

export type ScaleOutResult =
  | { skipped: string }
  | {
    sessions: SessionReport;
    faults: FaultRecord[];
    /** Exit code of the runtime shut down with SIGTERM (0: drained and closed cleanly). */
    gracefulExit: number | string;
    /** Queries the drained runtime answered while draining, by its metrics just before exit. */
    drainedLog: string;
    nginxErrors: string[];
  };

/** Runs the drill; see the module comment. */
export async function runScaleOut(options: ScaleOutOptions): Promise<ScaleOutResult> {
  const nginx = findNginx(options.installNginx ?? false);
  if ('skip' in nginx) return { skipped: nginx.skip };
  const say = options.onEvent ?? (() => undefined);
  const started: RuntimeProcess[] = [];
  let balancer: Awaited<ReturnType<typeof startNginx>> | undefined;
  try {
    const [a, b] = await Promise.all([startRuntimeProcess({ args: ['--threads', '1'] }), startRuntimeProcess({ args: ['--threads', '1'] })]);
    started.push(a, b);
    balancer = await startNginx(nginx.path, [a.port, b.port]);
    say(`nginx ${balancer.url} -> runtimes :${a.port} :${b.port}`);
    const faults: FaultRecord[] = [];
    const t0 = Date.now();
    const record = (what: string) => {
      faults.push({ atMs: Date.now() - t0, what });
      say(`${Date.now() - t0} ms: ${what}`);
    };
    let restarted: RuntimeProcess | undefined;
    let restart: Promise<unknown> = Promise.resolve();
    let shutdown: Promise<unknown> = Promise.resolve();
    let gracefulExit: number | string = 'not run';
    let drainedLog = '';
    const d = options.durationMs;
    const schedule = [
      setTimeout(() => {
        void a.stop('SIGKILL').then(() => record(`runtime :${a.port} killed (SIGKILL) mid-drag`));
      }, d * 0.2),
      setTimeout(() => {
        restart = startRuntimeProcess({ port: a.port, args: ['--threads', '1'] }).then((p) => {
          restarted = p;
          started.push(p);
          record(`runtime :${a.port} restarted`);
        });
      }, d * 0.3),
      setTimeout(() => {
        // Only once the other runtime is back: a dashboard with no runtime left is not the drill.
        shutdown = restart.then(() => {
          record(`runtime :${b.port} asked to shut down (SIGTERM)`);
          return b.stop('SIGTERM');
        }).then((code) => {
          gracefulExit = code;
          drainedLog = b.log();
          record(`runtime :${b.port} exited (${code})`);
        });
      }, d * 0.65),
    ];
    const sessions = await runBrushSessions({
      url: balancer.url, token: a.token, dataRoot: defaultDataRoot(), sessions: options.sessions, durationMs: d, stepMs: options.stepMs ?? 50,
    });
    await shutdown;
    schedule.forEach(clearTimeout);
    if (restarted) say(`restarted runtime answered ${await readMetric(restarted.url, 'vegafusion_queries_total')} queries`);
    const nginxErrors = balancer.log().split('\n').filter((l) => /\[(error|crit|alert|emerg)\]/.test(l)).slice(0, 5);
    return { sessions, faults, gracefulExit, drainedLog, nginxErrors };
  } finally {
    await balancer?.stop();
    await Promise.all(started.map((p) => p.stop('SIGKILL')));
  }
}

async function main(argv: string[]): Promise<void> {
  const arg = (name: string, fallback: number) => {
    const i = argv.indexOf(name);
    return i >= 0 ? Number(argv[i + 1]) : fallback;
  };
  const result = await runScaleOut({
    sessions: arg('--sessions', 20), durationMs: arg('--seconds', 15) * 1000, installNginx: argv.includes('--install-nginx'),
    onEvent: (t) => console.log(t),
  });
  console.log(JSON.stringify(result, null, 2));
  if ('skipped' in result) return;
  const s = result.sessions;
  process.exitCode = s.errors + s.wrong === 0 && s.finished === s.sessions && result.gracefulExit === 0 ? 0 : 1;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
