import { AppError } from '../../core/errors';
import { hasRole } from '../../core/teams/roles';
import type { TeamScope } from '../../core/teams/scope';
import { createInvitation, findOpenInvitation } from '../../db/queries/invitations';
import { getTeam, listMembers } from '../../db/queries/teams';
import type { AppDeps } from '../deps';
import { newInvitationToken } from './invitation-token';
import { recordSecurityEvent } from '../account/record-security-event';

export async function inviteMember(
  deps: AppDeps,
  scope: TeamScope,
  input: { email: string; role: 'admin' | 'agent'; ip?: string | null; userAgent?: string | null },
) {
  if (!hasRole(scope.role, 'admin')) throw new AppError('forbidden', 'Only owners and admins can invite');
  const email = input.email.trim().toLowerCase();
  const now = deps.clock.now();
  const existing = await listMembers(deps.db, scope);
  if (existing.some((m) => m.email.toLowerCase() === email))
    throw new AppError('conflict', `${email} is already a member of this team`, { fields: { email: 'Already a member' } });
  if (await findOpenInvitation(deps.db, scope, email, now))
    throw new AppError('conflict', `${email} already has an open invitation; revoke it to send a new one`, {
      fields: { email: 'Already invited' },
    });
  const team = await getTeam(deps.db, scope);
  const inviter = existing.find((m) => m.userId === scope.userId);
  const { token, tokenHash } = newInvitationToken();
  const expiresAt = new Date(now.getTime() + deps.settings.invitationTtlHours * 3600_000);
  const invitation = await createInvitation(deps.db, scope, { email, role: input.role, tokenHash, expiresAt });
  const link = `${deps.settings.publicBaseUrl}/invite/${token}`;
  await deps.mailer.send({
    to: email,
    subject: `${inviter?.name ?? 'A teammate'} invited you to ${team?.name ?? 'a team'} on DialerSeat`,
    text: [
      `${inviter?.name ?? 'A teammate'} invited you to join "${team?.name}" on DialerSeat as ${input.role === 'admin' ? 'an admin' : 'an agent'}.`,
      '',
      `Accept the invitation: ${link}`,
      '',
      `The link works until ${expiresAt.toUTCString()}. If you did not expect it, ignore this e-mail.`,
    ].join('\n'),
  });
  await recordSecurityEvent(deps, {
    type: 'member_invited',
    userId: scope.userId,
    teamId: scope.teamId,
    ipAddress: input.ip,
    userAgent: input.userAgent,
    detail: { role: input.role, invitationId: invitation.id },
  });
  return { id: invitation.id, email, role: input.role, expiresAt };
}
