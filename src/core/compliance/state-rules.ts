// The calling rules of docs/calling-rules.md kept as data, so a rule can be corrected
// (or a row added) without touching the engine in gate.ts. Not legal advice: every row carries
// its source, the date it was checked and how sure we are. Where sources disagree the stricter
// reading wins: a wrong "allowed" costs $500–1,500 per call, a wrong "blocked" costs one call.

import type { LocalDate, Weekday } from './local-time';
import { addDays, isoDate, weekdayOf } from './local-time';

export const STATE_CODES = [
  'AK',
  'AL',
  'AR',
  'AS',
  'AZ',
  'CA',
  'CO',
  'CT',
  'DC',
  'DE',
  'FL',
  'GA',
  'GU',
  'HI',
  'IA',
  'ID',
  'IL',
  'IN',
  'KS',
  'KY',
  'LA',
  'MA',
  'MD',
  'ME',
  'MI',
  'MN',
  'MO',
  'MP',
  'MS',
  'MT',
  'NC',
  'ND',
  'NE',
  'NH',
  'NJ',
  'NM',
  'NV',
  'NY',
  'OH',
  'OK',
  'OR',
  'PA',
  'PR',
  'RI',
  'SC',
  'SD',
  'TN',
  'TX',
  'UT',
  'VA',
  'VI',
  'VT',
  'WA',
  'WI',
  'WV',
  'WY',
] as const;

/** USPS code of a state, DC or an inhabited territory (AS, GU, MP, PR, VI). */
export type StateCode = (typeof STATE_CODES)[number];

const STATE_CODE_SET: ReadonlySet<string> = new Set(STATE_CODES);

export function isStateCode(value: string): value is StateCode {
  return STATE_CODE_SET.has(value);
}

/**
 * Strict: only a two-letter code is accepted ('tx ' → 'TX'); anything else, a state's name included, → null (callers must
 * not silently drop a state). Free-typed lead data goes through the lenient `normaliseStateLenient` (core/leads) instead.
 */
export function normaliseStateCodeStrict(value: string): StateCode | null {
  const code = value.trim().toUpperCase();
  return isStateCode(code) ? code : null;
}

/** Half-open [startMinutes, endMinutes) in minutes since local midnight: 21:00 itself is outside. */
export type MinuteWindow = { readonly startMinutes: number; readonly endMinutes: number };

export type Confidence = 'primary' | 'secondary';

export type CallingRule = {
  readonly jurisdiction: 'US' | StateCode;
  readonly startMinutes: number;
  readonly endMinutes: number;
  /** Replaces start/end on the given weekdays (0 = Sunday), e.g. Rhode Island's Saturdays. */
  readonly dayWindows?: Readonly<Partial<Record<Weekday, MinuteWindow>>>;
  readonly noSundays: boolean;
  /** Forbids calls on the dates `holidaysFor(state, year)` returns. */
  readonly noStateHolidays: boolean;
  /** Calls to the same person (on the same subject) in any rolling 24 hours; null = no cap. */
  readonly maxCallsPer24h: number | null;
  readonly notes: string;
  readonly source: string;
  readonly checkedOn: string;
  readonly confidence: Confidence;
};

const at = (hours: number, minutes = 0): number => hours * 60 + minutes;
const CHECKED_ON = '2026-11-29';
const VENDOR_GUIDES = 'vendor compliance guides 2024–2025 as summarised in docs/calling-rules.md';

