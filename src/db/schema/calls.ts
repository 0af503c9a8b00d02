import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  doublePrecision,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from './auth';
import { campaigns, leads } from './leads';
import { teams } from './teams';

// Calls, their provider events and recordings, and the team's caller IDs. Every row carries team_id (cascade);
// queries live in src/db/queries/{calls,caller-ids}.ts.

const ts = (name: string) => timestamp(name, { withTimezone: true });

export const callStatusValues = [
  'queued',
  'initiated',
  'ringing',
  'in-progress',
  'completed',
  'busy',
  'failed',
  'no-answer',
  'canceled',
] as const;
export const callOutcomeValues = ['human', 'machine', 'busy', 'no_answer', 'failed', 'canceled'] as const;
/** Outbound: we dialled the lead. Inbound: someone called one of the team's caller IDs (decision 0026). */
export const callDirectionValues = ['outbound', 'inbound'] as const;
export const recordingStatusValues = ['in-progress', 'paused', 'completed', 'absent', 'failed', 'deleted'] as const;

export const calls = pgTable(
  'calls',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    campaignId: uuid('campaign_id').references(() => campaigns.id, { onDelete: 'set null' }),
    leadId: uuid('lead_id').references(() => leads.id, { onDelete: 'set null' }),
    // History keeps the call when the agent's account goes; it only loses the person.
    agentId: text('agent_id').references(() => users.id, { onDelete: 'set null' }),
    /** The agent's browser session / conference this call is bridged into (the dialer's). */
    agentSessionId: text('agent_session_id'),
    direction: text('direction', { enum: callDirectionValues }).notNull().default('outbound'),
    // The other party's number (the lead's, whichever way the call went) and ours (the caller ID shown, or the one
    // an inbound caller dialled).
    dialedNumber: text('dialed_number').notNull(),
    callerId: text('caller_id').notNull(),
    /** The lead's time zone when the call was placed (its first candidate zone), for callee-local reports; null if unknown. */
    calleeZone: text('callee_zone'),
    provider: text('provider', { enum: ['signalwire', 'simulator'] }).notNull(),
    providerSid: text('provider_sid').unique(),
    status: text('status', { enum: callStatusValues }).notNull().default('queued'),
    // statusRank(status), stored so "never move backwards" is one indexed comparison in the UPDATE.
    statusRank: smallint('status_rank').notNull().default(0),
    queuedAt: ts('queued_at').notNull().defaultNow(),
    ringingAt: ts('ringing_at'),
    answeredAt: ts('answered_at'),
    endedAt: ts('ended_at'),
    // True when the provider no longer knew the call (a crash of the simulator, an unreachable record): ended_at is
    // then the last time the call was known alive, not its real end, and an answered call's duration is unknown.
    endInferred: boolean('end_inferred').notNull().default(false),
    durationSec: integer('duration_sec'),
    outcome: text('outcome', { enum: callOutcomeValues }),
    amdResult: text('amd_result', { enum: ['human', 'machine'] }),
    record: boolean('record').notNull().default(false),
    amd: boolean('amd').notNull().default(false),
    disposition: text('disposition'),
    notes: text('notes'),
    callbackAt: ts('callback_at'),
    /** When the disposition was written (the end of the agent's wrap-up); null before, and on older calls. */
    disposedAt: ts('disposed_at'),
    /**
     * Set on the call that scheduled a callback when its agent dialled that callback within its due window
     * (src/core/reports/callbacks.ts): the callback was kept. Null while it is not (yet) kept.
     */
    callbackKeptAt: ts('callback_kept_at'),
    // Filled by the dialer's compliance gate: rules checked, zones, callee-local times, verdict.
    complianceDecision: jsonb('compliance_decision').$type<Record<string, unknown>>(),
    recordingConsentConfirmed: boolean('recording_consent_confirmed').notNull().default(false),
    // The safe-harbor records (decision 0025). True on every call placed since they exist: its answer was either
    // connected to an agent or given the safe-harbor message, and one of the two times below says when. Older rows
    // stay false and are left out of the abandon rate rather than guessed.
    connectRecorded: boolean('connect_recorded').notNull().default(false),
    /** When the answered callee was joined to a live agent (our answer document put them into the agent's conference). */
    agentConnectedAt: ts('agent_connected_at'),
    /** When the callee was given the safe-harbor message instead (no agent free): the call is abandoned. */
    safeHarborAt: ts('safe_harbor_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('calls_team_created_idx').on(t.teamId, t.createdAt),
    index('calls_agent_created_idx').on(t.agentId, t.createdAt),
    index('calls_campaign_created_idx').on(t.campaignId, t.createdAt),
    index('calls_lead_idx').on(t.leadId),
    // An inbound call finds the campaign and agent that last called the number (decision 0026).
    index('calls_number_created_idx').on(t.dialedNumber, t.createdAt),
    // A campaign's live answers by answer time (the abandon rate's windows, decision 0035): the live floor counts the
    // last hours on every push, and would otherwise read a day of the campaign's calls by creation time for them.
    index('calls_campaign_answered_idx')
      .on(t.campaignId, t.answeredAt)
      .where(sql`${t.direction} = 'outbound' and ${t.answeredAt} is not null`),
    // The reconciliation job's scan: calls not yet final, oldest first.
    index('calls_open_idx')
      .on(t.queuedAt)
      .where(sql`${t.statusRank} < 4`),
    // Pacer lines nobody has dispositioned yet (decision 0028): the pacer's sweep finds the ended ones. Small: a line
    // leaves it when the system or the agent who took it dispositions it.
    index('calls_pacer_lines_open_idx')
      .on(t.campaignId)
      .where(
        sql`${t.direction} = 'outbound' and ${t.agentSessionId} is null and ${t.disposition} is null and ${t.leadId} is not null`,
      ),
  ],
);

