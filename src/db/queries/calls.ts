import { and, asc, desc, eq, inArray, isNull, lt, sql } from 'drizzle-orm';
import type { TeamScope } from '../../core/teams/scope';
import type { AnsweredBy, CallStatus, Outcome } from '../../core/telephony/call-status';
import type { Db, RootDb } from '../client';
import { callEvents, calls, recordings } from '../schema';

export type CallRow = typeof calls.$inferSelect;
export type RecordingRow = typeof recordings.$inferSelect;

/** The Postgres NOTIFY channel every call change is published on; the payload names ids only. */
export const CALL_CHANGES_CHANNEL = 'call_changes';
export type CallChangeNotice = { t: string; c: string; a: string | null };

const notifySql = (teamId: unknown, callId: unknown, agentId: unknown) =>
  sql`pg_notify(${CALL_CHANGES_CHANNEL}, json_build_object('t', ${teamId}, 'c', ${callId}, 'a', ${agentId})::text)`;

export async function notifyCallChanged(db: Db, call: { teamId: string; id: string; agentId: string | null }) {
  await db.execute(sql`select ${notifySql(sql`${call.teamId}::uuid`, sql`${call.id}::uuid`, sql`${call.agentId}::text`)}`);
}

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
    .values({ ...input, status: 'queued', statusRank: 0, createdAt: input.queuedAt, updatedAt: input.queuedAt })
    .returning();
  if (!row) throw new Error('call insert returned nothing');
  return row;
}

/** Records the provider's sid; a status callback that raced ahead may have stored it already. */
export async function setProviderSid(db: Db, callId: string, providerSid: string): Promise<CallRow | null> {
  const [row] = await db
    .update(calls)
    .set({ providerSid: sql`coalesce(${calls.providerSid}, ${providerSid})` })
    .where(eq(calls.id, callId))
    .returning();
  return row ?? null;
}

/** The provider refused the call: it ends failed here (no callback will ever come). */
export async function markCallNotPlaced(db: Db, callId: string, now: Date): Promise<CallRow | null> {
  const [row] = await db
    .update(calls)
    .set({ status: 'failed', statusRank: 4, outcome: 'failed', endedAt: now, durationSec: 0, updatedAt: now })
    .where(and(eq(calls.id, callId), lt(calls.statusRank, 4)))
    .returning();
  if (row) await notifyCallChanged(db, row);
  return row ?? null;
}

export type StatusChange = {
  /** Our call id from the callback URL, when present (the sid is the fallback). */
  callId: string | undefined;
  providerSid: string;
  eventKey: string;
  payload: Record<string, string>;
  status: CallStatus;
  rank: number;
  /** The outcome if this status is final; `completed` is refined by the AMD verdict in SQL. */
  outcome: Outcome | null;
  durationSec: number | null;
  answeredBy: AnsweredBy | null;
  now: Date;
};

export type ApplyResult = { found: boolean; inserted: boolean; updated: boolean };

/**
 * One statement, one round trip: find the call, store the event under its unique key (a duplicate stops here),
 * advance the call only if the status ranks higher than what it has, and NOTIFY when it changed. Late,
 * duplicate and out-of-order callbacks therefore cost one INSERT … ON CONFLICT DO NOTHING and change nothing.
 */
