import { describe, expect, it } from 'vitest';
import { checkRemoval, checkRoleChange, hasRole } from './roles';

describe('roles', () => {
  it('orders owner > admin > agent', () => {
    expect(hasRole('owner', 'admin')).toBe(true);
    expect(hasRole('admin', 'admin')).toBe(true);
    expect(hasRole('agent', 'admin')).toBe(false);
  });

  it('lets admins promote agents but not create or demote owners', () => {
    const base = { isSelf: false, ownerCount: 1 };
    expect(checkRoleChange({ ...base, actor: 'admin', target: 'agent', next: 'admin' }).ok).toBe(true);
    expect(checkRoleChange({ ...base, actor: 'admin', target: 'agent', next: 'owner' }).ok).toBe(false);
    expect(checkRoleChange({ ...base, actor: 'admin', target: 'owner', next: 'agent' }).ok).toBe(false);
    expect(checkRoleChange({ ...base, actor: 'agent', target: 'agent', next: 'admin' }).ok).toBe(false);
  });

  it('never leaves a team without an owner', () => {
    expect(checkRoleChange({ actor: 'owner', target: 'owner', next: 'admin', isSelf: true, ownerCount: 1 }).ok).toBe(
      false,
    );
    expect(checkRoleChange({ actor: 'owner', target: 'owner', next: 'admin', isSelf: true, ownerCount: 2 }).ok).toBe(
      true,
    );
    expect(checkRemoval({ actor: 'owner', target: 'owner', isSelf: true, ownerCount: 1 }).ok).toBe(false);
  });

  it('lets anyone leave, but only admins remove others', () => {
    expect(checkRemoval({ actor: 'agent', target: 'agent', isSelf: true, ownerCount: 1 }).ok).toBe(true);
    expect(checkRemoval({ actor: 'agent', target: 'admin', isSelf: false, ownerCount: 1 }).ok).toBe(false);
    expect(checkRemoval({ actor: 'admin', target: 'owner', isSelf: false, ownerCount: 2 }).ok).toBe(false);
  });
});
