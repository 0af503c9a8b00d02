import { and, asc, desc, eq, isNotNull, isNull } from 'drizzle-orm';
import type { Db } from '../client';
import { privacyRequests } from '../schema';

export type PrivacyRequestKind = (typeof privacyRequests.kind.enumValues)[number];

export async function insertPrivacyRequest(
  db: Db,
  r: { requesterEmail: string; kind: PrivacyRequestKind; details: string; receivedAt: Date; dueAt: Date },
) {
  const [row] = await db.insert(privacyRequests).values(r).returning();
  return row!;
}

export async function listPrivacyRequests(db: Db) {
  const open = await db
    .select()
    .from(privacyRequests)
    .where(isNull(privacyRequests.closedAt))
    .orderBy(asc(privacyRequests.dueAt));
  const closed = await db
    .select()
    .from(privacyRequests)
    .where(isNotNull(privacyRequests.closedAt))
    .orderBy(desc(privacyRequests.closedAt))
    .limit(50);
  return { open, closed };
}

export async function closePrivacyRequest(db: Db, id: string, actionTaken: string, at: Date) {
  const rows = await db
    .update(privacyRequests)
    .set({ closedAt: at, actionTaken })
    .where(and(eq(privacyRequests.id, id), isNull(privacyRequests.closedAt)))
    .returning({ id: privacyRequests.id });
  return rows.length > 0;
}
