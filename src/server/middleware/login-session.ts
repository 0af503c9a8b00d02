import { createMiddleware } from 'hono/factory';
import { touchLoginSession } from '../../db/queries/login-sessions';
import type { AppEnv, ServerDeps } from '../context';

const TOUCH_EVERY_MS = 5 * 60_000;

/** Resolves the better-auth session (if any) for every /api request. */
export function loginSessionMiddleware(deps: ServerDeps) {
  return createMiddleware<AppEnv>(async (c, next) => {
    c.set('user', null);
    c.set('session', null);
    if (c.req.header('cookie')?.includes('dialerseat')) {
      const result = await deps.auth.api.getSession({ headers: c.req.raw.headers });
      if (result) {
        c.set('user', {
          id: result.user.id,
          name: result.user.name,
          email: result.user.email,
          emailVerified: result.user.emailVerified,
        });
        c.set('session', { id: result.session.id, updatedAt: result.session.updatedAt });
        // Keeps "last seen" on the sessions page honest without a write per request.
        const now = deps.clock.now();
        if (now.getTime() - result.session.updatedAt.getTime() > TOUCH_EVERY_MS)
          await touchLoginSession(deps.db, result.session.id, now);
      }
    }
    await next();
  });
}
