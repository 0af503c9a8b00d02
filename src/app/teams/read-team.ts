import type { TeamScope } from '../../core/teams/scope';
import { listOpenInvitations } from '../../db/queries/invitations';
import { listTeamSecurityEvents } from '../../db/queries/security-events';
import { getTeam, listMembers } from '../../db/queries/teams';
import type { AppDeps } from '../deps';

/** The scope's team row. */
export const getTeamInfo = (deps: Pick<AppDeps, 'db'>, scope: TeamScope) => getTeam(deps.db, scope);

export const listTeamMembers = (deps: Pick<AppDeps, 'db'>, scope: TeamScope) => listMembers(deps.db, scope);

/** Invitations not yet accepted, revoked or expired. */
export const listTeamInvitations = (deps: Pick<AppDeps, 'db' | 'clock'>, scope: TeamScope) =>
  listOpenInvitations(deps.db, scope, deps.clock.now());

/** The team's security log, 100 at a time, older than `before` when given. */
export const listTeamSecurityLog = (deps: Pick<AppDeps, 'db'>, scope: TeamScope, opts: { before?: Date }) =>
  listTeamSecurityEvents(deps.db, scope, { limit: 100, before: opts.before });
