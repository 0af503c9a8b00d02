import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DEFAULT_BUSY_TIME, busyTimeCdf, fitBusyTime, freeWithin, normalCdf } from './talk-time';

describe('normalCdf', () => {
  it('matches the standard normal table', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1)).toBeCloseTo(0.841345, 5);
    expect(normalCdf(-1.959964)).toBeCloseTo(0.025, 5);
    expect(normalCdf(3)).toBeCloseTo(0.99865, 5);
  });
});

describe('fitBusyTime', () => {
  it('recovers median and spread from log-normal quantiles', () => {
    // 199 evenly spaced quantiles of a log-normal with median 120 s and sigma 0.5.
    const z = (p: number) => {
      let lo = -10;
      let hi = 10;
      for (let i = 0; i < 80; i++) {
        const mid = (lo + hi) / 2;
        if (normalCdf(mid) < p) lo = mid;
        else hi = mid;
      }
      return lo;
    };
    const samples = Array.from({ length: 199 }, (_, i) => 120 * Math.exp(0.5 * z((i + 1) / 200)));
    const fit = fitBusyTime(samples);
    expect(Math.exp(fit.mu)).toBeCloseTo(120, 0);
    expect(fit.sigma).toBeGreaterThan(0.45);
    expect(fit.sigma).toBeLessThan(0.5);
  });

  it('keeps the default until there are enough calls, ignoring unusable durations', () => {
    expect(fitBusyTime([30, 60, 0, -5, Number.NaN])).toEqual(DEFAULT_BUSY_TIME);
  });
});

describe('freeWithin', () => {
  it('is a probability, grows with the horizon, and is the plain CDF for a fresh call (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 3600, noNaN: true }),
        fc.double({ min: 0, max: 600, noNaN: true }),
        fc.double({ min: 0, max: 600, noNaN: true }),
        (elapsed, h1, h2) => {
          const a = freeWithin(DEFAULT_BUSY_TIME, elapsed, Math.min(h1, h2));
          const b = freeWithin(DEFAULT_BUSY_TIME, elapsed, Math.max(h1, h2));
          expect(a).toBeGreaterThanOrEqual(0);
          expect(b).toBeLessThanOrEqual(1);
          expect(b).toBeGreaterThanOrEqual(a - 1e-12);
        },
      ),
    );
    expect(freeWithin(DEFAULT_BUSY_TIME, 0, 90)).toBeCloseTo(busyTimeCdf(DEFAULT_BUSY_TIME, 90), 9);
    expect(busyTimeCdf(DEFAULT_BUSY_TIME, 90)).toBeCloseTo(0.5, 6);
  });
});
