import type pg from 'pg';
import type { RootDb } from './client';

/**
 * Runs `work` in one transaction on a connection of its own, after `lockSql` (a transaction-scoped advisory lock), so
 * jobs that share the lock (a fold and a rebuild) never interleave. Rolled back if `work` throws.
 */
export async function inLockedTransaction<T>(
  db: RootDb,
  lockSql: string,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await db.$client.connect();
  try {
    await client.query('begin');
    await client.query(lockSql);
    const result = await work(client);
    await client.query('commit');
    return result;
  } catch (err) {
    await client.query('rollback').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}
