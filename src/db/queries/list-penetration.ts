import type { TeamScope } from '../../core/teams/scope';
import type { RootDb } from '../client';
import { leadStatesFromLeadsSql, leadStatesNowSql } from './lead-state-counts';

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
 * How far the team's campaign lists have been worked, per campaign, from the leads' state (not the calls). The leads
 * are read as counts per (campaign, attempts, status, dnc) key, kept by triggers (lead-state-counts.ts, decision
 * 0036): a few hundred rows per campaign however long its list. A lead still to call is `new`, `retry` or
 * `callback`, not on the do-not-call list and (unless it is a booked callback, which the pick serves whatever the
 * count) under the campaign's attempt limit; anything else is finished. Archived campaigns are left out.
 */
export async function countListPenetration(db: RootDb, scope: TeamScope, campaignId?: string): Promise<ListCounts[]> {
  return countPenetration(db, scope, campaignId, leadStatesNowSql);
}

/**
 * The same figures counted over the leads themselves (one grouped read of leads_campaign_attempts_idx, about 0.1 s
 * per million leads): what the counts must equal, for the tests and checks.
 */
export async function countListPenetrationFromLeads(
  db: RootDb,
  scope: TeamScope,
  campaignId?: string,
): Promise<ListCounts[]> {
  return countPenetration(db, scope, campaignId, leadStatesFromLeadsSql);
}

async function countPenetration(
  db: RootDb,
  scope: TeamScope,
  campaignId: string | undefined,
  states: (campaignsSql: string) => string,
): Promise<ListCounts[]> {
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
    // The leads per (campaign, attempts, status, dnc), sorted into the list's states with each campaign's attempt
    // limit as it is now (so a changed limit needs no recount). The campaigns are the team's (camp), and a lead always
    // belongs to its campaign's team.
    `with camp as (
       select c.id, coalesce((c.retry_rules->>'maxAttempts')::int, 2147483647) as max_attempts
       from campaigns c where c.team_id = $1 and c.archived_at is null ${only}
     ),
     grouped as (${states('array(select id from camp)')}),
     open_group as (
       select g.campaign_id, g.attempts, g.n,
         (g.dnc = false and (g.status = 'callback'
           or (g.status in ('new', 'retry') and g.attempts < camp.max_attempts))) as open
       from grouped g join camp on camp.id = g.campaign_id
     )
     select camp.id,
       coalesce(sum(o.n), 0) as leads,
       coalesce(sum(o.n) filter (where o.open and o.attempts = 0), 0) as untouched,
       coalesce(sum(o.n) filter (where o.open and o.attempts > 0), 0) as in_progress,
       coalesce(sum(o.n) filter (where not o.open), 0) as final,
       coalesce(sum(o.n * o.attempts), 0) as attempts,
       coalesce(sum(o.n) filter (where o.attempts > 0), 0) as dialed
     from camp left join open_group o on o.campaign_id = camp.id
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
