import { randomUUID } from 'node:crypto';
import { and, desc, eq, lt, sql } from 'drizzle-orm';
import type { TeamScope } from '../../core/teams/scope';
import type { Db, RootDb } from '../client';
import type { leads } from '../schema';
import { webhookDeliveries, webhookEndpoints } from '../schema';

export type WebhookEndpointRow = typeof webhookEndpoints.$inferSelect;
export type WebhookDeliveryRow = typeof webhookDeliveries.$inferSelect;

// ---- endpoints (the settings page) ----

export async function listWebhookEndpoints(db: Db, scope: TeamScope) {
  return db
    .select()
    .from(webhookEndpoints)
    .where(eq(webhookEndpoints.teamId, scope.teamId))
    .orderBy(webhookEndpoints.createdAt);
}

export async function getWebhookEndpoint(db: Db, scope: TeamScope, id: string) {
  const [row] = await db
    .select()
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.teamId, scope.teamId), eq(webhookEndpoints.id, id)));
  return row ?? null;
}

export async function insertWebhookEndpoint(
  db: Db,
  scope: TeamScope,
  input: { url: string; events: string[]; description: string; secret: string; now: Date },
) {
  const [row] = await db
    .insert(webhookEndpoints)
    .values({ teamId: scope.teamId, createdBy: scope.userId, createdAt: input.now, updatedAt: input.now, ...input })
    .returning();
  return row!;
}

/** Changes an endpoint; turning it off gives up its pending deliveries (they stay in the log, replayable). */
export async function updateWebhookEndpoint(
  db: RootDb,
  scope: TeamScope,
  id: string,
  changes: { url?: string; events?: string[]; description?: string; enabled?: boolean },
  now: Date,
) {
  return db.transaction(async (tx) => {
    // Deliveries before the endpoint row: the worker records attempts in that order, so the two cannot deadlock.
    if (changes.enabled === false)
      await failPendingDeliveries(tx, { teamId: scope.teamId, endpointId: id }, 'Endpoint turned off', now);
    const [row] = await tx
      .update(webhookEndpoints)
      .set({
        ...changes,
        updatedAt: now,
        // Turned back on by hand: a fresh start, not still "failing since" before it was off.
        ...(changes.enabled === true ? { disabledReason: null, failingSince: null } : {}),
        ...(changes.enabled === false ? { disabledReason: 'Turned off by an admin' } : {}),
      })
      .where(and(eq(webhookEndpoints.teamId, scope.teamId), eq(webhookEndpoints.id, id)))
      .returning();
    return row ?? null;
  });
}

export async function deleteWebhookEndpoint(db: Db, scope: TeamScope, id: string) {
  const rows = await db
    .delete(webhookEndpoints)
    .where(and(eq(webhookEndpoints.teamId, scope.teamId), eq(webhookEndpoints.id, id)))
    .returning({ id: webhookEndpoints.id });
  return rows.length > 0;
}

// ---- the log ----

export async function listWebhookDeliveries(
  db: Db,
  scope: TeamScope,
  endpointId: string,
  opts: { beforeSeq: number | null; limit: number },
) {
  return db
    .select()
    .from(webhookDeliveries)
    .where(
      and(
        eq(webhookDeliveries.teamId, scope.teamId),
        eq(webhookDeliveries.endpointId, endpointId),
        opts.beforeSeq === null ? undefined : lt(webhookDeliveries.seq, opts.beforeSeq),
      ),
    )
    .orderBy(desc(webhookDeliveries.seq))
    .limit(opts.limit);
}

export async function getWebhookDelivery(db: Db, scope: TeamScope, id: string) {
  const [row] = await db
    .select()
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.teamId, scope.teamId), eq(webhookDeliveries.id, id)));
  return row ?? null;
}

/** A replay: the same event (same id, so a receiver can tell) queued again, at the end of its lead's chain. */
export async function insertReplay(db: Db, scope: TeamScope, original: WebhookDeliveryRow, now: Date) {
  const [row] = await db
    .insert(webhookDeliveries)
    .values({
      teamId: scope.teamId,
      endpointId: original.endpointId,
      eventId: original.eventId,
      eventType: original.eventType,
      orderKey: original.orderKey,
      payload: original.payload,
      replayOf: original.id,
      nextAttemptAt: now,
      createdAt: now,
    })
    .returning();
  return row!;
}

// ---- the outbox (written in the transaction of the change) ----

export type OutboundEvent = {
  type: string;
  /** Deliveries with the same key reach an endpoint in the order they were written (the lead id, else the call's). */
  orderKey: string;
  /** Standard Webhooks message id, shared by the event's deliveries (a random one when not given). */
  eventId?: string;
  data: Record<string, unknown>;
};

