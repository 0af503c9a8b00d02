import type { TeamScope } from '../../core/teams/scope';
import { setTeamTimeZone as storeTimeZone } from '../../db/queries/teams';
import type { AppDeps } from '../deps';

/** Sets the zone the team's reports count days in (the route checks the caller is an admin and the zone is real). */
export async function setTeamTimeZone(deps: Pick<AppDeps, 'db'>, scope: TeamScope, timeZone: string) {
  await storeTimeZone(deps.db, scope, timeZone);
  return { timeZone };
}
