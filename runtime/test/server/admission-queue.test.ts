/**
 * The admission queue alone: slots, lanes taking turns, lanes held back, and waiters that
 * give up (cancel, time limit, closing connection) never let in.
 */
import { describe, expect, it } from 'vitest';
import { createAdmission } from '../../src/server/admission.js';

const tick = () => new Promise((r) => setImmediate(r));

describe('createAdmission', () => {
  it('lets lanes take turns, one query each, whatever their backlog', async () => {
    const admission = createAdmission({ maxRunning: 1 });
    const [a, b, c] = [admission.lane(), admission.lane(), admission.lane()];
    const order: string[] = [];
    const releases: (() => void)[] = [];
    const enter = (lane: typeof a, name: string) => {
      void lane.enter(new AbortController().signal).then((release) => {
        order.push(name);
        releases.push(release);
      });
    };
    for (let i = 1; i <= 4; i++) enter(a, `a${i}`);
    for (let i = 1; i <= 2; i++) enter(b, `b${i}`);
    enter(c, 'c1');
    await tick();
    expect(admission.stats()).toEqual({ running: 1, queued: 6, waitingLanes: 3 });
    for (let i = 0; i < 6; i++) {
      releases[i]();
      await tick();
    }
    expect(order).toEqual(['a1', 'a2', 'b1', 'c1', 'a3', 'b2', 'a4']);
    releases[6]();
    expect(admission.stats()).toEqual({ running: 0, queued: 0, waitingLanes: 0 });
  });

  it('skips a lane that is held back, and takes it again once woken', async () => {
    const admission = createAdmission({ maxRunning: 1 });
    let ready = false;
    const held = admission.lane({ ready: () => ready });
    const other = admission.lane();
    const order: string[] = [];
    const first = await other.enter(new AbortController().signal);
    void held.enter(new AbortController().signal).then((r) => { order.push('held'); r(); });
    void other.enter(new AbortController().signal).then((r) => { order.push('other'); r(); });
    first();
    await tick();
    expect(order).toEqual(['other']);
    expect(held.queued).toBe(1);
    ready = true;
    held.wake();
    await tick();
    expect(order).toEqual(['other', 'held']);
  });

  it('never lets in a query whose signal aborted while it waited', async () => {
    const waits: number[] = [];
    const admission = createAdmission({ maxRunning: 1, onWait: (ms) => waits.push(ms) });
    const lane = admission.lane();
    const release = await lane.enter(new AbortController().signal);
    const controller = new AbortController();
    let letIn = false;
    const waiting = lane.enter(controller.signal).then(() => { letIn = true; });
    controller.abort(new Error('time limit'));
    await expect(waiting).rejects.toThrow('time limit');
    release();
    await tick();
    expect(letIn).toBe(false);
    expect(waits).toHaveLength(1);
    expect(admission.stats()).toEqual({ running: 0, queued: 0, waitingLanes: 0 });
  });

  it('rejects the waiting queries of a lane that closes, and frees its place', async () => {
    const admission = createAdmission({ maxRunning: 1 });
    const lane = admission.lane();
    const release = await lane.enter(new AbortController().signal);
    const waiting = lane.enter(new AbortController().signal);
    lane.close(new Error('closed'));
    await expect(waiting).rejects.toThrow('closed');
    release();
    release();
    expect(admission.stats()).toEqual({ running: 0, queued: 0, waitingLanes: 0 });
  });
});