export async function applyStatusChange(db: Db, e: StatusChange): Promise<ApplyResult> {
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
        status = ${e.status},
        status_rank = ${e.rank},
        provider_sid = coalesce(c.provider_sid, ${e.providerSid}),
        ringing_at = case when ${e.status} = 'ringing' then coalesce(c.ringing_at, ${e.now}) else c.ringing_at end,
        answered_at = case
          when ${e.status} = 'in-progress' then coalesce(c.answered_at, ${e.now})
          when ${e.rank} = 4 and coalesce(${e.durationSec}::int, 0) > 0
            then coalesce(c.answered_at, ${e.now}::timestamptz - make_interval(secs => ${e.durationSec}::int))
          else c.answered_at end,
        ended_at = case when ${e.rank} = 4 then coalesce(c.ended_at, ${e.now}) else c.ended_at end,
        duration_sec = case when ${e.rank} = 4 then coalesce(${e.durationSec}::int, c.duration_sec, 0) else c.duration_sec end,
        amd_result = coalesce(${e.answeredBy}, c.amd_result),
        outcome = case
          when ${e.status} = 'completed' then case when coalesce(${e.answeredBy}, c.amd_result) = 'machine' then 'machine' else 'human' end
          else coalesce(${e.outcome}, c.outcome) end,
        updated_at = ${e.now}
      where c.id = (select call_id from ev) and c.status_rank < ${e.rank}
      returning c.id, c.team_id, c.agent_id
    ),
    notified as (select ${notifySql(sql`team_id`, sql`id`, sql`agent_id`)} from upd)
    select (select count(*) from target)::int as found, (select count(*) from ev)::int as inserted,
           (select count(*) from notified)::int as updated`);
  const row = res.rows[0];
  return { found: (row?.found ?? 0) > 0, inserted: (row?.inserted ?? 0) > 0, updated: (row?.updated ?? 0) > 0 };
}

type Pending = { change: StatusChange; resolve: (r: ApplyResult) => void; reject: (e: unknown) => void };

/**
 * Group commit for status callbacks. A transaction that NOTIFYs holds PostgreSQL's global notify lock until its
 * commit record is flushed, so one callback per transaction caps throughput at one disk flush per callback
 * (~120/s measured here). Callbacks arriving together are applied in one transaction instead (each still its own
 * idempotent statement; the 204 goes out only after the commit). Under light load a batch is one callback and
 * nothing waits; batches are sorted by call so two batches lock rows in the same order.
 */
class StatusBatcher {
  readonly #queue: Pending[] = [];
  #inflight = 0;

  constructor(
    readonly db: RootDb,
    readonly maxBatch = 64,
    readonly maxInflight = 2,
  ) {}

  submit(change: StatusChange): Promise<ApplyResult> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ change, resolve, reject });
      this.#pump();
    });
  }

  #pump(): void {
    while (this.#inflight < this.maxInflight && this.#queue.length > 0) {
      const batch = this.#queue.splice(0, this.maxBatch);
      this.#inflight++;
      void this.#run(batch).finally(() => {
        this.#inflight--;
        this.#pump();
      });
    }
  }

  async #run(batch: Pending[]): Promise<void> {
    if (batch.length === 1) {
      const [one] = batch as [Pending];
      return applyStatusChange(this.db, one.change).then(one.resolve, one.reject);
    }
    const key = (p: Pending) => p.change.callId ?? p.change.providerSid;
    batch.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
    try {
      const results = await this.db.transaction(async (tx) => {
        const out: ApplyResult[] = [];
        for (const p of batch) out.push(await applyStatusChange(tx, p.change));
        return out;
      });
      batch.forEach((p, i) => p.resolve(results[i] as ApplyResult));
    } catch {
      // One bad apple (or a rare deadlock) must not fail the rest: apply each on its own.
      for (const p of batch) await applyStatusChange(this.db, p.change).then(p.resolve, p.reject);
    }
  }
}

const batchers = new WeakMap<RootDb, StatusBatcher>();

/** `applyStatusChange` through the per-database group-commit batcher (the webhook path). */
export function applyStatusChangeBatched(db: RootDb, change: StatusChange): Promise<ApplyResult> {
  let batcher = batchers.get(db);
  if (!batcher) {
    batcher = new StatusBatcher(db);
    batchers.set(db, batcher);
  }
  return batcher.submit(change);
}

/** The async AMD verdict: kept once; a call that already ended `completed` gets its outcome refined. */
export async function applyAmdVerdict(
  db: Db,
  e: { callId: string | undefined; providerSid: string; eventKey: string; payload: Record<string, string>; answeredBy: AnsweredBy; now: Date },
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
export async function findCallForCallback(db: Db, callId: string | undefined, providerSid: string): Promise<CallRow | null> {
  const where = callId
    ? and(eq(calls.id, callId), sql`(${calls.providerSid} is null or ${calls.providerSid} = ${providerSid})`)
    : eq(calls.providerSid, providerSid);
  const [row] = await db.select().from(calls).where(where);
  return row ?? null;
}

/** Stores a recording event once; the recording row only moves forward (live → ended → deleted). */
export async function applyRecordingEvent(
  db: Db,
  e: {
    call: CallRow;
    eventKey: string;
    payload: Record<string, string>;
    recordingSid: string;
    status: 'in-progress' | 'completed' | 'absent' | 'failed';
    durationSec: number | null;
    expiresAt: Date;
    now: Date;
  },
): Promise<{ inserted: boolean; updated: boolean }> {
  return db.transaction(async (tx) => {
    const ev = await tx
      .insert(callEvents)
      .values({ teamId: e.call.teamId, callId: e.call.id, eventKey: e.eventKey, payload: e.payload, receivedAt: e.now })
      .onConflictDoNothing()
      .returning({ id: callEvents.id });
    if (ev.length === 0) return { inserted: false, updated: false };
    const res = await tx.execute(sql`
      insert into recordings (team_id, call_id, provider_sid, status, duration_sec, expires_at, created_at, updated_at)
      values (${e.call.teamId}, ${e.call.id}, ${e.recordingSid}, ${e.status}, ${e.durationSec}, ${e.expiresAt}, ${e.now}, ${e.now})
      on conflict (provider_sid) do update set
        status = excluded.status,
        duration_sec = coalesce(excluded.duration_sec, recordings.duration_sec),
        updated_at = excluded.updated_at
      where recordings.call_id = excluded.call_id
        and (case recordings.status when 'deleted' then 2 when 'in-progress' then 0 when 'paused' then 0 else 1 end)
          < (case excluded.status when 'in-progress' then 0 else 1 end)`);
    const updated = (res.rowCount ?? 0) > 0;
    if (updated) await notifyCallChanged(tx, e.call);
    return { inserted: true, updated };
  });
}

/** Our own pause/resume (the provider sends no callback for those). */
export async function setRecordingLiveState(db: Db, recordingId: string, status: 'in-progress' | 'paused', now: Date) {
  const [row] = await db
    .update(recordings)
    .set({ status, updatedAt: now })
    .where(and(eq(recordings.id, recordingId), inArray(recordings.status, ['in-progress', 'paused'])))
    .returning();
  return row ?? null;
}

export type CallView = {
  id: string;
  campaignId: string | null;
  leadId: string | null;
  agentId: string | null;
  dialedNumber: string;
  callerId: string;
  status: CallStatus;
  outcome: Outcome | null;
  amdResult: AnsweredBy | null;
  queuedAt: Date;
  ringingAt: Date | null;
  answeredAt: Date | null;
  endedAt: Date | null;
  durationSec: number | null;
  recording: { status: RecordingRow['status']; durationSec: number | null; expiresAt: Date } | null;
};

const viewColumns = {
  id: calls.id,
  campaignId: calls.campaignId,
  leadId: calls.leadId,
  agentId: calls.agentId,
  dialedNumber: calls.dialedNumber,
  callerId: calls.callerId,
  status: calls.status,
  outcome: calls.outcome,
  amdResult: calls.amdResult,
  queuedAt: calls.queuedAt,
  ringingAt: calls.ringingAt,
  answeredAt: calls.answeredAt,
  endedAt: calls.endedAt,
  durationSec: calls.durationSec,
};

/** What the agent's screen shows of a call (the realtime push and the dial result). Scoped by team id. */
export async function getCallView(db: Db, teamId: string, callId: string): Promise<CallView | null> {
  const [row] = await db.select(viewColumns).from(calls).where(and(eq(calls.teamId, teamId), eq(calls.id, callId)));
  if (!row) return null;
  const [rec] = await db
    .select({ status: recordings.status, durationSec: recordings.durationSec, expiresAt: recordings.expiresAt })
    .from(recordings)
    .where(eq(recordings.callId, callId))
    .orderBy(desc(recordings.createdAt))
    .limit(1);
  return { ...row, recording: rec ?? null };
}

/** A call of the scope's team; agents reach only their own calls, admins and owners any. */
export async function getTeamCall(db: Db, scope: TeamScope, callId: string): Promise<CallRow | null> {
  const [row] = await db.select().from(calls).where(and(eq(calls.teamId, scope.teamId), eq(calls.id, callId)));
  if (!row) return null;
  if (scope.role === 'agent' && row.agentId !== scope.userId) return null;
  return row;
}

/** The call's most recent recording (a call is recorded once; a restarted recording supersedes). */
export async function latestRecording(db: Db, callId: string): Promise<RecordingRow | null> {
  const [row] = await db.select().from(recordings).where(eq(recordings.callId, callId)).orderBy(desc(recordings.createdAt)).limit(1);
  return row ?? null;
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

export async function listExpiredRecordings(db: Db, now: Date, limit: number): Promise<RecordingRow[]> {
  return db
    .select()
    .from(recordings)
    .where(and(isNull(recordings.deletedAt), lt(recordings.expiresAt, now), inArray(recordings.status, ['completed', 'absent', 'failed'])))
    .orderBy(asc(recordings.expiresAt))
    .limit(limit);
}

export async function markRecordingDeleted(db: Db, recordingId: string, now: Date) {
  await db.update(recordings).set({ status: 'deleted', deletedAt: now, updatedAt: now }).where(eq(recordings.id, recordingId));
}
