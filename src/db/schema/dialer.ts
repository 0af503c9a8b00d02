import { sql } from 'drizzle-orm';
import { index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { audioKinds } from '../../core/dialer/agent-audio';
import { users } from './auth';
import { campaigns, leads } from './leads';
import { teams } from './teams';

// The agent's dialer. Queries in src/db/queries/{lead-reservations,dialing-sessions}.ts filter by team_id.

const ts = (name: string) => timestamp(name, { withTimezone: true });

export const agentStates = ['ready', 'dialing', 'on_call', 'wrap_up', 'paused', 'offline'] as const;

/** The agent's own phone leg on a real carrier (decision 0009): none yet, ringing their phone, in the conference, ended. */
export const lineStatuses = ['none', 'ringing', 'connected', 'dropped'] as const;

/**
 * One row per agent per team: where the agent is in the dialing loop and whether a live connection
 * (the event stream or the heartbeat) still vouches for them. A stale heartbeat turns the row
 * offline (job `sweep-agent-presence`), so nobody is left "phantom" ready.
 */
export const agentSessions = pgTable(
  'agent_sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    // The person's own row: it goes with them.
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    campaignId: uuid('campaign_id').references(() => campaigns.id, { onDelete: 'set null' }),
    state: text('state', { enum: agentStates }).notNull().default('offline'),
    since: ts('since').notNull().defaultNow(),
    lastHeartbeat: ts('last_heartbeat').notNull().defaultNow(),
    // The server instance holding the agent's connection (diagnostics; every instance can serve any agent).
    instance: text('instance'),
    // The lead on the agent's screen (reserved for them) and the call in progress or in wrap-up.
    leadId: uuid('lead_id').references(() => leads.id, { onDelete: 'set null' }),
    callId: uuid('call_id'),
    // Why the agent was last put Not ready (e.g. "connection lost"), shown on their screen.
    note: text('note'),
    // The agent's line (SignalWire only): the phone we ring to put them into their conference, and that call.
    // Our id for the current line call (in its callback URLs, so a late callback of an earlier line matches nothing).
    linePhone: text('line_phone'),
    lineId: uuid('line_id'),
    lineSid: text('line_sid'),
    lineStatus: text('line_status', { enum: lineStatuses }).notNull().default('none'),
    // The agent's audio choice, remembered from one Ready to the next, and the SIP address when that is the choice.
    audioKind: text('audio_kind', { enum: audioKinds }).notNull().default('phone'),
    lineSip: text('line_sip'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('agent_sessions_team_user_uq').on(t.teamId, t.userId),
    index('agent_sessions_campaign_idx').on(t.campaignId, t.state),
    index('agent_sessions_live_idx')
      .on(t.lastHeartbeat)
      .where(sql`state <> 'offline'`),
    // Agent-line callbacks find their session by our line id.
    uniqueIndex('agent_sessions_line_uq')
      .on(t.lineId)
      .where(sql`line_id is not null`),
  ],
);