/** One row for the federal floor plus one per state stricter than it. States absent here follow the federal row. */
export const CALLING_RULES: readonly CallingRule[] = [
  {
    jurisdiction: 'US',
    startMinutes: at(8),
    endMinutes: at(21),
    noSundays: false,
    noStateHolidays: false,
    maxCallsPer24h: null,
    notes: "Floor for every call: local time at the called party's location.",
    source: 'TCPA 47 CFR 64.1200(c)(1); FTC TSR 16 CFR 310.4(c)',
    checkedOn: CHECKED_ON,
    confidence: 'primary',
  },
  {
    jurisdiction: 'AL',
    startMinutes: at(8),
    endMinutes: at(20),
    noSundays: true,
    noStateHolidays: true,
    maxCallsPer24h: null,
    notes:
      'Holidays per Ala. Code § 1-3-8, a Saturday holiday observed the Friday before and a Sunday one the Monday after.',
    source: `${VENDOR_GUIDES}; holiday list per dnc.com restricted-call-dates`,
    checkedOn: CHECKED_ON,
    confidence: 'secondary',
  },
  {
    jurisdiction: 'CT',
    startMinutes: at(9),
    endMinutes: at(20),
    noSundays: false,
    noStateHolidays: false,
    maxCallsPer24h: null,
    notes: 'Sources give 9:00–20:00 or 9:00–21:00; the stricter is applied.',
    source: `Conn. Gen. Stat. § 42-288a per ${VENDOR_GUIDES}`,
    checkedOn: CHECKED_ON,
    confidence: 'secondary',
  },
  {
    jurisdiction: 'FL',
    startMinutes: at(8),
    endMinutes: at(20),
    noSundays: false,
    noStateHolidays: false,
    maxCallsPer24h: 3,
    notes: 'At most 3 commercial solicitation calls to the same person on the same subject in 24 hours.',
    source: 'Fla. Stat. § 501.616(6) (2021)',
    checkedOn: CHECKED_ON,
    confidence: 'primary',
  },
  {
    jurisdiction: 'IL',
    startMinutes: at(9),
    endMinutes: at(21),
    noSundays: false,
    noStateHolidays: false,
    maxCallsPer24h: null,
    notes: 'Sources give 8:00–21:00 or 9:00–21:00; the stricter is applied.',
    source: VENDOR_GUIDES,
    checkedOn: CHECKED_ON,
    confidence: 'secondary',
  },
  {
    jurisdiction: 'KY',
    startMinutes: at(10),
    endMinutes: at(21),
    noSundays: false,
    noStateHolidays: false,
    maxCallsPer24h: null,
    notes: '',
    source: VENDOR_GUIDES,
    checkedOn: CHECKED_ON,
    confidence: 'secondary',
  },
  {
    jurisdiction: 'LA',
    startMinutes: at(8),
    endMinutes: at(20),
    noSundays: true,
    noStateHolidays: true,
    maxCallsPer24h: null,
    notes:
      'La. PSC General Order R-29617 § V(A)(2) and La. R.S. 45:811 as quoted by dnc.com; holiday list approximated (see LOUISIANA_HOLIDAYS).',
    source: VENDOR_GUIDES,
    checkedOn: CHECKED_ON,
    confidence: 'secondary',
  },
  {
    jurisdiction: 'MA',
    startMinutes: at(8),
    endMinutes: at(20),
    noSundays: false,
    noStateHolidays: false,
    maxCallsPer24h: null,
    notes: '',
    source: VENDOR_GUIDES,
    checkedOn: CHECKED_ON,
    confidence: 'secondary',
  },
  {
    jurisdiction: 'MD',
    startMinutes: at(8),
    endMinutes: at(20),
    noSundays: false,
    noStateHolidays: false,
    maxCallsPer24h: 3,
    notes: 'Stop the Spam Calls Act (2023): at most 3 calls in 24 hours on the same subject.',
    source: VENDOR_GUIDES,
    checkedOn: CHECKED_ON,
    confidence: 'secondary',
  },
  {
    jurisdiction: 'MI',
    startMinutes: at(9),
    endMinutes: at(21),
    noSundays: false,
    noStateHolidays: false,
    maxCallsPer24h: null,
    notes: '',
    source: VENDOR_GUIDES,
    checkedOn: CHECKED_ON,
    confidence: 'secondary',
  },
  {
    jurisdiction: 'MN',
    startMinutes: at(9),
    endMinutes: at(21),
    noSundays: false,
    noStateHolidays: false,
    maxCallsPer24h: null,
    notes: '',
    source: VENDOR_GUIDES,
    checkedOn: CHECKED_ON,
    confidence: 'secondary',
  },
  {
    jurisdiction: 'MS',
    startMinutes: at(8),
    endMinutes: at(20),
    noSundays: true,
    noStateHolidays: true,
    maxCallsPer24h: null,
    notes:
      'The vendor guides list Sundays only; dnc.com and ClickPoint also list Mississippi legal holidays (Miss. Code § 3-3-7), so the stricter reading is applied.',
    source: `${VENDOR_GUIDES}; dnc.com restricted-call-dates; ClickPoint state calling hours`,
    checkedOn: CHECKED_ON,
    confidence: 'secondary',
  },
  {
    jurisdiction: 'NM',
    startMinutes: at(9),
    endMinutes: at(21),
    noSundays: false,
    noStateHolidays: false,
    maxCallsPer24h: null,
    notes: '',
    source: VENDOR_GUIDES,
    checkedOn: CHECKED_ON,
    confidence: 'secondary',
  },
  {
    jurisdiction: 'NV',
    startMinutes: at(9),
    endMinutes: at(20),
    noSundays: false,
    noStateHolidays: false,
    maxCallsPer24h: null,
    notes: '',
    source: VENDOR_GUIDES,
    checkedOn: CHECKED_ON,
    confidence: 'secondary',
  },
  {
    jurisdiction: 'OK',
    startMinutes: at(8),
    endMinutes: at(20),
    noSundays: false,
    noStateHolidays: false,
    maxCallsPer24h: 3,
    notes: 'Oklahoma Telephone Solicitation Act (2022): at most 3 calls in 24 hours on the same subject.',
    source: VENDOR_GUIDES,
    checkedOn: CHECKED_ON,
    confidence: 'secondary',
  },
  {
    jurisdiction: 'PA',
    startMinutes: at(8),
    endMinutes: at(21),
    noSundays: true,
    noStateHolidays: true,
    maxCallsPer24h: null,
    notes:
      'Legal holidays: Act 73 of 2019, 73 P.S. § 2245(a)(10). Sundays: SB 992 (2025) as passed by the Senate, listed by a ' +
      'third-party rules service as in force from 2026-10-18 — applied as the stricter reading. The same bill proposed ' +
      '9:00–19:00 on other days; not applied until confirmed.',
    source: 'jenkinslaw.org and mslawgroup.com on Act 73 of 2019; pasenategop.com on SB 992',
    checkedOn: CHECKED_ON,
    confidence: 'secondary',
  },
  {
    jurisdiction: 'RI',
    startMinutes: at(9),
    endMinutes: at(18),
    dayWindows: { 6: { startMinutes: at(10), endMinutes: at(17) } },
    noSundays: true,
    noStateHolidays: true,
    maxCallsPer24h: null,
    notes:
      'R.I. Gen. Laws § 5-61-2(2) "hours of operation": Mon–Fri except state or federal holidays 9:00–18:00, Saturday ' +
      '10:00–17:00, no Sunday; § 5-61-3.6 forbids calls outside them. Statute text read from a third-party copy.',
    source: 'cliclaw.com copy of R.I. Gen. Laws ch. 5-61; rilin.state.ri.us § 5-61-3.6',
    checkedOn: CHECKED_ON,
    confidence: 'secondary',
  },
  {
    jurisdiction: 'TX',
    startMinutes: at(8),
    endMinutes: at(21),
    dayWindows: { 0: { startMinutes: at(12), endMinutes: at(21) } },
    noSundays: false,
    noStateHolidays: false,
    maxCallsPer24h: null,
    notes:
      'Sunday calls from noon only (Tex. Bus. & Com. Code § 301.051). the vendor guides leave this UNCONFIRMED; one ' +
      'third-party rules service lists it; applied as the stricter reading.',
    source: 'vendor compliance guides (unconfirmed), see docs/calling-rules.md; glama.ai call-desk rule list',
    checkedOn: CHECKED_ON,
    confidence: 'secondary',
  },
  {
    jurisdiction: 'UT',
    startMinutes: at(8),
    endMinutes: at(21),
    noSundays: false,
    noStateHolidays: true,
    maxCallsPer24h: null,
    notes:
      'Holiday restriction; exempts calls with prior express consent (not modelled: the gate applies it to every call).',
    source: `${VENDOR_GUIDES}; dnc.com restricted-call-dates`,
    checkedOn: CHECKED_ON,
    confidence: 'secondary',
  },
  {
    jurisdiction: 'WA',
    startMinutes: at(8),
    endMinutes: at(20),
    noSundays: false,
    noStateHolidays: false,
    maxCallsPer24h: null,
    notes: '',
    source: 'RCW 19.158.040(2)',
    checkedOn: CHECKED_ON,
    confidence: 'primary',
  },
];

