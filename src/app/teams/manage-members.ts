import { AppError } from '../../core/errors';
import { checkRemoval, checkRoleChange, hasRole, type Role } from '../../core/teams/roles';
import type { TeamScope } from '../../core/teams/scope';
import { revokeInvitation as revokeInvitationRow } from '../../db/queries/invitations';
import { countOwners, deleteMember, getMember, setMemberRole } from '../../db/queries/teams';
import type { AppDeps } from '../deps';
import { recordSecurityEvent } from '../account/record-security-event';

type Actor = { ip?: string | null; userAgent?: string | null };

export async function changeMemberRole(deps: AppDeps, scope: TeamScope, input: { memberId: string; role: Role } & Actor) {
  const target = await getMember(deps.db, scope, input.memberId);
  if (!target) throw new AppError('not_found', 'No such member in this team');
  const check = checkRoleChange({
    actor: scope.role,
    target: target.role,
    next: input.role,
    isSelf: target.userId === scope.userId,
    ownerCount: await countOwners(deps.db, scope),
  });
  if (!check.ok) throw new AppError('forbidden', check.reason);
  if (target.role === input.role) return { id: target.id, role: target.role };
  await setMemberRole(deps.db, scope, target.id, input.role);
  await recordSecurityEvent(deps, {
    type: 'member_role_changed',
    userId: scope.userId,
    teamId: scope.teamId,
    ipAddress: input.ip,
    userAgent: input.userAgent,
    detail: { memberId: target.id, memberUserId: target.userId, from: target.role, to: input.role },
  });
  return { id: target.id, role: input.role };
}

export async function removeMember(deps: AppDeps, scope: TeamScope, input: { memberId: string } & Actor) {
  const target = await getMember(deps.db, scope, input.memberId);
  if (!target) throw new AppError('not_found', 'No such member in this team');
  const check = checkRemoval({
    actor: scope.role,
    target: target.role,
    isSelf: target.userId === scope.userId,
    ownerCount: await countOwners(deps.db, scope),
  });
  if (!check.ok) throw new AppError('forbidden', check.reason);
  await deleteMember(deps.db, scope, target.id);
  await recordSecurityEvent(deps, {
    type: 'member_removed',
    userId: scope.userId,
    teamId: scope.teamId,
    ipAddress: input.ip,
    userAgent: input.userAgent,
    detail: { memberId: target.id, memberUserId: target.userId, role: target.role },
  });
}

export async function revokeInvitation(deps: AppDeps, scope: TeamScope, input: { invitationId: string } & Actor) {
  if (!hasRole(scope.role, 'admin')) throw new AppError('forbidden', 'Only owners and admins can revoke invitations');
  if (!(await revokeInvitationRow(deps.db, scope, input.invitationId, deps.clock.now())))
    throw new AppError('not_found', 'No open invitation with that id in this team');
  await recordSecurityEvent(deps, {
    type: 'invitation_revoked',
    userId: scope.userId,
    teamId: scope.teamId,
    ipAddress: input.ip,
    userAgent: input.userAgent,
    detail: { invitationId: input.invitationId },
  });
}
