import { and, asc, eq, inArray, notInArray, sql } from 'drizzle-orm';
import type { TeamScope } from '../../core/teams/scope';
import type { CallerIdCandidate } from '../../core/telephony/caller-id';
import type { Db } from '../client';
import { callerIdUsage, campaignCallerIds, campaigns, phoneNumbers } from '../schema';

export type PhoneNumberRow = typeof phoneNumbers.$inferSelect;

/** Every caller ID of the team with today's use, for the caller-ID page. */
export async function listTeamNumbers(db: Db, scope: TeamScope, day: string) {
  return db
    .select({
      id: phoneNumbers.id,
      e164: phoneNumbers.e164,
      friendlyName: phoneNumbers.friendlyName,
      source: phoneNumbers.source,
      state: phoneNumbers.state,
      dailyCap: phoneNumbers.dailyCap,
      active: phoneNumbers.active,
      atProvider: phoneNumbers.atProvider,
      restedUntil: phoneNumbers.restedUntil,
      usedToday: sql<number>`coalesce(${callerIdUsage.count}, 0)`.mapWith(Number),
    })
    .from(phoneNumbers)
    .leftJoin(callerIdUsage, and(eq(callerIdUsage.phoneNumberId, phoneNumbers.id), eq(callerIdUsage.day, day)))
    .where(eq(phoneNumbers.teamId, scope.teamId))
    .orderBy(asc(phoneNumbers.e164));
}

export async function countTeamNumbers(db: Db, teamId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(phoneNumbers)
    .where(eq(phoneNumbers.teamId, teamId));
  return row?.n ?? 0;
}

/** One of the team's numbers by its E.164 form. */
export async function teamNumberByE164(db: Db, scope: TeamScope, e164: string) {
  const [row] = await db
    .select({ id: phoneNumbers.id })
    .from(phoneNumbers)
    .where(and(eq(phoneNumbers.teamId, scope.teamId), eq(phoneNumbers.e164, e164)));
  return row ?? null;
}

export async function updateTeamNumber(
  db: Db,
  scope: TeamScope,
  id: string,
  patch: { dailyCap?: number; active?: boolean; friendlyName?: string },
  now: Date,
) {
  const [row] = await db
    .update(phoneNumbers)
    .set({ ...patch, updatedAt: now })
    .where(and(eq(phoneNumbers.teamId, scope.teamId), eq(phoneNumbers.id, id)))
    .returning();
  return row ?? null;
}

/** Upserts the provider's numbers; numbers the provider no longer lists stop being offered (kept for history). */
export async function upsertProviderNumbers(
  db: Db,
  teamId: string,
  source: 'signalwire' | 'simulator',
  numbers: { e164: string; friendlyName: string; state: string | null }[],
  now: Date,
) {
  return db.transaction(async (tx) => {
    let added = 0;
    for (const n of numbers) {
      const res = await tx.execute<{ inserted: boolean }>(sql`
        insert into phone_numbers (team_id, e164, friendly_name, source, state, created_at, updated_at)
        values (${teamId}, ${n.e164}, ${n.friendlyName}, ${source}, ${n.state}, ${now}, ${now})
        on conflict (team_id, e164) do update set
          friendly_name = case when phone_numbers.friendly_name = '' then excluded.friendly_name else phone_numbers.friendly_name end,
          source = excluded.source, state = excluded.state, at_provider = true, updated_at = excluded.updated_at
        returning (xmax = 0) as inserted`);
      if (res.rows[0]?.inserted) added++;
    }
    const listed = numbers.map((n) => n.e164);
    const gone = await tx
      .update(phoneNumbers)
      .set({ atProvider: false, updatedAt: now })
      .where(
        and(
          eq(phoneNumbers.teamId, teamId),
          eq(phoneNumbers.atProvider, true),
          listed.length ? notInArray(phoneNumbers.e164, listed) : sql`true`,
        ),
      )
      .returning({ id: phoneNumbers.id });
    return { added, updated: numbers.length - added, removed: gone.length };
  });
}

/**
 * The caller IDs a call of this campaign may use, with today's use: the campaign's pool when it has one, else every
 * number of the team. Only active numbers the provider still lists.
 */