export const FEDERAL_RULE: CallingRule = CALLING_RULES.find((r) => r.jurisdiction === 'US')!;

const RULES_BY_STATE: ReadonlyMap<string, CallingRule> = new Map(
  CALLING_RULES.filter((r) => r.jurisdiction !== 'US').map((r) => [r.jurisdiction, r]),
);

/** The state's row, or null when the state only has the federal floor. */
export function stateRule(state: StateCode): CallingRule | null {
  return RULES_BY_STATE.get(state) ?? null;
}

/** The window a rule allows on a weekday, before Sunday/holiday bans. */
export function ruleWindowOn(rule: CallingRule, weekday: Weekday): MinuteWindow {
  return rule.dayWindows?.[weekday] ?? rule;
}

// ---------------------------------------------------------------------------------------------
// Holidays. Approximation, documented: every state's calendar is the US federal holidays, plus
// the state-specific days below for the states that ban holiday calls. Both the actual date and
// the weekday it is observed on are blocked (a Saturday July 4 blocks Friday July 3 and
// Saturday July 4), since sources differ on which of the two a state means. Governor-proclaimed
// extra days are not modelled.

export type HolidayRule =
  | {
      readonly kind: 'fixed';
      readonly name: string;
      readonly month: number;
      readonly day: number;
      readonly since?: number;
    }
  /** nth (1–4) or last (-1) weekday of a month, shifted by offsetDays (Election Day = first Monday of November + 1). */
  | {
      readonly kind: 'nth-weekday';
      readonly name: string;
      readonly month: number;
      readonly weekday: Weekday;
      readonly nth: 1 | 2 | 3 | 4 | -1;
      readonly offsetDays?: number;
    }
  /** Days from Western Easter Sunday (Good Friday −2, Mardi Gras −47). */
  | { readonly kind: 'easter'; readonly name: string; readonly offsetDays: number };

