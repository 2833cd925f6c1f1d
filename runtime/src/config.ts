/**
 * The one module that reads flags and environment variables. Everything else receives a
 * typed, validated RuntimeConfig.
 */
import { createRequire } from 'node:module';
import { availableParallelism, homedir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { checkSourceEntries } from './engine/providers/source-config.js';
import { RuntimeError } from './errors.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

export interface RuntimeConfig {
  /** Interface to bind; 127.0.0.1 unless told otherwise. */
  host: string;
  /** TCP port; 0 picks a free one. */
  port: number;
  /** Directories data URLs may resolve in. Default: the vega-datasets package (URLs like `data/cars.json`). */
  dataRoots: string[];
  /** Hosts whose http(s) data URLs may be fetched. Default: none. */
  allowedHosts: string[];
  /**
   * When set, uploads and WebSocket connections must present it. The CLI generates one
   * when none is given; a runtime started from code without one accepts anyone who may
   * connect (Origin and Host checks still apply).
   */
  token: string | undefined;
  /**
   * Browser Origins allowed to open WebSocket connections, beyond the runtime's own origin
   * and loopback origins (localhost, 127.0.0.1, [::1]); `*` allows any.
   */
  allowedOrigins: string[];
  /**
   * Host names the runtime may be addressed by (the `Host` header), beyond IP addresses and
   * localhost; `*` allows any. A request naming another host is refused (DNS rebinding).
   */
  publicHosts: string[];
  /** When true (and a token is set), /metrics asks for the token too. */
  metricsRequireToken: boolean;
  /** Bytes of memory the runtime may use in all; DuckDB's memory_limit is derived from it. */
  memoryBudgetBytes: number;
  /** Bytes of node values the shared cache may hold. */
  cacheBytes: number;
  /** Bytes the pre-aggregated and bucketed brushing indexes may hold, in all (one index: half). */
  indexBytes: number;
  /** Largest WebSocket message accepted, in bytes. */
  maxMessageBytes: number;
  /** Largest task graph accepted, in nodes. */
  maxGraphNodes: number;
  /** Longest a query may run before it is cancelled, in ms. */
  queryTimeoutMs: number;
  /** Most rows one node value may have. */
  maxResultRows: number;
  /** Largest reply (all values of one query, encoded), in bytes. */
  maxResultBytes: number;
  /** A table sent to a client over this many bytes is logged as a warning (usually raw rows a chart reads in the browser); 0: never. */
  largeValueWarnBytes: number;
  /** Largest dataset upload, in bytes. */
  maxUploadBytes: number;
  /**
   * The folder uploaded datasets are kept in, one file per content hash. It outlives the
   * process, and several runtimes (behind one balancer, or one after another) may share it.
   */
  storeDir: string;
  /** Bytes the upload store may hold on disk; past it the least recently used datasets are removed. */
  storeBytes: number;
  /**
   * Reply bytes one connection may leave unread; above it the client's queued queries wait
   * (they are not run), and a client that reads nothing for bufferStallMs is sent a close
   * frame (1008, with the reason) and, reading nothing for as long again, cut off.
   */
  maxBufferedBytes: number;
  /** How long a client above maxBufferedBytes may read nothing before it is cut off, in ms. */
  bufferStallMs: number;
  /**
   * Queries one connection may have in flight (waiting for their turn or running); more
   * are refused with the code `busy`.
   */
  maxConcurrentQueries: number;
  /**
   * Queries that run at once in the whole runtime; more wait for their turn, connections
   * taking turns (round robin), the wait counting toward queryTimeoutMs.
   */
  maxRunningQueries: number;
  /** Open WebSocket connections at once; more are refused with 503. */
  maxConnections: number;
  /** Interval of WebSocket pings, in ms; a connection silent for two intervals is dropped. 0: none. */
  heartbeatMs: number;
  /** On shutdown, how long in-flight queries may finish before connections close, in ms. */
  shutdownGraceMs: number;
  /** A process whose end ends the runtime too (the program that started it); 0: none. */
  parentPid: number;
  /** DuckDB worker threads (0: DuckDB's default). */
  threads: number;
  /** Directory served at `/` (the demo page), if any. */
  staticDir: string | undefined;
  logLevel: LogLevel;
  /**
   * An upstream runtime's WebSocket URL (ws://host:port/ws): this runtime is then an edge
   * that answers from its cache, computes cheap nodes itself and forwards the rest.
   */
  upstream: string | undefined;
  /** The token the upstream asks for (prefer VEGAFUSION_UPSTREAM_TOKEN: flags show in ps). */
  upstreamToken: string | undefined;
  /** At an edge: most bytes of inline data a request's nodes may hold for the edge to compute them itself. */
  edgeLocalBytes: number;
  /**
   * At an edge: how long values read from data files (not uploads, which are named by
   * their content) are answered from the edge's cache before the upstream is asked again,
   * in ms; the edge cannot see a file change. 0: until evicted.
   */
  edgeFileTtlMs: number;
  /** Database sources, `name=postgresql://user@host:port/db` each (see engine/providers/source-config.ts). */
  sources: string[];
  /** A JSON file of database sources, read at start-up. */
  sourcesFile: string | undefined;
  /**
   * The environment variables sources take their secrets from (VEGAFUSION_SOURCE_<NAME>_
   * PASSWORD[_FILE], PGUSER), kept apart so no other module reads the environment.
   */
  sourceEnv: Record<string, string>;
}

const MB = 1024 * 1024;

/** The vega-datasets package folder, the default data root. */
export function defaultDataRoot(): string {
  const require = createRequire(import.meta.url);
  // The package exports only its build; its data/ folder sits beside build/.
  return dirname(dirname(require.resolve('vega-datasets')));
}

/**
 * The default data roots: the vega-datasets package where it is installed (a development
 * dependency of the checkout), none in a packaged runtime that does not ship it.
 */
function defaultDataRoots(): string[] {
  try {
    return [defaultDataRoot()];
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND') return [];
    throw error;
  }
}

/** The default upload store: `vegafusion-ts/store` in the user's cache folder ($XDG_CACHE_HOME, else ~/.cache). */
export function defaultStoreDir(env: Readonly<Record<string, string | undefined>> = process.env): string {
  const cache = env.XDG_CACHE_HOME && env.XDG_CACHE_HOME.startsWith('/') ? env.XDG_CACHE_HOME : join(homedir(), '.cache');
  return join(cache, 'vegafusion-ts', 'store');
}

/** Half the machine's memory, at least 1 GB: the default memory budget. */
export function defaultMemoryBudget(): number {
  return Math.max(1024 * MB, Math.floor(totalmem() / 2 / MB) * MB);
}

/**
 * DuckDB's share of a memory budget: half of it, or less where the pools held in JS (the
 * brushing indexes, the result cache) and an eighth kept for the work under way would
 * leave less; at least 256 MB. The pools together then stay within the budget.
 */
export function duckDbMemoryBytes(config: Pick<RuntimeConfig, 'memoryBudgetBytes'> & Partial<Pick<RuntimeConfig, 'indexBytes' | 'cacheBytes'>>): number {
  const budget = config.memoryBudgetBytes;
  const left = budget - (config.indexBytes ?? 0) - (config.cacheBytes ?? 0) - Math.floor(budget / 8);
  return Math.max(256 * MB, Math.min(Math.floor(budget / 2), left));
}

/**
 * Shrinks the pools held in JS that were not given explicitly to fit a small budget: the
 * indexes to an eighth of it, the result cache to a sixteenth (the defaults, 1 GB and
 * 512 MB, hold from budgets of 8 GB). `given` says which options were set.
 */
export function fitPoolsToBudget(config: RuntimeConfig, given: (key: keyof RuntimeConfig) => boolean): RuntimeConfig {
  const budget = config.memoryBudgetBytes;
  return {
    ...config,
    indexBytes: given('indexBytes') ? config.indexBytes : Math.min(config.indexBytes, Math.floor(budget / 8)),
    cacheBytes: given('cacheBytes') ? config.cacheBytes : Math.min(config.cacheBytes, Math.floor(budget / 16)),
  };
}

/**
 * Why the budget's pools do not fit in it, or undefined when they do: the indexes and the
 * cache (held in JS) would leave DuckDB less than a quarter of the budget.
 */
export function memoryPoolsProblem(config: Pick<RuntimeConfig, 'memoryBudgetBytes' | 'indexBytes' | 'cacheBytes'>): string | undefined {
  const duckdb = duckDbMemoryBytes(config);
  if (duckdb >= config.memoryBudgetBytes / 4) return undefined;
  const gb = (n: number) => `${(n / 1024 ** 3).toFixed(1)} GB`;
  return `--index-bytes (${gb(config.indexBytes)}) and --cache-bytes (${gb(config.cacheBytes)}) leave DuckDB ${gb(duckdb)} of --memory-budget ${gb(config.memoryBudgetBytes)}; `
    + 'queries over large tables will spill to disk or fail. Raise the budget or lower the pools.';
}

export function defaultConfig(): RuntimeConfig {
  return {
    host: '127.0.0.1',
    port: 8765,
    dataRoots: defaultDataRoots(),
    allowedHosts: [],
    token: undefined,
    allowedOrigins: [],
    publicHosts: [],
    metricsRequireToken: false,
    memoryBudgetBytes: defaultMemoryBudget(),
    cacheBytes: 512 * MB,
    indexBytes: 1024 * MB,
    maxMessageBytes: 64 * MB,
    maxGraphNodes: 10_000,
    queryTimeoutMs: 60_000,
    maxResultRows: 5_000_000,
    maxResultBytes: 512 * MB,
    largeValueWarnBytes: 1 * MB,
    maxUploadBytes: 2048 * MB,
    storeDir: defaultStoreDir(),
    storeBytes: 8192 * MB,
    maxBufferedBytes: 16 * MB,
    bufferStallMs: 5000,
    maxConcurrentQueries: 16,
    maxRunningQueries: Math.max(4, 2 * availableParallelism()),
    maxConnections: 10_000,
    heartbeatMs: 30_000,
    shutdownGraceMs: 10_000,
    parentPid: 0,
    threads: 0,
    staticDir: undefined,
    logLevel: 'info',
    upstream: undefined,
    upstreamToken: undefined,
    edgeLocalBytes: 1 * MB,
    edgeFileTtlMs: 60_000,
    sources: [],
    sourcesFile: undefined,
    sourceEnv: {},
  };
}

interface OptionSpec {
  key: keyof RuntimeConfig;
  flag: string;
  env: string;
  kind: 'string' | 'int' | 'bytes' | 'list' | 'level' | 'bool';
  help: string;
}

export const CONFIG_OPTIONS: readonly OptionSpec[] = [
  { key: 'host', flag: '--host', env: 'VEGAFUSION_HOST', kind: 'string', help: 'interface to bind (default 127.0.0.1)' },
  { key: 'port', flag: '--port', env: 'VEGAFUSION_PORT', kind: 'int', help: 'TCP port, 0 for any free port (default 8765)' },
  { key: 'dataRoots', flag: '--data-root', env: 'VEGAFUSION_DATA_ROOTS', kind: 'list', help: 'directory data URLs resolve in; repeatable; env: comma-separated (default: the vega-datasets package)' },
  { key: 'allowedHosts', flag: '--allow-host', env: 'VEGAFUSION_ALLOWED_HOSTS', kind: 'list', help: 'host whose http(s) data URLs may be fetched; repeatable' },
  { key: 'token', flag: '--token', env: 'VEGAFUSION_TOKEN', kind: 'string', help: 'secret that uploads and WebSocket connections must present; prefer the environment variable (flags show in ps); default: one generated and printed at start' },
  { key: 'allowedOrigins', flag: '--allow-origin', env: 'VEGAFUSION_ALLOWED_ORIGINS', kind: 'list', help: 'browser Origin allowed to connect over WebSocket besides the runtime\'s own and localhost ones; repeatable; * for any' },
  { key: 'publicHosts', flag: '--public-host', env: 'VEGAFUSION_PUBLIC_HOSTS', kind: 'list', help: 'host name the runtime is reached by besides IP addresses and localhost (the Host header); repeatable; * for any' },
  { key: 'metricsRequireToken', flag: '--metrics-require-token', env: 'VEGAFUSION_METRICS_REQUIRE_TOKEN', kind: 'bool', help: 'true: /metrics asks for the token too (default false)' },
  { key: 'memoryBudgetBytes', flag: '--memory-budget', env: 'VEGAFUSION_MEMORY_BUDGET', kind: 'bytes', help: 'memory the runtime may use, e.g. 4GB; DuckDB gets half, or what --index-bytes, --cache-bytes and an eighth for work under way leave if less (default: half the machine\'s memory)' },
  { key: 'cacheBytes', flag: '--cache-bytes', env: 'VEGAFUSION_CACHE_BYTES', kind: 'bytes', help: 'bytes the shared cache may hold, e.g. 512MB (default 512MB)' },
  { key: 'indexBytes', flag: '--index-bytes', env: 'VEGAFUSION_INDEX_BYTES', kind: 'bytes', help: 'bytes the brushing indexes may hold, e.g. 1GB (default 1GB; one index at most half)' },
  { key: 'maxMessageBytes', flag: '--max-message-bytes', env: 'VEGAFUSION_MAX_MESSAGE_BYTES', kind: 'bytes', help: 'largest WebSocket message (default 64MB)' },
  { key: 'maxGraphNodes', flag: '--max-graph-nodes', env: 'VEGAFUSION_MAX_GRAPH_NODES', kind: 'int', help: 'largest task graph in nodes (default 10000)' },
  { key: 'queryTimeoutMs', flag: '--query-timeout-ms', env: 'VEGAFUSION_QUERY_TIMEOUT_MS', kind: 'int', help: 'query time limit in ms, counted from arrival (waiting for its turn included; default 60000)' },
  { key: 'maxResultRows', flag: '--max-result-rows', env: 'VEGAFUSION_MAX_RESULT_ROWS', kind: 'int', help: 'most rows in one value sent to a client (default 5000000)' },
  { key: 'maxResultBytes', flag: '--max-result-bytes', env: 'VEGAFUSION_MAX_RESULT_BYTES', kind: 'bytes', help: 'largest query reply (default 512MB)' },
  { key: 'largeValueWarnBytes', flag: '--large-value-warn-bytes', env: 'VEGAFUSION_LARGE_VALUE_WARN_BYTES', kind: 'bytes', help: 'log a warning for a table sent to a client over this size; 0: never (default 1MB)' },
  { key: 'maxUploadBytes', flag: '--max-upload-bytes', env: 'VEGAFUSION_MAX_UPLOAD_BYTES', kind: 'bytes', help: 'largest dataset upload (default 2GB)' },
  { key: 'storeDir', flag: '--store-dir', env: 'VEGAFUSION_STORE_DIR', kind: 'string', help: 'folder uploaded datasets are kept in (survives restarts; runtimes may share it) (default: $XDG_CACHE_HOME or ~/.cache, then vegafusion-ts/store)' },
  { key: 'storeBytes', flag: '--store-bytes', env: 'VEGAFUSION_STORE_BYTES', kind: 'bytes', help: 'bytes the upload store may hold on disk; least recently used datasets go past it (default 8GB)' },
  { key: 'maxBufferedBytes', flag: '--max-buffered-bytes', env: 'VEGAFUSION_MAX_BUFFERED_BYTES', kind: 'bytes', help: 'reply bytes one client may leave unread: past it its further queries wait, and one that reads nothing for --buffer-stall-ms is closed (1008) and then cut off (default 16MB)' },
  { key: 'bufferStallMs', flag: '--buffer-stall-ms', env: 'VEGAFUSION_BUFFER_STALL_MS', kind: 'int', help: 'how long a client above --max-buffered-bytes may read nothing before it is cut off (default 5000)' },
  { key: 'maxConcurrentQueries', flag: '--max-concurrent-queries', env: 'VEGAFUSION_MAX_CONCURRENT_QUERIES', kind: 'int', help: 'queries one connection may have waiting or running; more are refused with the code busy (default 16)' },
  { key: 'maxRunningQueries', flag: '--max-running-queries', env: 'VEGAFUSION_MAX_RUNNING_QUERIES', kind: 'int', help: 'queries running at once in the whole runtime; more wait, connections taking turns, the wait counting toward --query-timeout-ms (default: twice the cores, at least 4)' },
  { key: 'maxConnections', flag: '--max-connections', env: 'VEGAFUSION_MAX_CONNECTIONS', kind: 'int', help: 'open WebSocket connections at once (default 10000)' },
  { key: 'heartbeatMs', flag: '--heartbeat-ms', env: 'VEGAFUSION_HEARTBEAT_MS', kind: 'int', help: 'WebSocket ping interval in ms, 0 for none (default 30000)' },
  { key: 'shutdownGraceMs', flag: '--shutdown-grace-ms', env: 'VEGAFUSION_SHUTDOWN_GRACE_MS', kind: 'int', help: 'time in-flight queries get to finish on shutdown (default 10000)' },
  { key: 'parentPid', flag: '--parent-pid', env: 'VEGAFUSION_PARENT_PID', kind: 'int', help: 'stop when the process with this id ends (set by wrappers that start the runtime)' },
  { key: 'threads', flag: '--threads', env: 'VEGAFUSION_THREADS', kind: 'int', help: 'DuckDB threads (default: all cores)' },
  { key: 'staticDir', flag: '--static-dir', env: 'VEGAFUSION_STATIC_DIR', kind: 'string', help: 'directory to serve at / (a demo page)' },
  { key: 'upstream', flag: '--upstream', env: 'VEGAFUSION_UPSTREAM', kind: 'string', help: 'run as an edge in front of this runtime (ws://host:port/ws; several separated by commas are tried in turn): answer from the cache, compute cheap nodes here, forward the rest' },
  { key: 'upstreamToken', flag: '--upstream-token', env: 'VEGAFUSION_UPSTREAM_TOKEN', kind: 'string', help: 'the upstream\'s token; prefer the environment variable (flags show in ps)' },
  { key: 'edgeFileTtlMs', flag: '--edge-file-ttl-ms', env: 'VEGAFUSION_EDGE_FILE_TTL_MS', kind: 'int', help: 'at an edge: how long values from data files are served from its cache before the upstream is asked again, 0 for until evicted (default 60000)' },
  { key: 'edgeLocalBytes', flag: '--edge-local-bytes', env: 'VEGAFUSION_EDGE_LOCAL_BYTES', kind: 'bytes', help: 'at an edge: most inline data a request may hold for the edge to compute it itself (default 1MB)' },
  { key: 'sources', flag: '--source', env: 'VEGAFUSION_SOURCES', kind: 'list', help: 'database source name=postgresql://user@host:5432/db, read by specs as vegafusion+sql://name/schema.table; repeatable; password from VEGAFUSION_SOURCE_<NAME>_PASSWORD or _PASSWORD_FILE' },
  { key: 'sourcesFile', flag: '--sources-file', env: 'VEGAFUSION_SOURCES_FILE', kind: 'string', help: 'JSON file of database sources: {"sources": {"name": {"url": ..., "passwordFile": ...}}}' },
  { key: 'logLevel', flag: '--log-level', env: 'VEGAFUSION_LOG_LEVEL', kind: 'level', help: 'debug, info, warn, error or silent (default info)' },
];

/** A configuration value that does not parse. */
export class ConfigError extends RuntimeError {
  constructor(message: string) {
    super('bad_message', message);
  }
}

/** "512MB", "2gb", "1048576" -> bytes. */
export function parseBytes(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(b|kb|mb|gb|tb)?\s*$/i.exec(text);
  if (!m) throw new ConfigError(`Not a size: "${text}" (expected e.g. 512MB)`);
  const unit = (m[2] ?? 'b').toLowerCase();
  const scale = { b: 1, kb: 1024, mb: MB, gb: 1024 * MB, tb: 1024 * 1024 * MB }[unit] ?? 1;
  return Math.round(Number(m[1]) * scale);
}

function parseValue(spec: OptionSpec, text: string): unknown {
  switch (spec.kind) {
    case 'int': {
      const n = Number(text);
      if (!Number.isInteger(n) || n < 0) throw new ConfigError(`${spec.flag} must be a whole number >= 0, got "${text}"`);
      return n;
    }
    case 'bytes': return parseBytes(text);
    case 'bool':
      if (['true', '1', 'yes'].includes(text.toLowerCase())) return true;
      if (['false', '0', 'no'].includes(text.toLowerCase())) return false;
      throw new ConfigError(`${spec.flag} must be true or false, got "${text}"`);
    case 'list': return text.split(',').map((s) => s.trim()).filter(Boolean);
    case 'level':
      if (!['debug', 'info', 'warn', 'error', 'silent'].includes(text)) throw new ConfigError(`${spec.flag} must be debug, info, warn, error or silent, got "${text}"`);
      return text;
    default: return text;
  }
}

/**
 * Builds the configuration from defaults, then environment variables, then flags
 * (`--port 8765` or `--port=8765`). Unknown flags are errors.
 */
export function parseConfig(argv: readonly string[], env: Readonly<Record<string, string | undefined>>, base: RuntimeConfig = defaultConfig()): RuntimeConfig {
  const config: Record<string, unknown> = { ...base };
  const given = new Set<string>();
  for (const spec of CONFIG_OPTIONS) {
    const v = env[spec.env];
    if (v !== undefined && v !== '') {
      config[spec.key] = parseValue(spec, v);
      given.add(spec.key);
    }
  }
  const lists = new Map<string, string[]>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const spec = CONFIG_OPTIONS.find((o) => o.flag === flag);
    if (!spec) throw new ConfigError(`Unknown option "${arg}" (see --help)`);
    const text = inline ?? argv[++i];
    if (text === undefined) throw new ConfigError(`Option ${flag} needs a value`);
    if (spec.kind === 'list') lists.set(spec.key, [...(lists.get(spec.key) ?? []), ...(parseValue(spec, text) as string[])]);
    else config[spec.key] = parseValue(spec, text);
    given.add(spec.key);
  }
  for (const [key, values] of lists) config[key] = values;
  const out = fitPoolsToBudget(config as unknown as RuntimeConfig, (key) => given.has(key));
  for (const key of ['maxConcurrentQueries', 'maxRunningQueries', 'queryTimeoutMs', 'maxConnections', 'maxMessageBytes', 'memoryBudgetBytes', 'bufferStallMs', 'storeBytes'] as const) {
    if (out[key] < 1) throw new ConfigError(`${CONFIG_OPTIONS.find((o) => o.key === key)?.flag ?? key} must be at least 1, got ${out[key]}`);
  }
  out.dataRoots = out.dataRoots.map((r) => resolve(r));
  if (out.staticDir) out.staticDir = resolve(out.staticDir);
  // The base's default was made from this process's environment; the one given wins.
  if (base.storeDir === defaultStoreDir() && env.VEGAFUSION_STORE_DIR === undefined && !argv.some((a) => a.startsWith('--store-dir'))) {
    out.storeDir = defaultStoreDir(env);
  }
  out.storeDir = resolve(out.storeDir);
  checkSourceEntries(out.sources);
  if (out.sourcesFile) out.sourcesFile = resolve(out.sourcesFile);
  out.sourceEnv = Object.fromEntries(Object.entries(env).filter((e): e is [string, string] =>
    (e[0].startsWith('VEGAFUSION_SOURCE_') || e[0] === 'PGUSER') && typeof e[1] === 'string'));
  for (const url of out.upstream?.split(',') ?? []) {
    if (!/^wss?:\/\/[^/]+/.test(url.trim())) {
      throw new ConfigError(`--upstream must be WebSocket URLs such as ws://127.0.0.1:8765/ws, separated by commas; got "${url}"`);
    }
  }
  return out;
}

/** Help text for the CLI. */
export function configHelp(): string {
  return CONFIG_OPTIONS.map((o) => `  ${`${o.flag} <value>`.padEnd(32)} ${o.help} [${o.env}]`).join('\n');
}
