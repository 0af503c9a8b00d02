import { Hono } from 'hono';
import { dateInRange } from '../../core/input';
import { addToDnc, importDncFile, removeFromDnc } from '../../app/manage-dnc';
import { AppError } from '../../core/errors';
import { phoneSearchKey } from '../../core/leads';
import { listDncNumbers } from '../../db/queries/dnc';
import type { AppEnv, ServerDeps } from '../context';
import { errorBody } from '../errors';
import { requireRole } from '../middleware/team-scope';
import { idParam } from '../params';

/** Mounted at /api/teams/:teamId/dnc. Any member may add a number; listing, removing and importing are admin work. */
export function dncRoutes(deps: ServerDeps) {
  const app = new Hono<AppEnv>();

  app.get('/', requireRole('admin'), async (c) => {
    const q = c.req.query('q')?.trim() ?? '';
    const digits = phoneSearchKey(q);
    let before: { at: Date; id: string } | undefined;
    const cursor = c.req.query('before');
    if (cursor) {
      const [at, id] = cursor.split('_');
      const atDate = dateInRange(at);
      if (!atDate || !id || !/^[0-9a-f-]{36}$/i.test(id)) throw new AppError('invalid_input', 'Bad cursor');
      before = { at: atDate, id };
    }
    const page = await listDncNumbers(deps.db, c.get('scope'), {
      digits: digits.length >= 3 ? digits : undefined,
      reason: digits.length < 3 && q !== '' ? q : undefined,
      before,
      limit: 100,
    });
    const last = page.numbers.at(-1);
    return c.json({ ...page, next: page.numbers.length === 100 && last ? `${last.addedAt.toISOString()}_${last.id}` : null });
  });

  app.post('/', async (c) => c.json(await addToDnc(deps, c.get('scope'), await c.req.json()), 201));

  app.delete('/:dncId', requireRole('admin'), async (c) => {
    await removeFromDnc(deps, c.get('scope'), idParam(c, 'dncId', 'No such number on the list'));
    return c.body(null, 204);
  });

  // A CSV of numbers as the raw request body, streamed (see isStreamedUpload).
  app.post('/imports', requireRole('admin'), async (c) => {
    const length = c.req.header('content-length');
    const result = await importDncFile(deps, c.get('scope'), c.req.raw.body, length && /^\d+$/.test(length) ? Number(length) : null);
    if (!result.ok) {
      c.header('Connection', 'close');
      return c.json(errorBody('invalid_input', result.message), result.reason === 'too_large' ? 413 : 400);
    }
    return c.json(result);
  });
  return app;
}
