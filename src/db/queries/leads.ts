import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { AuditChange } from '../../core/lead-table/edit';
import { searchTerm, type LeadFilter, type LeadPage } from '../../core/lead-table/filter';
import { hasRole } from '../../core/teams/roles';
import type { TeamScope } from '../../core/teams/scope';
import type { Db } from '../client';
import { campaignAgents, campaigns, imports, leadAudit, leads, members, users } from '../schema';
import { enqueueWebhookEvents, leadEventData } from './webhooks';

export type LeadRow = typeof leads.$inferSelect;

/**
 * What a search matches: name, e-mail and phone folded for case and accents (leads.search_text, a stored column
 * the trigram index covers), so "contains" searches use the index and need no per-row work.
 */
const searchable = sql`${leads.searchText}`;

const likeEscape = (v: string) => v.replace(/[\\%_]/g, (m) => `\\${m}`);

/**
 * Agents see the leads of the campaigns they are assigned to; admins and owners all of the team's.
 * With a campaign chosen, the team check is made on the campaign, not per lead, so the campaign's
 * indexes answer the page and its count without visiting the table for team_id: once per query as
 * an InitPlan, or not at all when the caller has already checked the campaign (`campaignChecked`),
 * which also lets the planner see the campaign's real share of the table.
 */
function visibleTo(scope: TeamScope, campaignId?: string, campaignChecked = false): SQL {
  const team = campaignId
    ? campaignChecked
      ? eq(leads.campaignId, campaignId)
      : sql`${leads.campaignId} = (select c.id from ${campaigns} c where c.id = ${campaignId} and c.team_id = ${scope.teamId})`
    : eq(leads.teamId, scope.teamId);
  if (hasRole(scope.role, 'admin')) return team;
  return and(
    team,
    sql`${leads.campaignId} in (select ca.campaign_id from ${campaignAgents} ca join ${members} m on m.id = ca.member_id
                               where m.user_id = ${scope.userId} and m.team_id = ${scope.teamId})`,
  )!;
}

/** The one WHERE clause of the table, the bulk actions and the export. */
export function leadWhere(scope: TeamScope, f: LeadFilter, campaignChecked = false): SQL {
  const term = searchTerm(f.q);
  return and(
    visibleTo(scope, f.campaignId, campaignChecked),
    f.status ? eq(leads.status, f.status) : undefined,
    f.tag ? sql`${leads.tags} @> array[${f.tag}]::text[]` : undefined,
    f.timezone ? sql`${leads.timezones} @> array[${f.timezone}]::text[]` : undefined,
    f.disposition ? eq(leads.lastDisposition, f.disposition) : undefined,
    f.dnc !== undefined ? eq(leads.dnc, f.dnc) : undefined,
    f.attemptsMin !== undefined ? sql`${leads.attempts} >= ${f.attemptsMin}` : undefined,
    f.attemptsMax !== undefined ? sql`${leads.attempts} <= ${f.attemptsMax}` : undefined,
    f.createdFrom ? sql`${leads.createdAt} >= ${f.createdFrom}` : undefined,
    f.createdTo ? sql`${leads.createdAt} < ${f.createdTo}` : undefined,
    term !== null ? sql`${searchable} like ${`%${likeEscape(term)}%`}` : undefined,
  )!;
}

function orderBy(page: Pick<LeadPage, 'sort' | 'dir'>): SQL {
  const d = page.dir === 'asc' ? sql`asc` : sql`desc`;
  switch (page.sort) {
    case 'created':
      return sql`${leads.createdAt} ${d}, ${leads.id} ${d}`;
    case 'name':
      // Default null ordering both ways, so leads_campaign_name_idx serves asc and desc alike.
      return sql`lower(${leads.lastName}) ${d}, lower(${leads.firstName}) ${d}, ${leads.id} ${d}`;
    case 'phone':
      return sql`${leads.phone} ${d}, ${leads.id} ${d}`;
    case 'attempts':
      return sql`${leads.attempts} ${d}, ${leads.createdAt} desc, ${leads.id} desc`;
    case 'status':
      return sql`${leads.status} ${d}, ${leads.createdAt} desc, ${leads.id} desc`;
  }
}

const COUNT_CAP = 1_000;

const listColumns = {
  id: leads.id,
  campaignId: leads.campaignId,
  phone: leads.phone,
  firstName: leads.firstName,
  lastName: leads.lastName,
  email: leads.email,
  city: leads.city,
  state: leads.state,
  zip: leads.zip,
  timezones: leads.timezones,
  status: leads.status,
  lastDisposition: leads.lastDisposition,
  tags: leads.tags,
  attempts: leads.attempts,
  dnc: leads.dnc,
  custom: leads.custom,
  createdAt: leads.createdAt,
};

