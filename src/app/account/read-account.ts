import { listUserSecurityEvents } from '../../db/queries/security-events';
import { listTeamsForUser } from '../../db/queries/teams';
import type { AppDeps } from '../deps';

/** The teams the signed-in user belongs to, with their role in each. */
export const listMyTeams = (deps: Pick<AppDeps, 'db'>, userId: string) => listTeamsForUser(deps.db, userId);

/** The signed-in user's own security log, newest first (the last 100). */
export const listMySecurityEvents = (deps: Pick<AppDeps, 'db'>, userId: string) =>
  listUserSecurityEvents(deps.db, userId, 100);
