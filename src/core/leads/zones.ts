// Where a lead lives, as far as calling hours go: the US state from the address (or its ZIP) and
// that state's IANA zones, used to narrow the zones a phone number's prefix suggests.
// docs/calling-rules.md ("Where is the person we call?"): numbers are portable, so the address decides when given.

import { STATE_CODES, isStateCode, stateZones as stateRegionZones, type StateCode } from '../compliance';

export { isStateCode, type StateCode };

const stateNames: Readonly<Record<StateCode, string>> = {
  AL: 'Alabama',
  AK: 'Alaska',
  AZ: 'Arizona',
  AR: 'Arkansas',
  CA: 'California',
  CO: 'Colorado',
  CT: 'Connecticut',
  DE: 'Delaware',
  DC: 'District of Columbia',
  FL: 'Florida',
  GA: 'Georgia',
  HI: 'Hawaii',
  ID: 'Idaho',
  IL: 'Illinois',
  IN: 'Indiana',
  IA: 'Iowa',
  KS: 'Kansas',
  KY: 'Kentucky',
  LA: 'Louisiana',
  ME: 'Maine',
  MD: 'Maryland',
  MA: 'Massachusetts',
  MI: 'Michigan',
  MN: 'Minnesota',
  MS: 'Mississippi',
  MO: 'Missouri',
  MT: 'Montana',
  NE: 'Nebraska',
  NV: 'Nevada',
  NH: 'New Hampshire',
  NJ: 'New Jersey',
  NM: 'New Mexico',
  NY: 'New York',
  NC: 'North Carolina',
  ND: 'North Dakota',
  OH: 'Ohio',
  OK: 'Oklahoma',
  OR: 'Oregon',
  PA: 'Pennsylvania',
  RI: 'Rhode Island',
  SC: 'South Carolina',
  SD: 'South Dakota',
  TN: 'Tennessee',
  TX: 'Texas',
  UT: 'Utah',
  VT: 'Vermont',
  VA: 'Virginia',
  WA: 'Washington',
  WV: 'West Virginia',
  WI: 'Wisconsin',
  WY: 'Wyoming',
  PR: 'Puerto Rico',
  VI: 'US Virgin Islands',
  GU: 'Guam',
  MP: 'Northern Mariana Islands',
  AS: 'American Samoa',
};

// Other spellings seen in lead files: AP-style abbreviations and common variants (keys as matched:
// upper case, letters and spaces only).
const otherNames: Readonly<Record<string, StateCode>> = {
  ALA: 'AL',
  ARIZ: 'AZ',
  ARK: 'AR',
  CALIF: 'CA',
  CAL: 'CA',
  COLO: 'CO',
  CONN: 'CT',
  DEL: 'DE',
  FLA: 'FL',
  ILL: 'IL',
  IND: 'IN',
  KAN: 'KS',
  KANS: 'KS',
  MASS: 'MA',
  MICH: 'MI',
  MINN: 'MN',
  MISS: 'MS',
  MONT: 'MT',
  NEB: 'NE',
  NEBR: 'NE',
  NEV: 'NV',
  OKLA: 'OK',
  ORE: 'OR',
  OREG: 'OR',
  PENN: 'PA',
  PENNA: 'PA',
  TENN: 'TN',
  TEX: 'TX',
  WASH: 'WA',
  WIS: 'WI',
  WISC: 'WI',
  WYO: 'WY',
  WVA: 'WV',
  'W VA': 'WV',
  'WASHINGTON DC': 'DC',
  'WASHINGTON D C': 'DC',
  'WASH DC': 'DC',
  'DIST OF COLUMBIA': 'DC',
  'VIRGIN ISLANDS': 'VI',
  'U S VIRGIN ISLANDS': 'VI',
  'UNITED STATES VIRGIN ISLANDS': 'VI',
  USVI: 'VI',
  'NORTHERN MARIANAS': 'MP',
  CNMI: 'MP',
  'COMMONWEALTH OF PUERTO RICO': 'PR',
};

const byName: ReadonlyMap<string, StateCode> = (() => {
  const m = new Map<string, StateCode>();
  for (const code of Object.keys(stateNames) as StateCode[]) {
    m.set(code, code);
    m.set(stateNames[code].toUpperCase(), code);
  }
  for (const [name, code] of Object.entries(otherNames)) m.set(name, code);
  return m;
})();

