import { asc, desc, eq, isNull, lte, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { policyNotifications, policyVersions, users } from '../schema';

export async function insertPolicyVersion(
  db: Db,
  v: { version: string; summary: string; publishedAt: Date; effectiveAt: Date },
) {
  const rows = await db.insert(policyVersions).values(v).onConflictDoNothing().returning();
  return rows[0] ?? null;
}

export async function listPolicyVersions(db: Db) {
  return db.select().from(policyVersions).orderBy(desc(policyVersions.effectiveAt));
}

/** The version in force at `now` and the next one announced, if any. */
export async function currentAndUpcomingPolicy(db: Db, now: Date) {
  const [current] = await db
    .select()
    .from(policyVersions)
    .where(lte(policyVersions.effectiveAt, now))
    .orderBy(desc(policyVersions.effectiveAt))
    .limit(1);
  const [upcoming] = await db
    .select()
    .from(policyVersions)
    .where(sql`${policyVersions.effectiveAt} > ${now}`)
    .orderBy(asc(policyVersions.effectiveAt))
    .limit(1);
  return { current: current ?? null, upcoming: upcoming ?? null };
}

/** Users not yet told about a version, in id order so batches resume where they stopped. */
export async function usersToNotify(db: Db, policyId: string, limit: number) {
  return db
    .select({ id: users.id, email: users.email, name: users.name })
    .from(users)
    .leftJoin(
      policyNotifications,
      sql`${policyNotifications.userId} = ${users.id} and ${policyNotifications.policyId} = ${policyId}`,
    )
    .where(isNull(policyNotifications.userId))
    .orderBy(asc(users.id))
    .limit(limit);
}

export async function markNotified(db: Db, policyId: string, userId: string, at: Date) {
  const rows = await db
    .insert(policyNotifications)
    .values({ policyId, userId, sentAt: at })
    .onConflictDoNothing()
    .returning();
  return rows.length > 0;
}

export async function getPolicyVersion(db: Db, id: string) {
  const [row] = await db.select().from(policyVersions).where(eq(policyVersions.id, id));
  return row ?? null;
}
