import {
  bigint,
  bigserial,
  date,
  doublePrecision,
  index,
  integer,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from './auth';
import { teams } from './teams';

// Hourly rollups of ended calls, which the reports read instead of the calls table. How they stay exact is in
// docs/decisions/0016-call-rollups.md: triggers on `calls` append each change of a call's contribution to
// `call_rollup_deltas` in the statement that changes the call, and a job folds the deltas into `call_rollups`.
// campaign_id and agent_id carry no foreign key on purpose: when a campaign or an account goes, the calls' own
// `set null` moves their contribution (through the triggers), and a cascade here would merge rows behind our back.

const ts = (name: string) => timestamp(name, { withTimezone: true });

const dimensions = {
  teamId: uuid('team_id')
    .notNull()
    .references(() => teams.id, { onDelete: 'cascade' }),
  /** The UTC hour the call was queued in. */
  hour: ts('hour').notNull(),
  campaignId: uuid('campaign_id'),
  agentId: text('agent_id'),
  /** The caller ID (E.164) the call was placed from. */
  callerId: text('caller_id').notNull(),
  outcome: text('outcome'),
  disposition: text('disposition'),
  /** The callee's time zone (calls.callee_zone): the best-time-to-call heatmap's local hour and weekday. */
  calleeZone: text('callee_zone'),
};

const measures = {
  calls: integer('calls').notNull().default(0),
  /** Seconds of talk on calls a person answered, where the duration is known. */
  talkSec: bigint('talk_sec', { mode: 'number' }).notNull().default(0),
  /** Calls a person answered whose duration is known (an inferred end leaves it unknown). */
  talkKnown: integer('talk_known').notNull().default(0),
  /** Answered calls (person or machine) that lasted under SHORT_CALL_SEC, among those with a known duration. */
  shortCalls: integer('short_calls').notNull().default(0),
  /** Answered calls (person or machine) with a known duration: the denominator of the short-call share. */
  answeredKnown: integer('answered_known').notNull().default(0),
  callbacksSet: integer('callbacks_set').notNull().default(0),
  /** Callbacks set (counted in the hour of the call that set them) that their agent dialled within the due window. */
  callbacksKept: integer('callbacks_kept').notNull().default(0),
  /** Seconds from a call's end to its disposition (wrap-up), on calls with an agent and a known end. */
  wrapupSec: bigint('wrapup_sec', { mode: 'number' }).notNull().default(0),
  /** Calls whose wrap-up is known: the denominator of the average wrap-up. */
  wrapupKnown: integer('wrapup_known').notNull().default(0),
};

export const callRollups = pgTable(
  'call_rollups',
  { id: bigserial('id', { mode: 'number' }).primaryKey(), ...dimensions, ...measures },
  (t) => [
    unique('call_rollups_key_uq')
      .on(t.teamId, t.hour, t.campaignId, t.agentId, t.callerId, t.outcome, t.disposition, t.calleeZone)
      .nullsNotDistinct(),
    // An agent's own report (every report an agent opens) reads only their buckets.
    index('call_rollups_team_agent_hour_idx').on(t.teamId, t.agentId, t.hour),
  ],
);

// Daily rollups at the grain each report family reads (docs/decisions/0034-daily-rollups-per-report.md): a 90-day
// report reads thousands of rows here rather than one hourly bucket per call. The day is the team's
// (teams.time_zone); the fold derives these rows from the same deltas as the hourly buckets, in the same
// transaction, and a change of the team's zone recomputes its rows from the hourly buckets.
//   agent:      day × campaign × agent               (agents report, floor's today, any report an agent opens)
//   outcome:    day × campaign × outcome × disposition (campaigns funnel, dispositions)
//   caller:     day × campaign × caller ID            (caller IDs of one campaign)
//   caller_all: day × caller ID, every campaign summed (caller IDs over every campaign; campaign_id null)
//   local_time: day × campaign × callee's local weekday × local hour (best time to call)
// Key columns a family does not group by are null; the family column tells them from a real null key.
export const callRollupDays = pgTable(
  'call_rollup_days',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    family: text('family').notNull(),
    /** The day, in the team's zone, of the hour the call was queued in. */
    day: date('day').notNull(),
    campaignId: uuid('campaign_id'),
    agentId: text('agent_id'),
    callerId: text('caller_id'),
    outcome: text('outcome'),
    disposition: text('disposition'),
    /** ISO weekday (1 = Monday) and hour in the callee's own zone; null when it is unknown. */
    localWeekday: smallint('local_weekday'),
    localHour: smallint('local_hour'),
    ...measures,
    /** Calls answered by a person or a machine. */
    answered: integer('answered').notNull().default(0),
    /** Calls answered by a person. */
    human: integer('human').notNull().default(0),
    /** Calls answered by a person with an agent on the call. */
    connected: integer('connected').notNull().default(0),
  },
  (t) => [
    unique('call_rollup_days_key_uq')
      .on(
        t.teamId,
        t.family,
        t.day,
        t.campaignId,
        t.agentId,
        t.callerId,
        t.outcome,
        t.disposition,
        t.localWeekday,
        t.localHour,
      )
      .nullsNotDistinct(),
  ],
);

// Append-only: each row is one signed change (+ a call's new contribution, − its old one). Never updated, so
// concurrent webhook batches never wait on one another here.
export const callRollupDeltas = pgTable(
  'call_rollup_deltas',
  { id: bigserial('id', { mode: 'number' }).primaryKey(), ...dimensions, ...measures },
  (t) => [index('call_rollup_deltas_team_hour_idx').on(t.teamId, t.hour)],
);

// Seconds agents spent in a seat state per UTC hour (only Ready so far), written by the trigger on agent_sessions
// (migration 0023) when a stint ends. A state has no history to recompute from, so unlike call_rollups there is no
// rebuild: the table is the record. It is the person's own time, so it goes with the account.
export const agentTimeRollups = pgTable(
  'agent_time_rollups',
  {
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    hour: ts('hour').notNull(),
    agentId: text('agent_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    state: text('state').notNull(),
    seconds: doublePrecision('seconds').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.hour, t.agentId, t.state] })],
);