/**
 * Lenient, for what people type into a spreadsheet: "Texas", "tx", "TX.", "N.C.", "Calif." → the two-letter code; null
 * when not a US state or territory. A stored code is checked with the strict `normaliseStateCodeStrict` (core/compliance).
 */
export function normaliseStateLenient(raw: string | null | undefined): StateCode | null {
  if (raw === null || raw === undefined) return null;
  // Dots and punctuation become spaces ("N.C." → "N C" → "NC" below); runs of space collapse.
  const words = raw
    .toUpperCase()
    .replace(/[^A-Z]+/g, ' ')
    .trim();
  if (words === '') return null;
  return byName.get(words) ?? byName.get(words.replace(/ /g, '')) ?? null;
}

// ZIP3 (first three ZIP digits) → state, from the USPS allocation; unassigned and military
// (APO/FPO) prefixes are absent. USPS assigns each ZIP3 to one state, except in the Pacific
// (American Samoa and the Northern Marianas share Hawaii's and Guam's), which the five-digit
// exceptions cover.
const zip3Ranges: ReadonlyArray<readonly [number, number, StateCode]> = [
  [5, 5, 'NY'],
  [6, 7, 'PR'],
  [8, 8, 'VI'],
  [9, 9, 'PR'],
  [10, 27, 'MA'],
  [28, 29, 'RI'],
  [30, 38, 'NH'],
  [39, 49, 'ME'],
  [50, 54, 'VT'],
  [55, 55, 'MA'],
  [56, 59, 'VT'],
  [60, 69, 'CT'],
  [70, 89, 'NJ'],
  [100, 149, 'NY'],
  [150, 196, 'PA'],
  [197, 199, 'DE'],
  [200, 200, 'DC'],
  [201, 201, 'VA'],
  [202, 205, 'DC'],
  [206, 219, 'MD'],
  [220, 246, 'VA'],
  [247, 268, 'WV'],
  [270, 289, 'NC'],
  [290, 299, 'SC'],
  [300, 319, 'GA'],
  [320, 339, 'FL'],
  [341, 349, 'FL'],
  [350, 369, 'AL'],
  [370, 385, 'TN'],
  [386, 397, 'MS'],
  [398, 399, 'GA'],
  [400, 427, 'KY'],
  [430, 459, 'OH'],
  [460, 479, 'IN'],
  [480, 499, 'MI'],
  [500, 528, 'IA'],
  [530, 549, 'WI'],
  [550, 567, 'MN'],
  [569, 569, 'DC'],
  [570, 577, 'SD'],
  [580, 588, 'ND'],
  [590, 599, 'MT'],
  [600, 629, 'IL'],
  [630, 658, 'MO'],
  [660, 679, 'KS'],
  [680, 693, 'NE'],
  [700, 714, 'LA'],
  [716, 729, 'AR'],
  [730, 732, 'OK'],
  [733, 733, 'TX'],
  [734, 749, 'OK'],
  [750, 799, 'TX'],
  [800, 816, 'CO'],
  [820, 831, 'WY'],
  [832, 838, 'ID'],
  [840, 847, 'UT'],
  [850, 865, 'AZ'],
  [870, 884, 'NM'],
  [885, 885, 'TX'],
  [889, 898, 'NV'],
  [900, 961, 'CA'],
  [967, 968, 'HI'],
  [969, 969, 'GU'],
  [970, 979, 'OR'],
  [980, 994, 'WA'],
  [995, 999, 'AK'],
];
const zip5Exceptions: Readonly<Record<string, StateCode>> = {
  '96799': 'AS',
  '96950': 'MP',
  '96951': 'MP',
  '96952': 'MP',
};

const stateByZip3: readonly (StateCode | undefined)[] = (() => {
  const table: (StateCode | undefined)[] = new Array<StateCode | undefined>(1000).fill(undefined);
  for (const [from, to, state] of zip3Ranges) for (let z = from; z <= to; z++) table[z] = state;
  return table;
})();

/**
 * A US ZIP as "12345" or "12345-6789", restoring the leading zeros a spreadsheet drops
 * ("2134" → "02134"); null when it is not a US ZIP (a Canadian postcode, say).
 */
