import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drainQueue } from '../../src/jobs/runner';
import { jobs } from '../../src/jobs/registry';
import { startTestApp, type TestApp } from '../support/test-app';
import { createCampaign, createTeamWithAgent, type TeamFixture } from '../support/team-fixture';
import { importJob, uploadFile } from '../support/import-helpers';

// A real kill -9: a separate `dialerseat worker` process runs the import job and is killed with SIGKILL
// right after its first batch commits; the app then resumes the import from its cursor.
let app: TestApp;
let t: TeamFixture;
let worker: ChildProcess | null = null;
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'dialerseat-kill-'));
const ROWS = 40_000;

beforeAll(async () => {
  app = await startTestApp({ env: { JOBS_IN_PROCESS: 'false', DATA_DIR: dataDir, IMPORT_BATCH_ROWS: '1000' } });
  t = await createTeamWithAgent(app, 'Killers');
});
afterAll(async () => {
  worker?.kill('SIGKILL');
  await app?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('kill -9 during an import', () => {
  it('leaves only whole batches behind, and the restarted import finishes without duplicates', async () => {
    const campaignId = await createCampaign(t.owner, t.teamId);
    const lines = Array.from(
      { length: ROWS },
      (_, i) => `Lead ${i},(${200 + (i % 700)}) 555-${String(i % 10_000).padStart(4, '0')},"note, ${i}"`,
    );
    const up = await uploadFile(t.owner, t.teamId, campaignId, `Name,Phone,Notes\n${lines.join('\n')}\n`);
    expect(up.status).toBe(201);
    const id = up.json.import.id as string;

    const listener = new pg.Client({ connectionString: app.databaseUrl });
    await listener.connect();
    await listener.query('listen import_progress');
    const firstBatch = new Promise<void>((resolve) =>
      listener.on('notification', (n) => n.payload === id && resolve()),
    );

    worker = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'worker'], {
      env: {
        ...process.env,
        NODE_ENV: 'test',
        DATABASE_URL: app.databaseUrl,
        DATA_DIR: dataDir,
        IMPORT_BATCH_ROWS: '1000',
        LOG_LEVEL: 'silent',
        AUTH_SECRET: 'test-secret-test-secret-test-secret-0123456789',
        PUBLIC_BASE_URL: 'http://127.0.0.1:1',
      },
      stdio: 'ignore',
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      worker!.once('exit', (_code, signal) => resolve(signal)),
    );
    expect(
      (await t.owner.post(`/api/teams/${t.teamId}/imports/${id}/start`, { mapping: up.json.import.mapping })).status,
    ).toBe(202);
    await firstBatch;
    worker.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    await listener.end();

    const q = async (text: string) => (await app.deps.pool.query(text, [id])).rows[0];
    const dead = await q(
      'select status, rows_done, imported, duplicates, invalid, cursor_row from imports where id = $1',
    );
    expect(dead.status).toBe('running');
    expect(dead.rows_done).toBeGreaterThan(0);
    expect(dead.rows_done).toBeLessThan(ROWS);
    // Whole batches only: every committed row is counted, and the leads are exactly the counted ones.
    expect(dead.rows_done % 1000).toBe(0);
    const leadsAtDeath = Number((await q('select count(*) from leads where import_id = $1')).count);
    expect(leadsAtDeath).toBe(dead.imported);

    // The housekeeping job sees a running import whose worker is gone (its lock died with it) and re-queues it.
    const housekeeping = jobs.find((j) => j.id === 'import-housekeeping')!;
    await app.jobs!.boss.send(housekeeping.id, {});
    await drainQueue(app.jobs!.boss, app.deps, housekeeping);
    await drainQueue(app.jobs!.boss, app.deps, importJob);
    const done = await q('select status, rows_done, imported, duplicates, invalid from imports where id = $1');
    expect(done).toMatchObject({ status: 'done', rows_done: ROWS });
    const distinct = Number(
      (
        await q(
          `select count(distinct phone) from leads where campaign_id = (select campaign_id from imports where id = $1)`,
        )
      ).count,
    );
    const total = Number(
      (await q(`select count(*) from leads where campaign_id = (select campaign_id from imports where id = $1)`)).count,
    );
    expect(total).toBe(distinct);
    expect(total).toBe(done.imported);
    expect(done.imported + done.duplicates + done.invalid).toBe(ROWS);
  }, 120_000);
});
