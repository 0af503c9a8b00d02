import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  check,
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
import { members, teams } from './teams';

// Campaigns, their leads, lead imports and the team's do-not-call list. Every row carries team_id;
// queries in src/db/queries/{campaigns,leads,imports,dnc}.ts filter by it.
// The trigram search index on leads (over search_text) lives in hand-written migration SQL: it needs the pg_trgm
// extension, and falls back to prefix indexes where that is unavailable.

const ts = (name: string) => timestamp(name, { withTimezone: true });
const emptyTextArray = sql`'{}'::text[]`;
const emptyObject = sql`'{}'::jsonb`;

export const campaigns = pgTable(
  'campaigns',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    dialMode: text('dial_mode', { enum: ['preview', 'power', 'progressive', 'predictive'] })
      .notNull()
      .default('preview'),
    // Shapes are the zod schemas in src/core/campaigns/policy.ts; stored whole because they are read whole.
    callingWindow: jsonb('calling_window').$type<Record<string, unknown>>().notNull(),
    retryRules: jsonb('retry_rules').$type<Record<string, unknown>>().notNull(),
    dispositions: jsonb('dispositions').$type<Record<string, unknown>[]>().notNull(),
    script: text('script').notNull().default(''),
    recordingEnabled: boolean('recording_enabled').notNull().default(true),
    recordingDisclosure: text('recording_disclosure').notNull().default(''),
    // Answering-machine detection, opt-in (users report 15–25 % false positives): machines are dispositioned
    // Voicemail without reaching the agent.
    amd: boolean('amd').notNull().default(false),
    // Predictive pacing (src/core/dialer/pacer.ts, decision 0015). The defaults leave every other mode as it was.
    maxLinesPerAgent: integer('max_lines_per_agent').notNull().default(2),
    // Basis points: 250 = 2.5 %; the law's ceiling is 300.
    targetAbandonBp: integer('target_abandon_bp').notNull().default(250),
    // The safe-harbor message a person hears when no agent is free: the seller and a number to call back (E.164).
    safeHarborSeller: text('safe_harbor_seller').notNull().default(''),
    safeHarborCallbackNumber: text('safe_harbor_callback_number').notNull().default(''),
    // The message's wording with {{seller}} and {{callback_number}}; '' is our default wording.
    safeHarborTemplate: text('safe_harbor_template').notNull().default(''),
    // Who takes a call back in (decision 0026): src/core/campaigns/campaign.ts `callbackRoutings`.
    callbackRouting: text('callback_routing').notNull().default('last_agent_first'),
    archivedAt: ts('archived_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('campaigns_team_idx').on(t.teamId, t.archivedAt, t.name),
    check('campaigns_max_lines_per_agent_range', sql`${t.maxLinesPerAgent} between 1 and 5`),
    check('campaigns_target_abandon_bp_range', sql`${t.targetAbandonBp} between 1 and 300`),
    check(
      'campaigns_callback_routing_known',
      sql`${t.callbackRouting} in ('last_agent_first', 'any_ready_agent', 'message_only')`,
    ),
  ],
);

export const campaignAgents = pgTable(
  'campaign_agents',
  {
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    // The membership, not the user: leaving the team ends the assignment with it.
    memberId: uuid('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    assignedAt: ts('assigned_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.memberId] }), index('campaign_agents_member_idx').on(t.memberId)],
);

