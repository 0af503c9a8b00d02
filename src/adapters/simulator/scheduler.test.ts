import { describe, expect, it } from 'vitest';
import { ManualScheduler } from './scheduler';

describe('ManualScheduler', () => {
  it('runs due timers in time order, ties in the order they were set, and stops at the target time', () => {
    const s = new ManualScheduler(new Date('2030-01-01T00:00:00Z'));
    const ran: string[] = [];
    s.setTimer(30, () => ran.push('c@' + s.elapsedMs()));
    s.setTimer(10, () => ran.push('a@' + s.elapsedMs()));
    s.setTimer(10, () => ran.push('b@' + s.elapsedMs()));
    s.setTimer(31, () => ran.push('late'));
    s.advanceBy(30);
    expect(ran).toEqual(['a@10', 'b@10', 'c@30']);
    expect(s.now().toISOString()).toBe('2030-01-01T00:00:00.030Z');
    expect(s.pendingTimers).toBe(1);
  });

  it('runs timers set by a timer when they fall inside the same advance', () => {
    const s = new ManualScheduler();
    const ran: number[] = [];
    s.setTimer(5, () => s.setTimer(5, () => ran.push(s.elapsedMs())));
    s.advanceBy(10);
    expect(ran).toEqual([10]);
  });

  it('never runs a cancelled timer', () => {
    const s = new ManualScheduler();
    let ran = false;
    const cancel = s.setTimer(5, () => (ran = true));
    cancel();
    s.advanceBy(100);
    expect(ran).toBe(false);
    expect(s.pendingTimers).toBe(0);
  });

  it('runNext jumps straight to the next timer, and reports when nothing is left', () => {
    const s = new ManualScheduler();
    const ran: number[] = [];
    s.setTimer(1000, () => ran.push(s.elapsedMs()));
    expect(s.runNext()).toBe(true);
    expect(ran).toEqual([1000]);
    expect(s.runNext()).toBe(false);
  });

  it('keeps sub-millisecond time for sped-up simulations', () => {
    const s = new ManualScheduler();
    s.advanceBy(1000 / 60);
    expect(s.elapsedMs() * 60).toBeCloseTo(1000, 9);
  });
});
