import { AppError } from '../../core/errors';
import { CONTROL_CHARACTERS } from '../../core/input';
import { hasRole } from '../../core/teams/roles';
import type { TeamScope } from '../../core/teams/scope';
import { createInvitation, findOpenInvitation } from '../../db/queries/invitations';
import { getTeam, listMembers } from '../../db/queries/teams';
import type { AppDeps } from '../deps';
import { enforceRateLimits, hashedKeyPart } from '../enforce-rate-limits';
import { newInvitationToken } from './invitation-token';
import { recordSecurityEvent } from '../account/record-security-event';

// Per team and per inviter the hourly number is configuration (INVITATIONS_PER_HOUR): a call centre onboards tens of
// agents at once, an abuser wants thousands. Re-sends to one address are few whatever the team.
export const INVITE_LIMITS = {
  perAddress: { limit: 3, windowSec: 86_400 },
};

/** A user-chosen name for a plain-text mail: one line, no control characters, in quotes. */
function quoted(name: string | null | undefined): string | null {
  if (!name) return null;
  return `“${name.replace(CONTROL_CHARACTERS, ' ').trim().slice(0, 100)}”`;
}

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
    throw new AppError('conflict', `${email} is already a member of this team`, {
      fields: { email: 'Already a member' },
    });
  if (await findOpenInvitation(deps.db, scope, email, now))
    throw new AppError('conflict', `${email} already has an open invitation; revoke it to send a new one`, {
      fields: { email: 'Already invited' },
    });
  // Invitations are e-mail we send to any address on a user's say-so: bounded per team, per inviter and per address.
  const teamKey = hashedKeyPart(scope.teamId);
  await enforceRateLimits(deps, [
    {
      key: `invite-team:${teamKey}`,
      limit: deps.settings.invitationsPerHour,
      windowSec: 3600,
      message: 'This team sent many invitations in the last hour; try again later',
    },
    {
      key: `invite-user:${hashedKeyPart(scope.userId)}`,
      limit: deps.settings.invitationsPerHour,
      windowSec: 3600,
      message: 'You sent many invitations in the last hour; try again later',
    },
    {
      key: `invite-address:${hashedKeyPart(`${scope.teamId}:${email}`)}`,
      ...INVITE_LIMITS.perAddress,
      message: `${email} was already invited ${INVITE_LIMITS.perAddress.limit} times today; try again tomorrow`,
    },
  ]);
  const team = await getTeam(deps.db, scope);
  const inviter = existing.find((m) => m.userId === scope.userId);
  const { token, tokenHash } = newInvitationToken();
  const expiresAt = new Date(now.getTime() + deps.settings.invitationTtlHours * 3600_000);
  const invitation = await createInvitation(deps.db, scope, { email, role: input.role, tokenHash, expiresAt });
  const link = `${deps.settings.publicBaseUrl}/invite/${token}`;
  // Names are chosen by users: kept out of the subject, and in the plain-text body only quoted, on one line.
  await deps.mailer.send({
    to: email,
    subject: 'You are invited to a team on DialerSeat',
    text: [
      `${quoted(inviter?.name) ?? 'A teammate'} invited you to join the team ${quoted(team?.name) ?? ''} on DialerSeat as ${input.role === 'admin' ? 'an admin' : 'an agent'}.`,
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