export const leads = pgTable(
  'leads',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    phone: text('phone').notNull(),
    altPhones: text('alt_phones').array().notNull().default(emptyTextArray),
    firstName: text('first_name'),
    lastName: text('last_name'),
    email: text('email'),
    address: text('address'),
    city: text('city'),
    state: text('state'),
    zip: text('zip'),
    timezones: text('timezones').array().notNull().default(emptyTextArray),
    status: text('status').notNull().default('new'),
    lastDisposition: text('last_disposition'),
    tags: text('tags').array().notNull().default(emptyTextArray),
    custom: jsonb('custom').$type<Record<string, string>>().notNull().default(emptyObject),
    notes: text('notes'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: ts('next_attempt_at'),
    callbackAt: ts('callback_at'),
    dnc: boolean('dnc').notNull().default(false),
    // Dialer state (statuses in src/core/dialer/lead-status.ts). A reservation holds the lead for one agent
    // between the pick and the disposition; the scheduled callback belongs to the agent who set it.
    // NO INDEX may include reserved_by, reserved_until or updated_at (docs/decisions/0008): the pick's UPDATE of
    // them must stay a HOT update, or every pick writes into each index of this table.
    reservedBy: text('reserved_by').references(() => users.id, { onDelete: 'set null' }),
    reservedUntil: ts('reserved_until'),
    callbackUserId: text('callback_user_id').references(() => users.id, { onDelete: 'set null' }),
    lastCalledAt: ts('last_called_at'),
    // The pick index keys: one zone per lead (the number's first; checkDial still checks every candidate zone of
    // the picked lead) and when it is due (a never-called lead is due from its creation, oldest first).
    primaryZone: text('primary_zone').generatedAlwaysAs(sql`timezones[1]`),
    dueAt: ts('due_at').generatedAlwaysAs(sql`coalesce(next_attempt_at, created_at)`),
    // What the search box matches: name, e-mail and phone folded for case and accents by lead_search_fold (an
    // immutable SQL function, the same fold as src/core/leads/search-fold.ts), so no server locale is relied on.
    searchText: text('search_text').generatedAlwaysAs(
      sql`lead_search_fold(coalesce(first_name, '') || ' ' || coalesce(last_name, '') || ' ' || coalesce(email, '') || ' ' || phone)`,
    ),
    // Preview's Skip sends a lead behind the campaign's other due leads; how often and when it was last skipped.
    skips: integer('skips').notNull().default(0),
    lastSkippedAt: ts('last_skipped_at'),
    // Which import created the lead (no foreign key: imports are history, and deleting one must not touch leads).
    importId: uuid('import_id'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    // The dedupe key: one lead per number per campaign; imports merge with ON CONFLICT on it.
    uniqueIndex('leads_campaign_phone_uq').on(t.campaignId, t.phone),
    // Lead table pages: newest first within a campaign or across the team, keyset on (created_at, id).
    index('leads_campaign_created_idx').on(t.campaignId, t.createdAt, t.id),
    index('leads_team_created_idx').on(t.teamId, t.createdAt, t.id),
    index('leads_campaign_status_idx').on(t.campaignId, t.status, t.createdAt),
    // Sorting by attempts, and the list-penetration counts (read from the index alone: status and dnc ride along).
    index('leads_campaign_attempts_idx').on(t.campaignId, t.attempts, t.status, t.dnc),
    // Sorting the table by name (the query orders by exactly these expressions, asc or desc).
    index('leads_campaign_name_idx').on(t.campaignId, sql`lower(${t.lastName})`, sql`lower(${t.firstName})`, t.id),
    index('leads_team_phone_idx').on(t.teamId, t.phone),
    index('leads_tags_idx').using('gin', t.tags),
    index('leads_timezones_idx').using('gin', t.timezones),
    // Next lead (src/db/queries/lead-reservations.ts): one index probe per callable zone, and callbacks per agent.
    // The predicates must match the queries' WHERE clauses word for word. Attempts and the reservation trail the key
    // so the floor's and the report's "callable now" counts read the index alone (countCallableNow).
    index('leads_pick_idx')
      .on(t.campaignId, t.primaryZone, t.dueAt, t.attempts, t.reservedUntil)
      .where(sql`status in ('new', 'retry') and dnc = false`),
    index('leads_callback_pick_idx')
      .on(t.campaignId, t.callbackUserId, t.callbackAt)
      .where(sql`status = 'callback' and dnc = false`),
  ],
);

export const importStatuses = ['uploading', 'uploaded', 'queued', 'running', 'done', 'failed'] as const;

export const imports = pgTable(
  'imports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
    fileName: text('file_name').notNull(),
    fileSize: bigint('file_size', { mode: 'number' }).notNull().default(0),
    encoding: text('encoding'),
    delimiter: text('delimiter'),
    // 'xlsx': a workbook; `sheet` is the one imported, `sheets` what the upload found (name and rows).
    format: text('format', { enum: ['csv', 'xlsx'] })
      .notNull()
      .default('csv'),
    sheet: text('sheet'),
    sheets: jsonb('sheets').$type<{ name: string; rows: number }[]>(),
    hasHeader: boolean('has_header').notNull().default(true),
    headers: jsonb('headers')
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    mapping: jsonb('mapping').$type<Record<string, unknown>[]>(),
    options: jsonb('options').$type<Record<string, unknown>>().notNull().default(emptyObject),
    status: text('status', { enum: importStatuses }).notNull().default('uploading'),
    rowsTotal: integer('rows_total'),
    rowsDone: integer('rows_done').notNull().default(0),
    imported: integer('imported').notNull().default(0),
    updated: integer('updated').notNull().default(0),
    duplicates: integer('duplicates').notNull().default(0),
    invalid: integer('invalid').notNull().default(0),
    dnc: integer('dnc').notNull().default(0),
    // Rows whose phone cell held several numbers: the first valid one became the phone, the others alternates.
    severalPhones: integer('several_phones').notNull().default(0),
    // The resume point: every row before this byte offset (and row number) is committed.
    cursorByte: bigint('cursor_byte', { mode: 'number' }).notNull().default(0),
    cursorRow: integer('cursor_row').notNull().default(0),
    error: text('error'),
    startedAt: ts('started_at'),
    // Rate and ETA are measured over the current run, so a resumed import does not report a stale rate.
    runStartedAt: ts('run_started_at'),
    runStartRows: integer('run_start_rows').notNull().default(0),
    runStartByte: bigint('run_start_byte', { mode: 'number' }).notNull().default(0),
    heartbeatAt: ts('heartbeat_at'),
    finishedAt: ts('finished_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('imports_team_created_idx').on(t.teamId, t.createdAt),
    index('imports_status_idx').on(t.status),
    check('imports_counts_nonnegative', sql`${t.rowsDone} >= 0 and ${t.cursorByte} >= 0`),
  ],
);

export const importRejects = pgTable(
  'import_rejects',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    importId: uuid('import_id')
      .notNull()
      .references(() => imports.id, { onDelete: 'cascade' }),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    rowNumber: integer('row_number').notNull(),
    column: text('column'),
    reason: text('reason').notNull(),
    // The record's text exactly as uploaded (decoded), line break included, so a fixed file can be re-uploaded.
    raw: text('raw').notNull(),
  },
  (t) => [uniqueIndex('import_rejects_row_uq').on(t.importId, t.rowNumber)],
);

