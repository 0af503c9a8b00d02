import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { callableZonesNow, callableZonesSnapshot, nextZoneOpening } from './callable-zones';
import { checkDial } from './gate';
import { localParts } from './local-time';
import { US_ZONES } from './state-rules';
import { oracleInstant, oracleLocal } from './test-oracle';

const Z = (iso: string): Date => new Date(iso);
const instant = fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2027, 11, 31) });
const federalOpen = (t: number, zone: string): boolean => {
  const m = oracleLocal(t, zone).minutes;
  return m >= 480 && m < 1260;
};

describe('callableZonesNow', () => {
  it('keeps exactly the US zones inside 08:00–21:00 local (property, incl. DST days)', () => {
    const dstDays = fc
      .constantFrom(Date.UTC(2026, 2, 8), Date.UTC(2026, 10, 1), Date.UTC(2027, 2, 14), Date.UTC(2027, 10, 7))
      .chain((d) => fc.integer({ min: d - 86_400_000, max: d + 2 * 86_400_000 }));
    fc.assert(
      fc.property(fc.oneof(instant, dstDays), (t) => {
        expect(callableZonesNow(new Date(t))).toEqual(US_ZONES.filter((z) => federalOpen(t, z)));
      }),
      { numRuns: 400 },
    );
  });

  it('agrees with the gate for a single-zone lead with no state rule (the filter never hides a callable lead)', () => {
    fc.assert(
      fc.property(instant, fc.constantFrom(...US_ZONES), (t, zone) => {
        const allowed = checkDial({ zones: [zone], dnc: false, recentCallTimes: [] }, new Date(t)).allowed;
        expect(callableZonesNow(new Date(t)).includes(zone)).toBe(allowed);
      }),
      { numRuns: 300 },
    );
  });

  it('at 13:30Z on 2026-03-09 has the East and Central open but not the Mountain, Pacific or Hawaii', () => {
    const open = callableZonesNow(Z('2026-03-09T13:30:00Z'));
    expect(open).toEqual(expect.arrayContaining(['America/New_York', 'America/Chicago', 'America/Puerto_Rico']));
    for (const z of ['America/Denver', 'America/Phoenix', 'America/Los_Angeles', 'Pacific/Honolulu', 'Pacific/Guam'])
      expect(open).not.toContain(z);
  });

  it('takes a custom zone list and skips invalid zones', () => {
    expect(callableZonesNow(Z('2026-03-09T16:00:00Z'), ['America/Chicago', 'Nowhere/Else', 'Europe/London'])).toEqual([
      'America/Chicago',
      'Europe/London',
    ]);
    expect(callableZonesNow(Z('2026-03-09T16:00:00Z'), [])).toEqual([]);
  });
});

describe('nextZoneOpening', () => {
  it('is the next local 08:00 after now, with every zone opening then (property)', () => {
    fc.assert(
      fc.property(instant, (t) => {
        const now = new Date(t);
        const next = nextZoneOpening(now)!;
        expect(next.at.getTime()).toBeGreaterThan(t);
        for (const z of next.zones) {
          expect(localParts(next.at, z)).toMatchObject({ minutes: 480, seconds: 0 });
          expect(callableZonesNow(new Date(next.at.getTime() - 1000), [z])).toEqual([]);
          expect(callableZonesNow(next.at, [z])).toEqual([z]);
        }
        // Each zone's own next 08:00 (oracle) is at or after the answer, equal exactly for the zones named.
        for (const z of US_ZONES) {
          const p = oracleLocal(t, z);
          const day = new Date(Date.UTC(p.year, p.month - 1, p.day + (p.minutes < 480 ? 0 : 1)));
          const own = oracleInstant(z, day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate(), 480);
          expect(own).toBeGreaterThanOrEqual(next.at.getTime());
          expect(own === next.at.getTime()).toBe(next.zones.includes(z));
        }
      }),
      { numRuns: 200 },
    );
  });

  it('names the zones that share the opening instant', () => {
    // 13:30Z on 2026-03-09: Mountain (Denver, Boise, North Dakota's Mountain parts) open at 14:00Z.
    const next = nextZoneOpening(Z('2026-03-09T13:30:00Z'))!;
    expect(next.at.toISOString()).toBe('2026-03-09T14:00:00.000Z');
    expect(next.zones).toEqual(['America/Denver', 'America/Boise']);
    expect(nextZoneOpening(Z('2026-03-09T13:30:00Z'), ['Nowhere/Else'])).toBeNull();
  });

  it('Phoenix opens an hour after Denver in summer and with it in winter', () => {
    expect(nextZoneOpening(Z('2026-07-01T10:00:00Z'), ['America/Phoenix'])!.at.toISOString()).toBe(
      '2026-07-01T15:00:00.000Z',
    );
    expect(nextZoneOpening(Z('2026-07-01T10:00:00Z'), ['America/Denver'])!.at.toISOString()).toBe(
      '2026-07-01T14:00:00.000Z',
    );
    expect(nextZoneOpening(Z('2026-01-15T10:00:00Z'), ['America/Denver', 'America/Phoenix'])!.zones).toEqual([
      'America/Denver',
      'America/Phoenix',
    ]);
  });
});

describe('callableZonesSnapshot', () => {
  it('holds the same answer until validUntil and changes exactly then (property)', () => {
    fc.assert(
      fc.property(instant, fc.double({ min: 0, max: 1, noNaN: true }), (t, f) => {
        const snap = callableZonesSnapshot(new Date(t));
        const until = snap.validUntil!.getTime();
        expect(until).toBeGreaterThan(t);
        expect(snap.zones).toEqual(callableZonesNow(new Date(t)));
        expect(callableZonesNow(new Date(t + Math.floor((until - t - 1) * f)))).toEqual(snap.zones);
        expect(callableZonesNow(new Date(until - 1))).toEqual(snap.zones);
        expect(callableZonesNow(new Date(until))).not.toEqual(snap.zones);
      }),
      { numRuns: 200 },
    );
  });

  it('has no end when no zone is valid', () => {
    expect(callableZonesSnapshot(Z('2026-03-09T13:30:00Z'), ['Nowhere/Else'])).toEqual({ zones: [], validUntil: null });
  });
});
