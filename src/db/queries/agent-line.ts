import { and, eq, sql } from 'drizzle-orm';
import type { AudioKind } from '../../core/dialer/agent-audio';
import type { TeamScope } from '../../core/teams/scope';
import type { Db } from '../client';
import { agentSessions, type lineStatuses } from '../schema/dialer';
import { CALL_CHANGES_CHANNEL } from './call-changes';

// The agent's own phone line on a real carrier (decision 0009): one call per session that keeps the agent in their
// conference from Ready to Stop. Line callbacks are authenticated by their signature, so they look sessions up by id.

export type LineStatus = (typeof lineStatuses)[number];

/** Tells the agent's screens (any instance) to reload their state: same channel as call changes, no call id. */
const notifyAgent = (teamId: unknown, userId: unknown) =>
  sql`pg_notify(${CALL_CHANGES_CHANNEL}, json_build_object('t', ${teamId}, 'c', null, 'a', ${userId}, 'k', 'agent')::text)`;

/** Sets the caller's line: a new line gets a new `lineId`; `lineSid` is the provider's call once placed. */
export async function setOwnLine(
  db: Db,
  scope: TeamScope,
  patch: {
    audioKind?: AudioKind;
    linePhone?: string;
    lineSip?: string;
    lineId?: string | null;
    lineSid?: string | null;
    lineStatus: LineStatus;
  },
): Promise<void> {
  await db
    .update(agentSessions)
    .set(patch)
    .where(and(eq(agentSessions.teamId, scope.teamId), eq(agentSessions.userId, scope.userId)));
}

/** The provider's sid for a line just placed, unless a callback already brought it (and perhaps moved the line on). */
export async function storeLineSid(db: Db, input: { lineId: string; lineSid: string }): Promise<void> {
  await db.execute(
    sql`update agent_sessions set line_sid = ${input.lineSid} where line_id = ${input.lineId}::uuid and line_sid is null`,
  );
}

export type LineSession = { id: string; teamId: string; userId: string; lineStatus: LineStatus; audioKind: AudioKind };

/**
 * The session a line callback names: our line id (in the callback URL) and the provider's call sid must agree.
 * A line placed a moment ago may call back before its sid is stored; it adopts the sid then. A callback from an
 * earlier line carries that line's id and matches nothing.
 */
export async function findLineSession(db: Db, input: { lineId: string; lineSid: string }): Promise<LineSession | null> {
  const r = await db.execute(sql`
    update agent_sessions set line_sid = ${input.lineSid}
    where line_id = ${input.lineId}::uuid and (line_sid is null or line_sid = ${input.lineSid})
    returning id, team_id, user_id, line_status, audio_kind
  `);
  return lineSessionOf(r.rows[0]);
}

type LineRow = { id: string; team_id: string; user_id: string; line_status: LineStatus; audio_kind: AudioKind };
const lineSessionOf = (row: unknown): LineSession | null => {
  const r = row as LineRow | undefined;
  return r
    ? { id: r.id, teamId: r.team_id, userId: r.user_id, lineStatus: r.line_status, audioKind: r.audio_kind }
    : null;
};

/**
 * A browser leg joining its conference: the participant callback names our line id and carries the leg's CallSid,
 * which is the one the REST API can hang up. While the leg is still connecting it replaces whatever sid the cXML
 * fetch brought (the dial may have carried another id); once connected, only the bound sid matches.
 */
export async function bindBrowserLeg(db: Db, input: { lineId: string; lineSid: string }): Promise<LineSession | null> {
  const r = await db.execute(sql`
    update agent_sessions set line_sid = ${input.lineSid}
    where line_id = ${input.lineId}::uuid and audio_kind = 'browser'
      and (line_sid is null or line_sid = ${input.lineSid} or line_status = 'ringing')
    returning id, team_id, user_id, line_status, audio_kind
  `);
  return lineSessionOf(r.rows[0]);
}

const RANK: Record<LineStatus, number> = { none: 0, ringing: 1, connected: 2, dropped: 3 };

/**
 * A line callback's effect: ringing → connected → dropped, never backwards (callbacks may come twice or out of
 * order). When the line drops, an agent who is not on a call is put Not ready with a note and the lead on their
 * screen goes back to the queue; one in a call keeps it to disposition, and that call's provider sid is returned
 * while it is still live, for the caller to hang up (a lead must not answer into an empty conference).
 */
export async function applyLineStatus(
  db: Db,
  input: { lineId: string; status: 'connected' | 'dropped'; now: Date },
): Promise<{ changed: boolean; liveCallSid: string | null }> {
  const lower = Object.entries(RANK)
    .filter(([, rank]) => rank < RANK[input.status])
    .map(([s]) => s);
  const dropped = input.status === 'dropped';
  const r = await db.execute(sql`
    with old as (
      select id, team_id, user_id, lead_id, call_id, state from agent_sessions
      where line_id = ${input.lineId}::uuid
        and line_status in (${sql.join(
          lower.map((s) => sql`${s}`),
          sql`, `,
        )})
      for update
    ),
    upd as (
      update agent_sessions s set line_status = ${input.status},
        state = case when ${dropped} and s.state in ('ready', 'paused') then 'paused' else s.state end,
        since = case when ${dropped} and s.state = 'ready' then ${input.now}::timestamptz else s.since end,
        lead_id = case when ${dropped} and s.state in ('ready', 'paused') then null else s.lead_id end,
        note = case when ${dropped} and s.state in ('ready', 'paused') then
          case when s.audio_kind = 'browser' then 'Your browser audio ended: go Ready to reconnect it'
               else 'Your phone line ended: go Ready to ring it again' end
          else s.note end
      from old where s.id = old.id
      returning s.id
    ),
    released as (
      update leads l set reserved_by = null, reserved_until = null, updated_at = ${input.now}
      from old where ${dropped} and old.state in ('ready', 'paused') and l.id = old.lead_id and l.reserved_by = old.user_id
      returning l.id
    )
    select (select count(*) from upd)::int as changed, (select count(*) from released)::int as released,
      (select ${notifyAgent(sql`old.team_id`, sql`old.user_id`)} from old) as notified,
      (select c.provider_sid from calls c join old on c.id = old.call_id and c.team_id = old.team_id
       where ${dropped} and c.status_rank < 4) as live_call_sid
  `);
  const row = r.rows[0] as { changed: number; live_call_sid: string | null } | undefined;
  return { changed: (row?.changed ?? 0) > 0, liveCallSid: row?.live_call_sid ?? null };
}
