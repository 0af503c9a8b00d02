import { Hono } from 'hono';
import { dateInRange } from '../../core/input';
import { z } from 'zod';
import { createTeam, teamNameSchema } from '../../app/teams/create-team';
import { deleteTeam } from '../../app/teams/delete-team';
import { inviteMember } from '../../app/teams/invite-member';
import { changeMemberRole, removeMember, revokeInvitation } from '../../app/teams/manage-members';
import { getTeamInfo, listTeamInvitations, listTeamMembers, listTeamSecurityLog } from '../../app/teams/read-team';
import { renameTeam } from '../../app/teams/rename-team';
import { setTeamTimeZone } from '../../app/teams/set-team-time-zone';
import { inviteSchema, teamTimeZoneSchema } from '../../core/api/teams.types';
import { roles } from '../../core/teams/roles';
import type { AppEnv, ServerDeps } from '../context';
import { requireRole, requireUser, teamScope } from '../middleware/team-scope';
import { idParam } from '../params';
import { confirmPassword } from '../password-check';

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
    const team = await getTeamInfo(deps, c.get('scope'));
    return c.json({ team, role: c.get('scope').role });
  });
  app.patch('/:teamId', requireRole('admin'), async (c) => {
    const { name } = z.object({ name: teamNameSchema }).parse(await c.req.json());
    return c.json(await renameTeam(deps, c.get('scope'), name));
  });

  app.put('/:teamId/time-zone', requireRole('admin'), async (c) => {
    const { timeZone } = teamTimeZoneSchema.parse(await c.req.json());
    return c.json(await setTeamTimeZone(deps, c.get('scope'), timeZone));
  });

  app.post('/:teamId/delete', requireRole('owner'), async (c) => {
    const body = z.object({ password: z.string(), confirmName: z.string() }).parse(await c.req.json());
    await confirmPassword(deps, c.req.raw.headers, body.password, {
      userId: c.get('scope').userId,
      ip: c.get('clientIp'),
    });
    return c.json(await deleteTeam(deps, c.get('scope'), { confirmName: body.confirmName }));
  });

  app.get('/:teamId/members', requireRole('admin'), async (c) =>
    c.json({ members: await listTeamMembers(deps, c.get('scope')) }),
  );
  app.patch('/:teamId/members/:memberId', requireRole('admin'), async (c) => {
    const { role } = roleSchema.parse(await c.req.json());
    return c.json(
      await changeMemberRole(deps, c.get('scope'), {
        memberId: idParam(c, 'memberId', 'No such member in this team'),
        role,
        ...actor(c),
      }),
    );
  });
  app.delete('/:teamId/members/:memberId', async (c) => {
    await removeMember(deps, c.get('scope'), {
      memberId: idParam(c, 'memberId', 'No such member in this team'),
      ...actor(c),
    });
    return c.body(null, 204);
  });

  app.get('/:teamId/invitations', requireRole('admin'), async (c) =>
    c.json({ invitations: await listTeamInvitations(deps, c.get('scope')) }),
  );
  app.post('/:teamId/invitations', requireRole('admin'), async (c) => {
    const input = inviteSchema.parse(await c.req.json());
    return c.json(await inviteMember(deps, c.get('scope'), { ...input, ...actor(c) }), 201);
  });
  app.delete('/:teamId/invitations/:invitationId', requireRole('admin'), async (c) => {
    await revokeInvitation(deps, c.get('scope'), {
      invitationId: idParam(c, 'invitationId', 'No open invitation with that id in this team'),
      ...actor(c),
    });
    return c.body(null, 204);
  });

  app.get('/:teamId/security-events', requireRole('admin'), async (c) => {
    const before = c.req.query('before');
    const events = await listTeamSecurityLog(deps, c.get('scope'), {
      before: dateInRange(before),
    });
    return c.json({ events });
  });
  return app;
}
