import { AppError } from '../../core/errors';
import { findInvitationByTokenHash, markInvitationAccepted } from '../../db/queries/invitations';
import { addMember } from '../../db/queries/teams';
import type { AppDeps } from '../deps';
import { hashInvitationToken } from './invitation-token';
import { recordSecurityEvent } from '../account/record-security-event';

/** What the invitation page shows before the visitor signs up or signs in. */
export async function describeInvitation(deps: Pick<AppDeps, 'db' | 'clock'>, token: string) {
  const inv = await findInvitationByTokenHash(deps.db, hashInvitationToken(token));
  if (!inv) throw new AppError('not_found', 'This invitation link is not valid');
  const state = inv.acceptedAt
    ? 'accepted'
    : inv.revokedAt
      ? 'revoked'
      : inv.expiresAt <= deps.clock.now()
        ? 'expired'
        : 'open';
  return {
    teamName: inv.teamName,
    email: inv.email,
    role: inv.role,
    invitedBy: inv.invitedBy,
    state,
    expiresAt: inv.expiresAt,
  };
}

export async function acceptInvitation(
  deps: AppDeps,
  input: { token: string; userId: string; userEmail: string; ip?: string | null; userAgent?: string | null },
) {
  const inv = await findInvitationByTokenHash(deps.db, hashInvitationToken(input.token));
  const now = deps.clock.now();
  if (!inv) throw new AppError('not_found', 'This invitation link is not valid');
  if (inv.revokedAt) throw new AppError('invalid_state', 'This invitation was revoked; ask for a new one');
  if (inv.acceptedAt) throw new AppError('invalid_state', 'This invitation was already used');
  if (inv.expiresAt <= now) throw new AppError('invalid_state', 'This invitation has expired; ask for a new one');
  if (inv.email.toLowerCase() !== input.userEmail.toLowerCase())
    throw new AppError('forbidden', `This invitation was sent to ${inv.email}; sign in with that address to accept it`);
  await deps.db.transaction(async (tx) => {
    if (!(await markInvitationAccepted(tx, inv.id, now)))
      throw new AppError('invalid_state', 'This invitation was already used');
    await addMember(tx, inv.teamId, input.userId, inv.role);
  });
  await recordSecurityEvent(deps, {
    type: 'invitation_accepted',
    userId: input.userId,
    teamId: inv.teamId,
    ipAddress: input.ip,
    userAgent: input.userAgent,
    detail: { role: inv.role },
  });
  return { teamId: inv.teamId, teamName: inv.teamName, role: inv.role };
}
