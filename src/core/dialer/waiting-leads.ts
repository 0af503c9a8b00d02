import { nextZoneOpening } from '../compliance';

/** Leads of one campaign that cannot be called now, counted per primary time zone by one aggregate query. */
export type WaitingZoneRow = {
  zone: string | null;
  /** Due now and held by nobody (callable unless the zone's calling hours are closed). */
  due: number;
  /** Never dialed, set aside by the gate until their calling hours (due later). */
  setAside: number;
  setAsideNext: Date | null;
  /** Dialed before and waiting for the campaign's retry gap (due later). */
  retrying: number;
  retryNext: Date | null;
  /** Callbacks booked for later. */
  callbacks: number;
  callbackNext: Date | null;
  /** Out of attempts: the campaign's attempt limit is reached. */
  atLimit: number;
  /** Held right now by an agent (counted apart from the others). */
  reserved: number;
};

export type WaitingSummary = {
  /** Waiting for their calling hours, and the earliest opening for them (zone and instant). */
  hours: { leads: number; next: { zone: string; at: Date } | null };
  retries: { leads: number; nextAt: Date | null };
  callbacks: { leads: number; nextAt: Date | null };
  attemptLimit: { leads: number };
  /** Due in an open zone yet not callable now: on another agent's screen, or held back by a state or campaign rule. */
  other: number;
};

const earlier = (a: Date | null, b: Date | null) => (a === null ? b : b === null || a <= b ? a : b);

/**
 * Why nothing in a campaign may be called at `now` and when that changes, from the per-zone counts. Due leads in a
 * closed zone wait for that zone's next opening; leads the gate set aside wait for the time it gave them.
 */
export function summariseWaitingLeads(
  rows: readonly WaitingZoneRow[],
  callableZones: readonly string[],
  now: Date,
): WaitingSummary {
  const open = new Set(callableZones);
  const s: WaitingSummary = {
    hours: { leads: 0, next: null },
    retries: { leads: 0, nextAt: null },
    callbacks: { leads: 0, nextAt: null },
    attemptLimit: { leads: 0 },
    other: 0,
  };
  const consider = (zone: string, at: Date) => {
    if (s.hours.next === null || at < s.hours.next.at) s.hours.next = { zone, at };
  };
  for (const r of rows) {
    s.retries.leads += r.retrying;
    s.retries.nextAt = earlier(s.retries.nextAt, r.retryNext);
    s.callbacks.leads += r.callbacks;
    s.callbacks.nextAt = earlier(s.callbacks.nextAt, r.callbackNext);
    s.attemptLimit.leads += r.atLimit;
    s.hours.leads += r.setAside;
    if (r.zone !== null && r.setAsideNext !== null) consider(r.zone, r.setAsideNext);
    s.other += r.reserved;
    if (r.zone !== null && !open.has(r.zone) && r.due > 0) {
      s.hours.leads += r.due;
      const opening = nextZoneOpening(now, [r.zone]);
      if (opening) consider(r.zone, opening.at);
    } else {
      s.other += r.due;
    }
  }
  return s;
}
