import { afterEach, describe, expect, it, vi } from 'vitest';
import { reconnectDelay } from '../../src/client/backoff.js';
import { createConnectionPool } from '../../src/client/connection-pool.js';
import { createScheduler } from '../../src/client/scheduler.js';
import { frameBytes, toHttpBaseUrl, toWebSocketUrl } from '../../src/client/websocket.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('websocket urls', () => {
  it('derives the socket and HTTP urls', () => {
    expect(toWebSocketUrl('http://127.0.0.1:8080')).toBe('ws://127.0.0.1:8080/ws');
    expect(toWebSocketUrl('https://h.example/', 'a b')).toBe('wss://h.example/ws?token=a+b');
    expect(toWebSocketUrl('ws://127.0.0.1:1/custom')).toBe('ws://127.0.0.1:1/custom');
    expect(toHttpBaseUrl('ws://127.0.0.1:9/ws?token=t')).toBe('http://127.0.0.1:9');
  });

  it('joins fragmented frames', () => {
    expect([...frameBytes([new Uint8Array([1]), new Uint8Array([2, 3])])]).toEqual([1, 2, 3]);
    expect(() => frameBytes('text')).toThrow(/binary frame/);
  });
});

describe('reconnectDelay', () => {
  it('grows by the factor, caps, and jitters within bounds', () => {
    const mid = () => 0.5;
    expect([0, 1, 2, 3, 10].map((a) => reconnectDelay(a, { initialDelayMs: 100, maxDelayMs: 500, factor: 2 }, mid)))
      .toEqual([100, 200, 400, 500, 500]);
    expect(reconnectDelay(0, { initialDelayMs: 100, jitter: 0.2 }, () => 0)).toBe(80);
    expect(reconnectDelay(0, { initialDelayMs: 100, jitter: 0.2 }, () => 1)).toBe(120);
  });
});

describe('createScheduler', () => {
  it('runs once per microtask burst', async () => {
    let runs = 0;
    const s = createScheduler(() => runs++, 'microtask');
    s.request();
    s.request();
    s.request();
    await Promise.resolve();
    expect(runs).toBe(1);
    s.request();
    s.cancel();
    await Promise.resolve();
    expect(runs).toBe(1);
  });

  it('uses animation frames where there are any', () => {
    const frames: (() => void)[] = [];
    vi.stubGlobal('requestAnimationFrame', function (this: unknown, cb: () => void) {
      // Browsers throw when requestAnimationFrame is called off its global.
      if (this !== globalThis) throw new TypeError('Illegal invocation');
      frames.push(cb);
      return frames.length;
    });
    try {
      let runs = 0;
      const s = createScheduler(() => runs++, 'frame');
      s.request();
      s.request();
      expect(frames).toHaveLength(1);
      frames[0]();
      expect(runs).toBe(1);
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('waits out a time window', () => {
    vi.useFakeTimers();
    let runs = 0;
    const s = createScheduler(() => runs++, 50);
    s.request();
    vi.advanceTimersByTime(30);
    s.request();
    expect(runs).toBe(0);
    vi.advanceTimersByTime(25);
    expect(runs).toBe(1);
  });
});

describe('createConnectionPool', () => {
  it('shares one connection per url and closes it after the last release and the grace period', () => {
    vi.useFakeTimers();
    const pool = createConnectionPool({ idleCloseMs: 100 });
    const a = pool.acquire('http://127.0.0.1:1');
    const b = pool.acquire('ws://127.0.0.1:1/ws');
    const c = pool.acquire('http://127.0.0.1:1', { token: 't' });
    expect(b).toBe(a);
    expect(c).not.toBe(a);
    pool.release(a);
    pool.release(b);
    vi.advanceTimersByTime(50);
    // Re-acquired within the grace period (a re-mount): the same connection survives.
    const again = pool.acquire('http://127.0.0.1:1');
    expect(again).toBe(a);
    vi.advanceTimersByTime(200);
    expect(a.status).not.toBe('closed');
    pool.release(again);
    vi.advanceTimersByTime(200);
    expect(a.status).toBe('closed');
    expect(pool.acquire('http://127.0.0.1:1')).not.toBe(a);
    pool.closeAll();
    expect(c.status).toBe('closed');
  });
});
