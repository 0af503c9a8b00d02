import { Hono } from 'hono';
import { getLiveFloor } from '../../app/reports/get-live-floor';
import type { AppEnv, ServerDeps } from '../context';
import { requireRole } from '../middleware/team-scope';

/**
 * GET /api/teams/:teamId/floor — the live floor's snapshot (owners and admins). The page then follows the team's event
 * stream with `?floor=1`, which pushes the rows each change touched, and loads this again after a reconnect.
 */
export function floorRoutes(deps: ServerDeps) {
  const app = new Hono<AppEnv>();
  app.get('/', requireRole('admin'), async (c) => c.json(await getLiveFloor(deps, c.get('scope'))));
  return app;
}
