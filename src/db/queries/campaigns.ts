import { and, asc, eq, inArray, isNull, ne, sql } from 'drizzle-orm';
import type { CampaignInput } from '../../core/campaigns/campaign';
import { hasRole } from '../../core/teams/roles';
import type { TeamScope } from '../../core/teams/scope';
import type { Db } from '../client';
import { campaignAgents, campaigns, leadStateCounts, leadStateDeltas, members, users } from '../schema';

export type CampaignRow = typeof campaigns.$inferSelect;

const columns = (input: CampaignInput) => ({
  name: input.name,
  description: input.description,
  dialMode: input.dialMode,
  callingWindow: input.callingWindow as Record<string, unknown>,
  retryRules: input.retryRules as unknown as Record<string, unknown>,
  dispositions: input.dispositions as unknown as Record<string, unknown>[],
  script: input.script,
  recordingEnabled: input.recordingEnabled,
  recordingDisclosure: input.recordingDisclosure,
  amd: input.amd,
  maxLinesPerAgent: input.maxLinesPerAgent,
  targetAbandonBp: input.targetAbandonBp,
  safeHarborSeller: input.safeHarborSeller,
  safeHarborCallbackNumber: input.safeHarborCallbackNumber,
  safeHarborTemplate: input.safeHarborTemplate,
  callbackRouting: input.callbackRouting,
});

/** Agents see only the campaigns they are assigned to; admins and owners see all of the team's. */
function visibleTo(scope: TeamScope) {
  const team = eq(campaigns.teamId, scope.teamId);
  if (hasRole(scope.role, 'admin')) return team;
  return and(
    team,
    sql`exists (select 1 from ${campaignAgents} ca join ${members} m on m.id = ca.member_id
                where ca.campaign_id = ${campaigns.id} and m.user_id = ${scope.userId} and m.team_id = ${scope.teamId})`,
  );
}

export async function listCampaigns(db: Db, scope: TeamScope, opts: { includeArchived: boolean }) {
  const rows = await db
    .select({
      id: campaigns.id,
      name: campaigns.name,
      description: campaigns.description,
      dialMode: campaigns.dialMode,
      recordingEnabled: campaigns.recordingEnabled,
      amd: campaigns.amd,
      dispositions: campaigns.dispositions,
      archivedAt: campaigns.archivedAt,
      createdAt: campaigns.createdAt,
      // The kept counts plus the pending deltas (decision 0036): exact, and a few rows per campaign instead of its
      // whole list. The campaign's id is written out qualified: drizzle renders a column in a select list bare, and a
      // bare "id" inside these subqueries is the inner table's (the lead count once compared leads.campaign_id with
      // leads.id, read every lead and always said 0).
      leadCount: sql<number>`(select coalesce(sum(k.n), 0)::int from (
        select s.leads as n from ${leadStateCounts} s where s.campaign_id = "campaigns"."id"
        union all
        select d.leads from ${leadStateDeltas} d where d.campaign_id = "campaigns"."id") k)`,
      agentCount: sql<number>`(select count(*)::int from ${campaignAgents} ca where ca.campaign_id = "campaigns"."id")`,
    })
    .from(campaigns)
    .where(and(visibleTo(scope), opts.includeArchived ? undefined : isNull(campaigns.archivedAt)))
    .orderBy(asc(campaigns.archivedAt), asc(sql`lower(${campaigns.name})`));
  return rows;
}

export async function getCampaign(db: Db, scope: TeamScope, id: string) {
  const [row] = await db
    .select()
    .from(campaigns)
    .where(and(visibleTo(scope), eq(campaigns.id, id)));
  if (!row) return null;
  const agents = await db
    .select({
      memberId: campaignAgents.memberId,
      userId: members.userId,
      name: users.name,
      email: users.email,
      role: members.role,
    })
    .from(campaignAgents)
    .innerJoin(members, eq(members.id, campaignAgents.memberId))
    .innerJoin(users, eq(users.id, members.userId))
    .where(and(eq(campaignAgents.campaignId, id), eq(campaignAgents.teamId, scope.teamId)))
    .orderBy(asc(users.name));
  return { ...row, agents };
}

