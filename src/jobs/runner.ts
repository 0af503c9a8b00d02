import PgBoss from 'pg-boss';
import type { AppDeps } from '../app/deps';
import type { JobDef } from './registry';

export type JobRunner = { boss: PgBoss; stop: () => Promise<void>; beginShutdown: () => void };

async function runOne(deps: AppDeps, def: JobDef, data: unknown) {
  const input = def.input.parse(data ?? {});
  const started = Date.now();
  const result = await def.handler(deps, input);
  deps.log.info({ job: def.id, ms: Date.now() - started, ...(result ?? {}) }, 'job done');
}

/**
 * Starts pg-boss on the app's database. With `work` false the instance only enqueues (a web-only
 * node); `dialerseat worker` or the default single-node mode works the queues. pg-boss's own
 * locking makes a scheduled slot run once however many instances are up.
 */
export async function startJobs(opts: { connectionString: string; deps: AppDeps; jobs: JobDef[]; work: boolean }) {
  const boss = new PgBoss({ connectionString: opts.connectionString, schema: 'pgboss', max: 4 });
  let stopping = false;
  // Connection errors while shutting down are expected noise, not failures.
  boss.on('error', (err) => !stopping && opts.deps.log.error({ err: err.message }, 'job queue error'));
  await boss.start();
  for (const def of opts.jobs) {
    await boss.createQueue(def.id);
    if (opts.work) {
      await boss.work(def.id, { batchSize: 1 }, async (batch) => {
        for (const job of batch) await runOne(opts.deps, def, job.data);
      });
      if (def.schedule) await boss.schedule(def.id, def.schedule, {}, { tz: 'UTC' });
    }
  }
  const stop = async () => {
    stopping = true;
    await boss.stop({ graceful: true, timeout: 10_000, wait: true });
  };
  // Called first on shutdown: the embedded database may be going down at the same moment.
  const beginShutdown = () => {
    stopping = true;
  };
  return { boss, stop, beginShutdown } satisfies JobRunner;
}

/** Runs every queued job of `def` now, in this process (tests drain queues with a controlled clock). */
export async function drainQueue(boss: PgBoss, deps: AppDeps, def: JobDef) {
  let ran = 0;
  for (;;) {
    const batch = await boss.fetch<unknown>(def.id, { batchSize: 50 });
    if (batch.length === 0) return ran;
    for (const job of batch) {
      try {
        await runOne(deps, def, job.data);
        await boss.complete(def.id, job.id);
      } catch (err) {
        await boss.fail(def.id, job.id, { message: err instanceof Error ? err.message : String(err) });
        throw err;
      }
      ran++;
    }
  }
}
