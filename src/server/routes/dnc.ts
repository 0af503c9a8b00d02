import { Hono } from 'hono';
import { listDnc } from '../../app/leads/list-dnc';
import { addToDnc, importDncFile, removeFromDnc } from '../../app/leads/manage-dnc';
import type { AppEnv, ServerDeps } from '../context';
import { errorBody } from '../errors';
import { requireRole } from '../middleware/team-scope';
import { idParam } from '../params';

/** Mounted at /api/teams/:teamId/dnc. Any member may add a number; listing, removing and importing are admin work. */
export function dncRoutes(deps: ServerDeps) {
  const app = new Hono<AppEnv>();

  app.get('/', requireRole('admin'), async (c) => {
    return c.json(
      await listDnc(deps, c.get('scope'), { q: c.req.query('q')?.trim() ?? '', before: c.req.query('before') }),
    );
  });

  app.post('/', async (c) => c.json(await addToDnc(deps, c.get('scope'), await c.req.json()), 201));

  app.delete('/:dncId', requireRole('admin'), async (c) => {
    await removeFromDnc(deps, c.get('scope'), idParam(c, 'dncId', 'No such number on the list'));
    return c.body(null, 204);
  });

  // A CSV of numbers as the raw request body, streamed (see isStreamedUpload).
  app.post('/imports', requireRole('admin'), async (c) => {
    const length = c.req.header('content-length');
    const result = await importDncFile(
      deps,
      c.get('scope'),
      c.req.raw.body,
      length && /^\d+$/.test(length) ? Number(length) : null,
    );
    if (!result.ok) {
      c.header('Connection', 'close');
      return c.json(errorBody('invalid_input', result.message), result.reason === 'too_large' ? 413 : 400);
    }
    return c.json(result);
  });
  return app;
}
