import { and, asc, count, eq, sql } from 'drizzle-orm';
import type { Role } from '../../core/teams/roles';
import type { TeamScope } from '../../core/teams/scope';
import type { Db } from '../client';
import { members, teams, users } from '../schema';

export async function createTeamWithOwner(db: Db, input: { name: string; ownerId: string }) {
  return db.transaction(async (tx) => {
    const [team] = await tx.insert(teams).values({ name: input.name }).returning();
    if (!team) throw new Error('team insert returned nothing');
    await tx.insert(members).values({ teamId: team.id, userId: input.ownerId, role: 'owner' });
    return team;
  });
}

export async function listTeamsForUser(db: Db, userId: string) {
  return db
    .select({ id: teams.id, name: teams.name, role: members.role, joinedAt: members.createdAt })
    .from(members)
    .innerJoin(teams, eq(teams.id, members.teamId))
    .where(eq(members.userId, userId))
    .orderBy(asc(members.createdAt));
}

/** The only way a TeamScope comes to exist: the user must be a member of the team. */
export async function findMembership(db: Db, userId: string, teamId: string): Promise<TeamScope | null> {
  const [row] = await db
    .select({ role: members.role })
    .from(members)
    .where(and(eq(members.teamId, teamId), eq(members.userId, userId)));
  return row ? { teamId, userId, role: row.role } : null;
}

export async function getTeam(db: Db, scope: Pick<TeamScope, 'teamId'>) {
  const [row] = await db.select().from(teams).where(eq(teams.id, scope.teamId));
  return row ?? null;
}

export async function renameTeam(db: Db, scope: TeamScope, name: string) {
  await db.update(teams).set({ name }).where(eq(teams.id, scope.teamId));
}

export async function listMembers(db: Db, scope: TeamScope) {
  return db
    .select({
      id: members.id,
      userId: users.id,
      name: users.name,
      email: users.email,
      role: members.role,
      joinedAt: members.createdAt,
    })
    .from(members)
    .innerJoin(users, eq(users.id, members.userId))
    .where(eq(members.teamId, scope.teamId))
    .orderBy(asc(members.createdAt));
}

export async function getMember(db: Db, scope: TeamScope, memberId: string) {
  const [row] = await db
    .select({ id: members.id, userId: members.userId, role: members.role, email: users.email })
    .from(members)
    .innerJoin(users, eq(users.id, members.userId))
    .where(and(eq(members.teamId, scope.teamId), eq(members.id, memberId)));
  return row ?? null;
}

/**
 * Serialises changes to a team's memberships: inside a transaction, the second of two concurrent role changes or
 * departures waits here and then sees the first one's result, so "the team keeps an owner" is checked against the
 * truth. NO KEY UPDATE does not block inserts elsewhere that merely reference the team (their FK check takes KEY SHARE).
 */
export async function lockTeamMemberships(tx: Db, teamId: string) {
  await tx.execute(sql`select 1 from teams where id = ${teamId} for no key update`);
}

/** The same lock on every team the user belongs to, in one order so two such transactions cannot deadlock. */
export async function lockTeamsOfUser(tx: Db, userId: string) {
  await tx.execute(
    sql`select t.id from teams t join members m on m.team_id = t.id and m.user_id = ${userId} order by t.id for no key update of t`,
  );
}

export async function countOwners(db: Db, scope: TeamScope) {
  const [row] = await db
    .select({ n: count() })
    .from(members)
    .where(and(eq(members.teamId, scope.teamId), eq(members.role, 'owner')));
  return row?.n ?? 0;
}

export async function setMemberRole(db: Db, scope: TeamScope, memberId: string, role: Role) {
  await db
    .update(members)
    .set({ role })
    .where(and(eq(members.teamId, scope.teamId), eq(members.id, memberId)));
}

export async function deleteMember(db: Db, scope: TeamScope, memberId: string) {
  await db.delete(members).where(and(eq(members.teamId, scope.teamId), eq(members.id, memberId)));
}

export async function addMember(db: Db, teamId: string, userId: string, role: Role) {
  const rows = await db.insert(members).values({ teamId, userId, role }).onConflictDoNothing().returning();
  return rows.length > 0;
}
