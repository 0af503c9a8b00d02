import { AppError } from '../../core/errors';
import { checkRemoval, checkRoleChange, hasRole, type Role } from '../../core/teams/roles';
import type { TeamScope } from '../../core/teams/scope';
import { revokeInvitation as revokeInvitationRow } from '../../db/queries/invitations';
import {
  countOwners,
  deleteMember,
  findMembership,
  getMember,
  lockTeamMemberships,
  setMemberRole,
} from '../../db/queries/teams';
import type { AppDeps } from '../deps';
import { recordSecurityEvent } from '../account/record-security-event';

type Actor = { ip?: string | null; userAgent?: string | null };

export async function changeMemberRole(
  deps: AppDeps,
  scope: TeamScope,
  input: { memberId: string; role: Role } & Actor,
) {
  // Checked and changed under the team's membership lock, against the actor's role as it is now: two owners
  // demoting each other at once cannot both succeed.
  const result = await deps.db.transaction(async (tx) => {
    await lockTeamMemberships(tx, scope.teamId);
    const actor = await findMembership(tx, scope.userId, scope.teamId);
    if (!actor) throw new AppError('not_found', 'No such team');
    const target = await getMember(tx, actor, input.memberId);
    if (!target) throw new AppError('not_found', 'No such member in this team');
    const check = checkRoleChange({
      actor: actor.role,
      target: target.role,
      next: input.role,
      isSelf: target.userId === scope.userId,
      ownerCount: await countOwners(tx, actor),
    });
    if (!check.ok) throw new AppError('forbidden', check.reason);
    if (target.role !== input.role) await setMemberRole(tx, actor, target.id, input.role);
    return target;
  });
  if (result.role === input.role) return { id: result.id, role: result.role };
  await recordSecurityEvent(deps, {
    type: 'member_role_changed',
    userId: scope.userId,
    teamId: scope.teamId,
    ipAddress: input.ip,
    userAgent: input.userAgent,
    detail: { memberId: result.id, memberUserId: result.userId, from: result.role, to: input.role },
  });
  return { id: result.id, role: input.role };
}

export async function removeMember(deps: AppDeps, scope: TeamScope, input: { memberId: string } & Actor) {
  // As for role changes: two owners leaving at once cannot both go.
  const target = await deps.db.transaction(async (tx) => {
    await lockTeamMemberships(tx, scope.teamId);
    const actor = await findMembership(tx, scope.userId, scope.teamId);
    if (!actor) throw new AppError('not_found', 'No such team');
    const row = await getMember(tx, actor, input.memberId);
    if (!row) throw new AppError('not_found', 'No such member in this team');
    const check = checkRemoval({
      actor: actor.role,
      target: row.role,
      isSelf: row.userId === scope.userId,
      ownerCount: await countOwners(tx, actor),
    });
    if (!check.ok) throw new AppError('forbidden', check.reason);
    await deleteMember(tx, actor, row.id);
    return row;
  });
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