/** The campaign when it belongs to the scope's team (any role, archived or not), for writes that check existence. */
export async function findTeamCampaign(db: Db, scope: Pick<TeamScope, 'teamId'>, id: string) {
  const [row] = await db
    .select({ id: campaigns.id, name: campaigns.name, archivedAt: campaigns.archivedAt })
    .from(campaigns)
    .where(and(eq(campaigns.teamId, scope.teamId), eq(campaigns.id, id)));
  return row ?? null;
}

export async function campaignNameTaken(db: Db, scope: TeamScope, name: string, exceptId?: string) {
  const [row] = await db
    .select({ id: campaigns.id })
    .from(campaigns)
    .where(
      and(
        eq(campaigns.teamId, scope.teamId),
        isNull(campaigns.archivedAt),
        sql`lower(${campaigns.name}) = lower(${name})`,
        exceptId ? ne(campaigns.id, exceptId) : undefined,
      ),
    )
    .limit(1);
  return row !== undefined;
}

/** Member ids from `ids` that are members of the scope's team. */
export async function teamMemberIds(db: Db, scope: TeamScope, ids: readonly string[]) {
  if (ids.length === 0) return [];
  const rows = await db
    .select({ id: members.id })
    .from(members)
    .where(and(eq(members.teamId, scope.teamId), inArray(members.id, [...ids])));
  return rows.map((r) => r.id);
}

export async function insertCampaign(db: Db, scope: TeamScope, input: CampaignInput) {
  const [row] = await db
    .insert(campaigns)
    .values({ teamId: scope.teamId, ...columns(input) })
    .returning();
  if (!row) throw new Error('campaign insert returned nothing');
  return row;
}

export async function updateCampaign(db: Db, scope: TeamScope, id: string, input: CampaignInput, now: Date) {
  const [row] = await db
    .update(campaigns)
    .set({ ...columns(input), updatedAt: now })
    .where(and(eq(campaigns.teamId, scope.teamId), eq(campaigns.id, id)))
    .returning();
  return row ?? null;
}

export async function replaceCampaignAgents(
  db: Db,
  scope: TeamScope,
  campaignId: string,
  memberIds: readonly string[],
) {
  await db
    .delete(campaignAgents)
    .where(and(eq(campaignAgents.teamId, scope.teamId), eq(campaignAgents.campaignId, campaignId)));
  if (memberIds.length > 0)
    await db
      .insert(campaignAgents)
      .values(memberIds.map((memberId) => ({ campaignId, memberId, teamId: scope.teamId })));
}

export async function setCampaignArchived(db: Db, scope: TeamScope, id: string, archivedAt: Date | null) {
  const [row] = await db
    .update(campaigns)
    .set({ archivedAt, updatedAt: archivedAt ?? sql`now()` })
    .where(and(eq(campaigns.teamId, scope.teamId), eq(campaigns.id, id)))
    .returning({ id: campaigns.id, archivedAt: campaigns.archivedAt });
  return row ?? null;
}

export type CampaignSettingsRow = Pick<
  typeof campaigns.$inferSelect,
  | 'id'
  | 'name'
  | 'dialMode'
  | 'callingWindow'
  | 'retryRules'
  | 'dispositions'
  | 'script'
  | 'recordingEnabled'
  | 'recordingDisclosure'
  | 'amd'
  | 'archivedAt'
>;

export async function getCampaignSettings(
  db: Db,
  scope: TeamScope,
  campaignId: string,
): Promise<CampaignSettingsRow | null> {
  const [row] = await db
    .select({
      id: campaigns.id,
      name: campaigns.name,
      dialMode: campaigns.dialMode,
      callingWindow: campaigns.callingWindow,
      retryRules: campaigns.retryRules,
      dispositions: campaigns.dispositions,
      script: campaigns.script,
      recordingEnabled: campaigns.recordingEnabled,
      recordingDisclosure: campaigns.recordingDisclosure,
      amd: campaigns.amd,
      archivedAt: campaigns.archivedAt,
    })
    .from(campaigns)
    .where(and(eq(campaigns.teamId, scope.teamId), eq(campaigns.id, campaignId)));
  return row ?? null;
}