/**
 * Queues events for every enabled endpoint of the team subscribed to them, one row per (event, endpoint), in the
 * caller's transaction. One statement; a team without endpoints costs an index probe and inserts nothing.
 */
export async function enqueueWebhookEvents(
  db: Db,
  teamId: string,
  events: readonly OutboundEvent[],
  now: Date,
): Promise<number> {
  if (events.length === 0) return 0;
  const input = events.map((e, i) => ({
    ord: i,
    type: e.type,
    order_key: e.orderKey,
    event_id: e.eventId ?? newEventId(),
    payload: { type: e.type, timestamp: now.toISOString(), data: e.data },
  }));
  const res = await db.execute(sql`
    insert into webhook_deliveries (team_id, endpoint_id, event_id, event_type, order_key, payload, next_attempt_at, created_at)
    select e.team_id, e.id, i.event_id, i.type, i.order_key, i.payload, ${now}, ${now}
    from webhook_endpoints e
    join jsonb_to_recordset(${JSON.stringify(input)}::jsonb) as i(ord int, type text, order_key text, event_id text, payload jsonb)
      on i.type = any(e.events)
    where e.team_id = ${teamId} and e.enabled
    order by i.ord, e.id`);
  return res.rowCount ?? 0;
}

export const newEventId = () => `evt_${randomUUID().replaceAll('-', '')}`;

/** A lead as webhook events carry it (what a CRM keeps; not the dialer's internal bookkeeping). */
export const leadEventData = (lead: typeof leads.$inferSelect) => ({
  id: lead.id,
  campaignId: lead.campaignId,
  phone: lead.phone,
  altPhones: lead.altPhones,
  firstName: lead.firstName,
  lastName: lead.lastName,
  email: lead.email,
  address: lead.address,
  city: lead.city,
  state: lead.state,
  zip: lead.zip,
  tags: lead.tags,
  custom: lead.custom,
  status: lead.status,
  lastDisposition: lead.lastDisposition,
  callbackAt: lead.callbackAt?.toISOString() ?? null,
  dnc: lead.dnc,
  attempts: lead.attempts,
});

// ---- the worker ----

export type ClaimedDelivery = {
  id: string;
  teamId: string;
  endpointId: string;
  eventId: string;
  payload: Record<string, unknown>;
  attempts: number;
  createdAt: Date;
  lockedUntil: Date;
  url: string;
  secret: string;
};

/**
 * Leases up to `limit` due deliveries of enabled endpoints, each the oldest pending one of its (endpoint, order key)
 * chain, so one lead's events never overtake each other. Rows another worker is claiming are skipped (SKIP LOCKED)
 * and a leased row is not due until its lease ends, so several workers never send one row at once; a worker killed
 * mid-send leaves the lease to run out and the row is sent again (at least once).
 */
export async function claimDueDeliveries(db: RootDb, now: Date, leaseUntil: Date, limit: number) {
  const res = await db.$client.query<{
    id: string;
    team_id: string;
    endpoint_id: string;
    event_id: string;
    payload: Record<string, unknown>;
    attempts: number;
    created_at: Date;
    locked_until: Date;
    url: string;
    secret: string;
  }>({
    name: 'claim-webhook-deliveries',
    text: `
      with due as (
        select d.id from webhook_deliveries d
        join webhook_endpoints e on e.id = d.endpoint_id and e.enabled
        where d.status = 'pending' and d.next_attempt_at <= $1 and (d.locked_until is null or d.locked_until <= $1)
          and not exists (
            select 1 from webhook_deliveries p
            where p.endpoint_id = d.endpoint_id and p.order_key = d.order_key and p.status = 'pending' and p.seq < d.seq)
        order by d.next_attempt_at, d.seq
        limit $3
        for update of d skip locked
      )
      update webhook_deliveries d set locked_until = $2
      from due, webhook_endpoints e
      where d.id = due.id and e.id = d.endpoint_id
      returning d.id, d.team_id, d.endpoint_id, d.event_id, d.payload, d.attempts, d.created_at, d.locked_until,
        e.url, e.secret`,
    values: [now, leaseUntil, limit],
  });
  return res.rows.map((r): ClaimedDelivery => ({
    id: r.id,
    teamId: r.team_id,
    endpointId: r.endpoint_id,
    eventId: r.event_id,
    payload: r.payload,
    attempts: r.attempts,
    createdAt: r.created_at,
    lockedUntil: r.locked_until,
    url: r.url,
    secret: r.secret,
  }));
}

/** One attempt's result: delivered, or failed and retried at `retryAt` (null: given up). */
export type AttemptResult = {
  delivery: Pick<ClaimedDelivery, 'id' | 'lockedUntil' | 'endpointId'>;
  delivered: boolean;
  statusCode: number | null;
  error: string | null;
  at: Date;
  retryAt: Date | null;
};

