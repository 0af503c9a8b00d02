import type { FloorAgent, FloorCampaign, FloorPatch, FloorSnapshot } from '../api/floor.types';
import { effectiveState, inCall, type AgentState } from '../dialer/agent-state';
import type { CallStatus } from '../telephony/call-status';
import { addDays, isoDate, localParts, zonedTimeToInstant } from '../compliance/local-time';

/** An agent's seat as stored, with the call it is working (if any). */
export type SeatRecord = {
  state: AgentState;
  since: Date;
  lastHeartbeat: Date;
  call: { id: string; status: CallStatus; queuedAt: Date; answeredAt: Date | null; endedAt: Date | null } | null;
};

export type SeatView = Pick<FloorAgent, 'state' | 'stateSince' | 'call'>;

/**
 * What the board shows for a seat at `now`: the effective state (as the dialer and the campaign overview derive it)
 * and since when. The stored `since` is when the agent went Dialing; connected and wrap-up start at the call's answer
 * and end, which only the call row knows. A seat whose heartbeat stopped is Offline since its last heartbeat.
 */
export function seatView(seat: SeatRecord | null, now: Date): SeatView {
  if (!seat) return { state: 'offline', stateSince: null, call: null };
  const state = effectiveState(seat, seat.call ? { status: seat.call.status } : null, now);
  const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
  let since: Date | null = seat.since;
  if (state === 'offline' && seat.state !== 'offline') since = seat.lastHeartbeat;
  else if (state === 'on_call') since = seat.call?.answeredAt ?? seat.since;
  else if (state === 'wrap_up') since = seat.call?.endedAt ?? seat.since;
  const call =
    seat.call && inCall(state) && state !== 'wrap_up'
      ? { id: seat.call.id, placedAt: seat.call.queuedAt.toISOString(), answeredAt: iso(seat.call.answeredAt) }
      : null;
  return { state, stateSince: iso(since), call };
}

const newer = <T extends { asOf: string }>(a: T, b: T) => (Date.parse(b.asOf) >= Date.parse(a.asOf) ? b : a);

function mergeRows<T extends { asOf: string; name: string }>(rows: T[], changed: T[], key: (r: T) => string): T[] {
  const byKey = new Map(rows.map((r) => [key(r), r]));
  for (const r of changed) {
    const had = byKey.get(key(r));
    byKey.set(key(r), had ? newer(had, r) : r);
  }
  return [...byKey.values()].sort((a, b) => a.name.localeCompare(b.name) || key(a).localeCompare(key(b)));
}

/** The board after a push: each changed row replaces its older self (a stale push is ignored); new rows join. */
export function applyFloorPatch(board: FloorSnapshot, patch: FloorPatch): FloorSnapshot {
  return {
    ...board,
    agents: mergeRows<FloorAgent>(board.agents, patch.agents, (a) => a.userId),
    campaigns: mergeRows<FloorCampaign>(board.campaigns, patch.campaigns, (c) => c.id),
  };
}

/**
 * A fresh snapshot over what the board already had (or pushes that arrived before the first snapshot answered): the
 * snapshot wins, except for rows read strictly after it (a push that overtook the snapshot's answer). On a tie the
 * snapshot wins, so a resync after a missed change always shows the change.
 */
export function applyFloorSnapshot(before: FloorPatch[], snap: FloorSnapshot): FloorSnapshot {
  const after = Date.parse(snap.generatedAt);
  const later = <T extends { asOf: string }>(rows: T[]) => rows.filter((r) => Date.parse(r.asOf) > after);
  return before.reduce<FloorSnapshot>(
    (board, p) => applyFloorPatch(board, { ...p, agents: later(p.agents), campaigns: later(p.campaigns) }),
    snap,
  );
}

/** Whole seconds from `fromIso` to `now` (never negative), for the board's ticking timers. */
export function secondsSince(fromIso: string | null, now: number): number | null {
  if (fromIso === null) return null;
  return Math.max(0, Math.floor((now - Date.parse(fromIso)) / 1000));
}

/** "Today" on the board: the team's calendar day at `now`, as [from, to) instants and its date. */
export function floorDay(now: Date, zone: string): { date: string; from: Date; to: Date } {
  const local = localParts(now, zone);
  const next = addDays(local, 1);
  return {
    date: isoDate(local),
    from: zonedTimeToInstant(zone, local.year, local.month, local.day, 0),
    to: zonedTimeToInstant(zone, next.year, next.month, next.day, 0),
  };
}
