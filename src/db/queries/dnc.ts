import { and, desc, eq, ilike, inArray, lt, or, sql } from 'drizzle-orm';
import type { TeamScope } from '../../core/teams/scope';
import type { Db } from '../client';
import { dncNumbers, leads, users } from '../schema';
import { enqueueWebhookEvents } from './webhooks';

export type DncSource = (typeof dncNumbers.$inferInsert)['source'];

/** The dialer's check before every call (and the importer's, set-based, in import-merge.ts). */
export async function isDnc(db: Db, scope: Pick<TeamScope, 'teamId'>, e164: string): Promise<boolean> {
  const [row] = await db
    .select({ id: dncNumbers.id })
    .from(dncNumbers)
    .where(and(eq(dncNumbers.teamId, scope.teamId), eq(dncNumbers.phone, e164)))
    .limit(1);
  return row !== undefined;
}

/**
 * Adds numbers to the team's list (existing entries keep their reason and date) and flags the
 * team's leads with those numbers, in one transaction. Returns how many were new.
 */
export async function addDncNumbers(
  db: Db,
  // No user when the callee added themselves (the opt-out key of an inbound call).
  scope: Pick<TeamScope, 'teamId'> & { userId: string | null },
  entries: readonly { phone: string; reason: string }[],
  source: DncSource,
  now: Date,
): Promise<number> {
  if (entries.length === 0) return 0;
  return db.transaction(async (tx) => {
    const added = await tx
      .insert(dncNumbers)
      .values(
        entries.map((e) => ({
          teamId: scope.teamId,
          phone: e.phone,
          reason: e.reason,
          source,
          addedBy: scope.userId,
          addedAt: now,
        })),
      )
      .onConflictDoNothing({ target: [dncNumbers.teamId, dncNumbers.phone] })
      .returning({ id: dncNumbers.id, phone: dncNumbers.phone, reason: dncNumbers.reason });
    await enqueueWebhookEvents(
      tx,
      scope.teamId,
      added.map((r) => dncAddedEvent(r, source ?? 'manual', now)),
      now,
    );
    await tx
      .update(leads)
      .set({ dnc: true, updatedAt: now })
      .where(
        and(
          eq(leads.teamId, scope.teamId),
          inArray(
            leads.phone,
            entries.map((e) => e.phone),
          ),
          eq(leads.dnc, false),
        ),
      );
    return added.length;
  });
}

/** Removes an entry and makes the team's leads with that number callable again. */
export async function removeDncNumber(db: Db, scope: TeamScope, id: string, now: Date) {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .delete(dncNumbers)
      .where(and(eq(dncNumbers.teamId, scope.teamId), eq(dncNumbers.id, id)))
      .returning({ phone: dncNumbers.phone });
    if (!row) return null;
    await tx
      .update(leads)
      .set({ dnc: false, updatedAt: now })
      .where(and(eq(leads.teamId, scope.teamId), eq(leads.phone, row.phone)));
    return row;
  });
}

/** Newest first, keyset-paged by (added_at, id); `digits` matches anywhere in the number. */
export async function listDncNumbers(
  db: Db,
  scope: TeamScope,
  opts: { digits?: string; reason?: string; before?: { at: Date; id: string }; limit: number },
) {
  const rows = await db
    .select({
      id: dncNumbers.id,
      phone: dncNumbers.phone,
      reason: dncNumbers.reason,
      source: dncNumbers.source,
      addedAt: dncNumbers.addedAt,
      addedBy: users.name,
    })
    .from(dncNumbers)
    .leftJoin(users, eq(users.id, dncNumbers.addedBy))
    .where(
      and(
        eq(dncNumbers.teamId, scope.teamId),
        opts.digits ? sql`${dncNumbers.phone} like ${`%${opts.digits}%`}` : undefined,
        opts.reason ? ilike(dncNumbers.reason, `%${opts.reason.replace(/[\\%_]/g, (m) => `\\${m}`)}%`) : undefined,
        opts.before
          ? or(
              lt(dncNumbers.addedAt, opts.before.at),
              and(eq(dncNumbers.addedAt, opts.before.at), lt(dncNumbers.id, opts.before.id)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(dncNumbers.addedAt), desc(dncNumbers.id))
    .limit(opts.limit);
  const [count] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(dncNumbers)
    .where(eq(dncNumbers.teamId, scope.teamId));
  return { numbers: rows, total: count?.n ?? 0 };
}

export async function isOnDncList(db: Db, scope: TeamScope, phone: string): Promise<boolean> {
  const [row] = await db
    .select({ id: dncNumbers.id })
    .from(dncNumbers)
    .where(and(eq(dncNumbers.teamId, scope.teamId), eq(dncNumbers.phone, phone)))
    .limit(1);
  return row !== undefined;
}

/** The `dnc.added` webhook event of a number newly on the team's list (ordered per number). */
export const dncAddedEvent = (
  row: { id: string; phone: string; reason: string | null },
  source: string,
  now: Date,
) => ({
  type: 'dnc.added',
  orderKey: `dnc:${row.phone}`,
  data: { id: row.id, phone: row.phone, reason: row.reason, source, addedAt: now.toISOString() },
});
