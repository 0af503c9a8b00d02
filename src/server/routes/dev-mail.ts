import { Hono } from 'hono';
import { listOutbox } from '../../db/queries/outbox';
import type { AppEnv, ServerDeps } from '../context';

/** The embedded outbox, readable outside production so a fresh machine can follow invite and reset links. */
export function devMailRoutes(deps: ServerDeps) {
  const app = new Hono<AppEnv>();
  app.get('/', async (c) => c.json({ messages: await listOutbox(deps.db, 100) }));
  return app;
}
