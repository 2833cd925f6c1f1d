/**
 * The smaller version of scripts/load/load-test.ts: a runtime process, 30 sessions
 * brushing for 5 s on loopback with a hard stop. No errors, no wrong answers, every
 * session's last step answered, memory bounded.
 */
import { describe, expect, it } from 'vitest';
import { runLoad } from '../../../scripts/load/load-test.js';

describe('load', () => {
  it('serves 30 brushing sessions without errors and within bounds', async () => {
    const report = await runLoad({ sessions: 30, durationMs: 5000, stepMs: 500, hardStopMs: 40_000 });
    expect(report.problems).toEqual([]);
    expect(report.hardStopped).toBe(false);
    expect(report.errors).toBe(0);
    expect(report.wrong).toBe(0);
    expect(report.runtimeErrors).toBe(0);
    expect(report.finished).toBe(30);
    expect(report.answered).toBeGreaterThan(30 * 5);
    // Loose bounds for a shared 2-core CI machine; the script reports the real figures.
    expect(report.p99).toBeLessThan(5000);
    expect(report.rssPeakMb).toBeLessThan(1024);
  }, 60_000);
});
