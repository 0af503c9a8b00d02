import { and, asc, eq, inArray, lt, sql } from 'drizzle-orm';
import type { TeamScope } from '../../core/teams/scope';
import type { AnsweredBy } from '../../core/telephony/call-status';
import type { Db } from '../client';
import { callEvents, calls } from '../schema';
import { notifyCallChanged, notifySql } from './call-changes';
import { enqueueCallCompleted } from './webhook-call-events';
import type { ApplyResult } from './call-status-batch';

export type CallRow = typeof calls.$inferSelect;

export type NewCall = {
  teamId: string;
  campaignId: string | null;
  leadId: string | null;
  agentId: string | null;
  agentSessionId: string | null;
  dialedNumber: string;
  callerId: string;
  provider: 'signalwire' | 'simulator';
  record: boolean;
  amd: boolean;
  complianceDecision: Record<string, unknown> | null;
  queuedAt: Date;
};

export async function insertQueuedCall(db: Db, input: NewCall): Promise<CallRow> {
  const [row] = await db
    .insert(calls)
    // Every call placed from here on records how its answer was routed (decision 0025).
    .values({
      ...input,
      // The lead's zone now (its first candidate zone), for the callee-local figures of the reports.
      calleeZone: input.leadId
        ? sql`(select primary_zone from leads where id = ${input.leadId} and team_id = ${input.teamId})`
        : null,
      status: 'queued',
      statusRank: 0,
      connectRecorded: true,
      createdAt: input.queuedAt,
      updatedAt: input.queuedAt,
    })
    .returning();
  if (!row) throw new Error('call insert returned nothing');
  return row;
}

/**
 * Records the provider's sid; a status callback that raced ahead may have stored it already. `lastCheck` (the gate's
 * verdict just before the provider request) is kept in the compliance record as `placedCheck`.
 */
export async function setProviderSid(
  db: Db,
  callId: string,
  providerSid: string,
  lastCheck?: Record<string, unknown>,
): Promise<CallRow | null> {
  const [row] = await db
    .update(calls)
    .set({
      providerSid: sql`coalesce(${calls.providerSid}, ${providerSid})`,
      ...(lastCheck
        ? {
            complianceDecision: sql`coalesce(${calls.complianceDecision}, '{}'::jsonb) || jsonb_build_object('placedCheck', ${JSON.stringify(lastCheck)}::jsonb)`,
          }
        : {}),
    })
    .where(eq(calls.id, callId))
    .returning();
  return row ?? null;
}

/** The provider refused the call: it ends failed here (no callback will ever come). */
export async function markCallNotPlaced(db: Db, callId: string, now: Date): Promise<CallRow | null> {
  // The end and its outbound webhook are one transaction.
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(calls)
      .set({ status: 'failed', statusRank: 4, outcome: 'failed', endedAt: now, durationSec: 0, updatedAt: now })
      .where(and(eq(calls.id, callId), lt(calls.statusRank, 4)))
      .returning();
    if (row) await enqueueCallCompleted(tx, row.id, now);
    if (row) await notifyCallChanged(tx, row);
    return row ?? null;
  });
}

/** The gate denied the call at the last moment: it never reached the provider and ends canceled, with that verdict. */
export async function markCallWithheld(
  db: Db,
  callId: string,
  now: Date,
  lastCheck: Record<string, unknown>,
): Promise<CallRow | null> {
  // The end and its outbound webhook are one transaction.
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(calls)
      .set({
        status: 'canceled',
        statusRank: 4,
        outcome: 'canceled',
        endedAt: now,
        durationSec: 0,
        updatedAt: now,
        complianceDecision: sql`coalesce(${calls.complianceDecision}, '{}'::jsonb) || jsonb_build_object('placedCheck', ${JSON.stringify(lastCheck)}::jsonb)`,
      })
      .where(and(eq(calls.id, callId), lt(calls.statusRank, 4)))
      .returning();
    if (row) await enqueueCallCompleted(tx, row.id, now);
    if (row) await notifyCallChanged(tx, row);
    return row ?? null;
  });
}

/**
 * The provider no longer knows the call (it restarted and lost it, or never heard of it): close it at once with
 * what we know. Answered → completed with its answer time kept and its duration unknown (null); otherwise failed
 * (it never connected). `ended_at` is the last time the call was known alive (its latest event or timestamp), and
 * `end_inferred` says so.
 */
