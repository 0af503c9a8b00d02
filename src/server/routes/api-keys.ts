import { Hono } from 'hono';
import { createApiKey, listTeamApiKeys, revokeTeamApiKey } from '../../app/teams/manage-api-keys';
import type { AppEnv, ServerDeps } from '../context';
import { requireRole } from '../middleware/team-scope';
import { idParam } from '../params';

/** Mounted at /api/teams/:teamId/api-keys: owners and admins manage the team's keys for /api/v1. */
export function apiKeyRoutes(deps: ServerDeps) {
  const app = new Hono<AppEnv>();
  app.use('*', requireRole('admin'));
  app.get('/', async (c) => c.json({ keys: await listTeamApiKeys(deps, c.get('scope')) }));
  app.post('/', async (c) => c.json(await createApiKey(deps, c.get('scope'), await c.req.json()), 201));
  app.post('/:apiKeyId/revoke', async (c) =>
    c.json({ key: await revokeTeamApiKey(deps, c.get('scope'), idParam(c, 'apiKeyId', 'No such API key')) }),
  );
  return app;
}
