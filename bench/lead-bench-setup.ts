// What the two lead benchmarks (bench:import, bench:ingest) set up alike: a migrated database (embedded, or the
// server DATABASE_URL names) in a scratch directory, the phone-zone tables, one team with its owner and one
// campaign, and the area codes their generated leads are spread over.

import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import { createGeoCarrierPhoneZones } from '../src/adapters/phone-zones/geo-carrier';
import type { TeamScope } from '../src/core/teams/scope';
import { connectDatabase } from '../src/db/client';
import { startEmbeddedPostgres } from '../src/db/embedded';
import { runMigrations } from '../src/db/migrate';

/** Area codes across the zones with their state and ZIP prefix (a few span two zones: 208, 270, 850). */
export const AREAS: [string, string, string][] = [
  ['212', 'NY', '100'],
  ['646', 'NY', '100'],
  ['415', 'CA', '941'],
  ['213', 'CA', '900'],
  ['312', 'IL', '606'],
  ['713', 'TX', '770'],
  ['305', 'FL', '331'],
  ['206', 'WA', '981'],
  ['602', 'AZ', '850'],
  ['303', 'CO', '802'],
  ['808', 'HI', '968'],
  ['907', 'AK', '995'],
  ['208', 'ID', '837'],
  ['270', 'KY', '420'],
  ['850', 'FL', '325'],
  ['617', 'MA', '021'],
  ['404', 'GA', '303'],
  ['702', 'NV', '891'],
];

export type LeadBench = Awaited<ReturnType<typeof openLeadBench>>;

/**
 * A scratch directory `dialerseat-bench-<name>-…` (readable by the embedded server's user), the database migrated
 * in it or at DATABASE_URL, and the phone-zone tables. `close()` closes the pool, stops the embedded server and
 * removes the directory.
 */
export async function openLeadBench(name: string) {
  const dir = mkdtempSync(path.join(os.tmpdir(), `dialerseat-bench-${name}-`));
  chmodSync(dir, 0o755);
  const external = process.env.DATABASE_URL;
  const embedded = external ? null : await startEmbeddedPostgres({ dataDir: dir, database: 'bench' });
  const databaseUrl = external ?? embedded!.url;
  const database = connectDatabase(databaseUrl, 4);
  const close = async () => {
    await database.close();
    if (embedded) await embedded.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await runMigrations(database.pool);
    const phoneZones = await createGeoCarrierPhoneZones();
    return { dir, databaseUrl, database, pool: database.pool, phoneZones, close };
  } catch (err) {
    await close();
    throw err;
  }
}

/** A bench user owning a new team with one campaign (legal calling window, no retry rules or dispositions). */
export async function insertBenchCampaign(pool: pg.Pool): Promise<{ scope: TeamScope; campaignId: string }> {
  const userId = `bench-${Date.now()}`;
  await pool.query(`insert into users (id, name, email) values ($1, 'Bench', $2)`, [userId, `${userId}@example.com`]);
  const team = await pool.query<{ id: string }>(`insert into teams (name) values ('Bench team') returning id`);
  const teamId = team.rows[0]!.id;
  await pool.query(`insert into members (team_id, user_id, role) values ($1, $2, 'owner')`, [teamId, userId]);
  const camp = await pool.query<{ id: string }>(
    `insert into campaigns (team_id, name, calling_window, retry_rules, dispositions) values ($1, 'Bench', '{"rule":"legal"}', '{}', '[]') returning id`,
    [teamId],
  );
  return { scope: { teamId, userId, role: 'owner' }, campaignId: camp.rows[0]!.id };
}
