import { describe, expect, it } from 'vitest';
import { abandonFigure, abandonPeriods, ringTimes } from './compliance-report';

const day = 86_400_000;
const start = new Date('2026-01-01T00:00:00Z');

describe('abandonFigure', () => {
  const w = { from: start, to: new Date(start.getTime() + 30 * day) };

  it('uses the governor arithmetic: exactly 3 % is inside the safe harbor, one more abandon is over', () => {
    expect(abandonFigure(w, 100, 3)).toMatchObject({ rate: 0.03, overLimit: false });
    expect(abandonFigure(w, 100, 4)).toMatchObject({ rate: 0.04, overLimit: true });
  });

  it('leaves the rate unknown when the abandons are unknown, never a guess', () => {
    expect(abandonFigure(w, 40, null)).toEqual({
      ...w,
      liveAnswered: 40,
      abandoned: null,
      rate: null,
      overLimit: null,
    });
  });
});

describe('abandonPeriods', () => {
  it('lists every successive 30-day period since the start, newest first, empty ones included', () => {
    const now = new Date(start.getTime() + 65 * day);
    const periods = abandonPeriods(now, start, new Map([[0, { liveAnswered: 12, abandoned: null }]]));
    expect(periods.map((p) => [p.index, p.from.toISOString(), p.liveAnswered])).toEqual([
      [2, '2026-03-02T00:00:00.000Z', 0],
      [1, '2026-01-31T00:00:00.000Z', 0],
      [0, '2026-01-01T00:00:00.000Z', 12],
    ]);
    expect(periods[0]?.to.toISOString()).toBe('2026-04-01T00:00:00.000Z');
  });
});

describe('ringTimes', () => {
  it('buckets whole seconds with 15 s as an edge and counts the calls under it', () => {
    const r = ringTimes(
      new Map([
        [3, 2],
        [14, 1],
        [15, 4],
        [22, 1],
        [75, 1],
      ]),
      5,
    );
    expect(r.measured).toBe(9);
    expect(r.underMinimum).toBe(3);
    expect(r.unmeasured).toBe(5);
    expect(r.buckets.map((b) => [b.fromSec, b.toSec, b.calls])).toEqual([
      [0, 5, 2],
      [5, 10, 0],
      [10, 15, 1],
      [15, 20, 4],
      [20, 30, 1],
      [30, 45, 0],
      [45, 60, 0],
      [60, null, 1],
    ]);
  });
});
