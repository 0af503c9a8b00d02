import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import * as schema from './schema';

/** The pool-backed database; `$client` is its pool, for the few hot statements run as named prepared statements. */
export type RootDb = NodePgDatabase<typeof schema> & { $client: pg.Pool };
export type Tx = Parameters<Parameters<RootDb['transaction']>[0]>[0];
/** What query modules accept: the pool-backed database or an open transaction. */
export type Db = RootDb | Tx;
export type Database = { db: RootDb; pool: pg.Pool; close: () => Promise<void> };

export function connectDatabase(url: string, poolSize: number): Database {
  // Idle connections stay open (pg closes them after 10 s by default): reopening one costs an authentication
  // handshake, a backend's cold caches and re-planning every prepared statement, which showed up as 100–400 ms
  // pick latency spikes in bench:next-lead whenever load rose again after a lull.
  const pool = new pg.Pool({ connectionString: url, max: poolSize, idleTimeoutMillis: 0 });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  const db = drizzle(pool, { schema });
  return { db, pool, close: () => pool.end() };
}
