import { Hono } from 'hono';
import { setCampaignArchivedState } from '../../app/campaigns/archive-campaign';
import { getTeamCampaign, listTeamCampaigns } from '../../app/campaigns/read-campaigns';
import { createCampaign, editCampaign } from '../../app/campaigns/save-campaign';
import type { AppEnv, ServerDeps } from '../context';
import { requireRole } from '../middleware/team-scope';
import { idParam } from '../params';

/** Mounted at /api/teams/:teamId/campaigns, behind the team-scope middleware. */
export function campaignRoutes(deps: ServerDeps) {
  const app = new Hono<AppEnv>();

  app.get('/', async (c) => {
    const includeArchived = c.req.query('archived') === '1';
    return c.json({ campaigns: await listTeamCampaigns(deps, c.get('scope'), { includeArchived }) });
  });
  app.post('/', requireRole('admin'), async (c) =>
    c.json(await createCampaign(deps, c.get('scope'), await c.req.json()), 201),
  );

  app.get('/:campaignId', async (c) => {
    return c.json(await getTeamCampaign(deps, c.get('scope'), idParam(c, 'campaignId', 'No such campaign')));
  });
  app.put('/:campaignId', requireRole('admin'), async (c) =>
    c.json(await editCampaign(deps, c.get('scope'), idParam(c, 'campaignId', 'No such campaign'), await c.req.json())),
  );
  app.post('/:campaignId/archive', requireRole('admin'), async (c) =>
    c.json(await setCampaignArchivedState(deps, c.get('scope'), idParam(c, 'campaignId', 'No such campaign'), true)),
  );
  app.post('/:campaignId/restore', requireRole('admin'), async (c) =>
    c.json(await setCampaignArchivedState(deps, c.get('scope'), idParam(c, 'campaignId', 'No such campaign'), false)),
  );
  return app;
}
