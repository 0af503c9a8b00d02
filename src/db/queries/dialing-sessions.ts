import { and, eq, sql } from 'drizzle-orm';
import type { AgentState } from '../../core/dialer/agent-state';
import { PRESENCE_TIMEOUT_MS } from '../../core/dialer/agent-state';
import type { TeamScope } from '../../core/teams/scope';
import type { CallStatus } from '../../core/telephony/call-status';
import type { Db } from '../client';
import { agentSessions, calls, users } from '../schema';

export type AgentSessionRow = typeof agentSessions.$inferSelect;
export type DialingSessionWithCall = AgentSessionRow & { callStatus: CallStatus | null };

/** The caller's own session in the team, with the status of the call it is working (if any). */
export async function getOwnDialingSession(db: Db, scope: TeamScope): Promise<DialingSessionWithCall | null> {
  const [row] = await db
    .select({ session: agentSessions, callStatus: calls.status })
    .from(agentSessions)
    .leftJoin(calls, and(eq(calls.id, agentSessions.callId), eq(calls.teamId, agentSessions.teamId)))
    .where(and(eq(agentSessions.teamId, scope.teamId), eq(agentSessions.userId, scope.userId)));
  return row ? { ...row.session, callStatus: row.callStatus ?? null } : null;
}

/** Locks the caller's session row for the rest of the transaction (one dial or disposition at a time). */
export async function lockOwnDialingSession(db: Db, scope: TeamScope): Promise<AgentSessionRow | null> {
  const [row] = await db
    .select()
    .from(agentSessions)
    .where(and(eq(agentSessions.teamId, scope.teamId), eq(agentSessions.userId, scope.userId)))
    .for('update');
  return row ?? null;
}

/** Creates or replaces the caller's session (going Ready). */
export async function upsertOwnDialingSession(
  db: Db,
  scope: TeamScope,
  input: { campaignId: string; state: AgentState; now: Date; instance: string | null; leadId?: string | null },
): Promise<AgentSessionRow> {
  const [row] = await db
    .insert(agentSessions)
    .values({
      teamId: scope.teamId,
      userId: scope.userId,
      campaignId: input.campaignId,
      state: input.state,
      since: input.now,
      lastHeartbeat: input.now,
      instance: input.instance,
      leadId: input.leadId ?? null,
      callId: null,
      note: null,
      createdAt: input.now,
    })
    .onConflictDoUpdate({
      target: [agentSessions.teamId, agentSessions.userId],
      set: {
        campaignId: input.campaignId,
        state: input.state,
        since: input.now,
        lastHeartbeat: input.now,
        instance: input.instance,
        leadId: input.leadId ?? null,
        callId: null,
        note: null,
      },
    })
    .returning();
  if (!row) throw new Error('agent session upsert returned nothing');
  return row;
}

export type DialingSessionPatch = Partial<Pick<AgentSessionRow, 'state' | 'leadId' | 'callId' | 'note' | 'campaignId'>>;

/** Updates the caller's session; `since` moves when the state changes. */
export async function updateOwnDialingSession(
  db: Db,
  scope: TeamScope,
  patch: DialingSessionPatch,
  now: Date,
): Promise<AgentSessionRow | null> {
  const [row] = await db
    .update(agentSessions)
    .set({
      ...patch,
      ...(patch.state !== undefined
        ? {
            since: sql`case when ${agentSessions.state} = ${patch.state} then ${agentSessions.since} else ${now}::timestamptz end`,
          }
        : {}),
    })
    .where(and(eq(agentSessions.teamId, scope.teamId), eq(agentSessions.userId, scope.userId)))
    .returning();
  return row ?? null;
}

/** The workspace's heartbeat (or any action of the agent's): the session is live until PRESENCE_TIMEOUT_MS from now. */
export async function touchOwnDialingSession(
  db: Db,
  scope: TeamScope,
  input: { now: Date; instance?: string | null },
): Promise<AgentSessionRow | null> {
  const [row] = await db
    .update(agentSessions)
    .set({ lastHeartbeat: input.now, ...(input.instance !== undefined ? { instance: input.instance } : {}) })
    .where(
      and(
        eq(agentSessions.teamId, scope.teamId),
        eq(agentSessions.userId, scope.userId),
        sql`${agentSessions.state} <> 'offline'`,
      ),
    )
    .returning();
  return row ?? null;
}

/** Agents of the team holding a seat now: live (fresh heartbeat) and not paused or offline. */
export async function seatHolderIds(db: Db, scope: TeamScope, now: Date): Promise<string[]> {
  const fresh = new Date(now.getTime() - PRESENCE_TIMEOUT_MS);
  const rows = await db
    .select({ userId: agentSessions.userId })
    .from(agentSessions)
    .where(
      and(
        eq(agentSessions.teamId, scope.teamId),
        sql`${agentSessions.state} not in ('paused', 'offline')`,
        sql`${agentSessions.lastHeartbeat} > ${fresh}`,
      ),
    );
  return rows.map((r) => r.userId);
}

