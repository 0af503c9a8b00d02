import { describe, expect, it } from 'vitest';
import { narrowZones, normaliseStateLenient, normaliseZip, stateFromZip, stateZones } from './zones';
import type { StateCode } from './zones';
import { STATE_CODES, stateZones as complianceZones } from '../compliance';

describe('stateZones', () => {
  it('covers the 50 states, DC and Puerto Rico', () => {
    const fifty =
      'AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY'.split(
        ' ',
      );
    expect(fifty).toHaveLength(50);
    for (const code of [...fifty, 'DC', 'PR']) expect(stateZones[code as StateCode], code).toBeDefined();
  });

  it('lists every zone of multi-zone states', () => {
    expect(stateZones.TX).toEqual(['America/Chicago', 'America/Denver']);
    expect(stateZones.FL).toEqual(['America/New_York', 'America/Chicago']);
    expect(stateZones.ID).toEqual(['America/Boise', 'America/Los_Angeles']);
    expect(stateZones.OR).toEqual(['America/Los_Angeles', 'America/Boise']);
    expect(stateZones.AK).toEqual(['America/Anchorage', 'America/Adak']);
    expect(stateZones.AZ).toEqual(['America/Phoenix', 'America/Denver']);
    expect(stateZones.NV).toEqual(['America/Los_Angeles', 'America/Denver']); // West Wendover
    expect(stateZones.IN).toEqual(['America/New_York', 'America/Chicago']);
    for (const code of ['IN', 'KY', 'TN', 'MI', 'ND', 'SD', 'NE', 'KS'] as const)
      expect(stateZones[code].length, code).toBe(2);
  });

  it('is the compliance table with one zone per clock, so import and the gate agree on every state', () => {
    // Same clock = same UTC offset in winter and in summer.
    const clock = (zone: string) =>
      ['2026-01-15T12:00:00Z', '2026-07-15T12:00:00Z']
        .map(
          (t) =>
            new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' })
              .format(new Date(t))
              .split(' ')[1],
        )
        .join('/');
    for (const code of STATE_CODES) {
      const regionClocks = new Set(complianceZones[code].map(clock));
      const leadClocks = stateZones[code].map(clock);
      expect(new Set(leadClocks), code).toEqual(regionClocks);
      expect(leadClocks, `${code}: one zone per clock`).toHaveLength(regionClocks.size);
    }
  });

  it('names only zones the runtime knows', () => {
    for (const zones of Object.values(stateZones)) {
      for (const zone of zones) expect(() => new Intl.DateTimeFormat('en-US', { timeZone: zone }), zone).not.toThrow();
    }
  });
});

describe('normaliseStateLenient', () => {
  it.each([
    ['Texas', 'TX'],
    ['tx', 'TX'],
    ['TX.', 'TX'],
    [' texas ', 'TX'],
    ['N.C.', 'NC'],
    ['north carolina', 'NC'],
    ['Calif.', 'CA'],
    ['W. Va.', 'WV'],
    ['Washington', 'WA'],
    ['Washington, D.C.', 'DC'],
    ['D.C.', 'DC'],
    ['District of Columbia', 'DC'],
    ['Puerto Rico', 'PR'],
    ['pr', 'PR'],
    ['New  York', 'NY'],
  ])('%j → %s', (raw, code) => {
    expect(normaliseStateLenient(raw)).toBe(code);
  });

  it.each([['Ontario'], ['XX'], [''], ['  '], ['T'], [null], [undefined]])('%j → null', (raw) => {
    expect(normaliseStateLenient(raw)).toBeNull();
  });
});

