/**
 * A real runtime on a free port and a client connection to it, for tests that plan
 * against its capabilities and ask it for values.
 */
import { startRuntime, silentLogger, type RuntimeHandle } from '../../../../runtime/src/index.js';
import { createConnection, type RuntimeConnection } from '../../src/client/index.js';
import type { RuntimeCapabilities } from '../../src/planner/types.js';
import { wsFactory } from './ws-factory.js';

export interface TestSession {
  runtime: RuntimeHandle;
  connection: RuntimeConnection;
  capabilities: RuntimeCapabilities;
}

/** Starts a runtime, connects to it and reads its capabilities. */
export async function startTestSession(): Promise<TestSession> {
  const runtime = await startRuntime({ port: 0, logger: silentLogger, logLevel: 'silent' });
  const connection = createConnection(runtime.url, { createWebSocket: wsFactory, logger: silentLogger });
  return { runtime, connection, capabilities: await connection.capabilities() };
}

/** Closes what startTestSession opened (either may be missing when the start failed). */
export async function closeTestSession(session: Partial<TestSession>): Promise<void> {
  session.connection?.close();
  await session.runtime?.close();
}
