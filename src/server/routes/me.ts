import { Hono } from 'hono';
import { deleteAccount } from '../../app/privacy/delete-account';
import { exportMyData } from '../../app/privacy/export-my-data';
import {
  listMyLoginSessions,
  revokeMyOtherLoginSessions,
  revokeMyLoginSession,
} from '../../app/account/manage-login-sessions';
import { listMySecurityEvents, listMyTeams } from '../../app/account/read-account';
import { profileSchema, updateProfile } from '../../app/account/update-profile';
import type { AppEnv, ServerDeps, SessionUser } from '../context';
import { csrfTokenFor } from '../middleware/csrf';
import { isOperator } from '../middleware/operator';
import { requireUser } from '../middleware/team-scope';
import { confirmPassword } from '../password-check';

async function mePayload(deps: ServerDeps, user: SessionUser, sessionId: string) {
  const teams = await listMyTeams(deps, user.id);
  return { user, teams, operator: isOperator(deps, user), csrfToken: csrfTokenFor(deps.server.csrfSecret, sessionId) };
}

/** What the SPA asks on every load: who is signed in, if anyone (200 either way, so no console noise). */
export function loginSessionRoutes(deps: ServerDeps) {
  const app = new Hono<AppEnv>();
  app.get('/', async (c) => {
    const user = c.get('user');
    const session = c.get('session');
    return c.json(user && session ? await mePayload(deps, user, session.id) : { user: null });
  });
  return app;
}

/** The signed-in user's own account: profile, teams, sessions. Scoped by user id, not team. */
export function meRoutes(deps: ServerDeps) {
  const app = new Hono<AppEnv>();
  app.use('*', requireUser);
  const caller = (c: { get: <K extends keyof AppEnv['Variables']>(k: K) => AppEnv['Variables'][K] }) => ({
    userId: c.get('user')!.id,
    sessionId: c.get('session')!.id,
    ip: c.get('clientIp'),
    userAgent: c.get('userAgent'),
  });

  app.get('/', async (c) => c.json(await mePayload(deps, c.get('user')!, c.get('session')!.id)));

  app.patch('/', async (c) => {
    const input = profileSchema.parse(await c.req.json());
    return c.json(await updateProfile(deps, c.get('user')!.id, input));
  });

  app.get('/sessions', async (c) => c.json({ sessions: await listMyLoginSessions(deps, caller(c)) }));
  app.delete('/sessions/:sessionId', async (c) => {
    await revokeMyLoginSession(deps, caller(c), c.req.param('sessionId'));
    return c.body(null, 204);
  });
  app.post('/sessions/revoke-others', async (c) => c.json(await revokeMyOtherLoginSessions(deps, caller(c))));

  app.get('/export', async (c) => {
    const data = await exportMyData(deps, c.get('user')!.id);
    c.header('Content-Disposition', `attachment; filename="dialerseat-my-data-${data.exportedAt.slice(0, 10)}.json"`);
    return c.json(data);
  });

  app.post('/delete', async (c) => {
    const body = (await c.req.json()) as { password?: unknown };
    const user = c.get('user')!;
    await confirmPassword(deps, c.req.raw.headers, body.password, { userId: user.id, ip: c.get('clientIp') });
    return c.json(await deleteAccount(deps, { id: user.id, email: user.email }));
  });

  app.get('/security-events', async (c) => c.json({ events: await listMySecurityEvents(deps, c.get('user')!.id) }));
  return app;
}
