/**
 * Named database sources from the runtime's configuration: `--source name=postgresql://
 * user@host:port/db` (repeatable), VEGAFUSION_SOURCES (the same, comma-separated) and an
 * optional JSON file. Credentials never come from a spec or the browser: a password is
 * read from VEGAFUSION_SOURCE_<NAME>_PASSWORD, from the file VEGAFUSION_SOURCE_<NAME>_
 * PASSWORD_FILE (or the config file's `passwordFile`), or by libpq's rules (PGPASSWORD,
 * ~/.pgpass) inside the client. A password written into the URL is refused: flags show in
 * `ps` and URLs end up in logs.
 */
import { readFileSync } from 'node:fs';
import { RuntimeError } from '../../errors.js';

export type SourceKind = 'postgresql';

export interface SourceDefinition {
  /** The name specs use: `vegafusion+sql://<name>/schema.table`. */
  name: string;
  kind: SourceKind;
  host: string;
  port: number;
  database: string;
  user: string;
  /** Resolved from the environment or a file; absent: the client's own defaults. */
  password?: string;
  /** Connections the runtime opens to this source at most (default 4). */
  poolSize: number;
  /** How long a table's columns are trusted before they are read again, in ms (default 60 s). */
  schemaTtlMs: number;
  /** How long a table's state (statistics) is trusted before it is read again, in ms (default 1 s). */
  stateTtlMs: number;
  /**
   * The tables and views specs may read, as `schema.table` or `schema.*`; absent: whatever
   * the source's role may read. A spec naming another gets data_forbidden.
   */
  tables?: string[];
}

/** The part of the configuration a source list is built from. */
export interface SourceConfigInput {
  /** `name=url` entries from flags and VEGAFUSION_SOURCES. */
  sources: readonly string[];
  /** A JSON file: `{"sources": {"<name>": {"url": ..., "passwordFile"?, "poolSize"?, ...}}}`. */
  sourcesFile?: string;
}

/** A source entry that does not parse or cannot be used. */
export class SourceConfigError extends RuntimeError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('bad_message', message, options);
  }
}

const NAME = /^[A-Za-z][A-Za-z0-9_-]{0,62}$/;

interface FileEntry {
  url?: unknown;
  tables?: unknown;
  passwordFile?: unknown;
  poolSize?: unknown;
  schemaTtlMs?: unknown;
  stateTtlMs?: unknown;
}

