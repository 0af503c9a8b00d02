import { sql } from 'drizzle-orm';
import type { StorableLead } from '../../core/imports/rows';
import type { TeamScope } from '../../core/teams/scope';
import type { Db } from '../client';
import { LEAD_EVENT_INSERT } from './webhook-call-events';

export type NewLead = StorableLead;

/**
 * Inserts leads into a campaign the way an import batch does (the campaign + phone unique index decides what is a
 * duplicate; a number on the team's do-not-call list is stored flagged), and says per number what happened: the
 * numbers absent from the answer already had a lead. One statement, so a batch is stored whole or not at all.
 * Rows are inserted in phone order: two batches for one campaign running at once (a vendor's retry, two senders
 * with overlapping lists) then wait for each other's numbers in the same order and cannot deadlock.
 */
export async function insertLeadsReportingEach(
  db: Db,
  scope: Pick<TeamScope, 'teamId'>,
  campaignId: string,
  leads: readonly NewLead[],
  now: Date,
): Promise<Map<string, { id: string; dnc: boolean }>> {
  const out = new Map<string, { id: string; dnc: boolean }>();
  if (leads.length === 0) return out;
  // The lead.created webhook rows are written by the same statement, as an import batch writes them.
  const res = await db.execute<{ id: string; phone: string; dnc: boolean }>(sql`
    with ins as (
    insert into leads as l (team_id, campaign_id, phone, alt_phones, first_name, last_name, email, address, city, state,
                            zip, timezones, status, tags, custom, notes, dnc, created_at, updated_at)
    select ${scope.teamId}, ${campaignId}, s.phone, s.alt_phones, s.first_name, s.last_name, s.email, s.address, s.city,
           s.state, s.zip, s.timezones, s.status, s.tags, s.custom, s.notes, d.phone is not null, ${now}, ${now}
    from json_to_recordset(${JSON.stringify(leads.map(toRow))}::json) as s(
      n int, phone text, alt_phones text[], first_name text, last_name text, email text, address text, city text,
      state text, zip text, timezones text[], status text, tags text[], custom jsonb, notes text)
    left join dnc_numbers d on d.team_id = ${scope.teamId} and d.phone = s.phone
    order by s.phone
    on conflict (campaign_id, phone) do nothing
    returning l.*
    ),
    created_hooks as (${sql.raw(LEAD_EVENT_INSERT('lead.created', 'ins l', 'l.team_id', 'l.created_at', `l.id::text || ':lead.created'`))} returning 1)
    select id, phone, dnc from ins`);
  for (const r of res.rows) out.set(r.phone, { id: r.id, dnc: r.dnc });
  return out;
}

const toRow = (l: NewLead, n: number) => ({
  n,
  phone: l.phone,
  alt_phones: l.altPhones,
  first_name: l.firstName,
  last_name: l.lastName,
  email: l.email,
  address: l.address,
  city: l.city,
  state: l.state,
  zip: l.zip,
  timezones: l.timezones,
  status: l.status,
  tags: l.tags,
  custom: l.custom,
  notes: l.notes,
});
