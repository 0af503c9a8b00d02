import { notFound } from '../../core/errors';
import type { TeamScope } from '../../core/teams/scope';
import { getCampaign, listCampaigns } from '../../db/queries/campaigns';
import type { AppDeps } from '../deps';

/** The team's campaigns as the caller may see them (agents: their assigned ones). */
export const listTeamCampaigns = (deps: Pick<AppDeps, 'db'>, scope: TeamScope, opts: { includeArchived: boolean }) =>
  listCampaigns(deps.db, scope, opts);

/** One campaign of the team; not_found when it is not the caller's to see. */
export async function getTeamCampaign(deps: Pick<AppDeps, 'db'>, scope: TeamScope, campaignId: string) {
  const campaign = await getCampaign(deps.db, scope, campaignId);
  if (!campaign) throw notFound('No such campaign');
  return campaign;
}
