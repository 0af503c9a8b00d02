import { Hono } from 'hono';
import { getBillingOverview } from '../../app/billing/get-billing-overview';
import { teamAccessFor } from '../../app/billing/get-team-access';
import { openBillingPortal } from '../../app/billing/open-billing-portal';
import { startCheckout, startCheckoutSchema } from '../../app/billing/start-checkout';
import type { AppEnv, ServerDeps } from '../context';
import { requireRole } from '../middleware/team-scope';

// Both are mounted under /api/teams/:teamId/… after teamRoutes, whose team-scope middleware resolves
// `scope` first (a team the caller is not in answers 404 before any handler here runs).

/** /api/teams/:teamId/billing — Settings → Billing. */
export function billingRoutes(deps: ServerDeps) {
  const app = new Hono<AppEnv>();
  app.get('/', requireRole('admin'), async (c) => c.json(await getBillingOverview(deps, c.get('scope'))));
  app.post('/checkout', requireRole('owner'), async (c) => {
    const input = startCheckoutSchema.parse(await c.req.json());
    return c.json(await startCheckout(deps, c.get('scope'), { ...input, ownerEmail: c.get('user')!.email }));
  });
  app.post('/portal', requireRole('owner'), async (c) => c.json(await openBillingPortal(deps, c.get('scope'))));
  return app;
}

/** /api/teams/:teamId/access — every member: the app shell's banner (past due, lapsed, no subscription) reads it. */
export function accessRoutes(deps: ServerDeps) {
  const app = new Hono<AppEnv>();
  app.get('/', async (c) =>
    c.json({ billingEnabled: deps.payments.enabled, ...(await teamAccessFor(deps, c.get('scope'))) }),
  );
  return app;
}
