import { Hono } from 'hono';
import { z } from 'zod';
import { listAllPolicyVersions, listAllPrivacyRequests, usageReport } from '../../app/privacy/operator-reads';
import { closeRequest, logPrivacyRequest, privacyRequestSchema } from '../../app/privacy/manage-privacy-requests';
import { policyVersionSchema, publishPolicyVersion } from '../../app/privacy/publish-policy-version';
import type { AppEnv, ServerDeps } from '../context';
import { requireOperator } from '../middleware/operator';
import { idParam } from '../params';

/** The operator's console: not team data, so not under /api/teams; gated by OPERATOR_EMAILS. */
export function operatorRoutes(deps: ServerDeps) {
  const app = new Hono<AppEnv>();
  app.use('*', requireOperator(deps));

  app.get('/usage', async (c) => {
    const days = z.coerce.number().int().min(1).max(365).catch(30).parse(c.req.query('days'));
    return c.json(await usageReport(deps, days));
  });

  app.get('/policy-versions', async (c) => c.json({ versions: await listAllPolicyVersions(deps) }));
  app.post('/policy-versions', async (c) =>
    c.json(await publishPolicyVersion(deps, policyVersionSchema.parse(await c.req.json())), 201),
  );

  app.get('/privacy-requests', async (c) => c.json(await listAllPrivacyRequests(deps)));
  app.post('/privacy-requests', async (c) =>
    c.json(await logPrivacyRequest(deps, privacyRequestSchema.parse(await c.req.json())), 201),
  );
  app.post('/privacy-requests/:id/close', async (c) => {
    const { actionTaken } = z.object({ actionTaken: z.string().max(5000) }).parse(await c.req.json());
    await closeRequest(deps, idParam(c, 'id', 'No such privacy request'), actionTaken);
    return c.body(null, 204);
  });
  return app;
}