/**
 * Records a batch's attempts in one statement, each only while its worker still holds the lease (`locked_until`
 * unchanged), and keeps each endpoint's failing-since time: cleared by a success, set by the first failure after it.
 * One statement per batch, not one transaction per delivery: those all updated the endpoint's row, so a batch's
 * results queued on its lock one commit at a time. A failed delivery that will be retried holds its lead's later
 * deliveries back until its retry (they cannot go before it anyway): left due, every claim would scan them all
 * before reaching the retries, and with many leads waiting on retries each claim read most of the outbox.
 * Returns, per enabled endpoint still failing, since when.
 */
export async function recordAttempts(
  db: RootDb,
  results: readonly AttemptResult[],
): Promise<{ endpointId: string; failingSince: Date }[]> {
  if (results.length === 0) return [];
  const res = await db.$client.query<{ endpoint_id: string; failing_since: Date }>({
    name: 'record-webhook-attempts',
    text: `
      with r as (
        select * from unnest($1::uuid[], $2::timestamptz[], $3::boolean[], $4::int[], $5::text[], $6::timestamptz[],
          $7::timestamptz[]) as r(id, locked_until, ok, status_code, error, at, retry_at)
      ),
      done as (
        update webhook_deliveries d set
          status = case when r.ok then 'delivered' when r.retry_at is null then 'failed' else 'pending' end,
          attempts = d.attempts + 1,
          last_status_code = r.status_code,
          last_error = r.error,
          last_attempt_at = r.at,
          delivered_at = case when r.ok then r.at else d.delivered_at end,
          next_attempt_at = case when r.ok then d.next_attempt_at else coalesce(r.retry_at, r.at) end,
          locked_until = null
        from r
        where d.id = r.id and d.status = 'pending' and d.locked_until = r.locked_until
        returning d.endpoint_id, d.order_key, d.seq, r.ok, r.at, r.retry_at
      ),
      held_back as (
        update webhook_deliveries f set next_attempt_at = x.retry_at
        from done x
        where not x.ok and x.retry_at is not null and f.status = 'pending' and f.endpoint_id = x.endpoint_id
          and f.order_key = x.order_key and f.seq > x.seq and f.next_attempt_at < x.retry_at
      ),
      last_ok as (select endpoint_id, max(at) filter (where ok) as at from done group by endpoint_id),
      outcome as (
        select o.endpoint_id, o.at as last_ok,
          (select min(x.at) from done x
           where x.endpoint_id = o.endpoint_id and not x.ok and (o.at is null or x.at > o.at)) as fail_after
        from last_ok o
      ),
      next as (
        select o.endpoint_id, e.enabled, e.failing_since as was,
          case when o.last_ok is null then coalesce(e.failing_since, o.fail_after) else o.fail_after end as failing_since
        from outcome o join webhook_endpoints e on e.id = o.endpoint_id
      ),
      changed as (
        update webhook_endpoints e set failing_since = n.failing_since
        from next n where e.id = n.endpoint_id and n.was is distinct from n.failing_since
      )
      select endpoint_id, failing_since from next where enabled and failing_since is not null`,
    values: [
      results.map((r) => r.delivery.id),
      results.map((r) => r.delivery.lockedUntil),
      results.map((r) => r.delivered),
      results.map((r) => r.statusCode),
      results.map((r) => r.error),
      results.map((r) => r.at),
      results.map((r) => r.retryAt),
    ],
  });
  return res.rows.map((r) => ({ endpointId: r.endpoint_id, failingSince: r.failing_since }));
}

/** Disables an endpoint that kept failing (once: false if it was already off) and gives up its pending deliveries. */
export async function disableFailingEndpoint(db: RootDb, endpointId: string, reason: string, now: Date) {
  return db.transaction(async (tx) => {
    // Deliveries before the endpoint row, as the worker locks them (see updateWebhookEndpoint).
    await failPendingDeliveries(tx, { endpointId }, 'Endpoint disabled after failing', now);
    const [row] = await tx
      .update(webhookEndpoints)
      .set({ enabled: false, disabledReason: reason, updatedAt: now })
      .where(and(eq(webhookEndpoints.id, endpointId), eq(webhookEndpoints.enabled, true)))
      .returning();
    return row ?? null;
  });
}

async function failPendingDeliveries(db: Db, where: { teamId?: string; endpointId: string }, error: string, now: Date) {
  await db
    .update(webhookDeliveries)
    .set({ status: 'failed', lastError: error, lockedUntil: null, nextAttemptAt: now })
    .where(
      and(
        where.teamId === undefined ? undefined : eq(webhookDeliveries.teamId, where.teamId),
        eq(webhookDeliveries.endpointId, where.endpointId),
        eq(webhookDeliveries.status, 'pending'),
      ),
    );
}
