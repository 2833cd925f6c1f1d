/**
 * Starts the runtime under test as a child process on 127.0.0.1 and reads its memory
 * from /proc (resident now and peak), so the figures are the server's alone.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface RuntimeProcess {
  url: string;
  pid: number;
  /** Resident and peak resident memory in bytes. */
  memory(): { rss: number; peak: number };
  /**
   * Runs a full garbage collection in the runtime, then waits until its resident memory
   * stops falling (DuckDB's allocator returns freed pages over seconds), up to 15 s.
   */
  collect(): Promise<void>;
  /** Empties the runtime's result and prepared-dataset caches (bench/server.ts, SIGHUP). */
  clearCaches(): Promise<void>;
  stop(): Promise<void>;
}

function kb(status: string, key: string): number {
  const m = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status);
  return m ? Number(m[1]) * 1024 : 0;
}

/** Starts bench/server.ts; resolves once it listens (or rejects after `timeoutMs`). */
export function startRuntimeProcess(repoRoot: string, dataRoot: string, options: { index: boolean; timeoutMs?: number }): Promise<RuntimeProcess> {
  // Node itself runs the server (tsx as a loader), so the pid is the server's, not a wrapper's.
  const args = ['--expose-gc', '--import', 'tsx', join(repoRoot, 'bench', 'server.ts'), dataRoot];
  if (!options.index) args.push('--no-index');
  const child: ChildProcess = spawn(process.execPath, args, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, TZ: 'UTC' } });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error('runtime did not start in time')); }, options.timeoutMs ?? 60_000);
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (!m) return;
      clearTimeout(timer);
      const pid = child.pid ?? 0;
      resolve({
        url: m[1],
        pid,
        memory() {
          const status = readFileSync(`/proc/${pid}/status`, 'utf8');
          return { rss: kb(status, 'VmRSS'), peak: kb(status, 'VmHWM') };
        },
        collect: async () => {
          child.kill('SIGUSR2');
          const rss = () => kb(readFileSync(`/proc/${pid}/status`, 'utf8'), 'VmRSS');
          let last = rss();
          for (let waited = 0; waited < 15_000; waited += 500) {
            await new Promise((r) => setTimeout(r, 500));
            const now = rss();
            if (Math.abs(now - last) < 256 * 1024) return;
            last = now;
          }
        },
        clearCaches: async () => {
          child.kill('SIGHUP');
          await new Promise((r) => setTimeout(r, 200));
        },
        stop: () => new Promise<void>((done) => {
          const force = setTimeout(() => child.kill('SIGKILL'), 15_000);
          child.once('exit', () => { clearTimeout(force); done(); });
          child.kill('SIGTERM');
        }),
      });
    });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`runtime exited with ${code}`)); });
  });
}
