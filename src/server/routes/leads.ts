import { Hono } from 'hono';
import { bulkLeads } from '../../app/leads/bulk-leads';
import { editLead } from '../../app/leads/edit-lead';
import { exportLeadsCsv } from '../../app/leads/export-leads';
import { getLeadWithAudit, leadAuditTrail, listLeadPage } from '../../app/leads/read-leads';
import { leadFilterSchema, leadPageSchema } from '../../core/lead-table/filter';
import type { AppEnv, ServerDeps } from '../context';
import { csvDownload } from '../csv-download';
import { requireRole } from '../middleware/team-scope';
import { idParam } from '../params';

/** Mounted at /api/teams/:teamId/leads. Agents read and edit the leads of their campaigns; bulk work and export are admin work. */
export function leadRoutes(deps: ServerDeps) {
  const app = new Hono<AppEnv>();

  app.get('/', async (c) => {
    const page = leadPageSchema.parse(c.req.query());
    return c.json(await listLeadPage(deps, c.get('scope'), page));
  });

  app.get('/export.csv', requireRole('admin'), async (c) => {
    const filter = leadFilterSchema.parse(c.req.query());
    const day = deps.clock.now().toISOString().slice(0, 10);
    return csvDownload(c, exportLeadsCsv(deps, c.get('scope'), filter), `leads-${day}.csv`);
  });

  app.post('/bulk', requireRole('admin'), async (c) =>
    c.json(await bulkLeads(deps, c.get('scope'), await c.req.json())),
  );

  app.get('/:leadId', async (c) => {
    return c.json(await getLeadWithAudit(deps, c.get('scope'), idParam(c, 'leadId', 'No such lead')));
  });

  app.patch('/:leadId', async (c) => {
    const scope = c.get('scope');
    const id = idParam(c, 'leadId', 'No such lead');
    const lead = await editLead(deps, scope, id, await c.req.json());
    return c.json({ lead, audit: await leadAuditTrail(deps, scope, id) });
  });
  return app;
}
