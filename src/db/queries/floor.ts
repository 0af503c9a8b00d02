import type { AgentState } from '../../core/dialer/agent-state';
import type { TeamScope } from '../../core/teams/scope';
import type { CallStatus } from '../../core/telephony/call-status';
import type { RootDb } from '../client';

// Reads for the live floor (src/app/reports/get-live-floor.ts): the whole team for a snapshot, and for a push after a
// change only the rows it touched (readFloorTouched), by the same SQL.

export type FloorSeatRow = {
  userId: string;
  name: string;
  campaignId: string | null;
  /** Null when the member never took a seat. */
  seat: {
    state: AgentState;
    since: Date;
    lastHeartbeat: Date;
    call: { id: string; status: CallStatus; queuedAt: Date; answeredAt: Date | null; endedAt: Date | null } | null;
  } | null;
};

type SeatSqlRow = {
  user_id: string;
  name: string;
  campaign_id: string | null;
  state: AgentState | null;
  since: Date | null;
  last_heartbeat: Date | null;
  call_id: string | null;
  call_status: CallStatus | null;
  queued_at: Date | null;
  answered_at: Date | null;
  ended_at: Date | null;
};

/**
 * The team's agents on the floor: every member with the agent role, and anyone else who has taken a seat in the
 * dialer (an owner who dials), with their seat and the call it is working. `only` narrows it (a condition on `m`).
 */
const seatsSql = (only: string) =>
  `select m.user_id, u.name, s.campaign_id, s.state, s.since, s.last_heartbeat,
          c.id as call_id, c.status as call_status, c.queued_at, c.answered_at, c.ended_at
   from members m
   join users u on u.id = m.user_id
   left join agent_sessions s on s.team_id = m.team_id and s.user_id = m.user_id
   left join calls c on c.id = s.call_id and c.team_id = s.team_id
   where m.team_id = $1 and (m.role = 'agent' or s.id is not null) ${only}`;

const toSeat = (r: SeatSqlRow): FloorSeatRow => ({
  userId: r.user_id,
  name: r.name,
  campaignId: r.campaign_id,
  seat:
    r.state && r.since && r.last_heartbeat
      ? {
          state: r.state,
          since: r.since,
          lastHeartbeat: r.last_heartbeat,
          call:
            r.call_id && r.call_status && r.queued_at
              ? {
                  id: r.call_id,
                  status: r.call_status,
                  queuedAt: r.queued_at,
                  answeredAt: r.answered_at,
                  endedAt: r.ended_at,
                }
              : null,
        }
      : null,
});

/** The team's agents on the floor (seatsSql), ordered by name. */
export async function listFloorSeats(db: RootDb, scope: TeamScope): Promise<FloorSeatRow[]> {
  const { rows } = await db.$client.query<SeatSqlRow>(`${seatsSql('')} order by u.name, m.user_id`, [scope.teamId]);
  return rows.map(toSeat);
}

export type FloorCampaignRow = { id: string; name: string; createdAt: Date; targetAbandonBp: number };

/** The team's campaigns that are not archived, as FloorCampaignRow columns (ordered by name, id where read). */
const CAMPAIGNS_SQL = `select id, name, created_at as "createdAt", target_abandon_bp as "targetAbandonBp"
  from campaigns where team_id = $1 and archived_at is null`;

/** The team's campaigns that are not archived, ordered by name. */
export async function listFloorCampaigns(db: RootDb, scope: TeamScope): Promise<FloorCampaignRow[]> {
  const { rows } = await db.$client.query<FloorCampaignRow>(`${CAMPAIGNS_SQL} order by name, id`, [scope.teamId]);
  return rows;
}

export type FloorTouched = {
  /** The team's time zone ('UTC' if the team is gone). */
  timeZone: string;
  seats: FloorSeatRow[];
  /** The campaigns of the given calls and of those agents' seats (not archived), ordered by name, id. */
  campaigns: FloorCampaignRow[];
};

type TouchedSqlRow = SeatSqlRow & {
  kind: 'team' | 'seat' | 'campaign';
  created_at: Date | null;
  target_abandon_bp: number | null;
};

/**
 * What a push needs before it can count anything, in ONE round trip: the team's zone, the given agents' seats
 * (listFloorSeats' rows) and the campaigns those seats and the given calls belong to (listFloorCampaigns' rows).
 * The same SQL as those reads, so a pushed row and a snapshot row cannot disagree; one statement so a push waits for
 * one round trip here instead of two.
 */
