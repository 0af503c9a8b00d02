import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { migrationsCurrent } from '../../src/db/migrate';
import { withDatabase } from '../support/global-setup';

import { HEAP_FLAGS, heapFlags, plan } from '../../bin/dialerseat.mjs';

const BIN = path.resolve(import.meta.dirname, '../../bin/dialerseat.mjs');

/**
 * Runs the `dialerseat` launcher as a user would (a separate process) and waits for it to exit. A process still
 * running after 90 s is killed (code null), so a hang fails the test with its output instead of outliving it.
 */
function dialerseat(args: string[], env: NodeJS.ProcessEnv = process.env) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 90_000,
      killSignal: 'SIGKILL',
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('the dialerseat command (package.json bin)', () => {
  it('runs the server and the worker in V8’s memory-saving mode, with no hard heap ceiling, not the one-off commands', () => {
    expect(HEAP_FLAGS).toEqual(['--optimize-for-size']);
    for (const command of ['serve', 'worker']) {
      const p = plan([command]);
      expect(p.kind === 'run' && p.nodeArgs).toContain('--optimize-for-size');
      expect(p.kind === 'run' && p.nodeArgs.some((a) => a.startsWith('--max-old-space-size'))).toBe(false);
    }
    const migrate = plan(['migrate']);
    expect(migrate.kind === 'run' && migrate.nodeArgs).not.toContain('--optimize-for-size');
    expect(heapFlags('rebuild-rollups')).toEqual([]);
  });

  it('prints its usage on --help and refuses an unknown command instead of serving', async () => {
    const help = await dialerseat(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: dialerseat [serve | worker | migrate | rebuild-rollups]');

    const unknown = await dialerseat(['serv']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "serv"');

    const extra = await dialerseat(['migrate', 'now']);
    expect(extra.code).toBe(2);
    expect(extra.stderr).toContain('takes no arguments');
  });

  describe('migrate', () => {
    const adminUrl = inject('adminDatabaseUrl');
    const name = `dialerseat_cli_${process.pid}`;
    const url = withDatabase(adminUrl, name);
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'dialerseat-cli-'));
    let admin: pg.Client;

    beforeAll(async () => {
      admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`drop database if exists ${name}`);
      await admin.query(`create database ${name}`);
    });
    afterAll(async () => {
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it(
      'runs src/main.ts through tsx, applies every migration to an empty database and exits 0 without serving',
      { timeout: 120_000 },
      async () => {
        const pool = new pg.Pool({ connectionString: url, max: 1 });
        // afterAll drops the database with (force); an idle client cut off then must not count as an error.
        pool.on('error', () => {});
        try {
          expect(await migrationsCurrent(pool)).toBe(false);
          const run = await dialerseat(['migrate'], {
            ...process.env,
            DATABASE_URL: url,
            DATA_DIR: dataDir,
            LOG_LEVEL: 'warn',
          });
          expect(run.code, run.stderr).toBe(0);
          expect(await migrationsCurrent(pool)).toBe(true);
          // Nothing else started: the job queue (which creates its schema when it starts) was never touched.
          const queue = await pool.query(`select 1 from information_schema.schemata where schema_name = 'pgboss'`);
          expect(queue.rowCount).toBe(0);
        } finally {
          await pool.end();
        }
      },
    );

    it(
      'rebuild-rollups recomputes the call rollups from the calls and the lead counts from the leads, and says how many disagreed',
      { timeout: 120_000 },
      async () => {
        const pool = new pg.Pool({ connectionString: url, max: 1 });
        pool.on('error', () => {});
        try {
          const { rows } = await pool.query<{ id: string }>(
            `insert into teams (name) values ('CLI team') returning id`,
          );
          await pool.query(
            `insert into calls (team_id, dialed_number, caller_id, provider, status, status_rank, outcome, duration_sec)
             values ($1, '+14155552671', '+12025550123', 'simulator', 'completed', 4, 'human', 42)`,
            [rows[0]!.id],
          );
          const campaign = await pool.query<{ id: string }>(
            `insert into campaigns (team_id, name, calling_window, retry_rules, dispositions)
             values ($1, 'CLI campaign', '{}', '{}', '[]') returning id`,
            [rows[0]!.id],
          );
          await pool.query(`insert into leads (team_id, campaign_id, phone) values ($1, $2, '+14155550100')`, [
            rows[0]!.id,
            campaign.rows[0]!.id,
          ]);
          // Rollups and lead counts that drifted from the calls and leads (as a bug or a hand edit would leave them).
          await pool.query(`delete from call_rollup_deltas`);
          await pool.query(`delete from lead_state_deltas`);
          const run = await dialerseat(['rebuild-rollups'], {
            ...process.env,
            DATABASE_URL: url,
            DATA_DIR: dataDir,
            LOG_LEVEL: 'warn',
          });
          expect(run.code, run.stderr).toBe(0);
          expect(JSON.parse(run.stdout.trim().split('\n').at(-1)!)).toEqual({
            rollups: 'rebuilt',
            buckets: 1,
            disagreed: 1,
            // The call's row in each of the five report families (agent, outcome, caller ID with and without the
            // campaign, local time).
            daysDisagreed: 5,
            // The lead's key in the list-penetration counts.
            leadStateKeys: 1,
            leadStatesDisagreed: 1,
          });
          const rollups = await pool.query(`select calls, talk_sec::int from call_rollups`);
          expect(rollups.rows).toEqual([{ calls: 1, talk_sec: 42 }]);
          const counts = await pool.query(`select status, attempts, leads::int from lead_state_counts`);
          expect(counts.rows).toEqual([{ status: 'new', attempts: 0, leads: 1 }]);
        } finally {
          await pool.end();
        }
      },
    );
  });
});
