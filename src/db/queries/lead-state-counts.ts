import type pg from 'pg';
import type { RootDb } from '../client';
import { inLockedTransaction } from '../locked-transaction';

// Leads counted per campaign and list state key (attempts, status, dnc), kept by triggers on `leads` (migration
// 0032): each change appends signed deltas, `foldLeadStateDeltas` moves them into lead_state_counts, and a read adds
// the deltas not yet folded, so the counts are exact whenever read. `rebuildLeadStates` recomputes them from the
// leads. docs/decisions/0036-lead-state-counts.md.

const KEY = 'team_id, campaign_id, attempts, status, dnc';

/** Fold and rebuild take this lock, so one never interleaves with the other. */
const LOCK = `select pg_advisory_xact_lock(hashtext('lead_state_counts'))`;

/**
 * The state rows as they stand (folded counts plus pending deltas) for the campaigns `campaignsSql` selects, keyed
 * like the leads: `campaign_id, attempts, status, dnc, n`. Keys whose leads all moved on are left out.
 */
export function leadStatesNowSql(campaignsSql: string): string {
  return `select campaign_id, attempts, status, dnc, sum(n) as n from (
      select campaign_id, attempts, status, dnc, leads as n from lead_state_counts
      where campaign_id = any(${campaignsSql})
      union all
      select campaign_id, attempts, status, dnc, leads as n from lead_state_deltas
      where campaign_id = any(${campaignsSql})
    ) s group by campaign_id, attempts, status, dnc having sum(n) <> 0`;
}

/** The same rows counted from the leads themselves: the rebuild's source and the check's truth. */
export function leadStatesFromLeadsSql(campaignsSql: string): string {
  return `select campaign_id, attempts, status, dnc, count(*) as n from leads
      where campaign_id = any(${campaignsSql})
      group by campaign_id, attempts, status, dnc`;
}

/**
 * Moves up to `limit` pending deltas into the counts in one transaction: the deltas it deletes are exactly the ones
 * it adds, so a change counts once whatever crashes when. Keys left at zero stay (at most a few hundred per
 * campaign; they go with the campaign). Returns how many deltas it folded.
 */
export async function foldLeadStateDeltas(db: RootDb, limit = 50_000): Promise<number> {
  return inLockedTransaction(db, LOCK, async (client) => {
    const { rows } = await client.query<{ folded: number }>(
      `with moved as (
         delete from lead_state_deltas where id in (select id from lead_state_deltas order by id limit $1)
         returning ${KEY}, leads
       ),
       summed as (
         select ${KEY}, sum(leads) as leads from moved m
         -- A campaign deleted meanwhile took its counts with it; its last deltas are dropped here.
         where exists (select 1 from campaigns c where c.id = m.campaign_id)
         group by ${KEY} having sum(leads) <> 0
       ),
       upserted as (
         insert into lead_state_counts (${KEY}, leads)
         select ${KEY}, leads from summed order by campaign_id, attempts, status, dnc
         on conflict (campaign_id, attempts, status, dnc) do update set leads = lead_state_counts.leads + excluded.leads
       )
       select count(*)::int as folded from moved`,
      [limit],
    );
    return rows[0]?.folded ?? 0;
  });
}

export type LeadStateDifference = {
  key: { campaignId: string; attempts: number; status: string; dnc: boolean };
  counted: number;
  leads: number;
};

const campaignsOf = (teamId: string | undefined) =>
  teamId ? `array(select id from campaigns where team_id = $1::uuid)` : `array(select id from campaigns)`;

/** Keys (at most 100) where the counts, folded and pending, disagree with the leads; empty when they agree. */
async function differences(db: pg.PoolClient | pg.Pool, teamId: string | undefined): Promise<LeadStateDifference[]> {
  const campaigns = campaignsOf(teamId);
  const { rows } = await db.query<{
    campaign_id: string;
    attempts: number;
    status: string;
    dnc: boolean;
    counted: string;
    leads: string;
  }>(
    `select campaign_id, attempts, status, dnc, sum(counted) as counted, sum(leads) as leads from (
       select campaign_id, attempts, status, dnc, n as counted, 0 as leads from (${leadStatesNowSql(campaigns)}) c
       union all
       select campaign_id, attempts, status, dnc, 0, n from (${leadStatesFromLeadsSql(campaigns)}) l
     ) pairs
     group by campaign_id, attempts, status, dnc
     having sum(counted) <> sum(leads)
     order by campaign_id, attempts, status, dnc
     limit 100`,
    teamId ? [teamId] : [],
  );
  return rows.map((r) => ({
    key: { campaignId: r.campaign_id, attempts: r.attempts, status: r.status, dnc: r.dnc },
    counted: Number(r.counted),
    leads: Number(r.leads),
  }));
}

/** Where the lead state counts disagree with the leads (every team, or one): empty when they agree. */
export async function compareLeadStatesWithLeads(db: RootDb, teamId?: string): Promise<LeadStateDifference[]> {
  return differences(db.$client, teamId);
}

export type LeadStateRebuild = { leadStateKeys: number; leadStatesDisagreed: number };

/**
 * Recomputes the counts from the leads (every team, or one) in one transaction and says how many keys disagreed
 * before (at most 100 counted). SHARE on the deltas waits for writers that already appended one and holds back the
 * rest until the commit; a lead changed meanwhile appends its delta after, against the row this rebuild read, so
 * nothing is lost or counted twice.
 */
export async function rebuildLeadStates(db: RootDb, teamId?: string): Promise<LeadStateRebuild> {
  return inLockedTransaction(db, LOCK, async (tx) => {
    await tx.query('lock table lead_state_deltas in share mode');
    const before = await differences(tx, teamId);
    const filter = teamId ? 'where team_id = $1::uuid' : '';
    const params = teamId ? [teamId] : [];
    await tx.query(`delete from lead_state_deltas ${filter}`, params);
    await tx.query(`delete from lead_state_counts ${filter}`, params);
    const res = await tx.query(
      `insert into lead_state_counts (${KEY}, leads)
       select ${KEY}, count(*) from leads ${filter} group by ${KEY}`,
      params,
    );
    return { leadStateKeys: res.rowCount ?? 0, leadStatesDisagreed: before.length };
  });
}
