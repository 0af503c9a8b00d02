import { and, asc, desc, eq, inArray, isNull, lt, sql } from 'drizzle-orm';
import type { TeamScope } from '../../core/teams/scope';
import type { AnsweredBy, CallStatus, Outcome } from '../../core/telephony/call-status';
import type { Db, RootDb } from '../client';
import { callEvents, calls, recordings } from '../schema';

export type CallRow = typeof calls.$inferSelect;
export type RecordingRow = typeof recordings.$inferSelect;

/** The Postgres NOTIFY channel every call change is published on; the payload names ids only. */
export const CALL_CHANGES_CHANNEL = 'call_changes';
/** `k: 'agent'`: the agent's own state changed (their phone line), not a call; `c` is then null. */
export type CallChangeNotice = { t: string; c: string; a: string | null } | { t: string; c: null; a: string; k: 'agent' };

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

/**
 * Records the provider's sid; a status callback that raced ahead may have stored it already. `lastCheck` (the gate's
 * verdict just before the provider request) is kept in the compliance record as `placedCheck`.
 */
export async function setProviderSid(db: Db, callId: string, providerSid: string, lastCheck?: Record<string, unknown>): Promise<CallRow | null> {
  const [row] = await db
    .update(calls)
    .set({
      providerSid: sql`coalesce(${calls.providerSid}, ${providerSid})`,
      ...(lastCheck
        ? { complianceDecision: sql`coalesce(${calls.complianceDecision}, '{}'::jsonb) || jsonb_build_object('placedCheck', ${JSON.stringify(lastCheck)}::jsonb)` }
        : {}),
    })
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

/** The gate denied the call at the last moment: it never reached the provider and ends canceled, with that verdict. */
export async function markCallWithheld(db: Db, callId: string, now: Date, lastCheck: Record<string, unknown>): Promise<CallRow | null> {
  const [row] = await db
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
  if (row) await notifyCallChanged(db, row);
  return row ?? null;
}

/**
 * The provider no longer knows the call (it restarted and lost it, or never heard of it): close it at once with
 * what we know. Answered → completed with its answer time kept and its duration unknown (null); otherwise failed
 * (it never connected). `ended_at` is the last time the call was known alive (its latest event or timestamp), and
 * `end_inferred` says so.
 */
export async function closeLostCall(db: Db, callId: string, now: Date): Promise<CallRow | null> {
  const answered = sql`${calls.answeredAt} is not null`;
  const [row] = await db
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

const APPLY_STATUS_CHANGES = `    with input as (
      select * from jsonb_to_recordset($1::jsonb) as i(
        call_id uuid, provider_sid text, event_key text, payload jsonb, status text, rank int, outcome text,
        duration_sec int, answered_by text, at timestamptz, ord bigint)
    ),
    target as (
      select i.ord, t.id, t.team_id, t.status_rank
      from input i
      join lateral (
        select id, team_id, status_rank from calls
        where i.call_id is not null and id = i.call_id and (provider_sid is null or provider_sid = i.provider_sid)
        union all
        select id, team_id, status_rank from calls where i.call_id is null and provider_sid = i.provider_sid
        limit 1
      ) t on true
    ),
    ev as (
      insert into call_events (team_id, call_id, event_key, payload, received_at)
      select t.team_id, t.id, i.event_key, i.payload, i.at from target t join input i using (ord) order by i.ord
      on conflict (event_key) do nothing
      returning event_key
    ),
    -- The stored events (the first of any repeated key in the batch), each marked applied when it outranks both the
    -- call and every earlier event of the batch for that call: exactly the one-by-one outcome.
    stored as (
      select s.*, s.rank > greatest(s.status_rank, coalesce(max(s.rank) over (
               partition by s.id order by s.ord rows between unbounded preceding and 1 preceding), -1)) as applied
      from (
        select distinct on (i.event_key) i.*, t.id, t.status_rank
        from ev join input i using (event_key) join target t using (ord)
        order by i.event_key, i.ord
      ) s
    ),
    per_call as (
      select id,
        max(rank) as rank,
        (array_agg(status order by ord desc))[1] as status,
        (array_agg(provider_sid order by ord desc))[1] as provider_sid,
        (array_agg(outcome order by ord desc))[1] as outcome,
        (array_agg(duration_sec order by ord desc))[1] as duration_sec,
        (array_agg(at order by ord desc))[1] as at,
        (array_agg(answered_by order by ord desc) filter (where answered_by is not null))[1] as answered_by,
        min(at) filter (where status = 'ringing') as ringing_at,
        min(at) filter (where status = 'in-progress') as in_progress_at
      from stored where applied group by id
    ),
    locked as (select c.id from calls c where c.id in (select id from per_call) order by c.id for update),
    upd as (
      update calls c set
        status = p.status,
        status_rank = p.rank,
        provider_sid = coalesce(c.provider_sid, p.provider_sid),
        ringing_at = coalesce(c.ringing_at, p.ringing_at),
        answered_at = coalesce(c.answered_at, p.in_progress_at, case
          when p.rank = 4 and coalesce(p.duration_sec, 0) > 0 then p.at - make_interval(secs => p.duration_sec) end),
        ended_at = case when p.rank = 4 then coalesce(c.ended_at, p.at) else c.ended_at end,
        duration_sec = case when p.rank = 4 then coalesce(p.duration_sec, c.duration_sec, 0) else c.duration_sec end,
        amd_result = coalesce(p.answered_by, c.amd_result),
        outcome = case
          when p.status = 'completed' then case when coalesce(p.answered_by, c.amd_result) = 'machine' then 'machine' else 'human' end
          else coalesce(p.outcome, c.outcome) end,
        updated_at = p.at
      from per_call p join locked l using (id)
      where c.id = p.id and c.status_rank < p.rank
      returning c.id, c.team_id, c.agent_id
    ),
    notified as (select pg_notify('${CALL_CHANGES_CHANNEL}', json_build_object('t', team_id, 'c', id, 'a', agent_id)::text) from upd),
    published as (select count(*) from notified)
    select i.ord::text,
      t.id is not null as found,
      s.ord is not null as inserted,
      coalesce(s.applied, false) and exists (select 1 from upd where upd.id = s.id) as updated
    from input i
    left join target t using (ord)
    left join stored s using (ord)
    cross join published`;

/**
 * Applies status callbacks in ONE statement, however many: the group-commit batcher hands a whole batch here, so a
 * batch costs one round trip and one commit instead of one per callback. Per callback it finds the call (by our id,
 * checked against the sid, else by the sid), stores the event under its unique key (a duplicate stops there), and
 * per call it applies exactly what applying the stored events one by one in arrival order would: an event counts only
 * if it ranks above the call's status and every earlier event of the batch, so a status never moves a call backwards.
 * Calls are locked in id order (two concurrent batches cannot deadlock) and each changed call is NOTIFYed once.
 */
export async function applyStatusChanges(db: RootDb, changes: readonly StatusChange[]): Promise<ApplyResult[]> {
  if (changes.length === 0) return [];
  const input = changes.map((e, index) => ({
    ord: index + 1,
    call_id: e.callId ?? null,
    provider_sid: e.providerSid,
    event_key: e.eventKey,
    payload: e.payload,
    status: e.status,
    rank: e.rank,
    outcome: e.outcome,
    duration_sec: e.durationSec,
    answered_by: e.answeredBy,
    at: e.now.toISOString(),
  }));
  // A named statement: PostgreSQL parses and plans this CTE chain once per connection instead of per batch (the
  // planning alone measured 3 ms, five times a single-row insert's commit).
  const res = await db.$client.query<{ ord: string; found: boolean; inserted: boolean; updated: boolean }>({
    name: 'apply-status-changes',
    text: APPLY_STATUS_CHANGES,
    values: [JSON.stringify(input)],
  });
  const byOrd = new Map(res.rows.map((r) => [Number(r.ord), r]));
  return changes.map((_, index) => {
    const row = byOrd.get(index + 1);
    return { found: row?.found === true, inserted: row?.inserted === true, updated: row?.updated === true };
  });
}

/** One status callback (the reconciliation job's path): `applyStatusChanges` with a batch of one. */
export async function applyStatusChange(db: RootDb, e: StatusChange): Promise<ApplyResult> {
  const [result] = await applyStatusChanges(db, [e]);
  return result as ApplyResult;
}

type Pending = { change: StatusChange; resolve: (r: ApplyResult) => void; reject: (e: unknown) => void };

/**
 * Group commit for status callbacks. A transaction that NOTIFYs holds PostgreSQL's global notify lock until its
 * commit record is flushed, so one callback per transaction caps throughput at one disk flush per callback
 * (~120/s measured here). Callbacks that arrive while a batch is in flight are applied together by the next one, in
 * one statement (`applyStatusChanges`); the 204 goes out only after its commit. Under light load a batch is one
 * callback and nothing waits.
 */
class StatusBatcher {
  readonly #queue: Pending[] = [];
  #inflight = 0;

  constructor(
    readonly db: RootDb,
    readonly maxBatch = 200,
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
    try {
      const results = await applyStatusChanges(
        this.db,
        batch.map((p) => p.change),
      );
      batch.forEach((p, i) => p.resolve(results[i] as ApplyResult));
    } catch (err) {
      if (batch.length === 1) return batch[0]?.reject(err);
      // One bad apple must not fail the rest: apply each on its own, so only the bad one is refused.
      for (const p of batch) await applyStatusChanges(this.db, [p.change]).then(([r]) => p.resolve(r as ApplyResult), p.reject);
    }
  }
}

const batchers = new WeakMap<RootDb, StatusBatcher>();

/** `applyStatusChanges` through the per-database group-commit batcher (the webhook path). */
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
  /** The provider lost the call: `endedAt` is the last time it was known alive (see closeLostCall). */
  endInferred: boolean;
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
  endInferred: calls.endInferred,
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
