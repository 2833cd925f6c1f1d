/**
 * Assembles a runtime: DuckDB engine, data sources, caches, evaluation services and the
 * server. Everything that varies is injected here with plain defaults.
 */
import { mkdirSync, realpathSync } from 'node:fs';
import { createValueCache } from './cache/index.js';
import { describeCapabilities } from './capabilities.js';
import { defaultConfig, duckDbMemoryBytes, fitPoolsToBudget, memoryPoolsProblem, type RuntimeConfig } from './config.js';
import { createDuckDbEngine, type SqlEngine } from './engine/duckdb.js';
import { createTransformRegistry } from './engine/pipeline.js';
import { createSourceLoader, type SourceLoader } from './engine/sources/index.js';
import { createSqlSources, readSources, withSqlSources } from './engine/providers/index.js';
import { DEFAULT_TRANSFORMS } from './engine/transforms/index.js';
import type { EncodedValue, EvaluateServices } from './graph/evaluate.js';
import type { Prepared } from './graph/prepare.js';
import { createIndexStore } from './graph/preaggregate/index.js';
import { createConsoleLogger, silentLogger, type Logger } from './logger.js';
import { createRuntimeDir } from './runtime-dir.js';
import { startServer, type ServerHandle } from './server/index.js';
import { createEdge, type Edge } from './edge/edge.js';
import type { RuntimeCapabilities } from '@vegafusion-ts/proto';

export interface RuntimeOptions extends Partial<RuntimeConfig> {
  logger?: Logger;
  /** An engine to use instead of a new in-process DuckDB. */
  engine?: SqlEngine;
}

export interface RuntimeHandle {
  /** Base HTTP URL, e.g. http://127.0.0.1:8765 (the WebSocket is at `${url}/ws`). */
  url: string;
  port: number;
  config: RuntimeConfig;
  /** The runtime's own folder (DuckDB spill files); removed on close. Uploads live in config.storeDir. */
  dir: string;
  capabilities: RuntimeCapabilities;
  services: EvaluateServices;
  sources: SourceLoader;
  server: ServerHandle;
  /** Set when the runtime is an edge (config.upstream). */
  edge?: Edge;
  /** Drains in-flight queries, closes connections and the engine. */
  close(): Promise<void>;
}

const PREPARED_BYTES = 64 * 1024 * 1024;

/** The folders and their real paths (DuckDB compares the paths it opens, which are real). */
function withRealPaths(dirs: readonly string[]): string[] {
  const out = new Set<string>();
  for (const d of dirs) {
    out.add(d);
    try {
      out.add(realpathSync(d));
    } catch {
      // a root that does not exist holds no files
    }
  }
  return [...out];
}

/**
 * Builds the evaluation services without a server (for tests and embedding). The DuckDB
 * made here has its memory limit from the config's budget, no extension autoloading and a
 * locked configuration; given `runtimeDir` (the runtime's own folder), it also spills there
 * and may open files only in the data roots, that folder and the upload store.
 */
