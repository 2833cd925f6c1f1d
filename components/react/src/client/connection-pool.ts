/**
 * Connections shared by URL, counted by their users: every chart on a page that names the
 * same runtime uses one socket, and a chart that re-mounts (a spec change, React's strict
 * mode) finds the socket still open because the last release closes it only after a grace
 * period.
 */
import { createConnection, type ConnectionOptions, type RuntimeConnection } from './RuntimeConnection.js';

export interface ConnectionPoolOptions {
  /** How long an unused connection stays open (ms). Default 2000. */
  idleCloseMs?: number;
}

interface PoolEntry {
  connection: RuntimeConnection;
  users: number;
  closeTimer: ReturnType<typeof setTimeout> | null;
}

export interface ConnectionPool {
  /** The shared connection for `url` (created with `options` on first use); pair with `release`. */
  acquire(url: string, options?: ConnectionOptions): RuntimeConnection;
  /** Gives back a connection from `acquire`; the last user's release closes it after the grace period. */
  release(connection: RuntimeConnection): void;
  /** Closes every connection now. */
  closeAll(): void;
}

/** A pool of connections keyed by WebSocket URL (token included). */
export function createConnectionPool(options: ConnectionPoolOptions = {}): ConnectionPool {
  const entries = new Map<string, PoolEntry>();
  const idleCloseMs = options.idleCloseMs ?? 2000;
  return {
    acquire(url, connectionOptions) {
      const probe = createConnection(url, connectionOptions);
      let entry = entries.get(probe.url);
      if (!entry || entry.connection.status === 'closed') {
        entry = { connection: probe, users: 0, closeTimer: null };
        entries.set(probe.url, entry);
      }
      if (entry.closeTimer) clearTimeout(entry.closeTimer);
      entry.closeTimer = null;
      entry.users++;
      return entry.connection;
    },
    release(connection) {
      const entry = entries.get(connection.url);
      if (!entry || entry.connection !== connection) return;
      entry.users = Math.max(0, entry.users - 1);
      if (entry.users > 0) return;
      entry.closeTimer = setTimeout(() => {
        entries.delete(connection.url);
        connection.close();
      }, idleCloseMs);
    },
    closeAll() {
      for (const entry of entries.values()) {
        if (entry.closeTimer) clearTimeout(entry.closeTimer);
        entry.connection.close();
      }
      entries.clear();
    },
  };
}

let pagePool: ConnectionPool | null = null;

/**
 * The page's pool, created on first use. Sharing one socket per runtime across every chart
 * of a page is the point of the pool, so this one instance is deliberate; pass your own
 * pool (`connectionPool` option) to scope sharing differently.
 */
export function pageConnectionPool(): ConnectionPool {
  pagePool ??= createConnectionPool();
  return pagePool;
}
