// The compliance gate: decides whether one call may be dialled at `now`, records why, and says
// when it next could be. Pure: the clock and every fact about the lead come in as arguments.
//
// Where is the callee? The number gives candidate zones; the number's zone does NOT tell the
// state (numbers are portable), so state rules come only from the lead's address state. When the
// address gives a state, its zones join the number's: the person may be at home or wherever the
// phone is, and the call must be inside the window in every candidate zone.

import type { LocalDate, LocalParts, Weekday } from './local-time';
import { addDays, formatLocalSeconds, formatMinutes, isValidZone, localParts, zonedTimeToInstant } from './local-time';
import type { CallingRule, MinuteWindow, StateCode } from './state-rules';
import { FEDERAL_RULE, isHoliday, normaliseStateCodeStrict, ruleWindowOn, stateRule, stateZones } from './state-rules';

export const REASONS = [
  'unknown_zone',
  'unknown_state',
  'dnc',
  'outside_federal_window',
  'outside_state_window',
  'state_sunday',
  'state_holiday',
  'outside_campaign_window',
  'campaign_day',
  'frequency_cap',
] as const;

export type Reason = (typeof REASONS)[number];

const REASON_TEXT: Readonly<Record<Reason, string>> = {
  unknown_zone: "The callee's time zone is unknown or not a valid IANA zone, so the local time cannot be checked.",
  unknown_state: 'The address state is not a recognised US state or territory code, so its rules cannot be checked.',
  dnc: 'The number is on a do-not-call list.',
  outside_federal_window: 'Outside 8:00–21:00 callee-local time (TCPA 47 CFR 64.1200(c)(1)).',
  outside_state_window: "Outside the calling hours of the callee's state.",
  state_sunday: "The callee's state forbids calls on Sundays.",
  state_holiday: "The callee's state forbids calls on its legal holidays.",
  outside_campaign_window: "Outside the campaign's calling hours (callee-local time).",
  campaign_day: 'The campaign does not call on this day of the week (callee-local).',
  frequency_cap:
    "The callee's state limits how many calls one person may receive in 24 hours, and the limit is reached.",
};

export function describeReason(reason: Reason): string {
  return REASON_TEXT[reason];
}

/** A campaign's own hours, in callee-local time; it can only narrow the legal window. */
export type CampaignWindow = {
  readonly startMinutes: number;
  readonly endMinutes: number;
  /** Days the campaign calls on, 0 = Sunday … 6 = Saturday; every day when absent. */
  readonly days?: readonly number[];
};

export type DialInput = {
  /** Candidate IANA zones from the number (libphonenumber); may be empty. */
  readonly zones: readonly string[];
  /** Two-letter state from the lead's address, when known. */
  readonly state?: string | null;
  readonly dnc: boolean;
  /**
   * When earlier calls to this person (on this subject) were placed — the caller chooses the scope
   * (e.g. same lead, same campaign). Only those in the 24 hours before the moment checked count
   * (one stamped later than that moment, from a clock running ahead, counts as well).
   */
  readonly recentCallTimes: readonly Date[];
  readonly campaignWindow?: CampaignWindow | null;
  /**
   * The call must stay inside every window from `now` until `now + marginMs` (its placement and ringing), not just
   * start inside it; see `dialSafetyMarginMs`. 0 when absent: the bare rule at one instant.
   */
  readonly marginMs?: number;
};

/**
 * What may pass between the gate's decision and the carrier starting to ring the callee: our own work before the
 * provider request (the caller-ID pick and the call's row; worst seen under load ~0.5 s), the request itself and
 * the carrier's set-up. Generous on purpose: a wrong "allowed" costs $500–$1,500, a wrong "blocked" one call.
 */
export const PLACEMENT_ALLOWANCE_MS = 5_000;

/**
 * The safety margin of a dial: placement plus the whole ringing time, so that a call allowed at t rings only
 * before the window closes (a call allowed at 20:59:29 with 25 s of ringing has stopped ringing by 20:59:59).
 */
export function dialSafetyMarginMs(ringTimeoutSec: number): number {
  return PLACEMENT_ALLOWANCE_MS + ringTimeoutSec * 1000;
}

