import { dispositionsSchema } from '../../core/campaigns/campaign';
import type { TeamScope } from '../../core/teams/scope';
import { listCampaigns } from '../../db/queries/campaigns';
import type { AppDeps } from '../deps';

/** The disposition choices of each live campaign: what a call's `disposition` key means. */
export async function listCampaignDispositions(deps: Pick<AppDeps, 'db'>, scope: TeamScope) {
  const campaigns = await listCampaigns(deps.db, scope, { includeArchived: false });
  return campaigns.map((c) => ({
    campaignId: c.id,
    campaignName: c.name,
    dispositions: dispositionsSchema.safeParse(c.dispositions).data ?? [],
  }));
}
