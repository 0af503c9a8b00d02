import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DEFAULT_TARGET_BP, governAbandons, governorStates, type GovernorInput } from './abandon-governor';
import { abandonPeriod, answersUntilHeadroom, governorRollingWindow, worstCaseHeadroom } from './abandon-rate';

const now = new Date('2026-11-29T12:00:00Z');
const base: GovernorInput = {
  counts: { liveAnswered: 1000, abandoned: 0 },
  // A long-running campaign: the rolling 30 days are comfortably inside the limit unless a test says otherwise.
  rollingCounts: { liveAnswered: 100_000, abandoned: 0 },
  targetBp: DEFAULT_TARGET_BP,
  previous: 'open',
  now,
  periodEndsAt: new Date('2026-12-10T00:00:00Z'),
  lineLifeMs: 22_000,
};
const counts = fc
  .integer({ min: 0, max: 1_000_000 })
  .chain((n) =>
    fc.record({ liveAnswered: fc.constant(n), abandoned: fc.integer({ min: 0, max: Math.min(n, 40_000) }) }),
  );

describe('worstCaseHeadroom', () => {
  it('is the most abandons that keep the period at or under 3 % (property)', () => {
    fc.assert(
      fc.property(counts, ({ liveAnswered: n, abandoned: a }) => {
        const h = worstCaseHeadroom({ liveAnswered: n, abandoned: a });
        expect(h).toBeGreaterThanOrEqual(0);
        if (a * 100 <= n * 3) expect((a + h) * 100).toBeLessThanOrEqual((n + h) * 3);
        // One more would pass 3 %.
        expect((a + h + 1) * 100).toBeGreaterThan((n + h + 1) * 3);
      }),
      { numRuns: 2000 },
    );
  });

  it('allows the first abandon only after 33 live answers', () => {
    expect(worstCaseHeadroom({ liveAnswered: 32, abandoned: 0 })).toBe(0);
    expect(worstCaseHeadroom({ liveAnswered: 33, abandoned: 0 })).toBe(1);
    expect(worstCaseHeadroom({ liveAnswered: 1000, abandoned: 0 })).toBe(30);
    expect(worstCaseHeadroom({ liveAnswered: 1000, abandoned: 30 })).toBe(0);
  });
});