/** The filter's WHERE clause, or null when it names a campaign outside the team (nothing can match). */
async function checkedWhere(db: Db, scope: TeamScope, f: LeadFilter): Promise<SQL | null> {
  if (!f.campaignId) return leadWhere(scope, f);
  const rows = await db.execute(
    sql`select 1 from ${campaigns} where ${campaigns.id} = ${f.campaignId} and ${campaigns.teamId} = ${scope.teamId}`,
  );
  return rows.rows.length === 0 ? null : leadWhere(scope, f, true);
}

/** How many of the newest rows (in the page's order) a search reads before it asks the trigram index instead. */
const SEARCH_WINDOW = 10_000;
/** The columns a page is sorted by, for the searches that sort outside the table (aliased back to `leads`). */
const sortColumns = sql`${leads.id}, ${leads.createdAt}, ${leads.lastName}, ${leads.firstName}, ${leads.phone}, ${leads.attempts}, ${leads.status}`;

/**
 * The ids of one page of a search, in order. A "contains" search has no plan that is good for every term: walking the
 * page's sort index and testing each row is instant for a common term and reads the whole campaign for a rare one
 * whose matches are all old (`linda.4` in a million leads: 0.6 s); the trigram index is the other way round. So it
 * first tests only the newest SEARCH_WINDOW rows — when they hold the page it is exactly the page, since every older
 * match sorts after them — and otherwise collects every match through the trigram index (a MATERIALIZED CTE has no
 * ORDER BY/LIMIT to tempt the planner into the walk) and sorts those.
 */
async function searchPageIds(
  db: Db,
  page: LeadPage,
  where: SQL,
  whereWithoutSearch: SQL,
  pattern: string,
): Promise<string[]> {
  const order = orderBy(page);
  const take = page.limit + 1;
  if (page.offset + take <= SEARCH_WINDOW) {
    const recent = await db.execute<{ id: string }>(sql`
      with w as materialized (
        select ${sortColumns}, ${searchable} as s from ${leads} where ${whereWithoutSearch} order by ${order} limit ${SEARCH_WINDOW})
      select leads.id from w as leads where leads.s like ${pattern} order by ${order} limit ${take} offset ${page.offset}`);
    if (recent.rows.length === take) return recent.rows.map((r) => r.id);
  }
  const all = await db.execute<{ id: string }>(sql`
    with m as materialized (select ${sortColumns} from ${leads} where ${where})
    select leads.id from m as leads order by ${order} limit ${take} offset ${page.offset}`);
  return all.rows.map((r) => r.id);
}

/** One page of the lead table (one row more than asked, to know whether another page follows). */
export async function listLeads(db: Db, scope: TeamScope, page: LeadPage) {
  const where = await checkedWhere(db, scope, page);
  if (where === null) return { leads: [], hasMore: false };
  const term = searchTerm(page.q);
  let rows;
  if (term === null) {
    rows = await db
      .select(listColumns)
      .from(leads)
      .where(where)
      .orderBy(orderBy(page))
      .limit(page.limit + 1)
      .offset(page.offset);
  } else {
    const withoutSearch = leadWhere(scope, { ...page, q: undefined }, page.campaignId !== undefined);
    const ids = await searchPageIds(db, page, where, withoutSearch, `%${likeEscape(term)}%`);
    const found =
      ids.length === 0
        ? []
        : await db
            .select(listColumns)
            .from(leads)
            .where(and(eq(leads.teamId, scope.teamId), inArray(leads.id, ids)));
    const byId = new Map(found.map((r) => [r.id, r]));
    rows = ids.flatMap((id) => byId.get(id) ?? []);
  }
  return { leads: rows.slice(0, page.limit), hasMore: rows.length > page.limit };
}

/**
 * How many leads match: exact up to 1,000 (a bounded scan); beyond that the planner's estimate for the same WHERE
 * (no scan at all), which the table shows as "about N" — every page would otherwise pay for an exact count of a
 * million rows. `totalCapped` says the total is an estimate. Run beside listLeads, not after it.
 */
export async function countLeads(db: Db, scope: TeamScope, f: LeadFilter) {
  const where = await checkedWhere(db, scope, f);
  if (where === null) return { total: 0, totalCapped: false };
  const counted = await db.execute<{ n: number }>(
    sql`select count(*)::int as n from (select 1 from ${leads} where ${where} limit ${COUNT_CAP + 1}) x`,
  );
  const n = counted.rows[0]?.n ?? 0;
  if (n <= COUNT_CAP) return { total: n, totalCapped: false };
  const plan = await db.execute<{ 'QUERY PLAN': [{ Plan: { 'Plan Rows': number } }] }>(
    sql`explain (format json) select 1 from ${leads} where ${where}`,
  );
  const estimate = Math.round(plan.rows[0]?.['QUERY PLAN'][0].Plan['Plan Rows'] ?? 0);
  return { total: Math.max(estimate, COUNT_CAP + 1), totalCapped: true };
}

