// Test-only oracles, deliberately built another way than the engine: local time comes from the
// zone's printed UTC offset ('longOffset'), not from parsing a formatted wall clock, and the rule
// check below re-reads the rule table directly instead of going through gate.ts. The tests compare
// the engine with these, so a shared mistake would have to be made twice in two different ways.

import type { CampaignWindow } from './gate';
import type { LocalParts, Weekday } from './local-time';
import type { StateCode } from './state-rules';
import { FEDERAL_RULE, holidaysFor, stateRule, stateZones } from './state-rules';

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

/** The zone's UTC offset in minutes at an instant, from Intl's "GMT-05:00" rendering. */
export function oracleOffsetMinutes(zone: string, epochMs: number): number {
  let f = offsetFormatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' });
    offsetFormatters.set(zone, f);
  }
  const name = f.formatToParts(epochMs).find((p) => p.type === 'timeZoneName')?.value;
  if (name === 'GMT') return 0;
  const m = name === undefined ? null : /^GMT([+-])(\d{2}):(\d{2})$/.exec(name);
  if (!m) throw new Error(`unexpected offset rendering ${name} for ${zone}`);
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}

export function oracleLocal(epochMs: number, zone: string): LocalParts {
  const d = new Date(epochMs + oracleOffsetMinutes(zone, epochMs) * 60_000);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    weekday: d.getUTCDay() as Weekday,
    minutes: d.getUTCHours() * 60 + d.getUTCMinutes(),
    seconds: d.getUTCSeconds(),
  };
}

/** The instant a wall time (not in a DST gap or overlap) happens, by fixed-point iteration on the offset. */
export function oracleInstant(
  zone: string,
  year: number,
  month: number,
  day: number,
  minutes: number,
  seconds = 0,
): number {
  const wall = Date.UTC(year, month - 1, day, 0, minutes, seconds);
  let t = wall - oracleOffsetMinutes(zone, wall) * 60_000;
  for (let i = 0; i < 3; i++) t = wall - oracleOffsetMinutes(zone, t) * 60_000;
  const back = oracleLocal(t, zone);
  if (Date.UTC(back.year, back.month - 1, back.day, 0, back.minutes, back.seconds) !== wall) {
    throw new Error(`oracleInstant: ${zone} ${year}-${month}-${day} ${minutes}min is in a gap or overlap`);
  }
  return t;
}

export type OracleInput = {
  zones: readonly string[];
  state?: StateCode;
  campaignWindow?: CampaignWindow;
  recentCallTimes?: readonly Date[];
};

// The brute-force scan asks once per minute; the list itself is tested in state-rules.test.ts.
const holidayCache = new Map<string, ReadonlySet<string>>();
function holidayDates(state: StateCode, year: number): ReadonlySet<string> {
  const key = `${state}:${year}`;
  let set = holidayCache.get(key);
  if (!set) {
    set = new Set(holidaysFor(state, year).map((h) => h.date));
    holidayCache.set(key, set);
  }
  return set;
}

/** Whether every time rule passes at t, straight from the rule table (no DNC/zone validity). */
export function oracleAllowed(input: OracleInput, t: number): boolean {
  const rule = input.state ? stateRule(input.state) : null;
  const zones = new Set([...input.zones, ...(input.state ? stateZones[input.state] : [])]);
  if (zones.size === 0) return false;
  for (const zone of zones) {
    const l = oracleLocal(t, zone);
    if (l.minutes < FEDERAL_RULE.startMinutes || l.minutes >= FEDERAL_RULE.endMinutes) return false;
    if (rule && input.state) {
      if (rule.noSundays && l.weekday === 0) return false;
      const iso = `${l.year}-${String(l.month).padStart(2, '0')}-${String(l.day).padStart(2, '0')}`;
      if (rule.noStateHolidays && holidayDates(input.state, l.year).has(iso)) return false;
      const w = rule.dayWindows?.[l.weekday] ?? rule;
      if (l.minutes < w.startMinutes || l.minutes >= w.endMinutes) return false;
    }
    const c = input.campaignWindow;
    if (c) {
      if (c.days && !c.days.includes(l.weekday)) return false;
      if (l.minutes < c.startMinutes || l.minutes >= c.endMinutes) return false;
    }
  }
  const cap = rule?.maxCallsPer24h ?? null;
  if (cap !== null) {
    const n = (input.recentCallTimes ?? []).filter((c) => c.getTime() > t - 86_400_000).length;
    if (n >= cap) return false;
  }
  return true;
}

/**
 * Brute-force earliest allowed instant in [now, now + 8 days]: tries now, every whole UTC minute
 * after it (US zone windows open on whole minutes) and every moment a past call leaves the 24 h window.
 */
export function oracleNextAllowed(input: OracleInput, nowMs: number): number | null {
  const horizon = nowMs + 8 * 86_400_000;
  const candidates = new Set<number>([nowMs]);
  for (const c of input.recentCallTimes ?? []) {
    const release = c.getTime() + 86_400_000;
    if (release > nowMs && release <= horizon) candidates.add(release);
  }
  const extra = [...candidates].sort((a, b) => a - b);
  let e = 0;
  for (let t = Math.floor(nowMs / 60_000) * 60_000; t <= horizon; t += 60_000) {
    while (e < extra.length && extra[e]! <= t) {
      if (extra[e]! >= nowMs && oracleAllowed(input, extra[e]!)) return extra[e]!;
      e++;
    }
    if (t > nowMs && oracleAllowed(input, t)) return t;
  }
  while (e < extra.length) {
    if (oracleAllowed(input, extra[e]!)) return extra[e]!;
    e++;
  }
  return null;
}
