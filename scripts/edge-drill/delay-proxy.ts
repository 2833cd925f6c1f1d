/**
 * A TCP proxy on 127.0.0.1 that delays every chunk by a fixed time in each direction, in
 * order: a far link (an edge's link to a central runtime, or a user far from it) on
 * loopback, where netem is not at hand. WebSocket and HTTP pass through unchanged.
 */
import { createConnection, createServer, type Socket } from 'node:net';

export interface DelayProxy {
  port: number;
  /** Base URL of the proxied runtime through the delay, e.g. http://127.0.0.1:PORT. */
  url: string;
  /** Connections open through the proxy. */
  readonly connections: number;
  /** Cuts the connections open now without closing them (a link gone silent); new ones pass. */
  blackhole(): void;
  close(): Promise<void>;
}

/** Forwards 127.0.0.1:<port> to 127.0.0.1:<targetPort>, adding `delayMs` each way. */
export async function startDelayProxy(targetPort: number, delayMs: number, port = 0): Promise<DelayProxy> {
  const sockets = new Set<Socket>();
  const cut = new WeakSet<Socket>();
  const pipe = (from: Socket, to: Socket) => {
    from.on('data', (chunk: Buffer) => {
      if (cut.has(from)) return;
      // Timers of equal delay fire in the order they were set: bytes stay in order.
      setTimeout(() => {
        if (!to.destroyed) to.write(chunk);
      }, delayMs);
    });
    from.on('end', () => {
      if (!cut.has(from)) setTimeout(() => to.end(), delayMs);
    });
    from.on('error', () => {
      if (!cut.has(from)) to.destroy();
    });
    from.on('close', () => {
      if (!cut.has(from)) setTimeout(() => to.destroy(), delayMs);
    });
  };
  const server = createServer((client) => {
    const upstream = createConnection({ host: '127.0.0.1', port: targetPort });
    for (const s of [client, upstream]) {
      s.setNoDelay(true);
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    }
    pipe(client, upstream);
    pipe(upstream, client);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const bound = typeof address === 'object' && address ? address.port : 0;
  return {
    port: bound,
    url: `http://127.0.0.1:${bound}`,
    get connections() {
      return Math.floor(sockets.size / 2);
    },
    blackhole() {
      for (const s of sockets) cut.add(s);
    },
    close: () => new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}
