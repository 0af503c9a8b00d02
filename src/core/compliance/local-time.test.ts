import { describe, it, expect, vi } from 'vitest';
import fc from 'fast-check';
import { addDays, formatLocal, isValidZone, localParts, offsetMs, weekdayOf, zonedTimeToInstant } from './local-time';
import { US_ZONES } from './state-rules';
import { oracleLocal, oracleOffsetMinutes } from './test-oracle';

const Z = (iso: string): Date => new Date(iso);
// 2026-01-01 … 2027-12-31, the years whose DST transitions the suite pins.
const instant2026to2027 = fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2027, 11, 31, 23, 59, 59) });
const wallMs = (p: { year: number; month: number; day: number; minutes: number; seconds: number }): number =>
  Date.UTC(p.year, p.month - 1, p.day, 0, p.minutes, p.seconds);

describe('localParts', () => {
  it('reads known wall clocks either side of the 2026 US transitions', () => {
    // 2026-03-08 07:00Z: New York jumps 02:00 EST → 03:00 EDT.
    expect(localParts(Z('2026-03-08T06:59:59Z'), 'America/New_York')).toEqual({
      year: 2026,
      month: 3,
      day: 8,
      weekday: 0,
      minutes: 1 * 60 + 59,
      seconds: 59,
    });
    expect(localParts(Z('2026-03-08T07:00:00Z'), 'America/New_York')).toMatchObject({ minutes: 3 * 60, seconds: 0 });
    // 2026-11-01 06:00Z: New York falls back 02:00 EDT → 01:00 EST, so 01:30 happens twice.
    expect(localParts(Z('2026-11-01T05:30:00Z'), 'America/New_York').minutes).toBe(90);
    expect(localParts(Z('2026-11-01T06:30:00Z'), 'America/New_York').minutes).toBe(90);
    expect(localParts(Z('2026-07-01T12:00:00Z'), 'America/Phoenix')).toMatchObject({ minutes: 5 * 60 });
    expect(localParts(Z('2026-01-01T12:00:00Z'), 'America/Phoenix')).toMatchObject({ minutes: 5 * 60 });
    // Guam is UTC+10: 22:00Z is 08:00 the next calendar day.
    expect(localParts(Z('2026-03-07T22:00:00Z'), 'Pacific/Guam')).toEqual({
      year: 2026,
      month: 3,
      day: 8,
      weekday: 0,
      minutes: 8 * 60,
      seconds: 0,
    });
  });

  it('prints midnight as 00, not 24', () => {
    expect(localParts(Z('2026-06-01T04:00:00Z'), 'America/New_York')).toMatchObject({ day: 1, minutes: 0 });
  });

  it('agrees with the longOffset oracle for every US zone at any instant of 2026–2027', () => {
    fc.assert(
      fc.property(fc.constantFrom(...US_ZONES), instant2026to2027, (zone, t) => {
        expect(localParts(new Date(t), zone)).toEqual(oracleLocal(t, zone));
        expect(offsetMs(zone, t)).toBe(oracleOffsetMinutes(zone, t) * 60_000);
      }),
      { numRuns: 2000 },
    );
  });

  it('throws RangeError for an unknown zone', () => {
    expect(() => localParts(new Date(0), 'Mars/Olympus_Mons')).toThrow(RangeError);
  });
});

