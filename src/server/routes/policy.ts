import { Hono } from 'hono';
import { z } from 'zod';
import { countPageView, policyInForce } from '../../app/privacy/public-policy';
import type { AppEnv, ServerDeps } from '../context';

/** Public, cookie-free facts every page shows: the policy in force and any announced change. */
export function policyRoutes(deps: ServerDeps) {
  const app = new Hono<AppEnv>();
  app.get('/', async (c) => c.json(await policyInForce(deps)));
  return app;
}

/** Server-side page-view counting: the SPA reports the route it shows; we keep only its shape and the day. */
export function analyticsRoutes(deps: ServerDeps) {
  const app = new Hono<AppEnv>();
  app.post('/page-view', async (c) => {
    const { path } = z.object({ path: z.string().max(2000) }).parse(await c.req.json());
    await countPageView(deps, path);
    return c.body(null, 204);
  });
  return app;
}