export function normaliseZip(raw: string | null | undefined): string | null {
  if (raw === null || raw === undefined) return null;
  const m = /^\s*(\d{3,5})(?:[\s-]*(\d{4}))?\s*$/.exec(raw);
  if (m === null) return null;
  const zip5 = (m[1] ?? '').padStart(5, '0');
  return m[2] === undefined ? zip5 : `${zip5}-${m[2]}`;
}

/** The state a US ZIP belongs to; null when the ZIP is malformed, unassigned or military. */
export function stateFromZip(raw: string | null | undefined): StateCode | null {
  const zip = normaliseZip(raw);
  if (zip === null) return null;
  const zip5 = zip.slice(0, 5);
  return zip5Exceptions[zip5] ?? stateByZip3[Number(zip5.slice(0, 3))] ?? null;
}

// libphonenumber and the tz regions of the state table name zones more finely than a lead needs
// (America/Juneau, America/North_Dakota/Center, America/Detroit…). Zones listed here keep the same
// clock today as the one they point to (same offset and DST rules), so for a calling window they are
// interchangeable. America/Boise stays itself: it is the name both sources give southern Idaho and
// Malheur County, and a lead table filtered on it should find those leads.
const sameClockAs: Readonly<Record<string, string>> = {
  'America/Detroit': 'America/New_York',
  'America/Indiana/Indianapolis': 'America/New_York',
  'America/Indiana/Vincennes': 'America/New_York',
  'America/Indiana/Winamac': 'America/New_York',
  'America/Indiana/Marengo': 'America/New_York',
  'America/Indiana/Petersburg': 'America/New_York',
  'America/Indiana/Vevay': 'America/New_York',
  'America/Kentucky/Louisville': 'America/New_York',
  'America/Kentucky/Monticello': 'America/New_York',
  'America/Toronto': 'America/New_York',
  'America/Indiana/Knox': 'America/Chicago',
  'America/Indiana/Tell_City': 'America/Chicago',
  'America/Menominee': 'America/Chicago',
  'America/North_Dakota/Center': 'America/Chicago',
  'America/North_Dakota/New_Salem': 'America/Chicago',
  'America/North_Dakota/Beulah': 'America/Chicago',
  'America/Winnipeg': 'America/Chicago',
  'America/Edmonton': 'America/Denver',
  'America/Vancouver': 'America/Los_Angeles',
  'America/Juneau': 'America/Anchorage',
  'America/Sitka': 'America/Anchorage',
  'America/Yakutat': 'America/Anchorage',
  'America/Nome': 'America/Anchorage',
  'America/Metlakatla': 'America/Anchorage',
};

function clockOf(zone: string): string {
  return sameClockAs[zone] ?? zone;
}

/**
 * Each state's zones as a lead stores them: one zone per distinct clock, the dominant one first.
 * Derived from the compliance table (every tz region of the state), so the address-to-zone data
 * the gate checks and the data imports narrow with cannot disagree.
 */
export const stateZones: Readonly<Record<StateCode, readonly string[]>> = (() => {
  const table = {} as Record<StateCode, readonly string[]>;
  for (const code of STATE_CODES) table[code] = [...new Set(stateRegionZones[code].map(clockOf))];
  return table;
})();

/**
 * The zones a lead can be in, from its number's zones and its address. Policy (docs/calling-rules.md):
 * - no recognisable state (from `state`, else from `zip`): the number's zones;
 * - a state: its zones that keep the same clock as one of the number's (the number narrows a
 *   multi-zone state: a 915 number with a Texas address is in Denver time), and when none does,
 *   all the state's zones: the address is where the person lives, the number may have moved.
 * An explicit state wins over the ZIP's state when both are given and disagree.
 */
export function narrowZones(numberZones: readonly string[], state?: string | null, zip?: string | null): string[] {
  const code = normaliseStateLenient(state) ?? stateFromZip(zip);
  if (code === null) return [...new Set(numberZones)];
  const addressZones: readonly string[] = stateZones[code];
  const numberClocks = new Set(numberZones.map(clockOf));
  const both = addressZones.filter((zone) => numberClocks.has(clockOf(zone)));
  return both.length > 0 ? both : [...addressZones];
}