export type ZoneCheck = {
  readonly zone: string;
  /** Why this zone is a candidate: the number's data, the address state, or both. */
  readonly origin: 'number' | 'address' | 'both';
  /** 'YYYY-MM-DD HH:mm:ss ddd' callee-local; null when the zone is not a valid IANA zone. */
  readonly localTime: string | null;
  /** The window every rule leaves open on that local day; null when the day is closed or the zone invalid. */
  readonly window: MinuteWindow | null;
  /** Inside `window` at the moment checked. */
  readonly open: boolean;
};

export type DialDecision = {
  readonly allowed: boolean;
  /** Every rule that failed, each once, in REASONS order. */
  readonly reasons: Reason[];
  /** Human-readable list of every rule evaluated, with its source — stored with the call. */
  readonly checked: string[];
  readonly zones: ZoneCheck[];
  /** The normalised address state, when one was given and recognised. */
  readonly state?: StateCode;
  /**
   * Earliest instant ≥ now at which every time rule (windows, Sundays, holidays, campaign days,
   * frequency cap) passes, searched up to 8 days ahead; `now` itself when allowed. Null when the
   * call can never be allowed by waiting (DNC, unknown zone or state) or nothing opens in 8 days.
   */
  readonly nextAllowedAt: Date | null;
};

type DayVerdict = { readonly open: MinuteWindow } | { readonly closed: Reason };

/** One time rule, evaluated per callee-local day. */
type Constraint = { readonly outside: Reason; readonly on: (date: LocalDate, weekday: Weekday) => DayVerdict };

const DAY_MS = 86_400_000;
const SEARCH_DAYS = 8;

function ruleConstraint(rule: CallingRule, state: StateCode | null, outside: Reason): Constraint {
  return {
    outside,
    on(date, weekday) {
      if (rule.noSundays && weekday === 0) return { closed: 'state_sunday' };
      if (rule.noStateHolidays && state !== null && isHoliday(state, date)) return { closed: 'state_holiday' };
      return { open: ruleWindowOn(rule, weekday) };
    },
  };
}

function campaignConstraint(campaign: CampaignWindow): Constraint {
  const window = { startMinutes: campaign.startMinutes, endMinutes: campaign.endMinutes };
  const days = campaign.days === undefined ? null : new Set(campaign.days);
  return {
    outside: 'outside_campaign_window',
    on(_date, weekday) {
      return days !== null && !days.has(weekday) ? { closed: 'campaign_day' } : { open: window };
    },
  };
}

function assertCampaignWindow(c: CampaignWindow): void {
  const minute = (n: number): boolean => Number.isInteger(n) && n >= 0 && n <= 1440;
  if (!minute(c.startMinutes) || !minute(c.endMinutes)) {
    throw new RangeError(`campaign window minutes must be integers in 0..1440, got ${c.startMinutes}..${c.endMinutes}`);
  }
  if (c.days !== undefined && !c.days.every((d) => Number.isInteger(d) && d >= 0 && d <= 6)) {
    throw new RangeError(`campaign days must be integers 0 (Sunday)..6 (Saturday), got ${c.days.join(',')}`);
  }
}

/** The window all constraints leave open on a day, or the first reason the day is closed. */
function dayWindow(constraints: readonly Constraint[], date: LocalDate, weekday: Weekday): MinuteWindow | null {
  let start = 0;
  let end = 1440;
  for (const c of constraints) {
    const v = c.on(date, weekday);
    if ('closed' in v) return null;
    start = Math.max(start, v.open.startMinutes);
    end = Math.min(end, v.open.endMinutes);
  }
  return start < end ? { startMinutes: start, endMinutes: end } : null;
}

function zoneReasons(constraints: readonly Constraint[], parts: LocalParts, into: Set<Reason>): boolean {
  let open = true;
  for (const c of constraints) {
    const v = c.on(parts, parts.weekday);
    if ('closed' in v) {
      into.add(v.closed);
      open = false;
    } else if (parts.minutes < v.open.startMinutes || parts.minutes >= v.open.endMinutes) {
      into.add(c.outside);
      open = false;
    }
  }
  return open;
}

/**
 * Calls counted against a cap at `t`: those in the rolling 24 hours (t − 24 h, t]. A call stamped
 * after t (another instance's clock running ahead) has happened all the same, so it counts too.
 */
function callsInWindow(sortedCallMs: readonly number[], t: number): number {
  let n = 0;
  for (const c of sortedCallMs) if (c > t - DAY_MS) n++;
  return n;
}

/**
 * The earliest t ≥ now with fewer than `cap` calls in (t − 24 h, t]: calls leave the window
 * exactly 24 h after they were placed.
 */
