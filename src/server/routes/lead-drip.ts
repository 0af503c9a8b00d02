import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import {
  disableLeadDrip,
  enableLeadDrip,
  getLeadDripSettings,
  setLeadDripMapping,
} from '../../app/campaigns/manage-lead-drip';
import { ingestLeadDrip, MAX_DRIP_BODY_BYTES, type DripAnswer } from '../../app/leads/ingest-lead-drip';
import { createWorkGate } from '../../app/work-gate';
import type { AppEnv, ServerDeps } from '../context';
import { requireRole } from '../middleware/team-scope';
import { idParam } from '../params';

/** Mounted at /api/teams/:teamId/campaigns/:campaignId/drip: admins turn the campaign's drip URL on, rotate it, off. */
export function leadDripRoutes(deps: ServerDeps) {
  const app = new Hono<AppEnv>();
  app.use('*', requireRole('admin'));
  const campaignId = (c: Parameters<typeof idParam>[0]) => idParam(c, 'campaignId', 'No such campaign');
  app.get('/', async (c) => c.json(await getLeadDripSettings(deps, c.get('scope'), campaignId(c))));
  app.post('/enable', async (c) => c.json(await enableLeadDrip(deps, c.get('scope'), campaignId(c))));
  app.post('/disable', async (c) => c.json(await disableLeadDrip(deps, c.get('scope'), campaignId(c))));
  app.put('/mapping', async (c) =>
    c.json(await setLeadDripMapping(deps, c.get('scope'), campaignId(c), await c.req.json())),
  );
  return app;
}

/**
 * Mounted at /ingest/leads, outside /api: a lead vendor posts JSON to POST /ingest/leads/:token. No session, no
 * CSRF: the long random token in the URL is the credential. The body is read here under its own size limit (it may
 * be an array, which the /api input gate refuses) and handed to the use-case, which reads it once the request is let
 * in by this process's drip gate.
 */
export function leadDripIngestRoutes(deps: ServerDeps) {
  const app = new Hono<AppEnv>();
  const gate = createWorkGate(deps.server.dripBatches);
  const answer = (c: Context, a: DripAnswer) => {
    c.header('Cache-Control', 'no-store');
    if (a.retryAfterSec) c.header('Retry-After', String(a.retryAfterSec));
    return c.json(a.body as object, a.status);
  };
  const ingest = (token: string, readBody: () => Promise<string>, tooLarge: boolean) =>
    ingestLeadDrip(deps, { token, readBody, tooLarge, limitPerMinute: deps.server.dripRateLimitPerMinute, gate });
  app.post(
    '/:token',
    bodyLimit({
      maxSize: MAX_DRIP_BODY_BYTES,
      onError: async (c) => answer(c, await ingest(c.req.param('token') ?? '', async () => '', true)),
    }),
    async (c) => answer(c, await ingest(c.req.param('token'), () => c.req.text(), false)),
  );
  return app;
}
