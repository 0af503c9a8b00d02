import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { SAFE_HARBOR, abandonRate, abandonRateWindow } from './abandon-rate';

describe('abandonRate', () => {
  it('exactly 3 % is inside the safe harbor, anything above is over', () => {
    expect(abandonRate({ liveAnswered: 100, abandoned: 3 })).toEqual({
      rate: 0.03,
      overLimit: false,
      maxAbandoned: 3,
      headroom: 0,
    });
    expect(abandonRate({ liveAnswered: 100, abandoned: 4 })).toMatchObject({ overLimit: true, headroom: -1 });
    // 0.03 × 300 is 8.999… in floating point; the integer rule still allows 9.
    expect(abandonRate({ liveAnswered: 300, abandoned: 9 })).toMatchObject({
      overLimit: false,
      maxAbandoned: 9,
      headroom: 0,
    });
    expect(abandonRate({ liveAnswered: 33, abandoned: 1 })).toMatchObject({ overLimit: true, maxAbandoned: 0 });
  });

  it('is 0 and not over with nothing answered', () => {
    expect(abandonRate({ liveAnswered: 0, abandoned: 0 })).toEqual({
      rate: 0,
      overLimit: false,
      maxAbandoned: 0,
      headroom: 0,
    });
  });

  it('over ⇔ abandoned/answered > 3/100 ⇔ headroom < 0 (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000 }).chain((n) => fc.tuple(fc.constant(n), fc.integer({ min: 0, max: n }))),
        ([liveAnswered, abandoned]) => {
          const r = abandonRate({ liveAnswered, abandoned });
          expect(r.overLimit).toBe(BigInt(abandoned) * 100n > BigInt(liveAnswered) * 3n);
          expect(r.overLimit).toBe(r.headroom < 0);
          expect(r.maxAbandoned * 100).toBeLessThanOrEqual(liveAnswered * 3);
          expect((r.maxAbandoned + 1) * 100).toBeGreaterThan(liveAnswered * 3);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('rejects impossible counts', () => {
    expect(() => abandonRate({ liveAnswered: 10, abandoned: 11 })).toThrow(RangeError);
    expect(() => abandonRate({ liveAnswered: -1, abandoned: 0 })).toThrow(RangeError);
    expect(() => abandonRate({ liveAnswered: 1.5, abandoned: 0 })).toThrow(RangeError);
    expect(() => abandonRate({ liveAnswered: Number.NaN, abandoned: 0 })).toThrow(RangeError);
  });
});

describe('abandonRateWindow', () => {
  const now = new Date('2026-11-29T12:00:00Z');

  it('is the last 30 days for an older campaign', () => {
    expect(abandonRateWindow(now, new Date('2026-01-01T00:00:00Z'))).toEqual({
      from: new Date('2026-10-30T12:00:00Z'),
      to: now,
    });
  });

  it("is the campaign's life when shorter", () => {
    expect(abandonRateWindow(now, new Date('2026-11-20T09:00:00Z'))).toEqual({
      from: new Date('2026-11-20T09:00:00Z'),
      to: now,
    });
  });

  it('keeps the FTC figures together', () => {
    expect(SAFE_HARBOR).toMatchObject({
      maxAbandonPercent: 3,
      windowDays: 30,
      connectWithinSeconds: 2,
      minRingSeconds: 15,
      minRings: 4,
      recordRetentionYears: 5,
    });
  });
});
