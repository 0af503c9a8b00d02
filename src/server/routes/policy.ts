import { Hono } from 'hono';
import { z } from 'zod';
import { countPageView, policyInForce } from '../../app/privacy/public-policy';
import type { AppEnv, ServerDeps } from '../context';
import { errorBody } from '../errors';
import { enforceRateLimits } from '../middleware/rate-limit';

/** Public, cookie-free facts every page shows: the policy in force and any announced change. */
export function policyRoutes(deps: ServerDeps) {
  const app = new Hono<AppEnv>();
  app.get('/', async (c) => c.json(await policyInForce(deps)));
  return app;
}

const PAGE_VIEW_LIMIT = { limit: 120, windowSec: 600 };

/** Server-side page-view counting: the SPA reports the route it shows; we keep only its shape and the day. */
export function analyticsRoutes(deps: ServerDeps) {
  const app = new Hono<AppEnv>();
  app.post('/page-view', async (c) => {
    // Counted only from our own pages (the browser's Origin or Sec-Fetch-Site says so) and a bounded number per
    // client, so a script elsewhere cannot inflate the figures.
    const origin = c.req.header('origin');
    const sameSite = origin
      ? origin === new URL(deps.settings.publicBaseUrl).origin
      : c.req.header('sec-fetch-site') === 'same-origin';
    if (!sameSite)
      return c.json(errorBody('forbidden', 'Page views are counted only from DialerSeat’s own pages'), 403);
    await enforceRateLimits(deps, [{ key: `page-view:${c.get('clientIp')}`, ...PAGE_VIEW_LIMIT }]);
    const { path } = z.object({ path: z.string().max(2000) }).parse(await c.req.json());
    await countPageView(deps, path);
    return c.body(null, 204);
  });
  return app;
}