export const dncNumbers = pgTable(
  'dnc_numbers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    phone: text('phone').notNull(),
    reason: text('reason').notNull().default(''),
    source: text('source', { enum: ['manual', 'import', 'lead', 'disposition', 'inbound_opt_out'] })
      .notNull()
      .default('manual'),
    addedBy: text('added_by').references(() => users.id, { onDelete: 'set null' }),
    addedAt: ts('added_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('dnc_numbers_team_phone_uq').on(t.teamId, t.phone),
    index('dnc_numbers_team_added_idx').on(t.teamId, t.addedAt),
  ],
);

export const leadAudit = pgTable(
  'lead_audit',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    // Deleting a lead deletes its history too: the old values are personal data.
    leadId: uuid('lead_id')
      .notNull()
      .references(() => leads.id, { onDelete: 'cascade' }),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    userId: text('user_id').references(() => users.id, { onDelete: 'set null' }),
    field: text('field').notNull(),
    oldValue: text('old_value'),
    newValue: text('new_value'),
    at: ts('at').notNull().defaultNow(),
  },
  (t) => [index('lead_audit_lead_idx').on(t.leadId, t.at)],
);

// How many leads each campaign has per list state key (attempts, status, dnc): the list-penetration report reads these
// instead of counting a million leads (docs/decisions/0036-lead-state-counts.md). Triggers on `leads` (migration SQL)
// append signed changes to lead_state_deltas; a job folds them in here; reads add the pending deltas, so a count is
// exact whenever it is read. The rebuild recomputes them from the leads and must agree.
export const leadStateCounts = pgTable(
  'lead_state_counts',
  {
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    attempts: integer('attempts').notNull(),
    status: text('status').notNull(),
    dnc: boolean('dnc').notNull(),
    leads: bigint('leads', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.attempts, t.status, t.dnc] })],
);

// Append-only, like call_rollup_deltas: concurrent writers of leads never wait on one another here. No foreign keys:
// their checks would lock the campaign row at every dial (a trigger on campaigns removes a deleted campaign's rows).
export const leadStateDeltas = pgTable(
  'lead_state_deltas',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    teamId: uuid('team_id').notNull(),
    campaignId: uuid('campaign_id').notNull(),
    attempts: integer('attempts').notNull(),
    status: text('status').notNull(),
    dnc: boolean('dnc').notNull(),
    leads: integer('leads').notNull(),
  },
  (t) => [index('lead_state_deltas_campaign_idx').on(t.campaignId)],
);
