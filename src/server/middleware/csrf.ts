import { createHmac, timingSafeEqual } from 'node:crypto';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../context';
import { errorBody } from '../errors';

/** A per-session synchronizer token: HMAC(secret, session id). The SPA reads it from GET /api/me. */
export function csrfTokenFor(secret: string, sessionId: string) {
  return createHmac('sha256', secret).update(`csrf:${sessionId}`).digest('base64url');
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Cookie-authenticated mutations must carry X-CSRF-Token. (better-auth's own routes under
 * /api/auth check the Origin header themselves; provider webhooks are signature-verified.)
 */
export function csrfProtection(secret: string) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const session = c.get('session');
    if (!SAFE.has(c.req.method) && session) {
      const sent = c.req.header('x-csrf-token') ?? '';
      const expected = csrfTokenFor(secret, session.id);
      const ok = sent.length === expected.length && timingSafeEqual(Buffer.from(sent), Buffer.from(expected));
      if (!ok)
        return c.json(errorBody('forbidden', 'Missing or invalid CSRF token; reload the page and try again'), 403);
    }
    await next();
  });
}
