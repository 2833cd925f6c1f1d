/**
 * Runs another system's bench (plain Vega in Node, the Python vegafusion package) as a
 * child process: the job is written to a JSON file under the bench data root, the child
 * prints one JSON line last. A child that fails (out of memory or time) gives undefined.
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { benchDataRoot } from './data.js';

const run = promisify(execFile);

export async function childJson(repo: string, cmd: string, argv: string[], job: unknown, name: string): Promise<Record<string, unknown> | undefined> {
  const file = join(benchDataRoot(repo), `${name}.job.json`);
  writeFileSync(file, JSON.stringify(job));
  try {
    const { stdout } = await run(cmd, [...argv, file], { cwd: repo, maxBuffer: 64 * 1024 * 1024, timeout: 30 * 60_000, env: { ...process.env, TZ: 'UTC' } });
    return JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as Record<string, unknown>;
  } catch (error) {
    process.stderr.write(`${name} failed: ${(error as Error).message.split('\n').slice(0, 3).join(' ')}\n`);
    return undefined;
  }
}
