import { describe, expect, it } from 'vitest';
import { isCallbackKept } from './callbacks';

const at = new Date('2026-03-10T15:00:00Z');
const plus = (min: number) => new Date(at.getTime() + min * 60_000);

describe('isCallbackKept', () => {
  it('keeps a callback dialled at its time, a little early, or within the hour after', () => {
    expect(isCallbackKept(at, at)).toBe(true);
    expect(isCallbackKept(at, plus(-5))).toBe(true);
    expect(isCallbackKept(at, plus(60))).toBe(true);
  });

  it('misses a callback dialled too early or more than an hour late', () => {
    expect(isCallbackKept(at, plus(-5.01))).toBe(false);
    expect(isCallbackKept(at, plus(60.01))).toBe(false);
    expect(isCallbackKept(at, plus(24 * 60))).toBe(false);
  });
});
