import { index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { campaigns, leads } from './leads';
import { teams } from './teams';

// The lead drip: a campaign's ingest URL, its delivery log, and the consent records leads arrive with.

const ts = (name: string) => timestamp(name, { withTimezone: true });

export const leadDrips = pgTable('lead_drips', {
  campaignId: uuid('campaign_id')
    .primaryKey()
    .references(() => campaigns.id, { onDelete: 'cascade' }),
  teamId: uuid('team_id')
    .notNull()
    .references(() => teams.id, { onDelete: 'cascade' }),
  // Only a SHA-256 of the URL's token is stored; the URL is shown when it is made.
  tokenHash: text('token_hash').unique(),
  tokenPrefix: text('token_prefix'),
  // Null when the URL is turned off (a request with the old token then answers 404).
  enabledAt: ts('enabled_at'),
  // The campaign's own field names → lead fields, tried before the common aliases.
  mapping: jsonb('mapping').$type<Record<string, string>>().notNull().default({}),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

export const leadDripDeliveries = pgTable(
  'lead_drip_deliveries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    receivedAt: ts('received_at').notNull().defaultNow(),
    status: integer('status').notNull(),
    leads: integer('leads').notNull().default(0),
    counts: jsonb('counts').$type<Record<string, number>>().notNull().default({}),
    error: text('error'),
  },
  (t) => [
    index('lead_drip_deliveries_campaign_idx').on(t.campaignId, t.receivedAt),
    index('lead_drip_deliveries_received_idx').on(t.receivedAt),
  ],
);

export const leadConsents = pgTable(
  'lead_consents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    leadId: uuid('lead_id')
      .notNull()
      .references(() => leads.id, { onDelete: 'cascade' }),
    consentedAt: ts('consented_at'),
    source: text('source'),
    proofUrl: text('proof_url'),
    // How it arrived: 'drip' or 'api'.
    via: text('via').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('lead_consents_lead_idx').on(t.leadId, t.createdAt)],
);