/**
 * Sessions whose heartbeat went stale are put offline (every team: a system sweep), and the leads they held are
 * released (a dialled one keeps the provisional next attempt the dial wrote). Returns the counts, the calls still
 * live on those sessions and the agents' own phone lines, for the caller to hang up: nobody is left to talk.
 */
export type LiveCall = { teamId: string; callId: string; providerSid: string };

export async function sweepStaleDialingSessions(
  db: Db,
  input: { now: Date; limit: number },
): Promise<{ offline: number; released: number; liveCalls: LiveCall[]; liveLines: string[] }> {
  const cutoff = new Date(input.now.getTime() - PRESENCE_TIMEOUT_MS);
  const r = await db.execute(sql`
    with stale as (
      select id, team_id, user_id, lead_id, call_id, line_sid, line_status from agent_sessions
      where state <> 'offline' and last_heartbeat < ${cutoff}
      order by last_heartbeat limit ${input.limit}
      for update skip locked
    ),
    gone as (
      update agent_sessions s set state = 'offline', since = ${input.now}, lead_id = null,
        note = 'Connection lost: put Not ready automatically', line_id = null, line_sid = null, line_status = 'none'
      from stale where s.id = stale.id
      returning s.id
    ),
    released as (
      update leads l set reserved_by = null, reserved_until = null, updated_at = ${input.now}
      from stale
      where l.id = stale.lead_id and l.reserved_by = stale.user_id
      returning l.id
    )
    select (select count(*) from gone)::int as offline, (select count(*) from released)::int as released,
      coalesce((select json_agg(json_build_object('teamId', c.team_id, 'callId', c.id, 'providerSid', c.provider_sid))
                from calls c join stale on c.id = stale.call_id and c.team_id = stale.team_id
                where c.status_rank < 4 and c.provider_sid is not null), '[]'::json) as live_calls,
      coalesce((select json_agg(line_sid) from stale
                where line_sid is not null and line_status in ('ringing', 'connected')), '[]'::json) as live_lines
  `);
  const row = r.rows[0] as
    { offline: number; released: number; live_calls: LiveCall[]; live_lines: string[] } | undefined;
  return {
    offline: row?.offline ?? 0,
    released: row?.released ?? 0,
    liveCalls: row?.live_calls ?? [],
    liveLines: row?.live_lines ?? [],
  };
}

export type AgentPresence = {
  userId: string;
  name: string;
  campaignId: string | null;
  state: AgentState;
  since: Date;
  lastHeartbeat: Date;
  callStatus: CallStatus | null;
  note: string | null;
};

/** Every agent session of the team (optionally one campaign's), with the status of the call each is on. */
export async function listTeamDialingSessions(db: Db, scope: TeamScope, campaignId?: string): Promise<AgentPresence[]> {
  const rows = await db
    .select({
      userId: agentSessions.userId,
      name: users.name,
      campaignId: agentSessions.campaignId,
      state: agentSessions.state,
      since: agentSessions.since,
      lastHeartbeat: agentSessions.lastHeartbeat,
      callStatus: calls.status,
      note: agentSessions.note,
    })
    .from(agentSessions)
    .innerJoin(users, eq(users.id, agentSessions.userId))
    .leftJoin(calls, and(eq(calls.id, agentSessions.callId), eq(calls.teamId, agentSessions.teamId)))
    .where(
      and(eq(agentSessions.teamId, scope.teamId), campaignId ? eq(agentSessions.campaignId, campaignId) : undefined),
    )
    .orderBy(users.name);
  return rows.map((r) => ({ ...r, callStatus: r.callStatus ?? null }));
}

/** Puts a picked lead on the agent's screen, unless another request already did (then the caller releases its pick). */
export async function attachLeadToDialingSessionIfFree(
  db: Db,
  scope: TeamScope,
  input: { leadId: string },
): Promise<boolean> {
  const r = await db
    .update(agentSessions)
    .set({ leadId: input.leadId })
    .where(
      and(
        eq(agentSessions.teamId, scope.teamId),
        eq(agentSessions.userId, scope.userId),
        sql`${agentSessions.leadId} is null`,
        eq(agentSessions.state, 'ready'),
      ),
    )
    .returning({ id: agentSessions.id });
  return r.length > 0;
}

/**
 * Claims the session for a dial: only from Ready with this lead on screen, so a double click or a second tab
 * cannot place a second call.
 */
export async function claimDialingSessionForDial(
  db: Db,
  scope: TeamScope,
  input: { leadId: string; now: Date },
): Promise<AgentSessionRow | null> {
  const [row] = await db
    .update(agentSessions)
    .set({ state: 'dialing', since: input.now })
    .where(
      and(
        eq(agentSessions.teamId, scope.teamId),
        eq(agentSessions.userId, scope.userId),
        eq(agentSessions.state, 'ready'),
        eq(agentSessions.leadId, input.leadId),
      ),
    )
    .returning();
  return row ?? null;
}
