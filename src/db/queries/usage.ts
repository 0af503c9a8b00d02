import { and, asc, gte, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { usageDaily } from '../schema';

export async function incrementUsage(db: Db, day: string, kind: 'page_view' | 'feature', name: string) {
  await db
    .insert(usageDaily)
    .values({ day, kind, name, count: 1 })
    .onConflictDoUpdate({
      target: [usageDaily.day, usageDaily.kind, usageDaily.name],
      set: { count: sql`${usageDaily.count} + 1` },
    });
}

export async function listUsage(db: Db, fromDay: string) {
  return db
    .select({ day: usageDaily.day, kind: usageDaily.kind, name: usageDaily.name, count: usageDaily.count })
    .from(usageDaily)
    .where(and(gte(usageDaily.day, fromDay)))
    .orderBy(asc(usageDaily.day), asc(usageDaily.kind), asc(usageDaily.name));
}