function capFreeAt(sortedCallMs: readonly number[], cap: number, nowMs: number): number {
  const live = sortedCallMs.filter((c) => c > nowMs - DAY_MS);
  if (live.length < cap) return nowMs;
  // After the oldest (live.length − cap + 1) calls expire, cap − 1 remain.
  return Math.max(nowMs, live[live.length - cap]! + DAY_MS);
}

type Interval = { start: number; end: number };

function intersect(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    const start = Math.max(x.start, y.start);
    const end = Math.min(x.end, y.end);
    if (start < end) out.push({ start, end });
    if (x.end < y.end) i++;
    else j++;
  }
  return out;
}

/** Allowed instants in one zone from the local day of `nowMs` through the search horizon. */
function zoneIntervals(zone: string, constraints: readonly Constraint[], nowMs: number): Interval[] {
  const today = localParts(new Date(nowMs), zone);
  const out: Interval[] = [];
  for (let i = 0; i <= SEARCH_DAYS + 1; i++) {
    const date = addDays(today, i);
    const weekday = ((today.weekday + i) % 7) as Weekday;
    const w = dayWindow(constraints, date, weekday);
    if (w === null) continue;
    const start = zonedTimeToInstant(zone, date.year, date.month, date.day, w.startMinutes).getTime();
    const end = zonedTimeToInstant(zone, date.year, date.month, date.day, w.endMinutes).getTime();
    if (end > nowMs && start < end) out.push({ start, end });
  }
  return out;
}

type Context = {
  readonly zones: readonly string[];
  readonly constraints: readonly Constraint[];
  readonly callMs: readonly number[];
  readonly cap: number | null;
  readonly marginMs: number;
};

/** The time rules alone at instant t (no DNC/zone/state validity): which reasons fail. */
function timeReasonsAt(ctx: Context, t: number): Set<Reason> {
  const reasons = new Set<Reason>();
  for (const zone of ctx.zones) zoneReasons(ctx.constraints, localParts(new Date(t), zone), reasons);
  if (ctx.cap !== null && callsInWindow(ctx.callMs, t) >= ctx.cap) reasons.add('frequency_cap');
  return reasons;
}

/** The time rules over the span [t, t + margin]: both ends (no window reopens within a margin of seconds). */
function spanReasonsAt(ctx: Context, t: number): Set<Reason> {
  const reasons = timeReasonsAt(ctx, t);
  if (ctx.marginMs > 0) for (const r of timeReasonsAt(ctx, t + ctx.marginMs)) reasons.add(r);
  return reasons;
}

function nextAllowed(ctx: Context, nowMs: number): Date | null {
  const horizon = nowMs + SEARCH_DAYS * DAY_MS;
  let allowed: Interval[] = [{ start: nowMs, end: horizon + 1 }];
  if (ctx.cap !== null)
    allowed = intersect(allowed, [{ start: capFreeAt(ctx.callMs, ctx.cap, nowMs), end: horizon + 1 }]);
  for (const zone of ctx.zones) {
    if (allowed.length === 0) break;
    allowed = intersect(allowed, zoneIntervals(zone, ctx.constraints, nowMs));
  }
  for (const interval of allowed) {
    // Re-check with the point evaluation the gate itself uses, so the answer is one the gate accepts.
    if (interval.end - interval.start <= ctx.marginMs) continue;
    if (interval.start <= horizon && spanReasonsAt(ctx, interval.start).size === 0) return new Date(interval.start);
  }
  return null;
}

function windowLabel(w: MinuteWindow): string {
  return `${formatMinutes(w.startMinutes)}–${formatMinutes(w.endMinutes)}`;
}

function ruleLabel(rule: CallingRule): string {
  const parts = [windowLabel(rule)];
  for (const [day, w] of Object.entries(rule.dayWindows ?? {}))
    parts.push(`${['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][Number(day)]} ${windowLabel(w)}`);
  if (rule.noSundays) parts.push('no Sundays');
  if (rule.noStateHolidays) parts.push('no state holidays');
  return `${parts.join(', ')} (${rule.source}; checked ${rule.checkedOn}, ${rule.confidence})`;
}

/**
 * Decide whether a call may be placed at `now`. All candidate zones must be inside the window
 * (intersection); the window in each is federal ∩ address-state rule ∩ campaign hours, end
 * exclusive (20:59:59 allowed, 21:00:00 denied). With `marginMs` the call must also still be inside every window at
 * now + marginMs. Every failing rule is reported, not just the first.
 * Throws RangeError on an invalid `now`, call time or campaign window (a broken invariant upstream).
 */
