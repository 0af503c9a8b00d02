import { describe, expect, it } from 'vitest';
import { abandonFigure, abandonPeriods, ringTimes } from './compliance-report';

const day = 86_400_000;
const start = new Date('2026-01-01T00:00:00Z');

describe('abandonFigure', () => {
  const w = { from: start, to: new Date(start.getTime() + 30 * day) };

  it('uses the governor arithmetic: exactly 3 % is inside the safe harbor, one more abandon is over', () => {
    expect(abandonFigure(w, { liveAnswered: 100, recorded: 100, abandoned: 3, withMessage: 0 })).toMatchObject({
      rate: 0.03,
      overLimit: false,
      unrecorded: 0,
    });
    expect(abandonFigure(w, { liveAnswered: 100, recorded: 100, abandoned: 4, withMessage: 0 })).toMatchObject({
      rate: 0.04,
      overLimit: true,
    });
  });

  it('takes the rate over the answers with connect records and reports the older ones apart', () => {
    // 3 of 60 recorded answers abandoned is 5 %, whatever the 40 older answers were: they are not diluting it.
    expect(abandonFigure(w, { liveAnswered: 100, recorded: 60, abandoned: 3, withMessage: 2 })).toEqual({
      ...w,
      liveAnswered: 100,
      unrecorded: 40,
      abandoned: 3,
      withMessage: 2,
      rate: 0.05,
      overLimit: true,
    });
  });

  it('leaves the rate unknown when no answer carries connect records, never a guess', () => {
    expect(abandonFigure(w, { liveAnswered: 40, recorded: 0, abandoned: 0, withMessage: 0 })).toEqual({
      ...w,
      liveAnswered: 40,
      unrecorded: 40,
      abandoned: null,
      withMessage: 0,
      rate: null,
      overLimit: null,
    });
  });

  it('reads 0 % for a window with no answers at all', () => {
    expect(abandonFigure(w, { liveAnswered: 0, recorded: 0, abandoned: 0, withMessage: 0 })).toMatchObject({
      rate: 0,
      abandoned: 0,
      withMessage: 0,
    });
  });

  it('refuses more recorded answers than answers', () => {
    expect(() => abandonFigure(w, { liveAnswered: 1, recorded: 2, abandoned: 0, withMessage: 0 })).toThrow(RangeError);
  });
});

describe('abandonPeriods', () => {
  it('lists every successive 30-day period since the start, newest first, empty ones included', () => {
    const now = new Date(start.getTime() + 65 * day);
    const periods = abandonPeriods(
      now,
      start,
      new Map([[0, { liveAnswered: 12, recorded: 0, abandoned: 0, withMessage: 0 }]]),
    );
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
