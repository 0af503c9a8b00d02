import { Hono } from 'hono';
import { z } from 'zod';
import { closeRequest, logPrivacyRequest, privacyRequestSchema } from '../../app/manage-privacy-requests';
import { policyVersionSchema, publishPolicyVersion } from '../../app/publish-policy-version';
import { usageDay } from '../../core/privacy/usage';
import { listPolicyVersions } from '../../db/queries/policy';
import { listPrivacyRequests } from '../../db/queries/privacy-requests';
import { listUsage } from '../../db/queries/usage';
import type { AppEnv, ServerDeps } from '../context';
import { requireOperator } from '../middleware/operator';
import { idParam } from '../params';

/** The operator's console: not team data, so not under /api/teams; gated by OPERATOR_EMAILS. */
export function operatorRoutes(deps: ServerDeps) {
  const app = new Hono<AppEnv>();
  app.use('*', requireOperator(deps));

  app.get('/usage', async (c) => {
    const days = z.coerce.number().int().min(1).max(365).catch(30).parse(c.req.query('days'));
    const from = usageDay(new Date(deps.clock.now().getTime() - (days - 1) * 86_400_000));
    return c.json({ from, rows: await listUsage(deps.db, from) });
  });

  app.get('/policy-versions', async (c) => c.json({ versions: await listPolicyVersions(deps.db) }));
  app.post('/policy-versions', async (c) => c.json(await publishPolicyVersion(deps, policyVersionSchema.parse(await c.req.json())), 201));

  app.get('/privacy-requests', async (c) => c.json(await listPrivacyRequests(deps.db)));
  app.post('/privacy-requests', async (c) => c.json(await logPrivacyRequest(deps, privacyRequestSchema.parse(await c.req.json())), 201));
  app.post('/privacy-requests/:id/close', async (c) => {
    const { actionTaken } = z.object({ actionTaken: z.string().max(5000) }).parse(await c.req.json());
    await closeRequest(deps, idParam(c, 'id', 'No such privacy request'), actionTaken);
    return c.body(null, 204);
  });
  return app;
}
