import { sql } from 'drizzle-orm';
import type { Db } from '../client';

/**
 * The `call.completed` event as SQL over a calls row aliased `c` (its final state), so the status-callback
 * statement (`call-status-batch.ts`, which sees its own updates only through RETURNING) and the other ways a call
 * ends (`calls.ts`) queue the same payload. One row per enabled endpoint of the team subscribed to the event; the
 * event id derives from the call, so a call can only ever complete once per endpoint's log.
 */
export const CALL_COMPLETED_INSERT = (source: string, at: string) => `
  insert into webhook_deliveries (team_id, endpoint_id, event_id, event_type, order_key, payload, next_attempt_at, created_at)
  select c.team_id, e.id, 'evt_' || md5(c.id::text || ':call.completed'), 'call.completed',
    coalesce(c.lead_id, c.id)::text,
    jsonb_build_object('type', 'call.completed', 'timestamp', to_char(${at} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
      'data', jsonb_build_object(
        'id', c.id, 'leadId', c.lead_id, 'campaignId', c.campaign_id, 'agentId', c.agent_id,
        'status', c.status, 'outcome', c.outcome, 'dialedNumber', c.dialed_number, 'callerId', c.caller_id,
        'durationSec', c.duration_sec, 'answeredAt', c.answered_at, 'endedAt', c.ended_at,
        'endInferred', c.end_inferred, 'direction', c.direction)),
    ${at}, ${at}
  from ${source}
  join webhook_endpoints e on e.team_id = c.team_id and e.enabled and 'call.completed' = any(e.events)`;

/** Queues `call.completed` for a call that has just ended, in the caller's transaction (after the update). */
export async function enqueueCallCompleted(db: Db, callId: string, now: Date) {
  const at = sql`${now.toISOString()}::timestamptz`;
  const chunks = CALL_COMPLETED_INSERT('calls c', '@@AT@@').split('@@AT@@');
  const insert = sql.join(
    chunks.flatMap((chunk, i) => (i === 0 ? [sql.raw(chunk)] : [at, sql.raw(chunk)])),
    sql.raw(''),
  );
  await db.execute(sql`${insert} where c.id = ${callId} and c.status_rank = 4`);
}

/** A leads row aliased `l` as webhook events carry it: the same keys as `leadEventData` in `webhooks.ts`. */
export const LEAD_EVENT_DATA_SQL = `jsonb_build_object(
  'id', l.id, 'campaignId', l.campaign_id, 'phone', l.phone, 'altPhones', l.alt_phones, 'firstName', l.first_name,
  'lastName', l.last_name, 'email', l.email, 'address', l.address, 'city', l.city, 'state', l.state, 'zip', l.zip,
  'tags', l.tags, 'custom', l.custom, 'status', l.status, 'lastDisposition', l.last_disposition,
  'callbackAt', l.callback_at, 'dnc', l.dnc, 'attempts', l.attempts)`;

/**
 * Queues a lead event for each row of `source` (leads aliased `l`) for the team's subscribed endpoints. `eventKey`
 * is SQL that makes the event id unique to this change; `extra` is merged into the event's data.
 */
export const LEAD_EVENT_INSERT = (
  type: 'lead.created' | 'lead.updated',
  source: string,
  teamId: string,
  at: string,
  eventKey: string,
  extra = `'{}'::jsonb`,
) => `
  insert into webhook_deliveries (team_id, endpoint_id, event_id, event_type, order_key, payload, next_attempt_at, created_at)
  select e.team_id, e.id, 'evt_' || md5(${eventKey}), '${type}', l.id::text,
    jsonb_build_object('type', '${type}', 'timestamp', to_char(${at} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
      'data', ${LEAD_EVENT_DATA_SQL} || ${extra}),
    ${at}, ${at}
  from ${source}
  join webhook_endpoints e on e.team_id = ${teamId} and e.enabled and '${type}' = any(e.events)`;
