import type { TeamScope } from '../../core/teams/scope';
import type { RootDb } from '../client';

export type ListCounts = {
  campaignId: string;
  leads: number;
  untouched: number;
  inProgress: number;
  final: number;
  attempts: number;
  dialedLeads: number;
};

/**
 * How far the team's campaign lists have been worked, per campaign: one grouped count over the campaigns' leads (the
 * leads table's state, not the calls). A lead still to call is `new`, `retry` or `callback`, not on the do-not-call
 * list and (unless it is a booked callback, which the pick serves whatever the count) under the campaign's attempt
 * limit; anything else is finished. Archived campaigns are left out.
 */
export async function countListPenetration(db: RootDb, scope: TeamScope, campaignId?: string): Promise<ListCounts[]> {
  const params: unknown[] = [scope.teamId];
  let only = '';
  if (campaignId) {
    params.push(campaignId);
    only = 'and c.id = $2::uuid';
  }
  const { rows } = await db.$client.query<{
    id: string;
    leads: string;
    untouched: string;
    in_progress: string;
    final: string;
    attempts: string;
    dialed: string;
  }>(
    `with camp as (
       select c.id, coalesce((c.retry_rules->>'maxAttempts')::int, 2147483647) as max_attempts
       from campaigns c where c.team_id = $1 and c.archived_at is null ${only}
     ),
     open_lead as (
       select l.campaign_id, l.attempts,
         (l.dnc = false and (l.status = 'callback'
           or (l.status in ('new', 'retry') and l.attempts < camp.max_attempts))) as open
       from leads l join camp on camp.id = l.campaign_id
       where l.team_id = $1
     )
     select camp.id,
       count(o.campaign_id) as leads,
       count(*) filter (where o.open and o.attempts = 0) as untouched,
       count(*) filter (where o.open and o.attempts > 0) as in_progress,
       count(*) filter (where o.campaign_id is not null and not o.open) as final,
       coalesce(sum(o.attempts), 0) as attempts,
       count(*) filter (where o.attempts > 0) as dialed
     from camp left join open_lead o on o.campaign_id = camp.id
     group by camp.id`,
    params,
  );
  return rows.map((r) => ({
    campaignId: r.id,
    leads: Number(r.leads),
    untouched: Number(r.untouched),
    inProgress: Number(r.in_progress),
    final: Number(r.final),
    attempts: Number(r.attempts),
    dialedLeads: Number(r.dialed),
  }));
}
