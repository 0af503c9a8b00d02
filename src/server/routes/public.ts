import { Hono } from 'hono';
import { publicPlans } from '../../app/billing/get-billing-overview';
import type { AppEnv, ServerDeps } from '../context';

/** Unauthenticated reads for the marketing pages. */
export function publicRoutes(deps: ServerDeps) {
  const app = new Hono<AppEnv>();
  app.get('/plans', (c) => c.json({ billingEnabled: deps.payments.enabled, plans: publicPlans(deps) }));
  return app;
}
