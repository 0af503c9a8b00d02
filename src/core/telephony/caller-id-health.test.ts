import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CALLER_ID_HEALTH as D,
  callerIdHealthSettingsSchema,
  judgeCallerIds,
  median,
  type NumberHealthInput,
} from './caller-id-health';

const now = new Date('2026-12-05T12:00:00Z');
const num = (i: number, calls: number, answered: number, restedUntil: Date | null = null): NumberHealthInput => ({
  id: `n${i}`,
  e164: `+1555000${String(i).padStart(4, '0')}`,
  calls,
  answered,
  restedUntil,
});

describe('judgeCallerIds', () => {
  it('rests a number under 0.4× the pool median and sets its return after the rest period', () => {
    const pool = [num(1, 100, 30), num(2, 100, 30), num(3, 100, 30), num(4, 100, 10)];
    const v = judgeCallerIds(pool, D, now);
    expect(v.poolMedian).toBe(0.3);
    expect(v.rest).toEqual([
      {
        id: 'n4',
        e164: num(4, 0, 0).e164,
        calls: 100,
        answered: 10,
        answerRate: 0.1,
        poolMedian: 0.3,
        restedUntil: new Date('2026-12-09T12:00:00Z'),
      },
    ]);
  });

  it('leaves a number at exactly 0.4× the median, or with fewer calls than the minimum', () => {
    const pool = [num(1, 100, 50), num(2, 100, 50), num(3, 100, 50), num(4, 100, 20), num(5, 39, 0)];
    expect(judgeCallerIds(pool, D, now).rest).toEqual([]);
  });

  it('never rests while the pool median is under 2 %', () => {
    const pool = [num(1, 200, 3), num(2, 200, 3), num(3, 200, 3), num(4, 200, 0)];
    const v = judgeCallerIds(pool, D, now);
    expect(v.poolMedian).toBe(0.015);
    expect(v.rest).toEqual([]);
  });

  it('rests at most a quarter of the pool, worst first, counting numbers already resting', () => {
    const good = [1, 2, 3].map((i) => num(i, 100, 40));
    const bad = [num(6, 100, 5), num(7, 100, 1), num(8, 100, 3)];
    // 6 numbers → one may rest: the worst.
    expect(judgeCallerIds([...good, ...bad], D, now).rest.map((r) => r.id)).toEqual(['n7']);
    const resting = num(9, 0, 0, new Date('2026-12-07T00:00:00Z'));
    const more = [...good, ...bad, resting, ...[10, 11, 12, 13, 14].map((i) => num(i, 100, 40))];
    // 12 numbers → three may rest; one already does.
    expect(judgeCallerIds(more, D, now).rest.map((r) => r.id)).toEqual(['n7', 'n8']);
  });

  it('revives a number whose rest has ended and does not rest it again in the same run', () => {
    const pool = [num(1, 100, 40), num(2, 100, 40), num(3, 100, 40), num(4, 100, 2, now)];
    const v = judgeCallerIds(pool, D, now);
    expect(v.revive.map((r) => r.id)).toEqual(['n4']);
    expect(v.rest).toEqual([]);
    const early = judgeCallerIds([...pool.slice(0, 3), num(4, 100, 2, new Date(now.getTime() + 1))], D, now);
    expect(early.revive).toEqual([]);
  });

  it('does nothing but revive when the team turned the rule off', () => {
    const pool = [num(1, 100, 30), num(2, 100, 30), num(3, 100, 30), num(4, 100, 0, now)];
    const v = judgeCallerIds([...pool, num(5, 100, 0)], { ...D, enabled: false }, now);
    expect(v.rest).toEqual([]);
    expect(v.revive.map((r) => r.id)).toEqual(['n4']);
  });

  it('holds its promises for any pool (property)', () => {
    const arbNum = fc.record({
      calls: fc.integer({ min: 0, max: 500 }),
      answeredShare: fc.double({ min: 0, max: 1, noNaN: true }),
      resting: fc.option(fc.integer({ min: -5, max: 5 }), { nil: null }),
    });
    fc.assert(
      fc.property(fc.array(arbNum, { maxLength: 40 }), (raw) => {
        const pool = raw.map((r, i) =>
          num(
            i,
            r.calls,
            Math.floor(r.calls * r.answeredShare),
            r.resting === null ? null : new Date(now.getTime() + r.resting * 3_600_000),
          ),
        );
        const v = judgeCallerIds(pool, D, now);
        const resting = pool.filter((n) => n.restedUntil && n.restedUntil > now).length;
        expect(resting + v.rest.length).toBeLessThanOrEqual(Math.max(resting, Math.floor(pool.length / 4)));
        for (const r of v.rest) {
          const n = pool.find((p) => p.id === r.id)!;
          expect(n.restedUntil).toBeNull();
          expect(n.calls).toBeGreaterThanOrEqual(40);
          expect(v.poolMedian).not.toBeNull();
          expect(v.poolMedian!).toBeGreaterThanOrEqual(0.02);
          expect(r.answerRate).toBeLessThan(0.4 * v.poolMedian!);
        }
        for (const r of v.revive)
          expect(pool.find((p) => p.id === r.id)!.restedUntil!.getTime()).toBeLessThanOrEqual(now.getTime());
      }),
    );
  });
});

describe('median and settings', () => {
  it('takes the middle, or the mean of the two middles', () => {
    expect(median([])).toBeNull();
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
  });
  it('accepts the defaults and says what is wrong with a bad ratio', () => {
    expect(callerIdHealthSettingsSchema.parse(D)).toEqual(D);
    const bad = callerIdHealthSettingsSchema.safeParse({ ...D, ratio: 0 });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toBe('Must be above 0');
  });
});