/** A lead as the caller may see it: agents only leads of campaigns they are assigned to; null otherwise (a 404). */
export async function getLeadVisibleToCaller(db: Db, scope: TeamScope, id: string) {
  const [row] = await db
    .select({ lead: leads, campaignName: campaigns.name })
    .from(leads)
    .innerJoin(campaigns, eq(campaigns.id, leads.campaignId))
    .where(and(visibleTo(scope), eq(leads.id, id)));
  return row ? { ...row.lead, campaignName: row.campaignName } : null;
}

export async function getLeadAudit(db: Db, scope: TeamScope, leadId: string) {
  return db
    .select({
      field: leadAudit.field,
      oldValue: leadAudit.oldValue,
      newValue: leadAudit.newValue,
      at: leadAudit.at,
      userName: users.name,
    })
    .from(leadAudit)
    .leftJoin(users, eq(users.id, leadAudit.userId))
    .where(and(eq(leadAudit.teamId, scope.teamId), eq(leadAudit.leadId, leadId)))
    .orderBy(sql`${leadAudit.at} desc, ${leadAudit.id} desc`)
    .limit(200);
}

export async function phoneTakenInCampaign(
  db: Db,
  scope: TeamScope,
  campaignId: string,
  phone: string,
  exceptId: string,
) {
  const rows = await db.execute(
    sql`select 1 from ${leads} where ${leads.teamId} = ${scope.teamId} and ${leads.campaignId} = ${campaignId} and ${leads.phone} = ${phone} and ${leads.id} <> ${exceptId} limit 1`,
  );
  return rows.rows.length > 0;
}

/** Applies an edit and writes one audit row per changed field, together. */
export async function updateLeadAudited(
  db: Db,
  scope: TeamScope,
  id: string,
  values: Partial<typeof leads.$inferInsert>,
  changes: readonly AuditChange[],
  now: Date,
) {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(leads)
      .set({ ...values, updatedAt: now })
      .where(and(eq(leads.teamId, scope.teamId), eq(leads.id, id)))
      .returning();
    if (!row) return null;
    if (changes.length > 0)
      await tx.insert(leadAudit).values(
        changes.map((c) => ({
          leadId: id,
          teamId: scope.teamId,
          userId: scope.userId,
          field: c.field,
          oldValue: c.oldValue,
          newValue: c.newValue,
          at: now,
        })),
      );
    await enqueueWebhookEvents(
      tx,
      scope.teamId,
      [
        {
          type: 'lead.updated',
          orderKey: row.id,
          data: { ...leadEventData(row), changedFields: changes.map((c) => c.field), source: 'edit' },
        },
      ],
      now,
    );
    return row;
  });
}

/** Custom field keys the table can show as columns: those the campaign's (or team's) imports created. */
export async function customFieldKeys(db: Db, scope: TeamScope, campaignId?: string) {
  const rows = await db.execute<{ key: string }>(sql`
    select distinct m->>'key' as key
    from ${imports} i, jsonb_array_elements(coalesce(i.mapping, '[]'::jsonb)) m
    where i.team_id = ${scope.teamId} and i.status in ('running', 'done', 'failed') and m->>'field' = 'custom'
      ${campaignId ? sql`and i.campaign_id = ${campaignId}` : sql``}
    order by 1`);
  return rows.rows.map((r) => r.key);
}

// ——— bulk actions: a selection is either explicit ids or "every lead matching the filter" ———

export type LeadSelection = { ids: string[] } | { filter: LeadFilter };

function selectionWhere(scope: TeamScope, sel: LeadSelection): SQL {
  if ('ids' in sel) return and(visibleTo(scope), sql`${leads.id} in (select unnest(${sql.param(sel.ids)}::uuid[]))`)!;
  return leadWhere(scope, sel.filter);
}

export async function bulkTag(
  db: Db,
  scope: TeamScope,
  sel: LeadSelection,
  add: readonly string[],
  remove: readonly string[],
  now: Date,
) {
  const res = await db.execute(sql`
    update ${leads} set
      tags = array(select distinct t from unnest(array_cat(${leads.tags}, ${sql.param([...add])}::text[])) t where t <> all(${sql.param([...remove])}::text[]) order by t),
      updated_at = ${now}
    where ${selectionWhere(scope, sel)}`);
  return res.rowCount ?? 0;
}

