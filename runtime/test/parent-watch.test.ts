/**
 * The runtime's tie to the process that started it: watchParent notices a parent that is
 * gone (killed, so it ran no cleanup) and says so once.
 */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { processAlive, watchParent } from '../src/parent-watch.js';
import { waitUntil } from './server/helpers.js';

describe('watchParent', () => {
  it('calls back once when the watched process is killed, and not before', async () => {
    const parent = spawn('sleep', ['30'], { stdio: 'ignore' });
    const pid = parent.pid ?? 0;
    expect(processAlive(pid)).toBe(true);
    let calls = 0;
    const stop = watchParent(pid, () => { calls++; }, 20);
    try {
      await new Promise((r) => setTimeout(r, 150));
      expect(calls).toBe(0);
      parent.kill('SIGKILL');
      await new Promise((r) => parent.once('exit', r));
      await waitUntil(() => calls > 0, 5000, 'the watcher to notice');
      await new Promise((r) => setTimeout(r, 100));
      expect(calls).toBe(1);
      expect(processAlive(pid)).toBe(false);
    } finally {
      stop();
      parent.kill('SIGKILL');
    }
  });
});
