export const roles = ['owner', 'admin', 'agent'] as const;
export type Role = (typeof roles)[number];

const rank: Record<Role, number> = { agent: 1, admin: 2, owner: 3 };

/** True when `role` is at least `needed` (owner > admin > agent). */
export function hasRole(role: Role, needed: Role): boolean {
  return rank[role] >= rank[needed];
}

export type RoleChangeCheck = { ok: true } | { ok: false; reason: string };

/**
 * Who may change whose role. Admins manage agents and admins but never touch owners or create
 * owners; owners may do anything except leave the team without an owner.
 */
export function checkRoleChange(input: {
  actor: Role;
  target: Role;
  next: Role;
  isSelf: boolean;
  ownerCount: number;
}): RoleChangeCheck {
  const { actor, target, next, ownerCount } = input;
  if (!hasRole(actor, 'admin')) return { ok: false, reason: 'Only owners and admins can change roles' };
  if (actor === 'admin' && (target === 'owner' || next === 'owner'))
    return { ok: false, reason: 'Only an owner can grant or remove the owner role' };
  if (target === 'owner' && next !== 'owner' && ownerCount <= 1)
    return { ok: false, reason: 'A team needs at least one owner; make someone else owner first' };
  return { ok: true };
}

export function checkRemoval(input: {
  actor: Role;
  target: Role;
  isSelf: boolean;
  ownerCount: number;
}): RoleChangeCheck {
  const { actor, target, isSelf, ownerCount } = input;
  if (!isSelf && !hasRole(actor, 'admin')) return { ok: false, reason: 'Only owners and admins can remove members' };
  if (!isSelf && actor === 'admin' && target === 'owner')
    return { ok: false, reason: 'Only an owner can remove an owner' };
  if (target === 'owner' && ownerCount <= 1)
    return { ok: false, reason: 'The last owner cannot leave; hand the team over or delete it' };
  return { ok: true };
}
