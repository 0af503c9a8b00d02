import { sql } from 'drizzle-orm';
import type { TeamScope } from '../../core/teams/scope';
import type { Db, RootDb } from '../client';

// Lead selection (docs/design.md, "Next lead"): one statement per pick that finds the next callable lead with index
// probes only, locks it with FOR UPDATE SKIP LOCKED and reserves it for the agent, so no two agents — on any
// instance — get the same lead. Order:
//   1. the agent's own callbacks that are due;
//   2. due callbacks whose agent is gone (callback_user_id set null when the user was deleted);
//   3. leads due for an attempt (new or retry, not DNC, attempts < max) whose primary zone is callable now.
// (3) peeks at the head of each callable zone's slice of leads_pick_idx without locking, then locks in the zone
// with the oldest head first (falling back to the next zone when every due lead there is taken), so one pick
// locks one row, not one per zone. UNION ALL + LIMIT 1 runs the branches in order and stops at the first row.
// The WHERE clauses repeat the partial indexes' predicates (schema/leads.ts) word for word so the planner uses them.
//
// A reservation is reserved_by + reserved_until, columns no index touches (docs/decisions/0008): the pick's UPDATE
// is then a HOT update, which writes no index entry — with a status change every pick wrote one into each of the
// table's dozen indexes and 50 pickers queued on the same hot index pages (2–3× fewer picks per second, measured).
// A reservation holds while reserved_until is ahead: the agent's heartbeat extends it; when the agent goes, it
// lapses by itself. The lock re-checks `reserved_until` on the row's newest version (EvalPlanQual), so a picker
// whose snapshot predates another's reservation still skips that lead.

/** How many zones a pick may fall back through before giving up (every zone's due leads locked by others). */
const ZONE_FALLBACK = 4;

export type ReservedLead = {
  id: string;
  teamId: string;
  campaignId: string;
  phone: string;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  address: string | null;
  city: string | null;
  state: string | null;
  zip: string | null;
  timezones: string[];
  custom: Record<string, string>;
  notes: string | null;
  attempts: number;
  lastDisposition: string | null;
  callbackAt: Date | null;
  callbackUserId: string | null;
  nextAttemptAt: Date | null;
  lastCalledAt: Date | null;
  reservedUntil: Date;
  /** The number is on the team's DNC list (added after the lead was imported). */
  onDncList: boolean;
  /** Which branch of the pick found it. */
  source: 'callback' | 'queue';
};

type Row = {
  id: string;
  team_id: string;
  campaign_id: string;
  phone: string;
  first_name: string | null;
  last_name: string | null;
  email: string | null;
  address: string | null;
  city: string | null;
  state: string | null;
  zip: string | null;
  timezones: string[];
  custom: Record<string, string>;
  notes: string | null;
  attempts: number;
  last_disposition: string | null;
  callback_at: Date | null;
  callback_user_id: string | null;
  next_attempt_at: Date | null;
  last_called_at: Date | null;
  reserved_until: Date;
  on_dnc_list: boolean;
  source: 'callback' | 'queue';
};

export function toReservedLead(r: Row): ReservedLead {
  return {
    id: r.id,
    teamId: r.team_id,
    campaignId: r.campaign_id,
    phone: r.phone,
    firstName: r.first_name,
    lastName: r.last_name,
    email: r.email,
    address: r.address,
    city: r.city,
    state: r.state,
    zip: r.zip,
    timezones: r.timezones,
    custom: r.custom,
    notes: r.notes,
    attempts: r.attempts,
    lastDisposition: r.last_disposition,
    callbackAt: r.callback_at,
    callbackUserId: r.callback_user_id,
    nextAttemptAt: r.next_attempt_at,
    lastCalledAt: r.last_called_at,
    reservedUntil: r.reserved_until,
    onDncList: r.on_dnc_list,
    source: r.source,
  };
}

