import type { AnsweredBy, CallStatus, Outcome } from '../../core/telephony/call-status';
import type { RootDb } from '../client';
import { CALL_CHANGES_CHANNEL } from './call-changes';
import { CALL_COMPLETED_INSERT } from './webhook-call-events';

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

/** Exported for the test that reads its plan; run it through `applyStatusChanges`. */
export const APPLY_STATUS_CHANGES = `    with input as (
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
    -- The batch's calls are found by primary key as an array (= any(array(…))), not by joining the CTE: the
    -- planner guesses 50 rows for a CTE and, while the calls table is small next to that guess, chose to read the
    -- whole table twice per batch (bench:webhooks 0.41–0.49× its baseline, with 10,000 calls; 0.56–0.62× after).
    locked as (select c.id from calls c where c.id = any(array(select id from per_call)) order by c.id for update),
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
      from per_call p
      where c.id = any(array(select id from locked)) and c.id = p.id and c.status_rank < p.rank
      returning c.*
    ),
    -- Outbound webhooks: a call that ended is queued for the team's endpoints in this same statement (at least
    -- once, with the change); a team without endpoints costs one probe of their partial index.
    hooks as (${CALL_COMPLETED_INSERT('upd c', 'c.updated_at')} where c.status_rank = 4 returning 1),
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

/** The statement's one parameter: the batch as a JSON array, each row numbered by its place in the batch. */
export function statusChangesParam(changes: readonly StatusChange[]): string {
  return JSON.stringify(
    changes.map((e, index) => ({
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
    })),
  );
}

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
  // A named statement: PostgreSQL parses and plans this CTE chain once per connection instead of per batch (the
  // planning alone measured 3 ms, five times a single-row insert's commit).
  const res = await db.$client.query<{ ord: string; found: boolean; inserted: boolean; updated: boolean }>({
    name: 'apply-status-changes',
    text: APPLY_STATUS_CHANGES,
    values: [statusChangesParam(changes)],
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
      for (const p of batch)
        await applyStatusChanges(this.db, [p.change]).then(([r]) => p.resolve(r as ApplyResult), p.reject);
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
