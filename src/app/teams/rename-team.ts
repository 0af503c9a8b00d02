import type { TeamScope } from '../../core/teams/scope';
import { renameTeam as storeTeamName } from '../../db/queries/teams';
import type { AppDeps } from '../deps';

/** Renames the scope's team (the route checks the caller is an admin and the name is valid). */
export async function renameTeam(deps: Pick<AppDeps, 'db'>, scope: TeamScope, name: string) {
  await storeTeamName(deps.db, scope, name);
  return { name };
}
