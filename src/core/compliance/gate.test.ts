import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import type { CampaignWindow, DialInput } from './gate';
import { REASONS, checkDial, describeReason, dialSafetyMarginMs } from './gate';
import { localParts } from './local-time';
import type { StateCode } from './state-rules';
import { CALLING_RULES, US_ZONES } from './state-rules';
import { oracleAllowed, oracleInstant, oracleLocal, oracleNextAllowed } from './test-oracle';

const base: DialInput = { zones: [], dnc: false, recentCallTimes: [] };
const dial = (input: Partial<DialInput>, at: Date | number) => checkDial({ ...base, ...input }, new Date(at));
const Z = (iso: string): number => Date.parse(iso);
const HOUR = 3_600_000;

// US DST transition days (second Sunday of March, first Sunday of November).
const TRANSITION_DAYS: [number, number, number][] = [
  [2026, 3, 8],
  [2026, 11, 1],
  [2027, 3, 14],
  [2027, 11, 7],
];
// The transition day and the days either side, where a fixed-offset bug would show.
const DAYS_AROUND: [number, number, number][] = TRANSITION_DAYS.flatMap(([y, m, d]) =>
  [-1, 0, 1].map((k): [number, number, number] => {
    const t = new Date(Date.UTC(y, m - 1, d + k));
    return [t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate()];
  }),
);

describe('federal window in every US zone across the 2026 and 2027 DST transitions', () => {
  it.each([...US_ZONES])('%s: 07:59:59 denied, 08:00:00 allowed, 20:59:59 allowed, 21:00:00 denied', (zone) => {
    for (const [y, m, d] of DAYS_AROUND) {
      const at = (h: number, min: number, s: number) =>
        dial({ zones: [zone] }, oracleInstant(zone, y, m, d, h * 60 + min, s));
      const before = at(7, 59, 59);
      expect(before.allowed).toBe(false);
      expect(before.reasons).toEqual(['outside_federal_window']);
      expect(at(8, 0, 0).allowed).toBe(true);
      expect(at(20, 59, 59).allowed).toBe(true);
      const after = at(21, 0, 0);
      expect(after.allowed).toBe(false);
      expect(after.reasons).toEqual(['outside_federal_window']);
    }
  });

  it('matches the oracle at random instants within 36 h of each transition, in every US zone (property)', () => {
    const near = fc
      .constantFrom(...TRANSITION_DAYS)
      .chain(([y, m, d]) =>
        fc.integer({ min: Date.UTC(y, m - 1, d) - 36 * HOUR, max: Date.UTC(y, m - 1, d) + 36 * HOUR }),
      );
    fc.assert(
      fc.property(fc.constantFrom(...US_ZONES), near, (zone, t) => {
        const minutes = oracleLocal(t, zone).minutes;
        expect(dial({ zones: [zone] }, t).allowed).toBe(minutes >= 480 && minutes < 1260);
      }),
      { numRuns: 1500 },
    );
  });

  it("uses the known UTC instants (no Intl in the expectation) around New York's 2026 transitions", () => {
    const ny = { zones: ['America/New_York'] };
    // Saturday 2026-03-07 is EST (UTC−5); Sunday 2026-03-08 from 03:00 is EDT (UTC−4).
    expect(dial(ny, Z('2026-03-07T12:59:59Z')).allowed).toBe(false);
    expect(dial(ny, Z('2026-03-07T13:00:00Z')).allowed).toBe(true);
    expect(dial(ny, Z('2026-03-08T11:59:59Z')).allowed).toBe(false);
    expect(dial(ny, Z('2026-03-08T12:00:00Z')).allowed).toBe(true);
    expect(dial(ny, Z('2026-03-09T00:59:59Z')).allowed).toBe(true);
    expect(dial(ny, Z('2026-03-09T01:00:00Z')).allowed).toBe(false);
    // Sunday 2026-11-01 from 01:00 (second time) is EST again.
    expect(dial(ny, Z('2026-11-01T12:59:59Z')).allowed).toBe(false);
    expect(dial(ny, Z('2026-11-01T13:00:00Z')).allowed).toBe(true);
    expect(dial(ny, Z('2026-11-02T01:59:59Z')).allowed).toBe(true);
    expect(dial(ny, Z('2026-11-02T02:00:00Z')).allowed).toBe(false);
  });
});

