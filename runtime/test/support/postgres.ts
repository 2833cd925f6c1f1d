/**
 * A real PostgreSQL for tests: Debian's server binaries (scripts/ensure-postgres.sh
 * installs them), a cluster made by initdb in a temporary folder (as the `postgres` user
 * when the tests run as root: initdb refuses root), listening on 127.0.0.1 at a free
 * port and a Unix socket in that folder, stopped and removed after the file's tests.
 * Where it cannot start, `reason` says why and the tests that need it skip.
 */
import { execFile } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

export interface TestPostgres {
  host: string;
  port: number;
  /** The superuser and its password (scram-sha-256 authentication). */
  user: string;
  password: string;
  database: string;
  /** A client connected as the superuser (for fixtures); closed by stop(). */
  admin: pg.Client;
  stop(): Promise<void>;
}

export type StartedPostgres = { ok: true; pg: TestPostgres } | { ok: false; reason: string };

function binDir(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a));
  return versions.length > 0 ? join(root, versions[0], 'bin') : undefined;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function ids(user: string): Promise<{ uid: number; gid: number }> {
  const [u, g] = await Promise.all([run('id', ['-u', user]), run('id', ['-g', user])]);
  return { uid: Number(u.stdout.trim()), gid: Number(g.stdout.trim()) };
}

/** Starts a throwaway cluster; never throws (a reason instead). */
export async function startTestPostgres(): Promise<StartedPostgres> {
  const bin = binDir();
  if (!bin) return { ok: false, reason: 'PostgreSQL server binaries are not installed (scripts/ensure-postgres.sh installs them)' };
  const root = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'vf-pg-'));
  const data = join(dir, 'data');
  const password = `pw-${Math.random().toString(36).slice(2)}`;
  try {
    writeFileSync(join(dir, 'pw'), `${password}\n`);
    const as = root ? ['runuser', '-u', 'postgres', '--'] : [];
    if (root) {
      const { uid, gid } = await ids('postgres');
      chmodSync(dir, 0o700);
      chownSync(dir, uid, gid);
      chownSync(join(dir, 'pw'), uid, gid);
    }
    const exec = (cmd: string, args: string[]) => (as.length > 0 ? run(as[0], [...as.slice(1), cmd, ...args]) : run(cmd, args));
    await exec(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '-A', 'scram-sha-256', `--pwfile=${join(dir, 'pw')}`, '-E', 'UTF8', '--locale=C', '--no-sync']);
    const port = await freePort();
    const opts = `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=40`;
    await exec(join(bin, 'pg_ctl'), ['-D', data, '-l', join(dir, 'log'), '-w', '-t', '60', '-o', opts, 'start']);
    const admin = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', password, database: 'postgres' });
    await admin.connect();
    const stop = async () => {
      await admin.end().catch(() => undefined);
      await exec(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    };
    return { ok: true, pg: { host: '127.0.0.1', port, user: 'postgres', password, database: 'postgres', admin, stop } };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    const e = error as { message?: string; stderr?: string };
    return { ok: false, reason: `PostgreSQL could not start: ${(e.stderr || e.message || String(error)).trim().split('\n').slice(-2).join(' ')}` };
  }
}

/**
 * Waits until PostgreSQL's statistics show `inserted` rows written to `table` by this
 * session: a writing session publishes them after its transactions (at most once a
 * second), and a source's table state is read from them, so a test that writes and then
 * reads waits here for one state to hold.
 */
export async function waitForTableStats(admin: pg.Client, schema: string, table: string, inserted: number): Promise<void> {
  await admin.query('SELECT pg_stat_force_next_flush()');
  for (let i = 0; i < 200; i++) {
    const { rows } = await admin.query('SELECT n_tup_ins FROM pg_stat_user_tables WHERE schemaname = $1 AND relname = $2', [schema, table]);
    if (Number(rows[0]?.n_tup_ins ?? -1) >= inserted) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`statistics of ${schema}.${table} never showed ${inserted} inserted rows`);
}
