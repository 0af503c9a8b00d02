import { createMiddleware } from 'hono/factory';
import { assertTeamAccess, type AccessCapability } from '../../app/billing/get-team-access';
import { AppError } from '../../core/errors';
import type { AppEnv, ServerDeps } from '../context';
import { errorBody } from '../errors';

/**
 * Mount after the team-scope middleware on routes that create billable usage (dialing, imports):
 * `app.post('/:teamId/calls', requireAccess(deps, 'dial'), …)`. A team whose payment state does not
 * allow it gets 402 `{ error: { code: 'payment_required', message } }`; reads and exports are never gated.
 */
export function requireAccess(deps: ServerDeps, capability: AccessCapability) {
  return createMiddleware<AppEnv>(async (c, next) => {
    try {
      await assertTeamAccess(deps, c.get('scope'), capability);
    } catch (e) {
      if (e instanceof AppError && e.code === 'payment_required') return c.json(errorBody(e.code, e.message), 402);
      throw e;
    }
    await next();
  });
}
