import { lt, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { rateLimits } from '../schema';

/** Counts one hit for `key` in a fixed window; returns the count and the window's start. */
export async function hitRateLimit(db: Db, key: string, windowSec: number, now: Date) {
  const res = await db.execute<{ count: number; window_start: Date }>(sql`
    insert into rate_limits (key, window_start, count) values (${key}, ${now}, 1)
    on conflict (key) do update set
      count = case when rate_limits.window_start <= ${now}::timestamptz - make_interval(secs => ${windowSec})
                   then 1 else rate_limits.count + 1 end,
      window_start = case when rate_limits.window_start <= ${now}::timestamptz - make_interval(secs => ${windowSec})
                   then ${now}::timestamptz else rate_limits.window_start end
    returning count, window_start`);
  const row = res.rows[0];
  if (!row) throw new Error('rate limit upsert returned nothing');
  return { count: Number(row.count), windowStart: new Date(row.window_start) };
}

export async function purgeRateLimits(db: Db, olderThan: Date) {
  const rows = await db
    .delete(rateLimits)
    .where(lt(rateLimits.windowStart, olderThan))
    .returning({ key: rateLimits.key });
  return rows.length;
}
