import { desc } from 'drizzle-orm';
import type { Db } from '../client';
import { mailOutbox } from '../schema';

export async function listOutbox(db: Db, limit: number) {
  return db.select().from(mailOutbox).orderBy(desc(mailOutbox.createdAt)).limit(limit);
}