// One row per provider event, under a unique key: a redelivered callback inserts nothing and changes nothing.
export const callEvents = pgTable(
  'call_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    callId: uuid('call_id')
      .notNull()
      .references(() => calls.id, { onDelete: 'cascade' }),
    /** `${callSid}:${status}`, `${callSid}:amd`, `rec:${recordingSid}:${status}`. */
    eventKey: text('event_key').notNull(),
    payload: jsonb('payload').$type<Record<string, string>>().notNull(),
    receivedAt: ts('received_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('call_events_key_uq').on(t.eventKey), index('call_events_call_idx').on(t.callId)],
);

export const recordings = pgTable(
  'recordings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    callId: uuid('call_id')
      .notNull()
      .references(() => calls.id, { onDelete: 'cascade' }),
    providerSid: text('provider_sid').notNull().unique(),
    status: text('status', { enum: recordingStatusValues }).notNull(),
    durationSec: integer('duration_sec'),
    /** Call start + 30 days (src/core/retention/periods.ts); the purge job deletes it at the provider then. */
    expiresAt: ts('expires_at').notNull(),
    deletedAt: ts('deleted_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('recordings_call_idx').on(t.callId),
    index('recordings_expiry_idx')
      .on(t.expiresAt)
      .where(sql`${t.deletedAt} is null`),
  ],
);

export const phoneNumbers = pgTable(
  'phone_numbers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    e164: text('e164').notNull(),
    friendlyName: text('friendly_name').notNull().default(''),
    source: text('source', { enum: ['signalwire', 'simulator'] }).notNull(),
    /** US state of the number's area code (local presence's second choice); null when unknown. */
    state: text('state'),
    /** Calls a day before the number rests (numbers get flagged "Spam Likely" from ~100–200 a day). */
    dailyCap: integer('daily_cap').notNull().default(100),
    active: boolean('active').notNull().default(true),
    /** False once a sync no longer finds the number at the provider. */
    atProvider: boolean('at_provider').notNull().default(true),
    /** Set while caller-ID health rests the number: selection skips it until then (see caller-id-health.ts). */
    restedUntil: ts('rested_until'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('phone_numbers_team_e164_uq').on(t.teamId, t.e164),
    check('phone_numbers_cap_positive', sql`${t.dailyCap} > 0`),
  ],
);

export const campaignCallerIds = pgTable(
  'campaign_caller_ids',
  {
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    phoneNumberId: uuid('phone_number_id')
      .notNull()
      .references(() => phoneNumbers.id, { onDelete: 'cascade' }),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    isDefault: boolean('is_default').notNull().default(false),
  },
  (t) => [
    primaryKey({ columns: [t.campaignId, t.phoneNumberId] }),
    // At most one default per campaign.
    uniqueIndex('campaign_caller_ids_default_uq')
      .on(t.campaignId)
      .where(sql`${t.isDefault}`),
  ],
);

// Calls placed per caller ID per day (UTC), for the daily cap; incremented in the dial transaction.
export const callerIdUsage = pgTable(
  'caller_id_usage',
  {
    phoneNumberId: uuid('phone_number_id')
      .notNull()
      .references(() => phoneNumbers.id, { onDelete: 'cascade' }),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    day: date('day', { mode: 'string' }).notNull(),
    count: integer('count').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.phoneNumberId, t.day] })],
);

// Every rest and revival caller-ID health made, with the figures it decided on, for the Caller IDs page.
export const callerIdHealthEvents = pgTable(
  'caller_id_health_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    phoneNumberId: uuid('phone_number_id')
      .notNull()
      .references(() => phoneNumbers.id, { onDelete: 'cascade' }),
    e164: text('e164').notNull(),
    kind: text('kind', { enum: ['rested', 'revived'] }).notNull(),
    at: ts('at').notNull(),
    /** Ended and answered calls over the window the rule looked at. */
    calls: integer('calls').notNull(),
    answered: integer('answered').notNull(),
    poolMedian: doublePrecision('pool_median'),
    restedUntil: ts('rested_until'),
  },
  (t) => [index('caller_id_health_events_team_at_idx').on(t.teamId, t.at)],
);