export async function closeLostCall(db: Db, callId: string, now: Date): Promise<CallRow | null> {
  const answered = sql`${calls.answeredAt} is not null`;
  // The end and its outbound webhook are one transaction.
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(calls)
      .set({
        status: sql`case when ${answered} then 'completed' else 'failed' end`,
        statusRank: 4,
        outcome: sql`case when ${answered} then case when ${calls.amdResult} = 'machine' then 'machine' else 'human' end else 'failed' end`,
        endedAt: sql`greatest(${calls.queuedAt}, ${calls.ringingAt}, ${calls.answeredAt},
          (select max(${callEvents.receivedAt}) from ${callEvents} where ${callEvents.callId} = ${calls.id}))`,
        durationSec: sql`case when ${answered} then null else 0 end`,
        endInferred: true,
        updatedAt: now,
      })
      .where(and(eq(calls.id, callId), lt(calls.statusRank, 4)))
      .returning();
    if (row) await enqueueCallCompleted(tx, row.id, now);
    if (row) await notifyCallChanged(tx, row);
    return row ?? null;
  });
}

/** The async AMD verdict: kept once; a call that already ended `completed` gets its outcome refined. */
export async function applyAmdVerdict(
  db: Db,
  e: {
    callId: string | undefined;
    providerSid: string;
    eventKey: string;
    payload: Record<string, string>;
    answeredBy: AnsweredBy;
    now: Date;
  },
): Promise<ApplyResult> {
  const target = e.callId
    ? sql`id = ${e.callId}::uuid and (provider_sid is null or provider_sid = ${e.providerSid})`
    : sql`provider_sid = ${e.providerSid}`;
  const res = await db.execute<{ found: number; inserted: number; updated: number }>(sql`
    with target as (select id, team_id from calls where ${target}),
    ev as (
      insert into call_events (team_id, call_id, event_key, payload, received_at)
      select team_id, id, ${e.eventKey}, ${JSON.stringify(e.payload)}::jsonb, ${e.now} from target
      on conflict (event_key) do nothing
      returning call_id
    ),
    upd as (
      update calls c set
        amd_result = ${e.answeredBy},
        provider_sid = coalesce(c.provider_sid, ${e.providerSid}),
        outcome = case when c.status = 'completed' then ${e.answeredBy} else c.outcome end,
        updated_at = ${e.now}
      where c.id = (select call_id from ev) and c.amd_result is null
      returning c.id, c.team_id, c.agent_id
    ),
    notified as (select ${notifySql(sql`team_id`, sql`id`, sql`agent_id`)} from upd)
    select (select count(*) from target)::int as found, (select count(*) from ev)::int as inserted,
           (select count(*) from notified)::int as updated`);
  const row = res.rows[0];
  return { found: (row?.found ?? 0) > 0, inserted: (row?.inserted ?? 0) > 0, updated: (row?.updated ?? 0) > 0 };
}

/** The call a provider callback names: by our id (checked against the sid) or, without one, by the sid. */
export async function findCallForCallback(
  db: Db,
  callId: string | undefined,
  providerSid: string,
): Promise<CallRow | null> {
  const where = callId
    ? and(eq(calls.id, callId), sql`(${calls.providerSid} is null or ${calls.providerSid} = ${providerSid})`)
    : eq(calls.providerSid, providerSid);
  const [row] = await db.select().from(calls).where(where);
  return row ?? null;
}

/** A call of the scope's team; agents reach only their own calls, admins and owners any. */
export async function getTeamCall(db: Db, scope: TeamScope, callId: string): Promise<CallRow | null> {
  const [row] = await db
    .select()
    .from(calls)
    .where(and(eq(calls.teamId, scope.teamId), eq(calls.id, callId)));
  if (!row) return null;
  if (scope.role === 'agent' && row.agentId !== scope.userId) return null;
  return row;
}

/** Ids of every call still open (any team), oldest first: what an instance starting after a crash must check. */
export async function listOpenCallIds(db: Db, limit: number): Promise<string[]> {
  const rows = await db
    .select({ id: calls.id })
    .from(calls)
    .where(lt(calls.statusRank, 4))
    .orderBy(asc(calls.queuedAt))
    .limit(limit);
  return rows.map((r) => r.id);
}

/** Those of the given calls that are still open. */
export async function listOpenCallsById(db: Db, ids: readonly string[]): Promise<CallRow[]> {
  if (ids.length === 0) return [];
  return db
    .select()
    .from(calls)
    .where(and(lt(calls.statusRank, 4), inArray(calls.id, [...ids])))
    .orderBy(asc(calls.queuedAt));
}

/** Calls still open after `queuedBefore`, oldest first: the reconciliation job's work list. */
export async function listStaleCalls(db: Db, queuedBefore: Date, limit: number): Promise<CallRow[]> {
  return db
    .select()
    .from(calls)
    .where(and(lt(calls.statusRank, 4), lt(calls.queuedAt, queuedBefore)))
    .orderBy(asc(calls.queuedAt))
    .limit(limit);
}
