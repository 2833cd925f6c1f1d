import { describe, expect, it } from 'vitest';
import { createValueCache } from '../../src/cache/index.js';
import { CancelledError, LimitError } from '../../src/errors.js';
import { createSharedRuns } from '../../src/graph/shared-runs.js';

interface Box { n: number }

/** A computation that resolves when told, or rejects when its run signal aborts. */
function controllable() {
  let finish: (v: Box) => void = () => undefined;
  let runSignal: AbortSignal | undefined;
  let calls = 0;
  const compute = (signal: AbortSignal) => {
    calls++;
    runSignal = signal;
    return new Promise<Box>((resolve, reject) => {
      finish = resolve;
      signal.addEventListener('abort', () => reject(signal.reason), { once: true });
    });
  };
  return { compute, finish: (v: Box) => finish(v), signal: () => runSignal, calls: () => calls };
}

const newCache = () => createValueCache<Box>({ maxBytes: 1000, sizeOf: () => 1 });

describe('shared runs', () => {
  it('aborts the computation only when every waiting caller has gone', async () => {
    const runs = createSharedRuns();
    const cache = newCache();
    const work = controllable();
    const a = new AbortController();
    const b = new AbortController();
    const pa = runs.join(cache, 'k', a.signal, work.compute);
    const pb = runs.join(cache, 'k', b.signal, work.compute);
    expect(work.calls()).toBe(1);
    a.abort();
    await expect(pa).rejects.toBeInstanceOf(CancelledError);
    expect(work.signal()?.aborted).toBe(false);
    b.abort();
    await expect(pb).rejects.toMatchObject({ code: 'cancelled' });
    expect(work.signal()?.aborted).toBe(true);
    expect(runs.stats().abandoned).toBe(1);
  });

  it('serves the remaining caller when another leaves', async () => {
    const runs = createSharedRuns();
    const cache = newCache();
    const work = controllable();
    const a = new AbortController();
    const pa = runs.join(cache, 'k', a.signal, work.compute);
    const pb = runs.join(cache, 'k', undefined, work.compute);
    a.abort();
    await expect(pa).rejects.toBeInstanceOf(CancelledError);
    work.finish({ n: 42 });
    expect((await pb).value).toEqual({ n: 42 });
    expect(runs.stats()).toEqual({ running: 0, abandoned: 0 });
  });

  it('starts afresh for a caller that arrives while an abandoned run winds down', async () => {
    const runs = createSharedRuns();
    const cache = newCache();
    const first = controllable();
    const a = new AbortController();
    const pa = runs.join(cache, 'k', a.signal, first.compute);
    a.abort();
    await expect(pa).rejects.toBeInstanceOf(CancelledError);
    const second = controllable();
    const pc = runs.join(cache, 'k', undefined, second.compute);
    await new Promise((r) => setTimeout(r, 5));
    expect(second.calls()).toBe(1);
    second.finish({ n: 7 });
    expect((await pc).value).toEqual({ n: 7 });
  });

  it('passes a timeout reason through to the caller', async () => {
    const runs = createSharedRuns();
    const work = controllable();
    const a = new AbortController();
    const pa = runs.join(newCache(), 'k', a.signal, work.compute);
    const reason = new LimitError('limit_exceeded', 'too slow');
    a.abort(reason);
    await expect(pa).rejects.toBe(reason);
  });
});
