import { Hono } from 'hono';
import { listCallerIds, setCampaignPool, updateCallerId } from '../../app/telephony/manage-caller-ids';
import { getCallerIdHealth, updateCallerIdHealth } from '../../app/telephony/caller-id-health';
import { placeSimulatedInboundCall } from '../../app/telephony/place-simulated-inbound-call';
import { syncPhoneNumbers } from '../../app/telephony/sync-phone-numbers';
import type { AppEnv, ServerDeps } from '../context';
import { requireRole } from '../middleware/team-scope';
import { idParam } from '../params';

/** Mounted at /api/teams/:teamId/caller-ids: the team's numbers, their daily caps and campaign pools (admins). */
export function callerIdRoutes(deps: ServerDeps) {
  const app = new Hono<AppEnv>();
  app.use('*', requireRole('admin'));
  app.get('/', async (c) => c.json(await listCallerIds(deps, c.get('scope'))));
  app.get('/health', async (c) => c.json(await getCallerIdHealth(deps, c.get('scope'))));
  app.put('/health', async (c) => c.json(await updateCallerIdHealth(deps, c.get('scope'), await c.req.json())));
  app.post('/sync', async (c) => c.json(await syncPhoneNumbers(deps, c.get('scope').teamId)));
  // The simulator only: a test call into one of the team's numbers (decision 0026).
  app.post('/simulated-inbound-calls', async (c) =>
    c.json(await placeSimulatedInboundCall(deps, c.get('scope'), await c.req.json()), 201),
  );
  app.patch('/:numberId', async (c) =>
    c.json(await updateCallerId(deps, c.get('scope'), idParam(c, 'numberId', 'No such caller ID'), await c.req.json())),
  );
  app.put('/pools/:campaignId', async (c) =>
    c.json(
      await setCampaignPool(deps, c.get('scope'), idParam(c, 'campaignId', 'No such campaign'), await c.req.json()),
    ),
  );
  return app;
}
