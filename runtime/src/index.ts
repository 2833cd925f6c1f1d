/**
 * @vegafusion-ts/runtime: the shared runtime that browser sessions query over WebSocket.
 */
export { startRuntime, createServices, type RuntimeHandle, type RuntimeOptions } from './runtime.js';
export { parseConfig, defaultConfig, configHelp, type RuntimeConfig, type LogLevel } from './config.js';
export { describeCapabilities, RUNTIME_VERSION } from './capabilities.js';
export { evaluateQuery, type EvaluateServices, type EncodedValue } from './graph/evaluate.js';
export { createConsoleLogger, silentLogger, type Logger } from './logger.js';
export { RuntimeError, type ErrorCode } from './errors.js';
export { createDuckDbEngine, type SqlEngine } from './engine/duckdb.js';
export { createEdge, createUpstreamLink, UpstreamError, type Edge, type EdgeOptions, type EdgeStats, type UpstreamLink } from './edge/index.js';