describe('answersUntilHeadroom', () => {
  it('is exactly the connected answers that free one more abandon (property)', () => {
    fc.assert(
      fc.property(counts, (c) => {
        const k = answersUntilHeadroom(c);
        expect(worstCaseHeadroom({ ...c, liveAnswered: c.liveAnswered + k })).toBeGreaterThanOrEqual(1);
        if (k > 0) expect(worstCaseHeadroom({ ...c, liveAnswered: c.liveAnswered + k - 1 })).toBe(0);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('governorRollingWindow', () => {
  it('leaves out the calls that age out before lines dialled now have rung', () => {
    const start = new Date('2026-01-01T00:00:00Z');
    expect(governorRollingWindow(now, start, 22_000)).toEqual({
      from: new Date('2026-10-30T12:00:22Z'),
      to: now,
    });
    expect(governorRollingWindow(now, new Date('2026-11-20T09:00:00Z'), 22_000).from).toEqual(
      new Date('2026-11-20T09:00:00Z'),
    );
  });
});

describe('abandonPeriod', () => {
  const start = new Date('2026-10-01T09:00:00Z');
  it('counts successive 30-day periods from the campaign start', () => {
    expect(abandonPeriod(new Date('2026-10-15T00:00:00Z'), start)).toEqual({
      index: 0,
      from: start,
      to: new Date('2026-10-31T09:00:00Z'),
    });
    expect(abandonPeriod(new Date('2026-10-31T09:00:00Z'), start)).toMatchObject({
      index: 1,
      from: new Date('2026-10-31T09:00:00Z'),
      to: new Date('2026-11-30T09:00:00Z'),
    });
  });
  it('always contains now (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4e10 }), (offset) => {
        const at = new Date(start.getTime() + offset);
        const p = abandonPeriod(at, start);
        expect(p.from.getTime()).toBeLessThanOrEqual(at.getTime());
        expect(p.to.getTime()).toBeGreaterThan(at.getTime());
      }),
    );
  });
});

describe('governAbandons', () => {
  it('never lets more lines go unmatched than the worst case allows, never risks more than the target (property)', () => {
    fc.assert(
      fc.property(
        counts,
        counts,
        fc.integer({ min: 0, max: 300 }),
        fc.constantFrom(...governorStates),
        fc.integer({ min: 0, max: 40 * 86_400_000 }),
        (c, rolling, targetBp, previous, untilEnd) => {
          const g = governAbandons({
            ...base,
            counts: c,
            rollingCounts: rolling,
            targetBp,
            previous,
            periodEndsAt: new Date(now.getTime() + untilEnd),
          });
          expect(g.maxUnmatchedLines).toBeLessThanOrEqual(worstCaseHeadroom(c));
          expect(g.maxUnmatchedLines).toBeLessThanOrEqual(worstCaseHeadroom(rolling));
          expect(g.riskShare).toBeLessThanOrEqual(targetBp / 10_000);
          expect(g.riskShare).toBeGreaterThanOrEqual(0);
          if (g.blocked) expect(g.maxUnmatchedLines).toBe(0);
          if (Math.min(worstCaseHeadroom(c), worstCaseHeadroom(rolling)) === 0)
            expect(g.blocked?.reason).toMatch(/budget_spent|period_ending/);
          if (untilEnd <= base.lineLifeMs) expect(g.blocked?.reason).toBe('period_ending');
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('says how many connected answers would free a line when the budget is spent', () => {
    const g = governAbandons({ ...base, counts: { liveAnswered: 100, abandoned: 3 } });
    expect(g).toMatchObject({ maxUnmatchedLines: 0, riskShare: 0 });
    expect(g.blocked).toEqual({ reason: 'budget_spent', answersNeeded: 33, resumesBy: base.periodEndsAt });
  });

  it('holds the rolling 30 days to the same cap and target as the period', () => {
    const spent = governAbandons({ ...base, rollingCounts: { liveAnswered: 200, abandoned: 6 } });
    expect(spent).toMatchObject({ maxUnmatchedLines: 0, riskShare: 0, rollingRate: 0.03 });
    // Old calls age out of the rolling window by themselves: no period start to wait for.
    expect(spent.blocked).toEqual({ reason: 'budget_spent', answersNeeded: 33, resumesBy: null });
    const atTarget = governAbandons({ ...base, rollingCounts: { liveAnswered: 10_000, abandoned: 250 } });
    expect(atTarget).toMatchObject({ state: 'closed', blocked: { reason: 'at_target', resumesBy: null } });
    const near = governAbandons({ ...base, rollingCounts: { liveAnswered: 10_000, abandoned: 210 } });
    expect(near).toMatchObject({ state: 'throttled', riskShare: 0.0125, maxUnmatchedLines: 30 });
  });

  it('throttles approaching the target and stops at it', () => {
    const at = (abandoned: number, previous: GovernorInput['previous'] = 'open') =>
      governAbandons({ ...base, counts: { liveAnswered: 10_000, abandoned }, previous });
    expect(at(100)).toMatchObject({ state: 'open', riskShare: 0.025 });
    expect(at(200)).toMatchObject({ state: 'throttled', riskShare: 0.0125 });
    expect(at(250)).toMatchObject({ state: 'closed', riskShare: 0, blocked: { reason: 'at_target' } });
  });

  it('holds its state inside the hysteresis band', () => {
    const at = (abandoned: number, previous: GovernorInput['previous']) =>
      governAbandons({ ...base, counts: { liveAnswered: 10_000, abandoned }, previous }).state;
    // 2.4 %: below the target, but within a band of it — a closed governor stays closed, an open one throttles.
    expect(at(240, 'closed')).toBe('closed');
    expect(at(240, 'throttled')).toBe('throttled');
    expect(at(220, 'closed')).toBe('throttled');
    // 1.9 %: below the approach line (2 %) but within the band — throttled stays, open stays open.
    expect(at(190, 'throttled')).toBe('throttled');
    expect(at(190, 'open')).toBe('open');
    expect(at(170, 'throttled')).toBe('open');
  });

  it('a rate wavering less than the band around a line never steps back down (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(200, 250),
        fc.array(fc.integer({ min: -12, max: 12 }), { minLength: 2, maxLength: 60 }),
        (lineBp, wobble) => {
          const rank = { open: 0, throttled: 1, closed: 2 } as const;
          let state: GovernorInput['previous'] = 'open';
          for (const w of wobble) {
            const next: GovernorInput['previous'] = governAbandons({
              ...base,
              counts: { liveAnswered: 100_000, abandoned: (lineBp + w) * 10 },
              previous: state,
            }).state;
            // Stepping down needs a fall of the whole band (25 bp at 2.5 %); the wobble is half of it.
            expect(rank[next]).toBeGreaterThanOrEqual(rank[state]);
            state = next;
          }
        },
      ),
    );
  });

  it('refuses a target over 3 %', () => {
    expect(() => governAbandons({ ...base, targetBp: 301 })).toThrow(RangeError);
  });
});