describe('ZIP codes', () => {
  it.each([
    ['78701', 'TX'],
    ['10001', 'NY'],
    ['02134', 'MA'],
    ['2134', 'MA'],
    ['90210-1234', 'CA'],
    ['99501', 'AK'],
    ['00901', 'PR'],
    ['96799', 'AS'],
    ['96701', 'HI'],
    ['20500', 'DC'],
    ['88510', 'TX'],
    ['83702', 'ID'],
    ['97201', 'OR'],
    ['05501', 'MA'],
    ['05401', 'VT'],
    ['73301', 'TX'],
    ['73101', 'OK'],
  ])('%s is in %s', (zip, state) => {
    expect(stateFromZip(zip)).toBe(state);
  });

  it('knows nothing of malformed, unassigned or military ZIPs', () => {
    for (const zip of ['K1A 0B1', 'abcde', '', '123456', '00001', '09001', '96201'])
      expect(stateFromZip(zip), zip).toBeNull();
  });

  it('normalises ZIP and ZIP+4, restoring leading zeros', () => {
    expect(normaliseZip(' 2134 ')).toBe('02134');
    expect(normaliseZip('021341234')).toBe('02134-1234');
    expect(normaliseZip('02134-1234')).toBe('02134-1234');
    expect(normaliseZip('SW1A 1AA')).toBeNull();
  });

  it('maps every ZIP3 to at most one state and never to an unknown code', () => {
    for (let z = 0; z < 1000; z++) {
      const state = stateFromZip(`${String(z).padStart(3, '0')}01`);
      if (state !== null) expect(stateZones[state]).toBeDefined();
    }
  });
});

describe('narrowZones', () => {
  it('keeps the number zones when the address says nothing usable', () => {
    expect(narrowZones(['America/Boise', 'America/Los_Angeles'])).toEqual(['America/Boise', 'America/Los_Angeles']);
    expect(narrowZones(['America/Chicago'], 'Ontario', 'K1A 0B1')).toEqual(['America/Chicago']);
    expect(narrowZones([], null, null)).toEqual([]);
  });

  it('narrows a multi-zone state by the number when they overlap', () => {
    // A 915 (El Paso) number with a Texas address: Mountain only.
    expect(narrowZones(['America/Denver'], 'TX')).toEqual(['America/Denver']);
    expect(narrowZones(['America/Boise', 'America/Los_Angeles'], 'Idaho')).toEqual([
      'America/Boise',
      'America/Los_Angeles',
    ]);
    expect(narrowZones(['America/Denver', 'America/Phoenix'], 'AZ')).toEqual(['America/Phoenix', 'America/Denver']);
  });

  it('matches zones that keep the same clock under another name', () => {
    // libphonenumber gives some 701 numbers North_Dakota/Center, which is Central time.
    expect(narrowZones(['America/Denver', 'America/North_Dakota/Center'], 'ND')).toEqual([
      'America/Chicago',
      'America/Denver',
    ]);
    expect(narrowZones(['America/Juneau'], 'AK')).toEqual(['America/Anchorage']);
    expect(narrowZones(['America/Detroit'], 'MI')).toEqual(['America/New_York']);
  });

  it('prefers the address state when the number points elsewhere (numbers move with people)', () => {
    expect(narrowZones(['America/New_York'], 'CA')).toEqual(['America/Los_Angeles']);
    expect(narrowZones(['America/New_York'], 'TX')).toEqual(['America/Chicago', 'America/Denver']);
    expect(narrowZones([], 'FL')).toEqual(['America/New_York', 'America/Chicago']);
    // Boise is its own name here (see sameClockAs), so a Denver number does not narrow Idaho.
    expect(narrowZones(['America/Denver'], 'ID')).toEqual(['America/Boise', 'America/Los_Angeles']);
  });

  it('takes the state from the ZIP when there is no state, and the explicit state over the ZIP', () => {
    expect(narrowZones(['America/New_York'], undefined, '78701')).toEqual(['America/Chicago', 'America/Denver']);
    expect(narrowZones(['America/New_York'], '', '2134')).toEqual(['America/New_York']);
    expect(narrowZones(['America/Chicago'], 'CA', '78701')).toEqual(['America/Los_Angeles']);
  });

  it('returns a fresh array the caller may change', () => {
    const zones = narrowZones([], 'TX');
    zones.push('x');
    expect(stateZones.TX).toEqual(['America/Chicago', 'America/Denver']);
  });
});
