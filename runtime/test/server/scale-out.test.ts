/**
 * Two runtime processes behind Debian's nginx serve brushing sessions; one is killed
 * mid-drag, restarted, and the other shut down gracefully. Every session keeps getting
 * the right answers through its reconnecting client. Skips, saying why, where nginx is
 * missing and cannot be installed (set VEGAFUSION_INSTALL_NGINX=0 to never install).
 */
import { describe, expect, it } from 'vitest';
import { runScaleOut } from '../../../scripts/scale-out/scale-out.js';

describe('scale-out behind nginx', () => {
  it('loses nothing when a runtime dies, restarts, and another drains', async (ctx) => {
    const result = await runScaleOut({
      sessions: 8, durationMs: 12_000, stepMs: 150, installNginx: process.env.VEGAFUSION_INSTALL_NGINX !== '0',
    });
    if ('skipped' in result) {
      ctx.skip(result.skipped);
      return;
    }
    const s = result.sessions;
    expect(s.problems).toEqual([]);
    expect(s.errors).toBe(0);
    expect(s.wrong).toBe(0);
    // Every session's last brush position was answered after all the faults.
    expect(s.finished).toBe(8);
    expect(s.answered).toBeGreaterThan(8 * 5);
    expect(s.reconnects).toBeGreaterThan(0);
    expect(result.faults.map((f) => f.what.replace(/:\d+/, ':port'))).toEqual([
      'runtime :port killed (SIGKILL) mid-drag',
      'runtime :port restarted',
      'runtime :port asked to shut down (SIGTERM)',
      'runtime :port exited (0)',
    ]);
    expect(result.gracefulExit).toBe(0);
    expect(result.drainedLog).not.toContain('still in flight');
  }, 120_000);
});
