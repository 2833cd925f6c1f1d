export { ClientError, RuntimeReplyError, isCancelled, type ClientErrorCode } from './errors.js';
export { consoleWarningLogger, silentLogger, type Logger, type LogFields } from './logger.js';
export { reconnectDelay, type ReconnectOptions } from './backoff.js';
export {
  toWebSocketUrl, toHttpBaseUrl, type WebSocketFactory, type WebSocketLike,
} from './websocket.js';
export {
  RuntimeConnection, createConnection,
  type ConnectionOptions, type ConnectionStatus, type QueryRequest, type QueryTicket,
} from './RuntimeConnection.js';
export {
  createConnectionPool, pageConnectionPool, type ConnectionPool, type ConnectionPoolOptions,
} from './connection-pool.js';
export { createScheduler, type CoalesceMode, type Scheduler } from './scheduler.js';
export { fillRootValues, pruneGraph, queryItems, type PrunedGraph } from './task-graph.js';
export {
  encodeSignalValue, encodeDatasetValue, decodeTaskValue, AUTO_ARROW_ROWS, type DatasetEncoding,
} from './values.js';
export {
  scopeContext, readSignal, readData, writeSignal, writeData, listenSignal, listenData,
} from './view-context.js';
export { applyServerValues, type ApplyOptions, type ApplyResult } from './apply-values.js';
export {
  ChartSession, createChartSession, localTimeZone,
  type ChartSessionOptions, type SessionUpdate,
} from './ChartSession.js';
export { BROWSER_FALLBACK_CODES, browserFallback, isDatasetMissing, missingDatasetHash } from './fallback.js';
export {
  PlannedChart, createPlannedChart, type MountedView, type PlannedChartOptions,
} from './PlannedChart.js';
