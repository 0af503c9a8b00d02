import { Hono } from 'hono';
import { dateInRange } from '../../core/input';
import { z } from 'zod';
import { createTeam, teamNameSchema } from '../../app/create-team';
import { deleteTeam } from '../../app/delete-team';
import { inviteMember } from '../../app/invite-member';
import { changeMemberRole, removeMember, revokeInvitation } from '../../app/manage-members';
import { roles } from '../../core/teams/roles';
import { listOpenInvitations } from '../../db/queries/invitations';
import { listTeamSecurityEvents } from '../../db/queries/security-events';
import { getTeam, listMembers, renameTeam } from '../../db/queries/teams';
import type { AppEnv, ServerDeps } from '../context';
import { requireRole, requireUser, teamScope } from '../middleware/team-scope';
import { idParam } from '../params';
import { confirmPassword } from '../password-check';

const inviteSchema = z.object({
  email: z.email('Enter a valid e-mail address'),
  role: z.enum(['admin', 'agent']).default('agent'),
});
const roleSchema = z.object({ role: z.enum(roles) });

/** Everything under /api/teams/:teamId is behind the team-scope middleware. */
export function teamRoutes(deps: ServerDeps) {
  const app = new Hono<AppEnv>();
  const actor = (c: { get: <K extends keyof AppEnv['Variables']>(k: K) => AppEnv['Variables'][K] }) => ({
    ip: c.get('clientIp'),
    userAgent: c.get('userAgent'),
  });

  app.post('/', requireUser, async (c) => {
    const { name } = z.object({ name: teamNameSchema }).parse(await c.req.json());
    return c.json(await createTeam(deps, { userId: c.get('user')!.id, name }), 201);
  });

  app.use('/:teamId/*', teamScope(deps));
  app.use('/:teamId', teamScope(deps));

  app.get('/:teamId', async (c) => {
    const team = await getTeam(deps.db, c.get('scope'));
    return c.json({ team, role: c.get('scope').role });
  });
  app.patch('/:teamId', requireRole('admin'), async (c) => {
    const { name } = z.object({ name: teamNameSchema }).parse(await c.req.json());
    await renameTeam(deps.db, c.get('scope'), name);
    return c.json({ name });
  });

  app.post('/:teamId/delete', requireRole('owner'), async (c) => {
    const body = z.object({ password: z.string(), confirmName: z.string() }).parse(await c.req.json());
    await confirmPassword(deps, c.req.raw.headers, body.password, { userId: c.get('scope').userId, ip: c.get('clientIp') });
    return c.json(await deleteTeam(deps, c.get('scope'), { confirmName: body.confirmName }));
  });

  app.get('/:teamId/members', requireRole('admin'), async (c) => c.json({ members: await listMembers(deps.db, c.get('scope')) }));
  app.patch('/:teamId/members/:memberId', requireRole('admin'), async (c) => {
    const { role } = roleSchema.parse(await c.req.json());
    return c.json(await changeMemberRole(deps, c.get('scope'), { memberId: idParam(c, 'memberId', 'No such member in this team'), role, ...actor(c) }));
  });
  app.delete('/:teamId/members/:memberId', async (c) => {
    await removeMember(deps, c.get('scope'), { memberId: idParam(c, 'memberId', 'No such member in this team'), ...actor(c) });
    return c.body(null, 204);
  });

  app.get('/:teamId/invitations', requireRole('admin'), async (c) =>
    c.json({ invitations: await listOpenInvitations(deps.db, c.get('scope'), deps.clock.now()) }),
  );
  app.post('/:teamId/invitations', requireRole('admin'), async (c) => {
    const input = inviteSchema.parse(await c.req.json());
    return c.json(await inviteMember(deps, c.get('scope'), { ...input, ...actor(c) }), 201);
  });
  app.delete('/:teamId/invitations/:invitationId', requireRole('admin'), async (c) => {
    await revokeInvitation(deps, c.get('scope'), { invitationId: idParam(c, 'invitationId', 'No open invitation with that id in this team'), ...actor(c) });
    return c.body(null, 204);
  });

  app.get('/:teamId/security-events', requireRole('admin'), async (c) => {
    const before = c.req.query('before');
    const events = await listTeamSecurityEvents(deps.db, c.get('scope'), {
      limit: 100,
      before: dateInRange(before),
    });
    return c.json({ events });
  });
  return app;
}