/**
 * Moves leads to another campaign of the team. A lead whose number the target already has stays
 * where it is (the target keeps one lead per number), as does all but the oldest of several
 * selected leads sharing a number.
 */
export async function bulkMove(db: Db, scope: TeamScope, sel: LeadSelection, targetCampaignId: string, now: Date) {
  const res = await db.execute(sql`
    update ${leads} set campaign_id = ${targetCampaignId}, updated_at = ${now}
    where ${leads.id} in (
      select distinct on (l.phone) l.id from ${leads} l
      where l.id in (select ${leads.id} from ${leads} where ${selectionWhere(scope, sel)})
        and l.campaign_id <> ${targetCampaignId}
        and not exists (select 1 from ${leads} t where t.campaign_id = ${targetCampaignId} and t.phone = l.phone)
      order by l.phone, l.created_at, l.id)`);
  return res.rowCount ?? 0;
}

/** Copies leads into another campaign as fresh leads (no attempts, status new); numbers it has are skipped. */
export async function bulkCopy(db: Db, scope: TeamScope, sel: LeadSelection, targetCampaignId: string, now: Date) {
  const res = await db.execute(sql`
    insert into ${leads} (team_id, campaign_id, phone, alt_phones, first_name, last_name, email, address, city, state, zip,
                          timezones, status, tags, custom, notes, dnc, created_at, updated_at)
    select team_id, ${targetCampaignId}, phone, alt_phones, first_name, last_name, email, address, city, state, zip,
           timezones, 'new', tags, custom, notes, dnc, ${now}, ${now}
    from ${leads} where ${selectionWhere(scope, sel)}
    order by created_at
    on conflict (campaign_id, phone) do nothing`);
  return res.rowCount ?? 0;
}

export async function selectedPhones(db: Db, scope: TeamScope, sel: LeadSelection) {
  const rows = await db.execute<{ phone: string }>(
    sql`select distinct ${leads.phone} as phone from ${leads} where ${selectionWhere(scope, sel)}`,
  );
  return rows.rows.map((r) => r.phone);
}

/**
 * Deletes the selected leads and, in the same statement, the outbound-webhook log entries that carry their own data
 * (name, phone, e-mail…): a deleted lead must not live on for 30 days in the delivery log, nor be sent after its
 * deletion. Call events stay, as the calls themselves do (they keep their history without the lead).
 */
export async function bulkDelete(db: Db, scope: TeamScope, sel: LeadSelection) {
  const res = await db.execute<{ n: number }>(sql`
    with gone as (delete from ${leads} where ${selectionWhere(scope, sel)} returning id),
    forgotten as (
      delete from webhook_deliveries d using gone
      where d.team_id = ${scope.teamId} and d.order_key = gone.id::text
        and d.event_type in ('lead.created', 'lead.updated', 'callback.scheduled')
    )
    select count(*)::int as n from gone`);
  return res.rows[0]?.n ?? 0;
}

// ——— export ———

/** Every custom key among the matching leads (the export's extra columns), sorted. */
export async function exportCustomKeys(db: Db, scope: TeamScope, f: LeadFilter) {
  const rows = await db.execute<{ key: string }>(
    sql`select distinct k as key from ${leads}, jsonb_object_keys(${leads.custom}) k where ${leadWhere(scope, f)} order by 1`,
  );
  return rows.rows.map((r) => r.key);
}

/** A page of matching leads in id order (keyset), for streaming the export at flat memory. */
export async function exportPage(db: Db, scope: TeamScope, f: LeadFilter, afterId: string | null, limit: number) {
  return db
    .select({ lead: leads, campaignName: campaigns.name })
    .from(leads)
    .innerJoin(campaigns, eq(campaigns.id, leads.campaignId))
    .where(and(leadWhere(scope, f), afterId ? sql`${leads.id} > ${afterId}` : undefined))
    .orderBy(leads.id)
    .limit(limit);
}

/**
 * A lead of the scope's team by id, WITHOUT the agent-visibility filter: an agent gets any lead of the team. Only for
 * the dialing loop, which has already tied the lead to the agent (their reservation, dialing session or call);
 * anything that shows a lead an agent asked for uses `getLeadVisibleToCaller`.
 */
export async function getTeamLeadIgnoringVisibility(db: Db, scope: TeamScope, leadId: string): Promise<LeadRow | null> {
  const [row] = await db
    .select()
    .from(leads)
    .where(and(eq(leads.teamId, scope.teamId), eq(leads.id, leadId)));
  return row ?? null;
}
