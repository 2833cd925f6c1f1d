/**
 * One spec's failure stays that spec's: errors a Vega view logs are kept, any thrown value
 * gets a one-line message, errors nobody catches go to the task that was running, and a
 * corpus run carries on after a spec that plain Vega itself cannot run.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as vega from 'vega';
import { describe, expect, it } from 'vitest';
import { createErrorLog, describeError } from '../guard.js';
import { runFidelity } from '../run.js';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const FIXTURE = fileURLToPath(new URL('./fixtures/stray-errors.ts', import.meta.url));

/** Plain Vega fails on it: a formula reads a property of null. */
const failing = {
  data: [{ name: 'd', values: [{ a: null }], transform: [{ type: 'formula', as: 'b', expr: 'datum.a.b' }] }],
  marks: [{ type: 'symbol', from: { data: 'd' }, encode: { update: { x: { field: 'b' } } } }],
};
const fine = {
  width: 100, height: 100,
  data: [{ name: 'd', values: [{ a: 1 }, { a: 2 }], transform: [{ type: 'filter', expr: 'datum.a > 1' }] }],
  marks: [{ type: 'symbol', from: { data: 'd' }, encode: { update: { x: { field: 'a' }, y: { value: 5 } } } }],
};

describe('describeError', () => {
  it('joins a message that holds a function\'s source into one line, with the error\'s name', () => {
    let cloneError: unknown;
    try {
      structuredClone({ getter: function (obj: Record<string, unknown>) { return obj.field; } });
    } catch (e) {
      cloneError = e;
    }
    const text = describeError(cloneError);
    expect(text).toMatch(/^DataCloneError: function ?\(obj\) \{ return obj\.field; \} could not be cloned\.$/);
    expect(describeError(new TypeError('x\n  y'))).toBe('TypeError: x y');
    expect(describeError(new Error('plain'))).toBe('plain');
    expect(describeError('a string')).toBe('a string');
    expect(describeError({ code: 7 })).toBe('{"code":7}');
    expect(describeError(new Error('m'.repeat(400))).length).toBe(301);
  });
});

describe('createErrorLog', () => {
  it('keeps the errors a Vega view\'s dataflow logs', async () => {
    const log = createErrorLog();
    const view = new vega.View(vega.parse(structuredClone(failing) as vega.Spec), { renderer: 'none', logger: log });
    await view.runAsync();
    view.finalize();
    expect(log.errors).toHaveLength(1);
    expect(log.errors[0]).toMatch(/^TypeError: Cannot read properties of null \(reading 'b'\)/);
  });
});

describe('createStrayGuard', () => {
  it('turns an uncaught exception or unhandled rejection into the running task\'s error', () => {
    // A child process: the test runner would also report these errors as its own.
    const child = spawnSync(process.execPath, ['--import', 'tsx', FIXTURE], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(child.status, child.stderr).toBe(0);
    expect(JSON.parse(child.stdout.trim())).toEqual({
      results: [
        'StrayError stray_error: uncaught exception: TypeError: boom in a timer',
        'StrayError stray_error: unhandled rejection: RangeError: nobody waits for me',
        'finished',
        'finished',
      ],
      late: ['after leaves a timer behind: uncaught exception: after its end'],
    });
  });
});

describe('runFidelity', () => {
  it('reports a spec plain Vega cannot run as its err and carries on', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fidelity-'));
    try {
      writeFileSync(join(dir, 'a-failing.vg.json'), JSON.stringify(failing));
      writeFileSync(join(dir, 'b-fine.vg.json'), JSON.stringify(fine));
      const outcomes = await runFidelity([join(dir, 'a-failing.vg.json'), join(dir, 'b-fine.vg.json')], { timeoutMs: 20_000 });
      expect(outcomes.map((o) => o.status)).toEqual(['err', 'ok']);
      expect(outcomes[0].detail).toMatch(/^ViewFailure: plain Vega fails on this spec here: TypeError: Cannot read properties of null/);
      expect(outcomes[1].datasetsMoved).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
