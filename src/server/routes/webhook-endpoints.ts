import { Hono } from 'hono';
import {
  createEndpoint,
  listEndpoints,
  removeEndpoint,
  updateEndpoint,
} from '../../app/webhooks/manage-webhook-endpoints';
import { listDeliveries, replayDelivery } from '../../app/webhooks/webhook-log';
import type { AppEnv, ServerDeps } from '../context';
import { requireRole } from '../middleware/team-scope';
import { idParam } from '../params';

/** Mounted at /api/teams/:teamId/webhooks: outbound webhook endpoints and their delivery log (owners and admins). */
export function webhookEndpointRoutes(deps: ServerDeps) {
  const app = new Hono<AppEnv>();
  app.use('*', requireRole('admin'));
  app.get('/', async (c) => c.json({ endpoints: await listEndpoints(deps, c.get('scope')) }));
  app.post('/', async (c) => c.json(await createEndpoint(deps, c.get('scope'), await c.req.json()), 201));
  app.patch('/:endpointId', async (c) =>
    c.json(
      await updateEndpoint(
        deps,
        c.get('scope'),
        idParam(c, 'endpointId', 'No such webhook endpoint'),
        await c.req.json(),
      ),
    ),
  );
  app.delete('/:endpointId', async (c) => {
    await removeEndpoint(deps, c.get('scope'), idParam(c, 'endpointId', 'No such webhook endpoint'));
    return c.body(null, 204);
  });
  app.get('/:endpointId/deliveries', async (c) =>
    c.json(
      await listDeliveries(
        deps,
        c.get('scope'),
        idParam(c, 'endpointId', 'No such webhook endpoint'),
        c.req.query('before'),
      ),
    ),
  );
  app.post('/deliveries/:deliveryId/replay', async (c) =>
    c.json(await replayDelivery(deps, c.get('scope'), idParam(c, 'deliveryId', 'No such delivery')), 201),
  );
  return app;
}
