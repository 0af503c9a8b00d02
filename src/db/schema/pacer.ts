import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { governorStates } from '../../core/compliance/abandon-governor';
import { campaigns } from './leads';
import { teams } from './teams';

const ts = (name: string) => timestamp(name, { withTimezone: true });

/**
 * The predictive pacer's own state per campaign (decision 0028): the governor's hysteresis state carried from one
 * tick to the next, and the lease that lets one instance at a time pace the campaign. A row of its own so pacing
 * writes every few seconds never touch the campaign's settings row.
 */
export const campaignPacers = pgTable(
  'campaign_pacers',
  {
    campaignId: uuid('campaign_id')
      .primaryKey()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    governorState: text('governor_state', { enum: governorStates }).notNull().default('open'),
    // Which instance paces the campaign, until when; another may take over once the lease has run out.
    leaseHolder: text('lease_holder'),
    leaseUntil: ts('lease_until'),
    lastTickAt: ts('last_tick_at'),
  },
  (t) => [index('campaign_pacers_team_idx').on(t.teamId)],
);