export async function createServices(config: RuntimeConfig, engine?: SqlEngine, logger: Logger = silentLogger, runtimeDir?: { path: string; duckdbTemp: string }): Promise<{ services: EvaluateServices; sources: SourceLoader; engine: SqlEngine }> {
  // The store's real path must exist before DuckDB is told which folders it may read.
  mkdirSync(config.storeDir, { recursive: true, mode: 0o700 });
  const sql = engine ?? await createDuckDbEngine({
    threads: config.threads || undefined,
    memoryLimit: `${Math.floor(duckDbMemoryBytes(config) / (1024 * 1024))}MiB`,
    tempDirectory: runtimeDir?.duckdbTemp,
    allowedDirectories: runtimeDir ? withRealPaths([...config.dataRoots, runtimeDir.path, config.storeDir]) : undefined,
    lockConfiguration: true,
  });
  const files = createSourceLoader({
    engine: sql, dataRoots: config.dataRoots, allowedHosts: config.allowedHosts, maxBytes: config.maxUploadBytes,
    storeDir: config.storeDir, storeBytes: config.storeBytes,
    // Loaded files live in DuckDB (half the budget): they may fill half of that; inline values less.
    maxLoadBytes: Math.floor(config.memoryBudgetBytes / 4),
    maxInlineBytes: Math.floor(config.memoryBudgetBytes / 32),
  });
  // Database sources (vegafusion+sql://): read into DuckDB within the same share as files.
  const definitions = readSources({ sources: config.sources ?? [], sourcesFile: config.sourcesFile }, config.sourceEnv ?? {});
  const sources = definitions.size === 0 ? files : withSqlSources(files, createSqlSources({
    engine: sql, definitions, queryTimeoutMs: config.queryTimeoutMs, maxBytes: Math.floor(config.memoryBudgetBytes / 4), logger,
  }));
  const services: EvaluateServices = {
    engine: sql,
    sources,
    transforms: createTransformRegistry(DEFAULT_TRANSFORMS),
    values: createValueCache<EncodedValue>({ maxBytes: config.cacheBytes, sizeOf: (v) => v.bytes }),
    prepared: createValueCache<Prepared>({
      maxBytes: PREPARED_BYTES,
      // A materialized dataset's table goes with its cache entry.
      onRemove: (p) => {
        if (p.kind === 'data' && p.table) void sql.exec(`DROP TABLE IF EXISTS "${p.table}"`).catch(() => undefined);
      },
      sizeOf: (p) => (p.kind === 'data' ? (p.relation?.sql.length ?? 0) * 2 + (p.rows?.length ?? 0) * 200 + (p.table ? 1024 * 1024 : 0) : 256),
    }),
    maxGraphNodes: config.maxGraphNodes,
    maxResultRows: config.maxResultRows,
    maxLookupRows: 100_000,
    indexes: createIndexStore({ engine: sql, logger, maxBytes: config.indexBytes }),
  };
  return { services, sources, engine: sql };
}

/** Starts a runtime; options override the defaults (not the environment: see parseConfig). */
export async function startRuntime(options: RuntimeOptions = {}): Promise<RuntimeHandle> {
  const { logger: givenLogger, engine: givenEngine, ...overrides } = options;
  const config: RuntimeConfig = fitPoolsToBudget({ ...defaultConfig(), ...overrides }, (key) => key in overrides);
  const logger = givenLogger ?? createConsoleLogger(config.logLevel);
  const poolsProblem = memoryPoolsProblem(config);
  if (poolsProblem) logger.warn(poolsProblem);
  const dir = createRuntimeDir();
  let made: Awaited<ReturnType<typeof createServices>>;
  try {
    made = await createServices(config, givenEngine, logger, dir);
  } catch (error) {
    dir.remove();
    throw error;
  }
  const { services, sources, engine } = made;
  const capabilities = describeCapabilities(DEFAULT_TRANSFORMS);
  // An edge's cache is the tier cache; its own evaluation keeps a small one for what it computes.
  const edge = config.upstream ? createEdge({
    upstream: config.upstream, upstreamToken: config.upstreamToken, services, cacheBytes: config.cacheBytes,
    maxInlineBytes: config.edgeLocalBytes, fileTtlMs: config.edgeFileTtlMs, logger,
  }) : undefined;
  let server: ServerHandle;
  try {
    server = await startServer({ config, services, sources, capabilities, logger, runtimeDir: dir.path, edge });
  } catch (error) {
    edge?.close();
    if (!givenEngine) await engine.close();
    dir.remove();
    throw error;
  }
  logger.info('runtime listening', { url: server.url, dataRoots: config.dataRoots, ...(edge ? { upstream: config.upstream } : {}) });
  return {
    url: server.url,
    port: server.port,
    config,
    dir: dir.path,
    capabilities,
    services,
    sources,
    server,
    edge,
    async close() {
      await server.close();
      edge?.close();
      await sources.clear();
      if (!givenEngine) await engine.close();
      dir.remove();
    },
  };
}