export const FEDERAL_HOLIDAYS: readonly HolidayRule[] = [
  { kind: 'fixed', name: "New Year's Day", month: 1, day: 1 },
  { kind: 'nth-weekday', name: 'Birthday of Martin Luther King, Jr.', month: 1, weekday: 1, nth: 3 },
  { kind: 'nth-weekday', name: "Washington's Birthday", month: 2, weekday: 1, nth: 3 },
  { kind: 'nth-weekday', name: 'Memorial Day', month: 5, weekday: 1, nth: -1 },
  { kind: 'fixed', name: 'Juneteenth National Independence Day', month: 6, day: 19, since: 2021 },
  { kind: 'fixed', name: 'Independence Day', month: 7, day: 4 },
  { kind: 'nth-weekday', name: 'Labor Day', month: 9, weekday: 1, nth: 1 },
  { kind: 'nth-weekday', name: 'Columbus Day', month: 10, weekday: 1, nth: 2 },
  { kind: 'fixed', name: 'Veterans Day', month: 11, day: 11 },
  { kind: 'nth-weekday', name: 'Thanksgiving Day', month: 11, weekday: 4, nth: 4 },
  { kind: 'fixed', name: 'Christmas Day', month: 12, day: 25 },
];

export type StateHolidays = {
  readonly rules: readonly HolidayRule[];
  readonly source: string;
  readonly confidence: Confidence;
};

const LOUISIANA_HOLIDAYS: StateHolidays = {
  rules: [
    { kind: 'fixed', name: 'Battle of New Orleans', month: 1, day: 8 },
    { kind: 'fixed', name: 'Robert E. Lee Day', month: 1, day: 19 },
    { kind: 'easter', name: 'Mardi Gras', offsetDays: -47 },
    { kind: 'easter', name: 'Good Friday', offsetDays: -2 },
  ],
  source: 'dnc.com restricted-call-dates (La. PSC list); Good Friday per La. R.S. 1:55',
  confidence: 'secondary',
};

