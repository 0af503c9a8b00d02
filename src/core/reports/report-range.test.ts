import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { MAX_REPORT_DAYS, reportRanges, share } from './report-range';

describe('reportRanges', () => {
  it('spans whole days in the zone and compares with as many days just before', () => {
    const { current, previous } = reportRanges('America/New_York', '2026-12-01', '2026-12-07');
    expect(current).toEqual({
      from: '2026-12-01',
      to: '2026-12-07',
      days: 7,
      since: new Date('2026-12-01T05:00:00Z'),
      until: new Date('2026-12-08T05:00:00Z'),
    });
    expect(previous).toMatchObject({ from: '2026-11-24', to: '2026-11-30', days: 7 });
    expect(previous.until).toEqual(current.since);
  });

  it('keeps a day across a clock change whole (23 hours in spring)', () => {
    const { current } = reportRanges('America/New_York', '2026-03-08', '2026-03-08');
    expect(current.until.getTime() - current.since.getTime()).toBe(23 * 3_600_000);
  });

  it('refuses days that do not exist, a backwards range and one too long, naming the field', () => {
    const fieldOf = (f: () => unknown) => {
      try {
        f();
      } catch (err) {
        return err instanceof AppError ? Object.keys(err.details?.fields ?? {}) : ['not an AppError'];
      }
      return [];
    };
    expect(fieldOf(() => reportRanges('UTC', '2026-02-30', '2026-03-01'))).toEqual(['from']);
    expect(fieldOf(() => reportRanges('UTC', '2026-03-01', '1 March'))).toEqual(['to']);
    expect(fieldOf(() => reportRanges('UTC', '2026-03-02', '2026-03-01'))).toEqual(['to']);
    expect(fieldOf(() => reportRanges('UTC', '2025-01-01', '2026-03-01'))).toEqual(['to']);
    expect(reportRanges('UTC', '2025-01-01', '2025-01-01').current.days).toBe(1);
    expect(MAX_REPORT_DAYS).toBeGreaterThanOrEqual(366);
  });
});

describe('share', () => {
  it('is null, not 0, when there is nothing to divide by', () => {
    expect(share(0, 0)).toBeNull();
    expect(share(0, 4)).toBe(0);
    expect(share(1, 4)).toBe(0.25);
  });
});