/** The environment variable prefix of a source's secrets: `sales-eu` -> VEGAFUSION_SOURCE_SALES_EU. */
export function secretPrefix(name: string): string {
  return `VEGAFUSION_SOURCE_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

function positive(value: unknown, what: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) throw new SourceConfigError(`${what} must be a whole number >= 1, got ${JSON.stringify(value)}`);
  return value;
}

function readSecretFile(file: string, name: string): string {
  try {
    return readFileSync(file, 'utf8').replace(/\r?\n$/, '');
  } catch (cause) {
    throw new SourceConfigError(`Cannot read the password file of source "${name}": ${(cause as Error).message}`, { cause });
  }
}

/** Parses one `postgresql://user@host:port/db` URL (no password) into a definition. */
export function parseSourceUrl(name: string, raw: string, env: Readonly<Record<string, string | undefined>>, extra: FileEntry = {}): SourceDefinition {
  if (!NAME.test(name)) throw new SourceConfigError(`Source name "${name}" must start with a letter and hold only letters, digits, "_" and "-"`);
  let url: URL;
  try {
    url = new URL(raw);
  } catch (cause) {
    throw new SourceConfigError(`Source "${name}": "${raw}" is not a URL (expected postgresql://user@host:5432/db)`, { cause });
  }
  if (url.protocol !== 'postgresql:' && url.protocol !== 'postgres:') {
    throw new SourceConfigError(`Source "${name}": scheme "${url.protocol}" is not supported (expected postgresql://)`);
  }
  if (url.password) {
    throw new SourceConfigError(`Source "${name}": the URL holds a password; set ${secretPrefix(name)}_PASSWORD or ${secretPrefix(name)}_PASSWORD_FILE instead`);
  }
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!database) throw new SourceConfigError(`Source "${name}": the URL names no database (postgresql://user@host:5432/<db>)`);
  const prefix = secretPrefix(name);
  const passwordFile = env[`${prefix}_PASSWORD_FILE`] || (typeof extra.passwordFile === 'string' ? extra.passwordFile : undefined);
  const password = env[`${prefix}_PASSWORD`] || (passwordFile ? readSecretFile(passwordFile, name) : undefined);
  const tables = env[`${prefix}_TABLES`]?.split(',').map((t) => t.trim()).filter(Boolean) ?? extra.tables;
  if (tables !== undefined && (!Array.isArray(tables) || !tables.every((t) => typeof t === 'string' && /^[^.]+\.[^.]+$/.test(t)))) {
    throw new SourceConfigError(`Source "${name}" tables must be a list of "schema.table" or "schema.*", got ${JSON.stringify(tables)}`);
  }
  return {
    name,
    kind: 'postgresql',
    host: decodeURIComponent(url.hostname) || '127.0.0.1',
    port: url.port ? Number(url.port) : 5432,
    database,
    user: decodeURIComponent(url.username) || env.PGUSER || 'postgres',
    password,
    poolSize: positive(extra.poolSize, `Source "${name}" poolSize`, 4),
    schemaTtlMs: positive(extra.schemaTtlMs, `Source "${name}" schemaTtlMs`, 60_000),
    stateTtlMs: positive(extra.stateTtlMs, `Source "${name}" stateTtlMs`, 1000),
    ...(tables ? { tables: tables as string[] } : {}),
  };
}

/** Splits `name=url`. */
function splitEntry(entry: string): [string, string] {
  const eq = entry.indexOf('=');
  if (eq <= 0) throw new SourceConfigError(`Source "${entry}" must be written name=postgresql://user@host:port/db`);
  return [entry.slice(0, eq).trim(), entry.slice(eq + 1).trim()];
}

/** Checks the `name=url` entries of flags and the environment (at start-up, before anything connects). */
export function checkSourceEntries(entries: readonly string[]): void {
  for (const entry of entries) {
    const [name, url] = splitEntry(entry);
    parseSourceUrl(name, url, {});
  }
}

/**
 * The configured sources by name: the file's first, then flags and the environment
 * (a later entry of the same name replaces an earlier one).
 */
export function readSources(input: SourceConfigInput, env: Readonly<Record<string, string | undefined>>): Map<string, SourceDefinition> {
  const out = new Map<string, SourceDefinition>();
  if (input.sourcesFile) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(input.sourcesFile, 'utf8'));
    } catch (cause) {
      throw new SourceConfigError(`Cannot read the sources file "${input.sourcesFile}": ${(cause as Error).message}`, { cause });
    }
    const sources = (parsed as { sources?: unknown } | null)?.sources;
    if (!sources || typeof sources !== 'object' || Array.isArray(sources)) {
      throw new SourceConfigError(`The sources file "${input.sourcesFile}" must hold {"sources": {"<name>": {"url": "postgresql://..."}}}`);
    }
    for (const [name, entry] of Object.entries(sources as Record<string, FileEntry>)) {
      if (typeof entry?.url !== 'string') throw new SourceConfigError(`Source "${name}" in "${input.sourcesFile}" has no "url"`);
      out.set(name, parseSourceUrl(name, entry.url, env, entry));
    }
  }
  for (const entry of input.sources) {
    const [name, url] = splitEntry(entry);
    out.set(name, parseSourceUrl(name, url, env));
  }
  return out;
}

/** Whether a source's allowlist (if any) lets specs read `schema.table`. */
export function tableAllowed(definition: Pick<SourceDefinition, 'tables'>, schema: string, table: string): boolean {
  if (!definition.tables) return true;
  return definition.tables.some((pattern) => pattern === `${schema}.${table}` || pattern === `${schema}.*`);
}