export function checkDial(input: DialInput, now: Date): DialDecision {
  const nowMs = now.getTime();
  if (Number.isNaN(nowMs)) throw new RangeError('checkDial: now is an invalid Date');
  const callMs = input.recentCallTimes.map((d) => d.getTime()).sort((a, b) => a - b);
  if (callMs.some(Number.isNaN)) throw new RangeError('checkDial: recentCallTimes holds an invalid Date');
  if (input.campaignWindow) assertCampaignWindow(input.campaignWindow);
  const marginMs = input.marginMs ?? 0;
  if (!(marginMs >= 0) || !Number.isFinite(marginMs))
    throw new RangeError(`checkDial: marginMs must be a non-negative number, got ${marginMs}`);

  const reasons = new Set<Reason>();
  const checked: string[] = [];

  // Which state, and therefore which rule row, applies.
  const rawState = input.state?.trim() ? input.state : null;
  const state = rawState === null ? null : normaliseStateCodeStrict(rawState);
  if (rawState !== null && state === null) reasons.add('unknown_state');
  const rule = state === null ? null : stateRule(state);

  // Candidate zones: the number's, plus the address state's.
  const origins = new Map<string, ZoneCheck['origin']>();
  for (const z of input.zones) origins.set(z, 'number');
  for (const z of state === null ? [] : stateZones[state])
    origins.set(z, origins.get(z) === 'number' ? 'both' : 'address');
  const validZones = [...origins.keys()].filter(isValidZone);
  checked.push(`zones: ${[...origins].map(([z, o]) => `${z} (${o})`).join(', ') || 'none'}`);
  if (validZones.length === 0 || validZones.length < origins.size) reasons.add('unknown_zone');

  checked.push('dnc');
  if (input.dnc) reasons.add('dnc');

  const constraints: Constraint[] = [ruleConstraint(FEDERAL_RULE, null, 'outside_federal_window')];
  checked.push(`federal window ${ruleLabel(FEDERAL_RULE)}`);
  if (state !== null) {
    if (rule === null) {
      checked.push(`state ${state}: no rule stricter than federal`);
    } else {
      constraints.push(ruleConstraint(rule, state, 'outside_state_window'));
      checked.push(`state ${state} window ${ruleLabel(rule)}`);
    }
  }
  if (input.campaignWindow) {
    constraints.push(campaignConstraint(input.campaignWindow));
    const days = input.campaignWindow.days;
    checked.push(
      `campaign window ${windowLabel(input.campaignWindow)}${days === undefined ? '' : ` on days ${[...days].sort().join(',')}`}`,
    );
  }

  const cap = rule?.maxCallsPer24h ?? null;
  if (cap !== null && rule !== null) {
    const n = callsInWindow(callMs, nowMs);
    checked.push(`state ${state} frequency cap ${cap} per 24 h: ${n} in the last 24 h (${rule.source})`);
    if (n >= cap) reasons.add('frequency_cap');
  }

  const zones: ZoneCheck[] = [];
  for (const [zone, origin] of origins) {
    if (!isValidZone(zone)) {
      zones.push({ zone, origin, localTime: null, window: null, open: false });
      continue;
    }
    const parts = localParts(now, zone);
    let open = zoneReasons(constraints, parts, reasons);
    // The call rings until now + margin: that end must be inside the window too.
    if (marginMs > 0 && !zoneReasons(constraints, localParts(new Date(nowMs + marginMs), zone), reasons)) open = false;
    zones.push({
      zone,
      origin,
      localTime: formatLocalSeconds(parts),
      window: dayWindow(constraints, parts, parts.weekday),
      open,
    });
  }
  if (marginMs > 0)
    checked.push(`safety margin ${marginMs / 1000} s: still inside every window at the end of placement and ringing`);

  const ordered = REASONS.filter((r) => reasons.has(r));
  const allowed = ordered.length === 0;
  const waitable = !reasons.has('dnc') && !reasons.has('unknown_zone') && !reasons.has('unknown_state');
  const nextAllowedAt = allowed
    ? new Date(nowMs)
    : waitable
      ? nextAllowed({ zones: validZones, constraints, callMs, cap, marginMs }, nowMs)
      : null;

  return { allowed, reasons: ordered, checked, zones, ...(state === null ? {} : { state }), nextAllowedAt };
}