describe('Arizona', () => {
  it('America/Phoenix opens at 15:00Z in winter and summer alike while Denver shifts', () => {
    for (const day of ['2026-01-15', '2026-07-15', '2027-03-14', '2027-11-07']) {
      expect(dial({ zones: ['America/Phoenix'] }, Z(`${day}T14:59:59Z`)).allowed).toBe(false);
      expect(dial({ zones: ['America/Phoenix'] }, Z(`${day}T15:00:00Z`)).allowed).toBe(true);
      expect(dial({ zones: ['America/Phoenix'] }, Z(`${day}T03:59:59Z`)).allowed).toBe(true);
    }
    expect(dial({ zones: ['America/Denver'] }, Z('2026-07-15T14:00:00Z')).allowed).toBe(true); // 08:00 MDT
    expect(dial({ zones: ['America/Denver'] }, Z('2026-01-15T14:00:00Z')).allowed).toBe(false); // 07:00 MST
  });

  it('an Arizona address also checks the Navajo Nation (Denver, DST) in summer', () => {
    // 2026-07-15 03:30Z: 20:30 in Phoenix but 21:30 in Denver.
    const d = dial({ zones: ['America/Phoenix'], state: 'AZ' }, Z('2026-07-15T03:30:00Z'));
    expect(d.allowed).toBe(false);
    expect(d.zones.map((z) => [z.zone, z.origin, z.open])).toEqual([
      ['America/Phoenix', 'both', true],
      ['America/Denver', 'address', false],
    ]);
  });
});