describe('zonedTimeToInstant', () => {
  it('maps plain wall times to the known UTC instants', () => {
    expect(zonedTimeToInstant('America/New_York', 2026, 3, 7, 8 * 60).toISOString()).toBe('2026-03-07T13:00:00.000Z');
    expect(zonedTimeToInstant('America/New_York', 2026, 3, 8, 8 * 60).toISOString()).toBe('2026-03-08T12:00:00.000Z');
    expect(zonedTimeToInstant('America/Chicago', 2027, 11, 7, 21 * 60).toISOString()).toBe('2027-11-08T03:00:00.000Z');
    expect(zonedTimeToInstant('America/Phoenix', 2026, 7, 1, 8 * 60).toISOString()).toBe('2026-07-01T15:00:00.000Z');
    expect(zonedTimeToInstant('Pacific/Honolulu', 2026, 3, 8, 21 * 60).toISOString()).toBe('2026-03-09T07:00:00.000Z');
    expect(zonedTimeToInstant('America/Adak', 2026, 3, 8, 8 * 60).toISOString()).toBe('2026-03-08T17:00:00.000Z');
    expect(zonedTimeToInstant('Pacific/Guam', 2026, 3, 8, 8 * 60).toISOString()).toBe('2026-03-07T22:00:00.000Z');
  });

  it('in a spring-forward gap picks the first valid instant after (the transition itself)', () => {
    // New York has no 02:00–02:59 on 2026-03-08 or 2027-03-14.
    expect(zonedTimeToInstant('America/New_York', 2026, 3, 8, 2 * 60 + 30).toISOString()).toBe(
      '2026-03-08T07:00:00.000Z',
    );
    expect(zonedTimeToInstant('America/New_York', 2026, 3, 8, 2 * 60).toISOString()).toBe('2026-03-08T07:00:00.000Z');
    expect(zonedTimeToInstant('America/Denver', 2027, 3, 14, 2 * 60 + 59).toISOString()).toBe(
      '2027-03-14T09:00:00.000Z',
    );
    // A non-US gap at a different hour: London skips 01:00–01:59 on 2026-03-29.
    expect(zonedTimeToInstant('Europe/London', 2026, 3, 29, 90).toISOString()).toBe('2026-03-29T01:00:00.000Z');
  });

  it('in a fall-back overlap picks the earlier instant', () => {
    expect(zonedTimeToInstant('America/New_York', 2026, 11, 1, 90).toISOString()).toBe('2026-11-01T05:30:00.000Z');
    expect(zonedTimeToInstant('America/Los_Angeles', 2027, 11, 7, 60).toISOString()).toBe('2027-11-07T08:00:00.000Z');
  });

  it('rolls minutes past 1440 into the next day', () => {
    expect(zonedTimeToInstant('America/New_York', 2026, 12, 31, 1440)).toEqual(
      zonedTimeToInstant('America/New_York', 2027, 1, 1, 0),
    );
  });

  it('returns the earliest instant whose wall time reaches the one asked for, in every US zone (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...US_ZONES),
        fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2027, 11, 31) }),
        fc.integer({ min: 0, max: 1439 }),
        (zone, dayMs, minutes) => {
          const day = new Date(dayMs);
          const [y, m, d] = [day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate()];
          const wanted = Date.UTC(y, m - 1, d, 0, minutes);
          const r = zonedTimeToInstant(zone, y, m, d, minutes).getTime();
          const wallAt = (t: number): number => wallMs(oracleLocal(t, zone));
          expect(wallAt(r)).toBeGreaterThanOrEqual(wanted);
          expect(wallAt(r - 1000)).toBeLessThan(wanted);
          // An hour earlier the clock had not reached it either: rules out the later of two overlap instants.
          expect(wallAt(r - 3_600_000)).toBeLessThan(wanted);
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('hits the transition days of 2026 and 2027 exactly for every US zone at every quarter hour', () => {
    const days: [number, number, number][] = [
      [2026, 3, 8],
      [2026, 11, 1],
      [2027, 3, 14],
      [2027, 11, 7],
    ];
    for (const zone of US_ZONES) {
      for (const [y, m, d] of days) {
        for (let minutes = 0; minutes < 1440; minutes += 15) {
          const r = zonedTimeToInstant(zone, y, m, d, minutes).getTime();
          const wanted = Date.UTC(y, m - 1, d, 0, minutes);
          expect(wallMs(oracleLocal(r, zone))).toBeGreaterThanOrEqual(wanted);
          expect(wallMs(oracleLocal(r - 1000, zone))).toBeLessThan(wanted);
        }
      }
    }
  });
});

describe('small helpers', () => {
  it('isValidZone accepts tz names and aliases, rejects junk', () => {
    for (const zone of US_ZONES) expect(isValidZone(zone)).toBe(true);
    expect(isValidZone('America/Indiana/Indianapolis')).toBe(true);
    expect(isValidZone('Mars/Olympus_Mons')).toBe(false);
    expect(isValidZone('')).toBe(false);
    expect(isValidZone('-05:00')).toBe(false);
  });

  it('isValidZone refuses offsets even where the runtime accepts them as zones (ICU in Node 24)', () => {
    // Stand in for a runtime whose Intl takes offset zones: offsets have no daylight saving and are not places.
    const Real = Intl.DateTimeFormat;
    const spy = vi.spyOn(Intl, 'DateTimeFormat').mockImplementation(function (
      locale: string,
      options: Intl.DateTimeFormatOptions,
    ) {
      return new Real(locale, {
        ...options,
        timeZone: /^[+-]|^(UTC|GMT)[+-]/i.test(options.timeZone ?? '') ? 'UTC' : options.timeZone,
      });
    } as never);
    try {
      for (const offset of ['-05:00', '+05:30', '+0530', '-05', 'UTC+3', 'GMT-4', 'utc+03:00'])
        expect(isValidZone(offset)).toBe(false);
      expect(isValidZone('Etc/GMT+5')).toBe(true);
      expect(isValidZone('Europe/Warsaw')).toBe(true);
    } finally {
      spy.mockRestore();
    }
  });

  it('formats the dial-record local time as YYYY-MM-DD HH:mm ddd', () => {
    expect(formatLocal(localParts(Z('2026-03-09T01:59:30Z'), 'America/Chicago'))).toBe('2026-03-08 20:59 Sun');
    expect(formatLocal(localParts(Z('2027-01-04T05:05:00Z'), 'America/New_York'))).toBe('2027-01-04 00:05 Mon');
  });

  it('addDays and weekdayOf cross month, year and leap-day boundaries', () => {
    expect(addDays({ year: 2026, month: 12, day: 31 }, 1)).toEqual({ year: 2027, month: 1, day: 1 });
    expect(addDays({ year: 2028, month: 2, day: 28 }, 1)).toEqual({ year: 2028, month: 2, day: 29 });
    expect(addDays({ year: 2026, month: 3, day: 1 }, -1)).toEqual({ year: 2026, month: 2, day: 28 });
    expect(weekdayOf({ year: 2026, month: 11, day: 29 })).toBe(0);
    expect(weekdayOf({ year: 2027, month: 1, day: 1 })).toBe(5);
  });
});
