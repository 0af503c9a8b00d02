import { sql } from 'drizzle-orm';
import { bigserial, boolean, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './auth';
import { teams } from './teams';

const ts = (name: string) => timestamp(name, { withTimezone: true });

/**
 * A team's outbound webhook endpoint. The signing secret is kept in clear (it signs every delivery; it is shown to the
 * admin once, when the endpoint is created). `failing_since` is the first failure after the last success: an endpoint
 * failing long enough is disabled (`disabled_reason` says why).
 */
export const webhookEndpoints = pgTable(
  'webhook_endpoints',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    url: text('url').notNull(),
    description: text('description').notNull().default(''),
    events: text('events').array().notNull(),
    secret: text('secret').notNull(),
    enabled: boolean('enabled').notNull().default(true),
    disabledReason: text('disabled_reason'),
    failingSince: ts('failing_since'),
    createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  // The write path asks "does this team have an enabled endpoint for this event?" on every change.
  (t) => [
    index('webhook_endpoints_team_idx')
      .on(t.teamId)
      .where(sql`enabled`),
  ],
);

/**
 * The outbox and the delivery log in one: a row per (event, endpoint), written in the transaction of the change.
 * `seq` orders the deliveries of one endpoint and `order_key` (the lead, else the call) chains those that must arrive
 * in order. A worker leases a due row (`locked_until`) before sending it, so a crashed worker's row is retried.
 */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    seq: bigserial('seq', { mode: 'number' }).notNull(),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    endpointId: uuid('endpoint_id')
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: 'cascade' }),
    /** The Standard Webhooks message id (`webhook-id`): the same for a retry and for a replay. */
    eventId: text('event_id').notNull(),
    eventType: text('event_type').notNull(),
    orderKey: text('order_key').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    status: text('status', { enum: ['pending', 'delivered', 'failed'] })
      .notNull()
      .default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: ts('next_attempt_at').notNull().defaultNow(),
    lockedUntil: ts('locked_until'),
    lastAttemptAt: ts('last_attempt_at'),
    lastStatusCode: integer('last_status_code'),
    lastError: text('last_error'),
    replayOf: uuid('replay_of'),
    createdAt: ts('created_at').notNull().defaultNow(),
    deliveredAt: ts('delivered_at'),
  },
  (t) => [
    index('webhook_deliveries_due_idx')
      .on(t.nextAttemptAt)
      .where(sql`status = 'pending'`),
    index('webhook_deliveries_chain_idx')
      .on(t.endpointId, t.orderKey, t.seq)
      .where(sql`status = 'pending'`),
    index('webhook_deliveries_log_idx').on(t.teamId, t.endpointId, t.seq),
    // The daily purge of the delivery log reads by age.
    index('webhook_deliveries_created_idx').on(t.createdAt),
    // Deleting a lead removes the logged events that carry its own data (see LEAD_DATA_EVENTS).
    index('webhook_deliveries_lead_data_idx')
      .on(t.teamId, t.orderKey)
      .where(sql`event_type in ('lead.created', 'lead.updated', 'callback.scheduled')`),
  ],
);