describe('several candidate zones', () => {
  const two = { zones: ['America/Chicago', 'America/Denver'] };

  it('a Chicago + Denver number is allowed only in the intersection (09:00–21:00 Central)', () => {
    // 2026-03-09 (CDT/MDT): 13:59:59Z is 08:59:59 Chicago, 07:59:59 Denver.
    expect(dial(two, Z('2026-03-09T13:59:59Z')).allowed).toBe(false);
    expect(dial(two, Z('2026-03-09T14:00:00Z')).allowed).toBe(true);
    expect(dial(two, Z('2026-03-10T01:59:59Z')).allowed).toBe(true);
    const late = dial(two, Z('2026-03-10T02:00:00Z'));
    expect(late.allowed).toBe(false);
    expect(late.zones.map((z) => z.open)).toEqual([false, true]);
    expect(late.zones[0]).toMatchObject({
      zone: 'America/Chicago',
      localTime: '2026-03-09 21:00:00 Mon',
      window: { startMinutes: 480, endMinutes: 1260 },
    });
  });

  it('allowed ⇔ allowed in each zone alone (property)', () => {
    fc.assert(
      fc.property(
        fc.subarray([...US_ZONES], { minLength: 1, maxLength: 3 }),
        fc.integer({ min: Z('2026-01-01T00:00:00Z'), max: Z('2027-12-31T00:00:00Z') }),
        (zones, t) => {
          const each = zones.map((z) => dial({ zones: [z] }, t).allowed);
          expect(dial({ zones }, t).allowed).toBe(each.every(Boolean));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('zones on different calendar days intersect correctly (Guam is 20 h ahead of Honolulu)', () => {
    // Guam 08:00–21:00 is 22:00Z–11:00Z, Honolulu's is 18:00Z–07:00Z: shared 22:00Z–07:00Z.
    const gh = { zones: ['Pacific/Guam', 'Pacific/Honolulu'] };
    expect(dial(gh, Z('2026-05-01T21:59:59Z')).allowed).toBe(false);
    expect(dial(gh, Z('2026-05-01T22:00:00Z')).allowed).toBe(true);
    expect(dial(gh, Z('2026-05-02T06:59:59Z')).allowed).toBe(true);
    const closed = dial(gh, Z('2026-05-02T07:00:00Z'));
    expect(closed.zones.map((z) => z.localTime)).toEqual(['2026-05-02 17:00:00 Sat', '2026-05-01 21:00:00 Fri']);
    expect(closed.nextAllowedAt?.toISOString()).toBe('2026-05-02T22:00:00.000Z');
  });

  it("nextAllowedAt is null when the zones' campaign windows never meet", () => {
    // 08:00–12:00 in Guam is 22:00Z–02:00Z; in Honolulu 18:00Z–22:00Z.
    const d = dial(
      { zones: ['Pacific/Guam', 'Pacific/Honolulu'], campaignWindow: { startMinutes: 480, endMinutes: 720 } },
      Z('2026-05-01T23:00:00Z'),
    );
    expect(d.allowed).toBe(false);
    expect(d.nextAllowedAt).toBeNull();
  });

  it("adds the address state's zones to the number's (TX spans Central and Mountain)", () => {
    const d = dial({ zones: ['America/Chicago'], state: 'tx' }, Z('2026-03-09T13:30:00Z'));
    expect(d.state).toBe('TX');
    expect(d.zones.map((z) => [z.zone, z.origin])).toEqual([
      ['America/Chicago', 'both'],
      ['America/Denver', 'address'],
    ]);
    expect(d.allowed).toBe(false);
    expect(d.nextAllowedAt?.toISOString()).toBe('2026-03-09T14:00:00.000Z');
  });

  it('with no zone from the number, an address state still gives zones', () => {
    expect(dial({ zones: [], state: 'NY' }, Z('2026-03-09T14:00:00Z')).allowed).toBe(true);
  });
});

describe('zone, state and DNC failures', () => {
  it('denies with unknown_zone and no next time when there is no zone', () => {
    const d = dial({ zones: [] }, Z('2026-03-09T16:00:00Z'));
    expect(d).toMatchObject({ allowed: false, reasons: ['unknown_zone'], nextAllowedAt: null, zones: [] });
  });

  it('denies when any candidate zone is not a real IANA zone', () => {
    const d = dial({ zones: ['America/Chicago', 'US/Mars'] }, Z('2026-03-09T16:00:00Z'));
    expect(d.reasons).toEqual(['unknown_zone']);
    expect(d.nextAllowedAt).toBeNull();
    expect(d.zones[1]).toEqual({ zone: 'US/Mars', origin: 'number', localTime: null, window: null, open: false });
  });

  it('denies an unrecognised address state rather than silently skipping its rules', () => {
    const d = dial({ zones: ['America/Chicago'], state: 'Texas' }, Z('2026-03-09T16:00:00Z'));
    expect(d.reasons).toEqual(['unknown_state']);
    expect(d.nextAllowedAt).toBeNull();
    expect(d.state).toBeUndefined();
  });

  it('treats a blank state as absent', () => {
    expect(dial({ zones: ['America/Chicago'], state: '  ' }, Z('2026-03-09T16:00:00Z')).allowed).toBe(true);
    expect(dial({ zones: ['America/Chicago'], state: null }, Z('2026-03-09T16:00:00Z')).allowed).toBe(true);
  });

  it('denies DNC numbers inside the window, with no next time', () => {
    const d = dial({ zones: ['America/Chicago'], dnc: true }, Z('2026-03-09T16:00:00Z'));
    expect(d).toMatchObject({ allowed: false, reasons: ['dnc'], nextAllowedAt: null });
  });

  it('reports every failing rule, not just the first', () => {
    const d = dial({ zones: ['America/Chicago'], dnc: true, state: 'AL' }, Z('2026-03-15T05:00:00Z')); // Sunday 00:00 CDT
    expect(d.reasons).toEqual(['dnc', 'outside_federal_window', 'state_sunday']);
  });
});

describe('state rules', () => {
  it.each(['AL', 'MS'] as const)('%s: Sunday denied, Monday allowed', (state) => {
    const sunday = dial({ zones: ['America/Chicago'], state }, Z('2026-03-15T15:00:00Z')); // 10:00 CDT
    expect(sunday.reasons).toEqual(['state_sunday']);
    expect(sunday.zones[0]?.window).toBeNull();
    expect(sunday.nextAllowedAt?.toISOString()).toBe('2026-03-16T13:00:00.000Z'); // Monday 08:00 CDT
    expect(dial({ zones: ['America/Chicago'], state }, Z('2026-03-16T15:00:00Z')).allowed).toBe(true);
  });

  it('Florida: 19:59:59 allowed, 20:00 denied', () => {
    expect(dial({ zones: ['America/New_York'], state: 'FL' }, Z('2026-03-09T23:59:59Z')).allowed).toBe(true);
    const d = dial({ zones: ['America/New_York'], state: 'FL' }, Z('2026-03-10T00:00:00Z'));
    expect(d.reasons).toEqual(['outside_state_window']);
    // The Florida panhandle is Central: 20:00 Eastern is 19:00 there, still one open zone short.
    expect(d.zones.map((z) => [z.zone, z.open])).toEqual([
      ['America/New_York', false],
      ['America/Chicago', true],
    ]);
  });

  describe('Florida frequency cap (3 per rolling 24 h)', () => {
    const now = Z('2026-03-10T16:00:00Z'); // Tuesday 12:00 EDT
    const fl = (calls: number[]) =>
      dial({ zones: ['America/New_York'], state: 'FL', recentCallTimes: calls.map((c) => new Date(c)) }, now);

    it('allows a third call, denies a fourth', () => {
      expect(fl([now - 5 * HOUR, now - 3 * HOUR]).allowed).toBe(true);
      const d = fl([now - 20 * HOUR, now - 5 * HOUR, now - 3 * HOUR]);
      expect(d.reasons).toEqual(['frequency_cap']);
      expect(d.checked.some((c) => c.includes('frequency cap 3 per 24 h: 3 in the last 24 h'))).toBe(true);
    });

    it('a call exactly 24 h ago no longer counts', () => {
      expect(fl([now - 24 * HOUR, now - 5 * HOUR, now - 3 * HOUR]).allowed).toBe(true);
      expect(fl([now - 24 * HOUR + 1, now - 5 * HOUR, now - 3 * HOUR]).allowed).toBe(false);
    });

    it('nextAllowedAt is when the oldest counted call leaves the window, if the window is open then', () => {
      const d = fl([now - 20 * HOUR, now - 5 * HOUR, now - 3 * HOUR]);
      expect(d.nextAllowedAt?.getTime()).toBe(now + 4 * HOUR);
      // Released at 01:00 EDT, after Florida's 20:00 close: the next morning's 08:00 in the
      // later of Florida's two zones (Central, the panhandle) instead.
      const late = fl([now - 11 * HOUR, now - 5 * HOUR, now - 3 * HOUR]);
      expect(late.nextAllowedAt?.toISOString()).toBe('2026-03-11T13:00:00.000Z');
    });

    it('with more calls than the cap, waits for enough of them to leave the window', () => {
      // Four calls: two must expire to get under 3, so the second-oldest decides.
      const d = fl([now - 23 * HOUR, now - 20 * HOUR, now - 5 * HOUR, now - 3 * HOUR]);
      expect(d.nextAllowedAt?.getTime()).toBe(now + 4 * HOUR);
    });

    it('counts calls stamped after now (clock skew) until 24 h after them', () => {
      const d = fl([now - 2 * HOUR, now - HOUR, now + 60_000]);
      expect(d.reasons).toEqual(['frequency_cap']);
      expect(d.nextAllowedAt?.getTime()).toBe(now - 2 * HOUR + 24 * HOUR);
    });

    it('only applies in capped states', () => {
      const calls = [now - 3 * HOUR, now - 2 * HOUR, now - HOUR, now - 1].map((c) => new Date(c));
      expect(dial({ zones: ['America/New_York'], state: 'NY', recentCallTimes: calls }, now).allowed).toBe(true);
      expect(dial({ zones: ['America/Chicago'], state: 'OK', recentCallTimes: calls }, now).reasons).toEqual([
        'frequency_cap',
      ]);
    });
  });

  it('Louisiana: denied on a federal holiday and its observed day, allowed the next business day', () => {
    const la = (iso: string) => dial({ zones: ['America/Chicago'], state: 'LA' }, Z(iso));
    const thanksgiving = la('2026-11-26T16:00:00Z'); // Thursday 10:00 CST
    expect(thanksgiving.reasons).toEqual(['state_holiday']);
    expect(thanksgiving.nextAllowedAt?.toISOString()).toBe('2026-11-27T14:00:00.000Z');
    expect(la('2026-11-27T16:00:00Z').allowed).toBe(true);
    expect(la('2026-07-03T15:00:00Z').reasons).toEqual(['state_holiday']); // Independence Day observed
    expect(la('2026-02-17T16:00:00Z').reasons).toEqual(['state_holiday']); // Mardi Gras
    // The same days are ordinary in a state without a holiday ban.
    expect(dial({ zones: ['America/Chicago'], state: 'IL' }, Z('2026-11-26T16:00:00Z')).allowed).toBe(true);
  });

  it('Rhode Island: weekdays 9–18, Saturday 10–17, no Sundays or holidays', () => {
    const ri = (iso: string) => dial({ zones: ['America/New_York'], state: 'RI' }, Z(iso));
    expect(ri('2026-03-09T12:59:59Z').reasons).toEqual(['outside_state_window']); // Mon 08:59:59
    expect(ri('2026-03-09T13:00:00Z').allowed).toBe(true);
    expect(ri('2026-03-09T21:59:59Z').allowed).toBe(true); // 17:59:59
    expect(ri('2026-03-09T22:00:00Z').allowed).toBe(false);
    expect(ri('2026-03-14T13:30:00Z').allowed).toBe(false); // Sat 09:30
    expect(ri('2026-03-14T14:00:00Z').allowed).toBe(true); // Sat 10:00
    expect(ri('2026-03-14T21:00:00Z').allowed).toBe(false); // Sat 17:00
    expect(ri('2026-03-15T16:00:00Z').reasons).toEqual(['state_sunday']);
    expect(ri('2026-08-10T16:00:00Z').reasons).toEqual(['state_holiday']); // Victory Day
    expect(ri('2026-03-14T21:00:00Z').nextAllowedAt?.toISOString()).toBe('2026-03-16T13:00:00.000Z');
  });

  it('Texas: Sunday from noon', () => {
    const tx = (iso: string) => dial({ zones: ['America/Chicago'], state: 'TX' }, Z(iso));
    expect(tx('2026-03-15T17:59:59Z').reasons).toEqual(['outside_state_window']); // Chicago 12:59:59, Denver 11:59:59
    expect(tx('2026-03-15T18:00:00Z').allowed).toBe(true);
    expect(tx('2026-03-16T14:00:00Z').allowed).toBe(true); // Monday 09:00 / 08:00
  });

  it('Kentucky opens at 10:00, Connecticut closes at 20:00, Illinois opens at 9:00', () => {
    expect(dial({ zones: ['America/New_York'], state: 'KY' }, Z('2026-03-09T13:59:00Z')).allowed).toBe(false);
    expect(dial({ zones: ['America/New_York'], state: 'KY' }, Z('2026-03-09T15:00:00Z')).allowed).toBe(true); // 10:00 Central too
    expect(dial({ zones: ['America/New_York'], state: 'CT' }, Z('2026-03-10T00:00:00Z')).allowed).toBe(false);
    expect(dial({ zones: ['America/Chicago'], state: 'IL' }, Z('2026-03-09T13:59:59Z')).allowed).toBe(false);
    expect(dial({ zones: ['America/Chicago'], state: 'IL' }, Z('2026-03-09T14:00:00Z')).allowed).toBe(true);
  });

  it('records the rule rows and their sources it checked', () => {
    const d = dial({ zones: ['America/New_York'], state: 'FL' }, Z('2026-03-09T16:00:00Z'));
    expect(d.checked[0]).toBe('zones: America/New_York (both), America/Chicago (address)');
    expect(d.checked).toContain('dnc');
    expect(d.checked.some((c) => c.startsWith('federal window 08:00–21:00 (TCPA 47 CFR 64.1200(c)(1)'))).toBe(true);
    expect(
      d.checked.some((c) =>
        c.startsWith('state FL window 08:00–20:00 (Fla. Stat. § 501.616(6) (2021); checked 2026-11-29, primary)'),
      ),
    ).toBe(true);
    expect(dial({ zones: ['America/New_York'], state: 'NY' }, Z('2026-03-09T16:00:00Z')).checked).toContain(
      'state NY: no rule stricter than federal',
    );
  });
});

describe('campaign window', () => {
  const chicago = { zones: ['America/Chicago'] };

  it('narrows but never widens the legal window', () => {
    const wide: CampaignWindow = { startMinutes: 6 * 60, endMinutes: 23 * 60 };
    expect(dial({ ...chicago, campaignWindow: wide }, Z('2026-03-09T12:30:00Z')).allowed).toBe(false); // 07:30
    const narrow: CampaignWindow = { startMinutes: 10 * 60, endMinutes: 17 * 60 };
    const early = dial({ ...chicago, campaignWindow: narrow }, Z('2026-03-09T14:30:00Z')); // 09:30
    expect(early.reasons).toEqual(['outside_campaign_window']);
    expect(early.zones[0]?.window).toEqual({ startMinutes: 600, endMinutes: 1020 });
    expect(early.nextAllowedAt?.toISOString()).toBe('2026-03-09T15:00:00.000Z');
    expect(dial({ ...chicago, campaignWindow: narrow }, Z('2026-03-09T21:59:59Z')).allowed).toBe(true);
    expect(dial({ ...chicago, campaignWindow: narrow }, Z('2026-03-09T22:00:00Z')).allowed).toBe(false);
  });

  it('skips days the campaign does not call on', () => {
    const weekdays: CampaignWindow = { startMinutes: 0, endMinutes: 1440, days: [1, 2, 3, 4, 5] };
    const sat = dial({ ...chicago, campaignWindow: weekdays }, Z('2026-03-14T16:00:00Z'));
    expect(sat.reasons).toEqual(['campaign_day']);
    expect(sat.nextAllowedAt?.toISOString()).toBe('2026-03-16T13:00:00.000Z');
  });

  it('an empty campaign window is never open', () => {
    const d = dial({ ...chicago, campaignWindow: { startMinutes: 600, endMinutes: 600 } }, Z('2026-03-09T15:00:00Z'));
    expect(d.allowed).toBe(false);
    expect(d.nextAllowedAt).toBeNull();
  });

  it('rejects malformed windows and clocks as broken invariants', () => {
    expect(() => dial({ ...chicago, campaignWindow: { startMinutes: -1, endMinutes: 600 } }, 0)).toThrow(RangeError);
    expect(() => dial({ ...chicago, campaignWindow: { startMinutes: 60.5, endMinutes: 600 } }, 0)).toThrow(RangeError);
    expect(() => dial({ ...chicago, campaignWindow: { startMinutes: 60, endMinutes: 600, days: [7] } }, 0)).toThrow(
      RangeError,
    );
    expect(() => dial(chicago, Number.NaN)).toThrow(RangeError);
    expect(() => dial({ ...chicago, recentCallTimes: [new Date(Number.NaN)] }, 0)).toThrow(RangeError);
  });
});

describe('nextAllowedAt', () => {
  const stateArb = fc.option(
    fc.constantFrom(
      ...(CALLING_RULES.map((r) => r.jurisdiction).filter((j) => j !== 'US') as StateCode[]),
      'NY' as const,
      'CA' as const,
    ),
    { nil: undefined },
  );
  const campaignArb = fc.option(
    fc
      .record({
        startMinutes: fc.integer({ min: 0, max: 1439 }),
        length: fc.integer({ min: 1, max: 1440 }),
        days: fc.option(fc.subarray([0, 1, 2, 3, 4, 5, 6], { minLength: 1 }), { nil: undefined }),
      })
      .map(({ startMinutes, length, days }): CampaignWindow => ({
        startMinutes,
        endMinutes: Math.min(1440, startMinutes + length),
        ...(days ? { days } : {}),
      })),
    { nil: undefined },
  );
  const nowArb = fc.integer({ min: Z('2026-01-01T00:00:00Z'), max: Z('2027-12-31T00:00:00Z') });
  const zonesArb = fc.subarray([...US_ZONES], { minLength: 1, maxLength: 2 });

  it('is now itself when the call is allowed', () => {
    const now = Z('2026-03-09T16:00:00.123Z');
    expect(dial({ zones: ['America/Chicago'] }, now).nextAllowedAt?.getTime()).toBe(now);
  });

  it('lands exactly on the 08:00:00 window start of a single zone (property)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...US_ZONES), nowArb, (zone, now) => {
        const d = dial({ zones: [zone] }, now);
        if (d.allowed) return;
        const next = d.nextAllowedAt!;
        expect(localParts(next, zone)).toMatchObject({ minutes: 480, seconds: 0 });
        expect(next.getTime() % 1000).toBe(0);
        expect(next.getTime() - now).toBeLessThanOrEqual(13 * HOUR);
      }),
      { numRuns: 500 },
    );
  });

  it('is allowed at that instant and denied one second before (property over zones, states, campaign windows)', () => {
    fc.assert(
      fc.property(zonesArb, stateArb, campaignArb, nowArb, (zones, state, campaignWindow, now) => {
        const input = { zones, state, campaignWindow };
        const d = dial(input, now);
        if (d.nextAllowedAt === null) return;
        const t = d.nextAllowedAt.getTime();
        expect(t).toBeGreaterThanOrEqual(now);
        expect(dial(input, t).allowed).toBe(true);
        if (t > now) {
          expect(d.allowed).toBe(false);
          expect(dial(input, t - 1000).allowed).toBe(false);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('equals a brute-force minute-by-minute search with an independent rule check (property)', () => {
    // Dense enough that the 3-per-24 h states are often at or over their cap.
    const callsArb = fc.array(fc.integer({ min: -26 * 60, max: 2 }), { maxLength: 6 });
    fc.assert(
      fc.property(
        zonesArb,
        stateArb,
        campaignArb,
        nowArb,
        callsArb,
        (zones, state, campaignWindow, now, callMinutesAgo) => {
          const recentCallTimes = callMinutesAgo.map((m) => new Date(now + m * 60_000 - 7_000));
          const d = dial({ zones, state, campaignWindow, recentCallTimes }, now);
          const oracle = { zones, state, campaignWindow, recentCallTimes };
          expect(d.allowed).toBe(oracleAllowed(oracle, now));
          expect(d.nextAllowedAt?.getTime() ?? null).toBe(oracleNextAllowed(oracle, now));
        },
      ),
      { numRuns: 60 },
    );
  }, 60_000); // up to 11 520 oracle evaluations per run; slow on a busy machine, never waits on anything

  it('jumps over a closed Sunday and a holiday Monday in Alabama', () => {
    // Saturday 2027-01-16 22:00 CST → Sunday closed, Monday 18th is MLK Day → Tuesday 08:00.
    const d = dial({ zones: ['America/Chicago'], state: 'AL' }, Z('2027-01-17T04:00:00Z'));
    expect(d.nextAllowedAt?.toISOString()).toBe('2027-01-19T14:00:00.000Z');
  });
});

describe('safety margin (placement and ringing must end inside the window)', () => {
  const margin = dialSafetyMarginMs(25);
  const ny = { zones: ['America/New_York'], marginMs: margin };
  const closeAt = Z('2026-06-10T01:00:00Z'); // 21:00:00 EDT

  it('is 5 s of placement plus the ring timeout', () => {
    expect(margin).toBe(30_000);
  });

  it('denies a dial whose ringing would run past 21:00:00 and allows one that ends before it', () => {
    const late = dial(ny, closeAt - margin);
    expect(late.allowed).toBe(false);
    expect(late.reasons).toEqual(['outside_federal_window']);
    expect(late.zones[0]).toMatchObject({ localTime: '2026-06-09 20:59:30 Tue', open: false });
    expect(late.checked.some((c) => c.includes('safety margin 30 s'))).toBe(true);
    expect(dial(ny, closeAt - margin - 1).allowed).toBe(true);
    for (let ms = 0; ms < 1000; ms += 37) expect(dial(ny, closeAt - 1000 + ms).allowed).toBe(false);
  });

  it('points the next allowed time at the next morning, not at the few seconds left tonight', () => {
    const d = dial(ny, closeAt - margin - 10_000 + 15_000);
    expect(d.nextAllowedAt?.toISOString()).toBe('2026-06-10T12:00:00.000Z');
  });

  it('never allows a dial whose span [t, t + margin] leaves the window, and its next allowed time passes (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...US_ZONES),
        fc.integer({ min: Z('2026-01-01T00:00:00Z'), max: Z('2027-12-31T00:00:00Z') }),
        (zone, now) => {
          const input = { zones: [zone], marginMs: margin };
          const d = dial(input, now);
          if (d.allowed) {
            expect(dial({ zones: [zone] }, now).allowed).toBe(true);
            expect(dial({ zones: [zone] }, now + margin).allowed).toBe(true);
          }
          if (d.nextAllowedAt !== null) expect(dial(input, d.nextAllowedAt.getTime()).allowed).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('describeReason', () => {
  it('has a distinct message for every reason code', () => {
    const messages = REASONS.map(describeReason);
    for (const m of messages) expect(m.length).toBeGreaterThan(10);
    expect(new Set(messages).size).toBe(REASONS.length);
  });
});
