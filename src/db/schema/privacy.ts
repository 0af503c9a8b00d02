import { sql } from 'drizzle-orm';
import {
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from './auth';

const ts = (name: string) => timestamp(name, { withTimezone: true });

/**
 * What a deletion removed: when, what kind, a one-way hash of the subject's id and row counts per
 * table. Nothing personal, so it can be kept to show the request was honoured.
 */
export const deletionLog = pgTable('deletion_log', {
  id: uuid('id').primaryKey().defaultRandom(),
  kind: text('kind', { enum: ['team', 'account'] }).notNull(),
  subjectHash: text('subject_hash').notNull(),
  counts: jsonb('counts')
    .$type<Record<string, number>>()
    .notNull()
    .default(sql`'{}'::jsonb`),
  providerCleanup: text('provider_cleanup', { enum: ['none', 'pending', 'done'] })
    .notNull()
    .default('none'),
  requestedAt: ts('requested_at').notNull(),
  completedAt: ts('completed_at'),
});

/** Published versions of the privacy policy; users are e-mailed at least 30 days before one takes effect. */
export const policyVersions = pgTable('policy_versions', {
  id: uuid('id').primaryKey().defaultRandom(),
  version: text('version').notNull().unique(),
  summary: text('summary').notNull(),
  publishedAt: ts('published_at').notNull(),
  effectiveAt: ts('effective_at').notNull(),
});

export const policyNotifications = pgTable(
  'policy_notifications',
  {
    policyId: uuid('policy_id')
      .notNull()
      .references(() => policyVersions.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    sentAt: ts('sent_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.policyId, t.userId] })],
);

/** Requests that arrive by e-mail (access, deletion, …), logged by the operator with a 30-day due date. */
export const privacyRequests = pgTable(
  'privacy_requests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    requesterEmail: text('requester_email').notNull(),
    kind: text('kind', {
      enum: ['access', 'correction', 'deletion', 'portability', 'objection', 'withdrawal', 'other'],
    }).notNull(),
    details: text('details').notNull().default(''),
    receivedAt: ts('received_at').notNull(),
    dueAt: ts('due_at').notNull(),
    closedAt: ts('closed_at'),
    actionTaken: text('action_taken'),
  },
  (t) => [index('privacy_requests_open_idx').on(t.closedAt, t.dueAt)],
);

/** Anonymous product analytics: a counter per day and name. No user, team or IP, by design. */
export const usageDaily = pgTable(
  'usage_daily',
  {
    day: date('day').notNull(),
    kind: text('kind', { enum: ['page_view', 'feature'] }).notNull(),
    name: text('name').notNull(),
    count: integer('count').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.day, t.kind, t.name] }),
    uniqueIndex('usage_daily_name_idx').on(t.kind, t.name, t.day),
  ],
);
