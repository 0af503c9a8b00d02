import { Hono } from 'hono';
import { bulkLeads } from '../../app/leads/bulk-leads';
import { editLead } from '../../app/leads/edit-lead';
import { exportLeadsCsv } from '../../app/leads/export-leads';
import { notFound } from '../../core/errors';
import { leadFilterSchema, leadPageSchema } from '../../core/lead-table/filter';
import { countLeads, customFieldKeys, getLeadVisibleToCaller, getLeadAudit, listLeads } from '../../db/queries/leads';
import type { AppEnv, ServerDeps } from '../context';
import { requireRole } from '../middleware/team-scope';
import { idParam } from '../params';

/** Mounted at /api/teams/:teamId/leads. Agents read and edit the leads of their campaigns; bulk work and export are admin work. */
export function leadRoutes(deps: ServerDeps) {
  const app = new Hono<AppEnv>();

  app.get('/', async (c) => {
    const page = leadPageSchema.parse(c.req.query());
    const scope = c.get('scope');
    // The page, its count and the custom columns on three connections at once.
    const [result, count, customKeys] = await Promise.all([
      listLeads(deps.db, scope, page),
      countLeads(deps.db, scope, page),
      customFieldKeys(deps.db, scope, page.campaignId),
    ]);
    return c.json({ ...result, ...count, customKeys, offset: page.offset, limit: page.limit });
  });

  app.get('/export.csv', requireRole('admin'), async (c) => {
    const filter = leadFilterSchema.parse(c.req.query());
    const chunks = exportLeadsCsv(deps, c.get('scope'), filter);
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const next = await chunks.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value));
      },
      async cancel() {
        await chunks.return(undefined);
      },
    });
    const day = deps.clock.now().toISOString().slice(0, 10);
    return c.body(body, 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="leads-${day}.csv"`,
    });
  });

  app.post('/bulk', requireRole('admin'), async (c) => c.json(await bulkLeads(deps, c.get('scope'), await c.req.json())));

  app.get('/:leadId', async (c) => {
    const scope = c.get('scope');
    const id = idParam(c, 'leadId', 'No such lead');
    const lead = await getLeadVisibleToCaller(deps.db, scope, id);
    if (!lead) throw notFound('No such lead');
    return c.json({ lead, audit: await getLeadAudit(deps.db, scope, id) });
  });

  app.patch('/:leadId', async (c) => {
    const scope = c.get('scope');
    const id = idParam(c, 'leadId', 'No such lead');
    const lead = await editLead(deps, scope, id, await c.req.json());
    return c.json({ lead, audit: await getLeadAudit(deps.db, scope, id) });
  });
  return app;
}
