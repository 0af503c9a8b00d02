import { sql } from 'drizzle-orm';
import type { WaitingZoneRow } from '../../core/dialer/waiting-leads';
import type { TeamScope } from '../../core/teams/scope';
import type { Db } from '../client';

const n = (v: unknown) => Number(v ?? 0);
const d = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string | Date));

/**
 * The campaign's leads that are still to call, counted per primary zone by why they wait. One aggregate over the
 * campaign's open leads; it runs only when the pick found nothing callable, so it is not on the hot path.
 */
export async function countWaitingLeads(
  db: Db,
  scope: TeamScope,
  input: { campaignId: string; now: Date },
): Promise<WaitingZoneRow[]> {
  const now = input.now;
  const free = sql`(l.reserved_until is null or l.reserved_until <= ${now}::timestamptz)`;
  const queued = sql`l.status in ('new', 'retry') and l.attempts < c.max_attempts`;
  const r = await db.execute(sql`
    with c as (
      select id, coalesce((retry_rules->>'maxAttempts')::int, 2147483647) as max_attempts
      from campaigns where id = ${input.campaignId} and team_id = ${scope.teamId}
    )
    select l.primary_zone as zone,
      count(*) filter (where ${queued} and ${free} and l.due_at <= ${now}::timestamptz) as due,
      count(*) filter (where ${queued} and ${free} and l.due_at > ${now}::timestamptz and l.attempts = 0) as set_aside,
      min(l.due_at) filter (where ${queued} and ${free} and l.due_at > ${now}::timestamptz and l.attempts = 0) as set_aside_next,
      count(*) filter (where ${queued} and ${free} and l.due_at > ${now}::timestamptz and l.attempts > 0) as retrying,
      min(l.due_at) filter (where ${queued} and ${free} and l.due_at > ${now}::timestamptz and l.attempts > 0) as retry_next,
      count(*) filter (where l.status = 'callback' and ${free} and l.callback_at > ${now}::timestamptz) as callbacks,
      min(l.callback_at) filter (where l.status = 'callback' and ${free} and l.callback_at > ${now}::timestamptz) as callback_next,
      count(*) filter (where l.status in ('new', 'retry') and l.attempts >= c.max_attempts) as at_limit,
      count(*) filter (where not ${free}) as reserved
    from leads l join c on c.id = l.campaign_id
    where l.team_id = ${scope.teamId} and l.status in ('new', 'retry', 'callback') and l.dnc = false
    group by l.primary_zone
  `);
  return r.rows.map((row) => ({
    zone: (row.zone as string | null) ?? null,
    due: n(row.due),
    setAside: n(row.set_aside),
    setAsideNext: d(row.set_aside_next),
    retrying: n(row.retrying),
    retryNext: d(row.retry_next),
    callbacks: n(row.callbacks),
    callbackNext: d(row.callback_next),
    atLimit: n(row.at_limit),
    reserved: n(row.reserved),
  }));
}
