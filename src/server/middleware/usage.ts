import { createMiddleware } from 'hono/factory';
import { matchedRoutes } from 'hono/route';
import { usageDay } from '../../core/privacy/usage';
import { incrementUsage } from '../../db/queries/usage';
import type { AppEnv, ServerDeps } from '../context';

/**
 * Counts successful API actions per day by route shape (e.g. "POST /api/teams/:teamId/invitations"):
 * feature use without user, team or IP, which is all the privacy page allows.
 */
export function countFeatureUse(deps: Pick<ServerDeps, 'db' | 'clock' | 'log'>) {
  return createMiddleware<AppEnv>(async (c, next) => {
    await next();
    if (c.req.method === 'GET' || c.res.status >= 400) return;
    // The last matched route is the handler that answered (earlier ones are middleware).
    const route = matchedRoutes(c)
      .filter((r) => r.method !== 'ALL')
      .at(-1)?.path;
    if (!route) return;
    await incrementUsage(deps.db, usageDay(deps.clock.now()), 'feature', `${c.req.method} ${route}`).catch(
      (err: unknown) => deps.log.warn({ err: String(err) }, 'usage count failed'),
    );
  });
}
