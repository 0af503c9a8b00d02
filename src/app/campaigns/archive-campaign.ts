import { AppError } from '../../core/errors';
import { hasRole } from '../../core/teams/roles';
import type { TeamScope } from '../../core/teams/scope';
import { campaignNameTaken, findTeamCampaign, setCampaignArchived } from '../../db/queries/campaigns';
import type { AppDeps } from '../deps';

/**
 * Archiving hides a campaign from agents' lists and from dialing but keeps its leads and history;
 * restoring brings it back unless an active campaign has taken its name meanwhile.
 */
export async function setCampaignArchivedState(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  scope: TeamScope,
  id: string,
  archived: boolean,
) {
  if (!hasRole(scope.role, 'admin')) throw new AppError('forbidden', 'Only owners and admins can archive campaigns');
  const campaign = await findTeamCampaign(deps.db, scope, id);
  if (!campaign) throw new AppError('not_found', 'No such campaign');
  if (!archived && campaign.archivedAt && (await campaignNameTaken(deps.db, scope, campaign.name, id)))
    throw new AppError('conflict', `An active campaign is already called "${campaign.name}"; rename it first`);
  const row = await setCampaignArchived(
    deps.db,
    scope,
    id,
    archived ? (campaign.archivedAt ?? deps.clock.now()) : null,
  );
  if (!row) throw new AppError('not_found', 'No such campaign');
  return row;
}