export async function readFloorTouched(
  db: RootDb,
  scope: TeamScope,
  input: { userIds: readonly string[]; callIds: readonly string[] },
): Promise<FloorTouched> {
  const { rows } = await db.$client.query<TouchedSqlRow>(
    `with seat as (${seatsSql('and m.user_id = any($2::text[])')}),
     camp as (
       ${CAMPAIGNS_SQL} and id in (
         select campaign_id from calls where team_id = $1 and id = any($3::uuid[]) and campaign_id is not null
         union
         select campaign_id from seat where campaign_id is not null)
     )
     select 'seat' as kind, user_id, name, campaign_id, state, since, last_heartbeat, call_id, call_status,
            queued_at, answered_at, ended_at, null::timestamptz as created_at, null::int as target_abandon_bp
     from seat
     union all
     select 'campaign', null, name, id, null, null, null, null, null, null, null, null, "createdAt", "targetAbandonBp"
     from camp
     union all
     select 'team', null, time_zone, null, null, null, null, null, null, null, null, null, null, null
     from teams where id = $1
     order by kind, name, user_id, campaign_id`,
    [scope.teamId, input.userIds, input.callIds],
  );
  let timeZone = 'UTC';
  const seats: FloorSeatRow[] = [];
  const campaigns: FloorCampaignRow[] = [];
  for (const r of rows) {
    if (r.kind === 'team') timeZone = r.name;
    else if (r.kind === 'seat') seats.push(toSeat(r));
    else if (r.campaign_id && r.created_at && r.target_abandon_bp !== null)
      campaigns.push({
        id: r.campaign_id,
        name: r.name,
        createdAt: r.created_at,
        targetAbandonBp: r.target_abandon_bp,
      });
  }
  return { timeZone, seats, campaigns };
}

/**
 * Calls placed and not yet ended, per campaign ($1 team, $2 campaign ids). The partial index of open calls keeps
 * this to the few live ones.
 */
const LINES_IN_FLIGHT_SQL = `select campaign_id, count(*)::int as n from calls
  where status_rank < 4 and team_id = $1 and campaign_id = any($2::uuid[])
  group by campaign_id`;

/**
 * The campaigns ($1 team; $2 ids, or null for every unarchived one) as `camp` (id, max_attempts), and `n`, the leads
 * callable now of the row `camp` ($3 now, $4 the zones open): countCallableNow's definition, shared with the floor.
 */
const CALLABLE_CAMPAIGNS = `camp as (
  select id, coalesce((retry_rules->>'maxAttempts')::int, 2147483647) as max_attempts
  from campaigns
  where team_id = $1 and (case when $2::uuid[] is null then archived_at is null else id = any($2::uuid[]) end)
)`;
const CALLABLE_NOW = `(select count(*) from leads l
    where l.campaign_id = camp.id and l.status = 'callback' and l.dnc = false and l.callback_at <= $3
      and (l.reserved_until is null or l.reserved_until <= $3))
  + (select count(*) from leads h
     where h.campaign_id = camp.id and h.primary_zone = any($4::text[])
       and h.status in ('new', 'retry') and h.dnc = false and h.due_at <= $3
       and h.attempts < camp.max_attempts
       and (h.reserved_until is null or h.reserved_until <= $3))`;

/**
 * Leads the next-lead pick could serve now, per campaign: due callbacks held by nobody, and queued leads due, held
 * by nobody, under the attempt limit, in the zones whose calling hours are open. The same predicates as the pick
 * (src/db/queries/lead-reservations.ts), so the counts walk the pick's own partial indexes (the queued leads' without
 * touching the table: attempts and the reservation are in its key). The full compliance gate
 * (state rules, the campaign's window) still runs on each lead at the pick, as it does for the dialer.
 */
export async function countCallableNow(
  db: RootDb,
  scope: TeamScope,
  input: { campaignIds: readonly string[] | 'unarchived'; zones: readonly string[]; now: Date },
): Promise<Map<string, number>> {
  if (input.campaignIds !== 'unarchived' && input.campaignIds.length === 0) return new Map();
  const { rows } = await db.$client.query<{ id: string; n: string }>(
    `with ${CALLABLE_CAMPAIGNS} select camp.id, ${CALLABLE_NOW} as n from camp`,
    [scope.teamId, input.campaignIds === 'unarchived' ? null : input.campaignIds, input.now, input.zones],
  );
  return new Map(rows.map((r) => [r.id, Number(r.n)]));
}

export type CampaignsNow = Map<string, { linesInFlight: number; callableNow: number }>;

/**
 * The floor's two live counts of the given campaigns in one statement: lines in flight (LINES_IN_FLIGHT_SQL) and
 * leads callable now (countCallableNow), by those functions' own SQL. A campaign that is not the team's is absent.
 */
export async function countCampaignsNow(
  db: RootDb,
  scope: TeamScope,
  input: { campaignIds: readonly string[]; zones: readonly string[]; now: Date },
): Promise<CampaignsNow> {
  if (input.campaignIds.length === 0) return new Map();
  const { rows } = await db.$client.query<{ id: string; n: string; lines: number | null }>(
    `with ${CALLABLE_CAMPAIGNS}, lines as (${LINES_IN_FLIGHT_SQL})
     select camp.id, ${CALLABLE_NOW} as n, lines.n as lines from camp left join lines on lines.campaign_id = camp.id`,
    [scope.teamId, input.campaignIds, input.now, input.zones],
  );
  return new Map(rows.map((r) => [r.id, { linesInFlight: r.lines ?? 0, callableNow: Number(r.n) }]));
}
