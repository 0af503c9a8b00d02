import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drainQueue } from '../../src/jobs/runner';
import { jobs } from '../../src/jobs/registry';
import { startTestApp, type TestApp } from '../support/test-app';

let app: TestApp;
let now = new Date('2026-11-29T12:00:00Z');
beforeAll(async () => {
  app = await startTestApp({ clock: { now: () => now }, env: { JOBS_IN_PROCESS: 'false' } });
});
afterAll(async () => app?.stop());

describe('background jobs', () => {
  it('purges rate-limit counters older than a day when the queue is drained, and is idempotent', async () => {
    const def = jobs.find((j) => j.id === 'purge-rate-limits')!;
    await app.deps.pool.query(
      `insert into rate_limits (key, window_start, count) values ('old', $1, 3), ('fresh', $2, 1)`,
      [new Date('2026-11-27T12:00:00Z'), new Date('2026-11-29T11:00:00Z')],
    );
    await app.jobs!.boss.send(def.id, {});
    expect(await drainQueue(app.jobs!.boss, app.deps, def)).toBe(1);
    const keys = (await app.deps.pool.query('select key from rate_limits order by key')).rows.map((r) => r.key);
    expect(keys).toEqual(['fresh']);

    now = new Date('2026-11-30T12:00:01Z');
    await app.jobs!.boss.send(def.id, {});
    expect(await drainQueue(app.jobs!.boss, app.deps, def)).toBe(1);
    expect((await app.deps.pool.query('select count(*)::int as n from rate_limits')).rows[0].n).toBe(0);
    expect(await drainQueue(app.jobs!.boss, app.deps, def)).toBe(0);
  });
});
