import type { TeamScope } from '../../core/teams/scope';
import { setZoneAndRedayRollups } from '../../db/queries/call-rollups';
import type { AppDeps } from '../deps';

/**
 * Sets the zone the team's reports count days in (the route checks the caller is an admin and the zone is real).
 * The daily report rollups are keyed by the team's day, so they are recomputed for the new zone in the same
 * transaction (decision 0034).
 */
export async function setTeamTimeZone(deps: Pick<AppDeps, 'db'>, scope: TeamScope, timeZone: string) {
  await setZoneAndRedayRollups(deps.db, scope.teamId, timeZone);
  return { timeZone };
}
