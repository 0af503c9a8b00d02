import { sql } from 'drizzle-orm';
import type { TeamScope } from '../../core/teams/scope';
import type { Db } from '../client';

/**
 * When calls to the lead were placed since `since` (the frequency cap's input), oldest first; uses calls_lead_idx.
 * The lead calling us is not a call to them.
 */
export async function recentCallTimes(
  db: Db,
  scope: TeamScope,
  input: { leadId: string; since: Date },
): Promise<Date[]> {
  const r = await db.execute(sql`
    select queued_at from calls where lead_id = ${input.leadId} and team_id = ${scope.teamId} and queued_at > ${input.since}
      and direction = 'outbound'
    order by queued_at
  `);
  // drizzle's execute hands timestamps back as text; the gate wants instants.
  return r.rows.map((row) => new Date(row.queued_at as string | Date));
}
