import { Hono } from 'hono';
import { exportReportCsv } from '../../app/reports/export-report';
import { getReport } from '../../app/reports/get-report';
import type { AppEnv, ServerDeps } from '../context';
import { csvDownload } from '../csv-download';

/**
 * The reports, mounted at /api/teams/:teamId/reports: /agents, /caller-ids, /dispositions and each one's
 * /export.csv. Every member may ask; the use-case limits an agent to their own rows.
 */
export function reportRoutes(deps: ServerDeps) {
  const app = new Hono<AppEnv>();
  app.get('/:kind', async (c) => c.json(await getReport(deps, c.get('scope'), c.req.param('kind'), c.req.query())));
  app.get('/:kind/export.csv', async (c) => {
    const kind = c.req.param('kind');
    const query = c.req.query();
    return csvDownload(
      c,
      exportReportCsv(deps, c.get('scope'), kind, query),
      `report-${kind.replace(/[^a-z-]/g, '')}-${(query.from ?? '').replace(/[^0-9-]/g, '')}.csv`,
    );
  });
  return app;
}
