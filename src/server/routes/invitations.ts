import { Hono } from 'hono';
import { acceptInvitation, describeInvitation } from '../../app/teams/accept-invitation';
import type { AppEnv, ServerDeps } from '../context';
import { requireUser } from '../middleware/team-scope';

/** The invitation link's own routes: readable by anyone holding the secret token. */
export function invitationRoutes(deps: ServerDeps) {
  const app = new Hono<AppEnv>();
  app.get('/:token', async (c) => c.json(await describeInvitation(deps, c.req.param('token'))));
  app.post('/:token/accept', requireUser, async (c) => {
    const user = c.get('user')!;
    const result = await acceptInvitation(deps, {
      token: c.req.param('token'),
      userId: user.id,
      userEmail: user.email,
      ip: c.get('clientIp'),
      userAgent: c.get('userAgent'),
    });
    return c.json(result);
  });
  return app;
}
