import { createMiddleware } from 'hono/factory';
import { isUuid } from '../../core/ids';
import { hasRole, type Role } from '../../core/teams/roles';
import { findMembership } from '../../db/queries/teams';
import type { AppEnv, ServerDeps } from '../context';
import { errorBody } from '../errors';

export const requireUser = createMiddleware<AppEnv>(async (c, next) => {
  if (!c.get('user')) return c.json(errorBody('unauthenticated', 'Sign in to continue'), 401);
  await next();
});

/**
 * THE place team scoping happens: `/api/teams/:teamId/*` resolves the caller's membership and
 * stores it as `scope`; a team the caller does not belong to is indistinguishable from one that
 * does not exist (404). Every team-data query takes that scope.
 */
export function teamScope(deps: Pick<ServerDeps, 'db'>) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const user = c.get('user');
    if (!user) return c.json(errorBody('unauthenticated', 'Sign in to continue'), 401);
    const teamId = c.req.param('teamId') ?? '';
    const scope = isUuid(teamId) ? await findMembership(deps.db, user.id, teamId) : null;
    if (!scope) return c.json(errorBody('not_found', 'No such team'), 404);
    c.set('scope', scope);
    await next();
  });
}

export function requireRole(role: Role) {
  return createMiddleware<AppEnv>(async (c, next) => {
    if (!hasRole(c.get('scope').role, role))
      return c.json(errorBody('forbidden', `This needs the ${role} role in this team`), 403);
    await next();
  });
}
