// The zone pre-filter for lead selection: the next-lead query keeps an index per time zone and
// asks only for leads in zones whose federal window (8:00–21:00 local) is open now. It is a
// coarse filter: state rules, campaign hours and multi-zone intersections are left to checkDial
// on the lead actually picked.

import type { Weekday } from './local-time';
import { addDays, isValidZone, localParts, zonedTimeToInstant } from './local-time';
import { FEDERAL_RULE, US_ZONES, ruleWindowOn } from './state-rules';

/** Zones (from `zones`, in order) whose federal calling window is open at `now`; invalid zones are never callable. */
export function callableZonesNow(now: Date, zones: readonly string[] = US_ZONES): string[] {
  const out: string[] = [];
  for (const zone of zones) {
    if (!isValidZone(zone)) continue;
    const p = localParts(now, zone);
    const w = ruleWindowOn(FEDERAL_RULE, p.weekday);
    if (p.minutes >= w.startMinutes && p.minutes < w.endMinutes) out.push(zone);
  }
  return out;
}

/** Instants strictly after `now` at which `zone`'s federal window opens or closes, earliest first (next two days). */
function boundariesAfter(now: Date, zone: string, kind: 'open' | 'both'): number[] {
  const today = localParts(now, zone);
  const out: number[] = [];
  for (let i = 0; i <= 2; i++) {
    const date = addDays(today, i);
    const w = ruleWindowOn(FEDERAL_RULE, ((today.weekday + i) % 7) as Weekday);
    const minutes = kind === 'open' ? [w.startMinutes] : [w.startMinutes, w.endMinutes];
    for (const m of minutes) {
      const t = zonedTimeToInstant(zone, date.year, date.month, date.day, m).getTime();
      if (t > now.getTime()) out.push(t);
    }
  }
  return out.sort((a, b) => a - b);
}

/**
 * The next instant strictly after `now` at which some zone's federal window opens (its local
 * 8:00), with every zone opening at that instant. Null when no zone is valid.
 */
export function nextZoneOpening(now: Date, zones: readonly string[] = US_ZONES): { at: Date; zones: string[] } | null {
  let best = Infinity;
  let opening: string[] = [];
  for (const zone of zones) {
    if (!isValidZone(zone)) continue;
    const t = boundariesAfter(now, zone, 'open')[0];
    if (t === undefined) continue;
    if (t < best) {
      best = t;
      opening = [zone];
    } else if (t === best) {
      opening.push(zone);
    }
  }
  return best === Infinity ? null : { at: new Date(best), zones: opening };
}

/**
 * callableZonesNow plus the instant until which that answer holds (the next opening or closing
 * in any zone), so a caller on the hot path can reuse one answer instead of recomputing per pick.
 * validUntil is null when no zone is valid (the empty answer never changes).
 */
export function callableZonesSnapshot(
  now: Date,
  zones: readonly string[] = US_ZONES,
): { zones: string[]; validUntil: Date | null } {
  let until = Infinity;
  for (const zone of zones) {
    if (!isValidZone(zone)) continue;
    const t = boundariesAfter(now, zone, 'both')[0];
    if (t !== undefined && t < until) until = t;
  }
  return { zones: callableZonesNow(now, zones), validUntil: until === Infinity ? null : new Date(until) };
}
