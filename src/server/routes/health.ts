import { Hono } from 'hono';
import { isReadyForTraffic } from '../../app/ops/check-readiness';
import type { AppEnv, ServerDeps } from '../context';

export function healthRoutes(deps: Pick<ServerDeps, 'pool'>) {
  const app = new Hono<AppEnv>();
  // Process is up (liveness): no I/O, so a slow database never gets a healthy process killed.
  app.get('/healthz', (c) => c.json({ ok: true }));
  // Ready for traffic: the database answers and every committed migration is applied.
  app.get('/readyz', async (c) => {
    const current = await isReadyForTraffic(deps);
    return current
      ? c.json({ ok: true })
      : c.json({ ok: false, reason: 'database unreachable or migrations pending' }, 503);
  });
  return app;
}
