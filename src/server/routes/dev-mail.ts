import { Hono } from 'hono';
import { listDevOutbox } from '../../app/ops/read-dev-outbox';
import type { AppEnv, ServerDeps } from '../context';

/** The embedded outbox, readable outside production so a fresh machine can follow invite and reset links. */
export function devMailRoutes(deps: ServerDeps) {
  const app = new Hono<AppEnv>();
  app.get('/', async (c) => c.json({ messages: await listDevOutbox(deps) }));
  return app;
}