/** State days added to the federal calendar, for the states whose rule has noStateHolidays. */
export const STATE_HOLIDAYS: Readonly<Partial<Record<StateCode, StateHolidays>>> = {
  AL: {
    rules: [
      // Baldwin and Mobile counties only; the county is unknown here, so it applies statewide.
      { kind: 'easter', name: 'Mardi Gras', offsetDays: -47 },
      { kind: 'nth-weekday', name: 'Confederate Memorial Day', month: 4, weekday: 1, nth: 4 },
      { kind: 'nth-weekday', name: "Jefferson Davis' Birthday", month: 6, weekday: 1, nth: 1 },
    ],
    source: 'Ala. Code § 1-3-8 as listed by dnc.com restricted-call-dates',
    confidence: 'secondary',
  },
  LA: LOUISIANA_HOLIDAYS,
  MS: {
    rules: [{ kind: 'nth-weekday', name: 'Confederate Memorial Day', month: 4, weekday: 1, nth: -1 }],
    source: 'Miss. Code § 3-3-7 as listed by vendor holiday tables',
    confidence: 'secondary',
  },
  PA: {
    rules: [
      { kind: 'easter', name: 'Good Friday', offsetDays: -2 },
      { kind: 'fixed', name: 'Flag Day', month: 6, day: 14 },
      { kind: 'nth-weekday', name: 'Election Day', month: 11, weekday: 1, nth: 1, offsetDays: 1 },
    ],
    source:
      '44 P.S. § 11 legal holidays (PA has "several state holidays in addition to the federal ones", mslawgroup.com)',
    confidence: 'secondary',
  },
  RI: {
    rules: [{ kind: 'nth-weekday', name: 'Victory Day', month: 8, weekday: 1, nth: 2 }],
    source: 'R.I. Gen. Laws § 25-1-1 state holidays, per vendor holiday tables',
    confidence: 'secondary',
  },
  UT: {
    rules: [{ kind: 'fixed', name: 'Pioneer Day', month: 7, day: 24 }],
    source: 'dnc.com restricted-call-dates (Pioneer Day observance)',
    confidence: 'secondary',
  },
};

export type Holiday = { readonly date: string; readonly name: string; readonly observed: boolean };

/** Western (Gregorian) Easter Sunday, anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
export function easterSunday(year: number): LocalDate {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const n = h + l - 7 * m + 114;
  return { year, month: Math.floor(n / 31), day: (n % 31) + 1 };
}

function nthWeekday(year: number, month: number, weekday: Weekday, nth: 1 | 2 | 3 | 4 | -1): LocalDate {
  if (nth === -1) {
    const last = addDays({ year, month: month + 1, day: 1 }, -1);
    return addDays(last, -((weekdayOf(last) - weekday + 7) % 7));
  }
  const first = { year, month, day: 1 };
  return addDays(first, ((weekday - weekdayOf(first) + 7) % 7) + (nth - 1) * 7);
}

function datesOf(rule: HolidayRule, year: number): Holiday[] {
  switch (rule.kind) {
    case 'fixed': {
      if (rule.since !== undefined && year < rule.since) return [];
      const date = { year, month: rule.month, day: rule.day };
      const weekday = weekdayOf(date);
      const out: Holiday[] = [{ date: isoDate(date), name: rule.name, observed: false }];
      // Federal observance (5 U.S.C. 6103(b)): Saturday → Friday before, Sunday → Monday after.
      if (weekday === 6)
        out.push({ date: isoDate(addDays(date, -1)), name: `${rule.name} (observed)`, observed: true });
      if (weekday === 0) out.push({ date: isoDate(addDays(date, 1)), name: `${rule.name} (observed)`, observed: true });
      return out;
    }
    case 'nth-weekday':
      return [
        {
          date: isoDate(addDays(nthWeekday(year, rule.month, rule.weekday, rule.nth), rule.offsetDays ?? 0)),
          name: rule.name,
          observed: false,
        },
      ];
    case 'easter':
      return [{ date: isoDate(addDays(easterSunday(year), rule.offsetDays)), name: rule.name, observed: false }];
  }
}

/**
 * The holiday dates (callee-local calendar) in `year` for `state`: federal holidays with their
 * observed weekdays, plus the state's own days from STATE_HOLIDAYS. Sorted by date. A New Year's
 * Day falling on Saturday puts its observed Friday, December 31, into the previous year's list.
 */
