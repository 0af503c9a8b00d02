import { Readable } from 'node:stream';
import { Hono } from 'hono';
import { requestTeamExport } from '../../app/privacy/export-team-data';
import { findTeamExport, listTeamExports } from '../../app/privacy/read-team-exports';
import type { AppEnv, ServerDeps } from '../context';
import { errorBody } from '../errors';
import { requireRole } from '../middleware/team-scope';
import { idParam } from '../params';

/** "Export all team data": owners and admins start it, watch it and download the ZIP until it expires. */
export function exportRoutes(deps: ServerDeps) {
  const app = new Hono<AppEnv>();
  app.use('*', requireRole('admin'));
  app.get('/', async (c) => c.json({ exports: await listTeamExports(deps, c.get('scope')) }));
  app.post('/', async (c) => c.json(await requestTeamExport(deps, c.get('scope')), 202));
  app.get('/:exportId/download', async (c) => {
    // Canonical (lower-case) UUID: it is also the file's name on disk.
    const id = idParam(c, 'exportId', 'No such export');
    const row = await findTeamExport(deps, c.get('scope'), id);
    if (!row) return c.json(errorBody('not_found', 'No such export'), 404);
    if (row.status === 'expired' || (row.expiresAt && row.expiresAt <= deps.clock.now()))
      return c.json(errorBody('gone', 'This export has expired and was deleted; start a new one'), 410);
    if (row.status !== 'done') return c.json(errorBody('invalid_state', 'This export is not finished yet'), 409);
    const body = Readable.toWeb(Readable.from(deps.exportFiles.read(id, { start: 0 }))) as ReadableStream<Uint8Array>;
    return new Response(body, {
      headers: {
        'Content-Type': 'application/zip',
        'Content-Disposition': `attachment; filename="${(row.fileName ?? 'dialerseat-export.zip').replace(/[^\w.-]+/g, '-')}"`,
        ...(row.sizeBytes ? { 'Content-Length': String(row.sizeBytes) } : {}),
        'Cache-Control': 'no-store',
      },
    });
  });
  return app;
}
