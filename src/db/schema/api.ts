import { index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './auth';
import { teams } from './teams';

// The public REST API (/api/v1): a team's API keys and the stored answers of idempotent POSTs.
// Queries in src/db/queries/api-keys.ts filter by team_id.

const ts = (name: string) => timestamp(name, { withTimezone: true });

export const apiKeys = pgTable(
  'api_keys',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    // Shown in lists so a key can be recognised ("dsk_ab12…"); the secret part is stored only as a SHA-256.
    prefix: text('prefix').notNull(),
    secretHash: text('secret_hash').notNull().unique(),
    access: text('access', { enum: ['read', 'read_write'] }).notNull(),
    // The key acts with its creator's membership: it stops working when they leave the team or lose the admin role.
    createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: ts('created_at').notNull().defaultNow(),
    lastUsedAt: ts('last_used_at'),
    revokedAt: ts('revoked_at'),
  },
  (t) => [index('api_keys_team_idx').on(t.teamId, t.createdAt)],
);

export const apiIdempotency = pgTable(
  'api_idempotency',
  {
    apiKeyId: uuid('api_key_id')
      .notNull()
      .references(() => apiKeys.id, { onDelete: 'cascade' }),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    // SHA-256 of method, path and body: the same key with another request is refused.
    requestHash: text('request_hash').notNull(),
    // Null while the first request is still running.
    status: integer('status'),
    response: jsonb('response'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.apiKeyId, t.key] }), index('api_idempotency_created_idx').on(t.createdAt)],
);