export function holidaysFor(state: StateCode, year: number): Holiday[] {
  const rules = [...FEDERAL_HOLIDAYS, ...(STATE_HOLIDAYS[state]?.rules ?? [])];
  const prefix = `${String(year).padStart(4, '0')}-`;
  const out: Holiday[] = [];
  for (const y of [year, year + 1]) {
    for (const rule of rules) for (const h of datesOf(rule, y)) if (h.date.startsWith(prefix)) out.push(h);
  }
  return out.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

// The gate asks per zone per day; memoise the per-state-year sets (pure: same input, same set).
const holidaySets = new Map<string, ReadonlySet<string>>();

export function isHoliday(state: StateCode, date: LocalDate): boolean {
  const key = `${state}:${date.year}`;
  let set = holidaySets.get(key);
  if (set === undefined) {
    set = new Set(holidaysFor(state, date.year).map((h) => h.date));
    holidaySets.set(key, set);
  }
  return set.has(isoDate(date));
}

// ---------------------------------------------------------------------------------------------
// Zones. Each state's IANA zones follow the tz database's zone.tab regions, so a state spanning
// two zones is checked in both (docs/calling-rules.md: a state with several zones keeps the intersection).
// West Wendover, Nevada keeps Mountain time officially (a 1999 federal ruling), so NV lists Denver;
// towns that keep another zone only by custom (Phenix City AL) are not listed.

export const stateZones: Readonly<Record<StateCode, readonly string[]>> = {
  AK: [
    'America/Anchorage',
    'America/Juneau',
    'America/Sitka',
    'America/Metlakatla',
    'America/Yakutat',
    'America/Nome',
    'America/Adak',
  ],
  AL: ['America/Chicago'],
  AR: ['America/Chicago'],
  AS: ['Pacific/Pago_Pago'],
  // The Navajo Nation observes DST (tz: America/Denver); the rest of Arizona does not.
  AZ: ['America/Phoenix', 'America/Denver'],
  CA: ['America/Los_Angeles'],
  CO: ['America/Denver'],
  CT: ['America/New_York'],
  DC: ['America/New_York'],
  DE: ['America/New_York'],
  FL: ['America/New_York', 'America/Chicago'],
  GA: ['America/New_York'],
  GU: ['Pacific/Guam'],
  HI: ['Pacific/Honolulu'],
  IA: ['America/Chicago'],
  ID: ['America/Boise', 'America/Los_Angeles'],
  IL: ['America/Chicago'],
  IN: [
    'America/Indiana/Indianapolis',
    'America/Indiana/Vincennes',
    'America/Indiana/Winamac',
    'America/Indiana/Marengo',
    'America/Indiana/Petersburg',
    'America/Indiana/Vevay',
    'America/Indiana/Tell_City',
    'America/Indiana/Knox',
    'America/Chicago',
  ],
  KS: ['America/Chicago', 'America/Denver'],
  KY: ['America/New_York', 'America/Kentucky/Louisville', 'America/Kentucky/Monticello', 'America/Chicago'],
  LA: ['America/Chicago'],
  MA: ['America/New_York'],
  MD: ['America/New_York'],
  ME: ['America/New_York'],
  MI: ['America/Detroit', 'America/Menominee'],
  MN: ['America/Chicago'],
  MO: ['America/Chicago'],
  MP: ['Pacific/Saipan'],
  MS: ['America/Chicago'],
  MT: ['America/Denver'],
  NC: ['America/New_York'],
  ND: [
    'America/Chicago',
    'America/North_Dakota/Center',
    'America/North_Dakota/New_Salem',
    'America/North_Dakota/Beulah',
    'America/Denver',
  ],
  NE: ['America/Chicago', 'America/Denver'],
  NH: ['America/New_York'],
  NJ: ['America/New_York'],
  NM: ['America/Denver'],
  NV: ['America/Los_Angeles', 'America/Denver'],
  NY: ['America/New_York'],
  OH: ['America/New_York'],
  OK: ['America/Chicago'],
  OR: ['America/Los_Angeles', 'America/Boise'],
  PA: ['America/New_York'],
  PR: ['America/Puerto_Rico'],
  RI: ['America/New_York'],
  SC: ['America/New_York'],
  SD: ['America/Chicago', 'America/Denver'],
  TN: ['America/New_York', 'America/Chicago'],
  TX: ['America/Chicago', 'America/Denver'],
  UT: ['America/Denver'],
  VA: ['America/New_York'],
  VI: ['America/St_Thomas'],
  VT: ['America/New_York'],
  WA: ['America/Los_Angeles'],
  WI: ['America/Chicago'],
  WV: ['America/New_York'],
  WY: ['America/Denver'],
};

/**
 * Every IANA zone a US (+1) number or address can map to: the zones libphonenumber's timezone
 * data gives US prefixes (New_York, Chicago, Denver, Boise, Phoenix, Los_Angeles, Anchorage,
 * Juneau, Adak, Honolulu, North_Dakota/Center, Puerto_Rico, St_Thomas, Guam, Saipan, Pago_Pago)
 * plus the other US zones of the tz database, which addresses map to.
 */
export const US_ZONES: readonly string[] = [
  'America/New_York',
  'America/Detroit',
  'America/Kentucky/Louisville',
  'America/Kentucky/Monticello',
  'America/Indiana/Indianapolis',
  'America/Indiana/Vincennes',
  'America/Indiana/Winamac',
  'America/Indiana/Marengo',
  'America/Indiana/Petersburg',
  'America/Indiana/Vevay',
  'America/Chicago',
  'America/Indiana/Tell_City',
  'America/Indiana/Knox',
  'America/Menominee',
  'America/North_Dakota/Center',
  'America/North_Dakota/New_Salem',
  'America/North_Dakota/Beulah',
  'America/Denver',
  'America/Boise',
  'America/Phoenix',
  'America/Los_Angeles',
  'America/Anchorage',
  'America/Juneau',
  'America/Sitka',
  'America/Metlakatla',
  'America/Yakutat',
  'America/Nome',
  'America/Adak',
  'Pacific/Honolulu',
  'America/Puerto_Rico',
  'America/St_Thomas',
  'Pacific/Guam',
  'Pacific/Saipan',
  'Pacific/Pago_Pago',
];

// ---------------------------------------------------------------------------------------------
// Recording consent.

/**
 * States requiring every party's consent to record a call. Sources count 11–13; this is the union
 * of the lists seen (docs/calling-rules.md names CA, FL, IL, MD, MA, MT, NH, PA, WA "among others"),
 * so contested entries (CT: civil liability only; MI, NV, OR, DE: readings differ) are included.
 */
export const ALL_PARTY_CONSENT_STATES: readonly StateCode[] = [
  'CA',
  'CT',
  'DE',
  'FL',
  'IL',
  'MD',
  'MA',
  'MI',
  'MT',
  'NV',
  'NH',
  'OR',
  'PA',
  'WA',
];

export const ALL_PARTY_CONSENT_SOURCE = `docs/calling-rules.md (sources count 11–13 states); union of vendor and law-firm lists, checked ${CHECKED_ON}, secondary`;

/**
 * The consent a recording needs when the parties are in `states`: the stricter rule applies when
 * either party is in an all-party state, and an unknown state (null/undefined/unrecognised)
 * counts as all-party because we cannot show otherwise.
 */
export function recordingConsentFor(states: readonly (string | null | undefined)[]): 'all_party' | 'one_party' {
  for (const s of states) {
    const code = s == null ? null : normaliseStateCodeStrict(s);
    if (code === null || ALL_PARTY_CONSENT_STATES.includes(code)) return 'all_party';
  }
  return 'one_party';
}
