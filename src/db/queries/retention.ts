import { sql } from 'drizzle-orm';
import type { Db } from '../client';

/**
 * Deletes rows of `table` older than `before` in batches (short transactions, no long locks), until
 * none are left. Safe on N instances at once: a row deleted twice is simply not found the second time.
 */
export async function purgeOlderThan(db: Db, table: 'security_events' | 'mail_outbox', before: Date, batch = 5000) {
  let total = 0;
  for (;;) {
    const res = await db.execute(
      sql`delete from ${sql.identifier(table)} where id in (select id from ${sql.identifier(table)} where created_at < ${before} limit ${batch})`,
    );
    total += res.rowCount ?? 0;
    if ((res.rowCount ?? 0) < batch) return total;
  }
}
