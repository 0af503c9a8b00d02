import { sql } from 'drizzle-orm';
import type { GovernorState } from '../../core/compliance/abandon-governor';
import { PRESENCE_TIMEOUT_MS } from '../../core/dialer/agent-state';
import type { Db } from '../client';

// The predictive pacer's rows (decision 0028). The loop reads across teams to find the campaigns to pace (as the
// webhook worker finds due deliveries); everything it does for one campaign after that is filtered by its team.

export type PacedCampaign = { teamId: string; campaignId: string };

/** Predictive campaigns, not archived, with at least one agent present (a live heartbeat, not offline). */
export async function listPacedCampaigns(db: Db, input: { now: Date }): Promise<PacedCampaign[]> {
  const fresh = new Date(input.now.getTime() - PRESENCE_TIMEOUT_MS);
  const r = await db.execute<{ team_id: string; campaign_id: string }>(sql`
    select c.team_id, c.id as campaign_id from campaigns c
    where c.dial_mode = 'predictive' and c.archived_at is null
      and exists (select 1 from agent_sessions s
                  where s.team_id = c.team_id and s.campaign_id = c.id and s.state <> 'offline'
                    and s.last_heartbeat > ${fresh})
    order by c.id`);
  return r.rows.map((row) => ({ teamId: row.team_id, campaignId: row.campaign_id }));
}

/**
 * Takes (or renews) the campaign's pacing lease for `holder` until `until`, unless another holder's lease is still
 * running. One statement: two instances racing for a free lease are ordered by the row lock, and the loser sees
 * the winner's lease. Returns the governor state the last tick left, or null when another instance paces it.
 */
export async function takePacerLease(
  db: Db,
  input: { teamId: string; campaignId: string; holder: string; now: Date; until: Date },
): Promise<{ governorState: GovernorState } | null> {
  const r = await db.execute<{ governor_state: GovernorState }>(sql`
    insert into campaign_pacers (campaign_id, team_id, lease_holder, lease_until)
    values (${input.campaignId}, ${input.teamId}, ${input.holder}, ${input.until})
    on conflict (campaign_id) do update set lease_holder = excluded.lease_holder, lease_until = excluded.lease_until
    where campaign_pacers.team_id = ${input.teamId}
      and (campaign_pacers.lease_holder is null or campaign_pacers.lease_holder = ${input.holder}
           or campaign_pacers.lease_until is null or campaign_pacers.lease_until <= ${input.now})
    returning governor_state`);
  const row = r.rows[0];
  return row ? { governorState: row.governor_state } : null;
}

/** Stores what the tick decided, while `holder` still holds the lease (a lease lost mid-tick stores nothing). */
export async function savePacerTick(
  db: Db,
  input: { teamId: string; campaignId: string; holder: string; governorState: GovernorState; now: Date },
): Promise<boolean> {
  const r = await db.execute(sql`
    update campaign_pacers set governor_state = ${input.governorState}, last_tick_at = ${input.now}
    where campaign_id = ${input.campaignId} and team_id = ${input.teamId} and lease_holder = ${input.holder}`);
  return (r.rowCount ?? 0) > 0;
}

/** Gives the lease up (an instance stopping), so another instance takes the campaign at its next tick. */
export async function releasePacerLeases(db: Db, input: { holder: string }): Promise<void> {
  await db.execute(sql`
    update campaign_pacers set lease_holder = null, lease_until = null where lease_holder = ${input.holder}`);
}

/** The governor state the pacer carries for a campaign ('open' before its first tick). */
export async function pacerGovernorState(db: Db, input: { teamId: string; campaignId: string }) {
  const r = await db.execute<{ governor_state: GovernorState }>(sql`
    select governor_state from campaign_pacers where campaign_id = ${input.campaignId} and team_id = ${input.teamId}`);
  return r.rows[0]?.governor_state ?? 'open';
}