export async function callerIdCandidates(
  db: Db,
  teamId: string,
  campaignId: string | null,
  day: string,
): Promise<CallerIdCandidate[]> {
  const usable = and(eq(phoneNumbers.teamId, teamId), eq(phoneNumbers.active, true), eq(phoneNumbers.atProvider, true));
  const usage = sql<number>`coalesce(${callerIdUsage.count}, 0)`.mapWith(Number);
  const base = {
    id: phoneNumbers.id,
    e164: phoneNumbers.e164,
    state: phoneNumbers.state,
    dailyCap: phoneNumbers.dailyCap,
    usedToday: usage,
    restedUntil: phoneNumbers.restedUntil,
  };
  if (campaignId) {
    const pool = await db
      .select({ ...base, isDefault: campaignCallerIds.isDefault })
      .from(campaignCallerIds)
      .innerJoin(phoneNumbers, eq(phoneNumbers.id, campaignCallerIds.phoneNumberId))
      .leftJoin(callerIdUsage, and(eq(callerIdUsage.phoneNumberId, phoneNumbers.id), eq(callerIdUsage.day, day)))
      .where(and(usable, eq(campaignCallerIds.campaignId, campaignId)));
    if (pool.length > 0) return pool;
  }
  const all = await db
    .select(base)
    .from(phoneNumbers)
    .leftJoin(callerIdUsage, and(eq(callerIdUsage.phoneNumberId, phoneNumbers.id), eq(callerIdUsage.day, day)))
    .where(usable);
  return all.map((n) => ({ ...n, isDefault: false }));
}

/** Counts one call against the number's cap for the day; false when the cap was reached meanwhile (another dial). */
export async function takeCallerIdSlot(db: Db, teamId: string, phoneNumberId: string, day: string): Promise<boolean> {
  const res = await db.execute(sql`
    insert into caller_id_usage (phone_number_id, team_id, day, count)
    select id, team_id, ${day}, 1 from phone_numbers where id = ${phoneNumberId} and team_id = ${teamId} and daily_cap >= 1
    on conflict (phone_number_id, day) do update set count = caller_id_usage.count + 1
    where caller_id_usage.count < (select daily_cap from phone_numbers where id = ${phoneNumberId})`);
  return (res.rowCount ?? 0) > 0;
}

export async function getCampaignPool(db: Db, scope: TeamScope, campaignId: string) {
  const [campaign] = await db
    .select({ id: campaigns.id, name: campaigns.name })
    .from(campaigns)
    .where(and(eq(campaigns.teamId, scope.teamId), eq(campaigns.id, campaignId)));
  if (!campaign) return null;
  const members = await db
    .select({ phoneNumberId: campaignCallerIds.phoneNumberId, isDefault: campaignCallerIds.isDefault })
    .from(campaignCallerIds)
    .where(and(eq(campaignCallerIds.teamId, scope.teamId), eq(campaignCallerIds.campaignId, campaignId)));
  return {
    campaignId: campaign.id,
    name: campaign.name,
    phoneNumberIds: members.map((m) => m.phoneNumberId),
    defaultId: members.find((m) => m.isDefault)?.phoneNumberId ?? null,
  };
}

/** Ids among `ids` that are numbers of the scope's team. */
export async function teamNumberIds(db: Db, scope: TeamScope, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select({ id: phoneNumbers.id })
    .from(phoneNumbers)
    .where(and(eq(phoneNumbers.teamId, scope.teamId), inArray(phoneNumbers.id, ids)));
  return rows.map((r) => r.id);
}

export async function replaceCampaignPool(
  db: Db,
  scope: TeamScope,
  campaignId: string,
  phoneNumberIds: string[],
  defaultId: string | null,
) {
  await db
    .delete(campaignCallerIds)
    .where(and(eq(campaignCallerIds.teamId, scope.teamId), eq(campaignCallerIds.campaignId, campaignId)));
  if (phoneNumberIds.length === 0) return;
  await db.insert(campaignCallerIds).values(
    phoneNumberIds.map((id) => ({
      campaignId,
      phoneNumberId: id,
      teamId: scope.teamId,
      isDefault: id === defaultId,
    })),
  );
}

/** Campaigns of the team with their pool sizes, for the caller-ID page. */
export async function listCampaignPools(db: Db, scope: TeamScope) {
  return db
    .select({
      campaignId: campaigns.id,
      name: campaigns.name,
      phoneNumberIds: sql<
        string[]
      >`coalesce(array_agg(${campaignCallerIds.phoneNumberId}) filter (where ${campaignCallerIds.phoneNumberId} is not null), '{}')`,
      defaultId: sql<
        string | null
      >`(array_agg(${campaignCallerIds.phoneNumberId}) filter (where ${campaignCallerIds.isDefault}))[1]`,
    })
    .from(campaigns)
    .leftJoin(campaignCallerIds, eq(campaignCallerIds.campaignId, campaigns.id))
    .where(and(eq(campaigns.teamId, scope.teamId), sql`${campaigns.archivedAt} is null`))
    .groupBy(campaigns.id, campaigns.name)
    .orderBy(asc(campaigns.name));
}
