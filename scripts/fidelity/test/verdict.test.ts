import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { verdict, type SpecOutcome } from '../run.js';

const outcome = (status: SpecOutcome['status'], detail?: string): SpecOutcome => ({
  file: '/c/a.vl.json', status, detail, datasetsMoved: 1, datasetsTotal: 1, steps: 1,
});

describe('verdict', () => {
  it('accepts ok and rand, and fails diff and err with their detail', () => {
    expect(verdict('a', outcome('ok'), undefined)).toBeNull();
    expect(verdict('a', outcome('rand'), undefined)).toBeNull();
    expect(verdict('a', outcome('diff', 'element 3'), undefined)).toBe('a: diff element 3');
    expect(verdict('a', outcome('err', 'boom'), undefined)).toBe('a: err boom');
    expect(verdict('a', undefined, undefined)).toBe('a: no outcome');
  });
  it('keeps a known difference only while it still differs', () => {
    expect(verdict('a', outcome('diff'), 'why')).toBeNull();
    expect(verdict('a', outcome('err'), 'why')).toBeNull();
    expect(verdict('a', outcome('rand'), 'why')).toBeNull();
    expect(verdict('a', outcome('ok'), 'why')).toBe('a is listed in known-differences.json (why) but now passes: remove it');
  });
});

describe('known-differences.json', () => {
  it('names each spec by its file name, whose suffix tells its corpus, with a reason', () => {
    const known = JSON.parse(readFileSync(new URL('../known-differences.json', import.meta.url), 'utf8')) as Record<string, unknown>;
    for (const [name, reason] of Object.entries(known)) {
      expect(name).toMatch(/\.(vl|vg)\.json$/);
      expect(typeof reason === 'string' && reason.length > 20, name).toBe(true);
    }
  });
});