export type ReserveInput = {
  campaignId: string;
  /** The agent the lead is reserved for (callbacks of theirs come first). */
  userId: string;
  /** Zones whose federal window is open now (callableZonesSnapshot(now).zones). */
  zones: readonly string[];
  now: Date;
  reserveUntil: Date;
};

/** The campaign settings the gate and the retry rules need, read in the same statement as the pick. */
export type PickCampaign = { callingWindow: Record<string, unknown>; retryRules: Record<string, unknown> };

// The pick as one fixed text ($1 campaign, $2 team, $3 agent, $4 now, $5 callable zones, $6 reserved until), sent as
// a named prepared statement: each pooled connection plans it a few times and then reuses a generic plan (planning
// this statement cost ≈2.5 ms, executing it ≈0.3 ms), and no SQL is rendered per pick.
const RESERVE_SQL = `
    with camp as (
      select id, (retry_rules->>'maxAttempts')::int as max_attempts,
        -- A reservation may be lost in a crash without harm (the dial re-checks it), so this commit does not
        -- wait for the WAL flush: that wait, not the query, was the pick's cost under 50 concurrent agents.
        set_config('synchronous_commit', 'off', true) as async_commit
      from campaigns
      where id = $1 and team_id = $2 and archived_at is null
    ),
    picked as (
      select id, source from (
        select id, 'callback' as source from (
          select l.id from leads l
          where l.campaign_id = (select id from camp) and l.callback_user_id = $3
            and l.status = 'callback' and l.dnc = false and l.callback_at <= $4
            and (l.reserved_until is null or l.reserved_until <= $4)
          order by l.callback_at limit 1 for update skip locked) mine
        union all
        select id, 'callback' from (
          select l.id from leads l
          where l.campaign_id = (select id from camp) and l.callback_user_id is null
            and l.status = 'callback' and l.dnc = false and l.callback_at <= $4
            and (l.reserved_until is null or l.reserved_until <= $4)
          order by l.callback_at limit 1 for update skip locked) orphan
        union all
        select q.id, 'queue' from (
            select z.zone from unnest($5::text[]) as z(zone)
            cross join lateral (
              select h.due_at from leads h
              where h.campaign_id = (select id from camp) and h.primary_zone = z.zone
                and h.status in ('new', 'retry') and h.dnc = false and h.due_at <= $4
                and h.attempts < (select max_attempts from camp)
                and (h.reserved_until is null or h.reserved_until <= $4)
              order by h.due_at limit 1) head
            order by head.due_at limit ${ZONE_FALLBACK}) best
          cross join lateral (
            select l.id from leads l
            where l.campaign_id = (select id from camp) and l.primary_zone = best.zone
              and l.status in ('new', 'retry') and l.dnc = false and l.due_at <= $4
              and l.attempts < (select max_attempts from camp)
              and (l.reserved_until is null or l.reserved_until <= $4)
            order by l.due_at limit 1 for update skip locked) q
      ) c limit 1
    )
    update leads l set reserved_by = $3, reserved_until = $6, updated_at = $4
    from picked, campaigns c
    where l.id = picked.id and c.id = l.campaign_id
    returning l.id, l.team_id, l.campaign_id, l.phone, l.first_name, l.last_name, l.email, l.address, l.city, l.state, l.zip,
      l.timezones, l.custom, l.notes, l.attempts, l.last_disposition, l.callback_at, l.callback_user_id, l.next_attempt_at,
      l.last_called_at, l.reserved_until, picked.source, c.calling_window, c.retry_rules,
      exists (select 1 from dnc_numbers d where d.team_id = l.team_id and d.phone = l.phone) as on_dnc_list
`;

/**
 * Reserves the next lead for the agent, with its campaign's settings; null when nothing is callable now
 * (or the campaign is archived or not the team's). Runs on the pool, as its own statement.
 */
