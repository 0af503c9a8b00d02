import { sql } from 'drizzle-orm';
import { index, integer, pgTable, text, timestamp, uniqueIndex, uuid, boolean } from 'drizzle-orm/pg-core';
import { users } from './auth';
import { calls } from './calls';
import { campaigns, leads } from './leads';
import { teams } from './teams';

// Voicemail drop (decision 0029): each campaign's small library of messages, and the drops played.

const ts = (name: string) => timestamp(name, { withTimezone: true });

export const dropMessageKindValues = ['audio', 'tts'] as const;
export const voicemailDropSourceValues = ['amd', 'agent'] as const;

export const dropMessages = pgTable(
  'drop_messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    kind: text('kind', { enum: dropMessageKindValues }).notNull(),
    // The words the provider's text-to-speech reads (kind 'tts').
    text: text('text'),
    // An uploaded recording (kind 'audio'): stored under this message's id, format checked from its bytes.
    contentType: text('content_type'),
    sizeBytes: integer('size_bytes'),
    // The campaign's drop message; at most one per campaign (the partial unique index below).
    chosen: boolean('chosen').notNull().default(false),
    createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('drop_messages_campaign_idx').on(t.campaignId, t.createdAt),
    uniqueIndex('drop_messages_one_chosen')
      .on(t.campaignId)
      .where(sql`${t.chosen}`),
  ],
);

export const voicemailDrops = pgTable(
  'voicemail_drops',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    leadId: uuid('lead_id')
      .notNull()
      .references(() => leads.id, { onDelete: 'cascade' }),
    callId: uuid('call_id')
      .notNull()
      .unique()
      .references(() => calls.id, { onDelete: 'cascade' }),
    // Which message; the name is kept so the call still says what played after the message is deleted.
    dropMessageId: uuid('drop_message_id').references(() => dropMessages.id, { onDelete: 'set null' }),
    messageName: text('message_name').notNull(),
    source: text('source', { enum: voicemailDropSourceValues }).notNull(),
    requestedAt: ts('requested_at').notNull(),
    // When the provider fetched the drop document (the message starts playing then).
    playedAt: ts('played_at'),
    // The audio URL handed to the provider carries a one-off token; only its SHA-256 is kept, until it expires.
    audioTokenHash: text('audio_token_hash'),
    audioTokenExpiresAt: ts('audio_token_expires_at'),
  },
  // The once-per-lead-per-campaign rule, held by the database whatever races the callbacks run.
  (t) => [uniqueIndex('voicemail_drops_once_per_lead').on(t.campaignId, t.leadId)],
);
