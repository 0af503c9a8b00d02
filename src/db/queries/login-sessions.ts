import { and, desc, eq, gt, ne } from 'drizzle-orm';
import type { Db } from '../client';
import { sessions } from '../schema';

// Sessions belong to a user, not a team: every query here is scoped by the signed-in user's id.

export async function listLoginSessions(db: Db, userId: string, now: Date) {
  return db
    .select({
      id: sessions.id,
      ipAddress: sessions.ipAddress,
      userAgent: sessions.userAgent,
      createdAt: sessions.createdAt,
      lastSeenAt: sessions.updatedAt,
      expiresAt: sessions.expiresAt,
    })
    .from(sessions)
    .where(and(eq(sessions.userId, userId), gt(sessions.expiresAt, now)))
    .orderBy(desc(sessions.updatedAt));
}

export async function deleteLoginSession(db: Db, userId: string, sessionId: string) {
  const rows = await db
    .delete(sessions)
    .where(and(eq(sessions.userId, userId), eq(sessions.id, sessionId)))
    .returning({ id: sessions.id });
  return rows.length > 0;
}

export async function deleteOtherLoginSessions(db: Db, userId: string, keepSessionId: string) {
  const rows = await db
    .delete(sessions)
    .where(and(eq(sessions.userId, userId), ne(sessions.id, keepSessionId)))
    .returning({ id: sessions.id });
  return rows.length;
}

/** Marks the session as seen so the sessions page can show "last seen" (throttled by the caller). */
export async function touchLoginSession(db: Db, sessionId: string, now: Date) {
  await db.update(sessions).set({ updatedAt: now }).where(eq(sessions.id, sessionId));
}