export async function reserveNextLead(
  db: RootDb,
  scope: TeamScope,
  input: ReserveInput,
): Promise<{ lead: ReservedLead; campaign: PickCampaign } | null> {
  const zones = `{${input.zones.map((z) => `"${z.replace(/["\\]/g, '')}"`).join(',')}}`;
  const result = await db.$client.query({
    name: 'reserve-next-lead',
    text: RESERVE_SQL,
    values: [input.campaignId, scope.teamId, input.userId, input.now, zones, input.reserveUntil],
  });
  const row = result.rows[0] as
    (Row & { calling_window: Record<string, unknown>; retry_rules: Record<string, unknown> }) | undefined;
  if (!row) return null;
  return { lead: toReservedLead(row), campaign: { callingWindow: row.calling_window, retryRules: row.retry_rules } };
}

/**
 * The agent still holds the lead: any other agent's pick would have overwritten reserved_by (a lapsed reservation
 * nobody took is still theirs to extend or dial), and every way out of a reservation clears it.
 */
const heldBy = (userId: string) => sql`reserved_by = ${userId}`;

/**
 * Ends a reservation without a call, leaving the lead's status as it was; a denied lead becomes due at
 * `nextAttemptAt` (the gate's next allowed time — a callback moves to it), a lead the gate can never allow is
 * blocked. Only the holder's reservation is released; returns false when the agent no longer held it.
 */
export async function releaseLead(
  db: Db,
  scope: TeamScope,
  input: { leadId: string; userId: string; now: Date; nextAttemptAt?: Date | null; status?: 'blocked' },
): Promise<boolean> {
  const next = input.nextAttemptAt ?? null;
  const released = await db.execute(sql`
    update leads set reserved_by = null, reserved_until = null, updated_at = ${input.now},
      status = coalesce(${input.status ?? null}::text, status),
      next_attempt_at = case when ${next}::timestamptz is null or status = 'callback' then next_attempt_at else ${next}::timestamptz end,
      callback_at = case when ${next}::timestamptz is not null and status = 'callback' then ${next}::timestamptz else callback_at end
    where id = ${input.leadId} and team_id = ${scope.teamId} and ${heldBy(input.userId)}
  `);
  return (released.rowCount ?? 0) > 0;
}

/**
 * Preview's Skip: ends the holder's reservation and sends the lead behind every lead due now — a queued lead becomes
 * due at `now` (the pick takes the oldest due first), a due callback moves to `now` behind the other due callbacks —
 * and counts the skip. Status and attempts stay as they were: nothing was dialled. False when the agent no longer held it.
 */
export async function skipLeadBehind(
  db: Db,
  scope: TeamScope,
  input: { leadId: string; userId: string; now: Date },
): Promise<boolean> {
  const skipped = await db.execute(sql`
    update leads set reserved_by = null, reserved_until = null, updated_at = ${input.now},
      skips = skips + 1, last_skipped_at = ${input.now},
      next_attempt_at = case when status in ('new', 'retry') then ${input.now}::timestamptz else next_attempt_at end,
      callback_at = case when status = 'callback' and callback_at <= ${input.now}::timestamptz then ${input.now}::timestamptz else callback_at end
    where id = ${input.leadId} and team_id = ${scope.teamId} and ${heldBy(input.userId)}
  `);
  return (skipped.rowCount ?? 0) > 0;
}

/** Marks a lead DNC (the number was found on the team's list at pick or dial time) and ends its reservation. */
export async function markLeadDnc(db: Db, scope: TeamScope, input: { leadId: string; now: Date }): Promise<void> {
  await db.execute(sql`
    update leads set dnc = true, status = 'done', reserved_by = null, reserved_until = null, updated_at = ${input.now}
    where id = ${input.leadId} and team_id = ${scope.teamId}
  `);
}

/** Keeps an agent's reservation alive while their connection is (called from the heartbeat). */
export async function extendReservation(
  db: Db,
  scope: TeamScope,
  input: { leadId: string; userId: string; until: Date },
): Promise<boolean> {
  const r = await db.execute(sql`
    update leads set reserved_until = ${input.until}
    where id = ${input.leadId} and team_id = ${scope.teamId} and ${heldBy(input.userId)}
  `);
  return (r.rowCount ?? 0) > 0;
}
