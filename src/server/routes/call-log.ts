import { Hono } from 'hono';
import { exportCallsCsv } from '../../app/calls/export-calls';
import { getCall } from '../../app/calls/get-call-detail';
import { getCampaignOverview } from '../../app/campaigns/get-campaign-overview';
import { exportComplianceCsv, getComplianceReport } from '../../app/campaigns/get-compliance-report';
import { listCalls } from '../../app/calls/list-call-log';
import type { AppEnv, ServerDeps } from '../context';
import { csvDownload } from '../csv-download';
import { requireRole } from '../middleware/team-scope';
import { idParam } from '../params';

/**
 * The call log, mounted at /api/teams/:teamId/call-log behind the team-scope middleware. Agents see their own
 * calls, admins and owners the team's; the recording plays through the calls routes (GET /calls/:id/recording).
 */
export function callLogRoutes(deps: ServerDeps) {
  const app = new Hono<AppEnv>();

  app.get('/', async (c) => c.json(await listCalls(deps, c.get('scope'), c.req.query())));

  app.get('/export.csv', requireRole('admin'), async (c) => {
    const day = deps.clock.now().toISOString().slice(0, 10);
    // The use-case validates the filter before its first chunk, so a bad query answers 400 rather than a broken file.
    return csvDownload(c, exportCallsCsv(deps, c.get('scope'), c.req.query()), `calls-${day}.csv`);
  });

  app.get('/:callId', async (c) => c.json(await getCall(deps, c.get('scope'), idParam(c, 'callId', 'No such call'))));

  return app;
}

/** The first dashboard, mounted at /api/teams/:teamId/dashboard: a campaign's figures and its agents' live state. */
export function dashboardRoutes(deps: ServerDeps) {
  const app = new Hono<AppEnv>();
  app.get('/campaigns/:campaignId', requireRole('admin'), async (c) =>
    c.json(
      await getCampaignOverview(deps, c.get('scope'), idParam(c, 'campaignId', 'No such campaign'), c.req.query()),
    ),
  );
  app.get('/campaigns/:campaignId/compliance', requireRole('admin'), async (c) =>
    c.json(await getComplianceReport(deps, c.get('scope'), idParam(c, 'campaignId', 'No such campaign'))),
  );
  app.get('/campaigns/:campaignId/compliance.csv', requireRole('admin'), async (c) => {
    const day = deps.clock.now().toISOString().slice(0, 10);
    const campaignId = idParam(c, 'campaignId', 'No such campaign');
    return csvDownload(c, exportComplianceCsv(deps, c.get('scope'), campaignId), `compliance-${day}.csv`);
  });
  return app;
}
