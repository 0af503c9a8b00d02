import type { TeamScope } from '../../core/teams/scope';
import { getExport, listExports } from '../../db/queries/team-export';
import type { AppDeps } from '../deps';

/** The team's data exports, for the settings page. */
export const listTeamExports = (deps: Pick<AppDeps, 'db'>, scope: TeamScope) => listExports(deps.db, scope);

/** One export of the team by id (the route decides between 404, 410 and 409 from its status); null when none. */
export const findTeamExport = (deps: Pick<AppDeps, 'db'>, scope: TeamScope, exportId: string) =>
  getExport(deps.db, scope, exportId);
