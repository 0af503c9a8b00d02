import { sql } from 'drizzle-orm';
import type { TeamScope } from '../../core/teams/scope';
import type { Outcome } from '../../core/telephony/call-status';
import type { Db } from '../client';

// The pacer's lines that ended with nobody to disposition them (decision 0028): found through their partial index
// (calls_pacer_lines_open_idx), dispositioned once by the system.

export type EndedPacerLine = {
  id: string;
  teamId: string;
  campaignId: string;
  leadId: string;
  outcome: Outcome | null;
  safeHarborAt: Date | null;
};

const ENDED = sql`direction = 'outbound' and agent_session_id is null and disposition is null
  and lead_id is not null and status_rank = 4`;

type Row = {
  id: string;
  team_id: string;
  campaign_id: string;
  lead_id: string;
  outcome: Outcome | null;
  safe_harbor_at: Date | string | null;
};
const toLine = (r: Row): EndedPacerLine => ({
  id: r.id,
  teamId: r.team_id,
  campaignId: r.campaign_id,
  leadId: r.lead_id,
  outcome: r.outcome,
  safeHarborAt: r.safe_harbor_at === null ? null : new Date(r.safe_harbor_at),
});

/** The campaign's ended pacer lines not yet dispositioned, oldest first. */
export async function listEndedPacerLines(
  db: Db,
  scope: TeamScope,
  input: { campaignId: string; limit: number },
): Promise<EndedPacerLine[]> {
  const r = await db.execute<Row>(sql`
    select id, team_id, campaign_id, lead_id, outcome, safe_harbor_at from calls
    where team_id = ${scope.teamId} and campaign_id = ${input.campaignId} and ${ENDED}
    order by ended_at, id limit ${input.limit}`);
  return r.rows.map(toLine);
}

/**
 * Every team's ended pacer lines left undispositioned since before `endedBefore` (the backstop for a campaign no
 * longer paced: its last agent left while its lines rang). Across teams, as the stale-call sweep reads.
 */
export async function listLeftoverPacerLines(
  db: Db,
  input: { endedBefore: Date; limit: number },
): Promise<EndedPacerLine[]> {
  const r = await db.execute<Row>(sql`
    select id, team_id, campaign_id, lead_id, outcome, safe_harbor_at from calls
    where campaign_id is not null and ${ENDED} and ended_at < ${input.endedBefore}
    order by ended_at, id limit ${input.limit}`);
  return r.rows.map(toLine);
}

/**
 * Writes the system's disposition on the line, once: only while it is still a pacer line with none (an agent who
 * took the call, or another instance's sweep, wins). Returns whether this call wrote it.
 */
export async function setPacerLineDisposition(
  db: Db,
  scope: TeamScope,
  input: { callId: string; disposition: string; notes: string; now: Date },
): Promise<boolean> {
  const r = await db.execute(sql`
    update calls set disposition = ${input.disposition}, notes = ${input.notes}, updated_at = ${input.now}
    where team_id = ${scope.teamId} and id = ${input.callId} and ${ENDED}
    returning id`);
  return r.rows.length > 0;
}

/** True when the lead was dialled again after this call: its outcome then belongs to the newer call. */
export async function leadDialledSince(
  db: Db,
  scope: TeamScope,
  input: { leadId: string; callId: string },
): Promise<boolean> {
  const r = await db.execute(sql`
    select 1 from calls n join calls c on c.id = ${input.callId}
    where n.team_id = ${scope.teamId} and n.lead_id = ${input.leadId} and n.id <> c.id
      and (n.created_at, n.id) > (c.created_at, c.id)
    limit 1`);
  return r.rows.length > 0;
}
