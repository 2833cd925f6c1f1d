/**
 * The runtime restarts mid-session (a process killed and started again on its port):
 * the reconnecting clients send again what was waiting, and every session ends with
 * the right answers. No balancer involved.
 */
import { describe, expect, it } from 'vitest';
import { defaultDataRoot } from '../../src/config.js';
import { runBrushSessions } from '../../../scripts/scale-out/brush-sessions.js';
import { startRuntimeProcess, type RuntimeProcess } from '../../../scripts/scale-out/cluster.js';

describe('runtime restart mid-session', () => {
  it('loses nothing', async () => {
    const first = await startRuntimeProcess({ args: ['--threads', '1'] });
    let second: RuntimeProcess | undefined;
    try {
      const crash = setTimeout(() => {
        void first.stop('SIGKILL').then(async () => {
          second = await startRuntimeProcess({ port: first.port, args: ['--threads', '1'] });
        });
      }, 2000);
      const report = await runBrushSessions({ url: first.url, token: first.token, dataRoot: defaultDataRoot(), sessions: 6, durationMs: 8000, stepMs: 150 });
      clearTimeout(crash);
      expect(report.problems).toEqual([]);
      expect(report.errors + report.wrong).toBe(0);
      expect(report.finished).toBe(6);
      expect(report.reconnects).toBeGreaterThanOrEqual(6);
      expect(second).toBeDefined();
    } finally {
      await first.stop('SIGKILL');
      await second?.stop('SIGKILL');
    }
  }, 60_000);
});
