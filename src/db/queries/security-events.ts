import { and, desc, eq, lt, sql } from 'drizzle-orm';
import type { TeamScope } from '../../core/teams/scope';
import type { Db } from '../client';
import { securityEvents, users } from '../schema';

export type SecurityEventInput = {
  type: string;
  userId: string | null;
  teamId?: string | null;
  ipAddress?: string | null;
  userAgent?: string | null;
  detail?: Record<string, unknown>;
};

export async function insertSecurityEvents(db: Db, events: SecurityEventInput[]) {
  if (events.length === 0) return;
  await db.insert(securityEvents).values(
    events.map((e) => ({
      type: e.type,
      userId: e.userId,
      teamId: e.teamId ?? null,
      ipAddress: e.ipAddress ?? null,
      userAgent: e.userAgent ?? null,
      detail: e.detail ?? {},
    })),
  );
}

export async function listTeamSecurityEvents(db: Db, scope: TeamScope, opts: { limit: number; before?: Date }) {
  return db
    .select({
      id: securityEvents.id,
      type: securityEvents.type,
      at: securityEvents.createdAt,
      userName: users.name,
      userEmail: users.email,
      ipAddress: securityEvents.ipAddress,
      userAgent: securityEvents.userAgent,
      detail: securityEvents.detail,
      // Events name the member by id only, so deleting that person's account leaves no e-mail behind here.
      memberName: sql<
        string | null
      >`(select m.name from users m where m.id = ${securityEvents.detail} ->> 'memberUserId')`,
    })
    .from(securityEvents)
    .leftJoin(users, eq(users.id, securityEvents.userId))
    .where(
      and(eq(securityEvents.teamId, scope.teamId), opts.before ? lt(securityEvents.createdAt, opts.before) : undefined),
    )
    .orderBy(desc(securityEvents.createdAt))
    .limit(opts.limit);
}

export async function listUserSecurityEvents(db: Db, userId: string, limit: number) {
  return db
    .select({
      id: securityEvents.id,
      type: securityEvents.type,
      at: securityEvents.createdAt,
      ipAddress: securityEvents.ipAddress,
      userAgent: securityEvents.userAgent,
      detail: securityEvents.detail,
    })
    .from(securityEvents)
    .where(eq(securityEvents.userId, userId))
    .orderBy(desc(securityEvents.createdAt))
    .limit(limit);
}
