import { sql } from 'drizzle-orm';
import type { Db } from '../client';

/**
 * Deletes rows of `table` older than `before` in batches (short transactions, no long locks), until
 * none are left. Safe on N instances at once: a row deleted twice is simply not found the second time.
 */
const TIME_COLUMN = {
  security_events: 'created_at',
  mail_outbox: 'created_at',
  invoices: 'created_at',
  webhook_events: 'received_at',
  webhook_deliveries: 'created_at',
  lead_drip_deliveries: 'received_at',
} as const;

export async function purgeOlderThan(db: Db, table: keyof typeof TIME_COLUMN, before: Date, batch = 5000) {
  let total = 0;
  const at = sql.identifier(TIME_COLUMN[table]);
  for (;;) {
    const res = await db.execute(
      sql`delete from ${sql.identifier(table)} where id in (select id from ${sql.identifier(table)} where ${at} < ${before} limit ${batch})`,
    );
    total += res.rowCount ?? 0;
    if ((res.rowCount ?? 0) < batch) return total;
  }
}
