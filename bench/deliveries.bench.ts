// Outbound webhook delivery under faults. EVENTS events (lead.updated, EVENTS_PER_LEAD per lead, each lead's in
// order) are written to the outbox by the app's own enqueue while a separate worker process — started as
// `dialerseat worker` starts, with the backoff compressed through its configuration — delivers them to a local
// receiver that refuses 30 % of requests at random. Mid-run the worker is killed with SIGKILL and started again, and
// later the receiver is stopped and started again. The receiver checks every signature and records what it
// accepted; at the end: no event lost (each accepted at least once), no lead's events accepted out of order (a
// retried event after a later one of its lead), duplicates counted (accepted again: a retry after an answer the
// worker did not get to record, such as the one the kill cut off).
//
// Run: npm run bench:deliveries (100,000 events) · npm run bench:deliveries:small (10,000) · or
//      npx tsx bench/deliveries.bench.ts <events>. DATABASE_URL set: that server instead of an embedded one.

import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Webhook } from 'standardwebhooks';
import { connectDatabase } from '../src/db/client';
import { freePort, startEmbeddedPostgres } from '../src/db/embedded';
import { runMigrations } from '../src/db/migrate';
import { enqueueWebhookEvents, insertWebhookEndpoint, type OutboundEvent } from '../src/db/queries/webhooks';

const EVENTS = Number(process.argv[2] ?? 100_000);
const EVENTS_PER_LEAD = 10;
const LEADS = Math.ceil(EVENTS / EVENTS_PER_LEAD);
const ENQUEUE_BATCH = 1000;
const FAIL_RATE = 0.3;
// Compressed timing for the worker, through the same settings production reads (README: WEBHOOK_*).
const WORKER_ENV = {
  WEBHOOK_POLL_MS: '50',
  WEBHOOK_RETRY_BASE_MS: '50',
  WEBHOOK_RETRY_MAX_MS: '1000',
  WEBHOOK_TIMEOUT_MS: '2000',
  WEBHOOK_LEASE_MS: '4000',
  WEBHOOK_ALLOW_PRIVATE_URLS: 'true',
};
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SECRET = `whsec_${Buffer.from('dialerseat-bench-deliveries-key!').toString('base64')}`;

// mulberry32: the receiver's refusals are the same on every run.
let seed = 17;
function rand() {
  seed = (seed + 0x6d2b79f5) | 0;
  let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
  return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
}

// ——— the receiver ———

type Tally = {
  requests: number;
  refused: number;
  badSignatures: number;
  accepted: number;
  duplicates: number;
  outOfOrder: number;
};

function receiver(port: number) {
  const verifier = new Webhook(SECRET);
  const acceptedIds = new Set<string>();
  const highest = new Map<string, number>(); // lead → highest event number accepted
  const tally: Tally = { requests: 0, refused: 0, badSignatures: 0, accepted: 0, duplicates: 0, outOfOrder: 0 };
  let firstAcceptAt = 0;
  let lastNewAcceptAt = 0;
  let server: http.Server | null = null;
  const hooks = { onAccept: (_accepted: number) => {} };
  const handle = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      tally.requests++;
      const body = Buffer.concat(chunks).toString('utf8');
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
      let event: { data: { lead: string; n: number } };
      try {
        event = verifier.verify(body, headers) as typeof event;
      } catch {
        tally.badSignatures++;
        return res.writeHead(400).end();
      }
      if (rand() < FAIL_RATE) {
        tally.refused++;
        return res.writeHead(503).end();
      }
      const id = headers['webhook-id']!;
      const { lead, n } = event.data;
      if (acceptedIds.has(id)) tally.duplicates++;
      else {
        acceptedIds.add(id);
        tally.accepted++;
        if ((highest.get(lead) ?? -1) > n) tally.outOfOrder++;
        else highest.set(lead, n);
        lastNewAcceptAt = performance.now();
        firstAcceptAt ||= lastNewAcceptAt;
        hooks.onAccept(tally.accepted);
      }
      res.writeHead(200).end();
    });
  };
  const start = () =>
    new Promise<void>((resolve) => {
      server = http.createServer(handle);
      server.listen(port, '127.0.0.1', resolve);
    });
  const stop = () =>
    new Promise<void>((resolve) => {
      server!.close(() => resolve());
      server!.closeAllConnections();
    });
  return { start, stop, tally, hooks, times: () => ({ firstAcceptAt, lastNewAcceptAt }) };
}

// ——— the worker, in its own process ———

function startWorker(env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src', 'main.ts'), 'worker'], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

async function until(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 600_000) {
  const started = performance.now();
  while (!(await check())) {
    if (performance.now() - started > timeoutMs) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

// ——— run ———

async function main() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dialerseat-bench-deliveries-'));
  chmodSync(dir, 0o755);
  const external = process.env.DATABASE_URL;
  const embedded = external ? null : await startEmbeddedPostgres({ dataDir: dir, database: 'bench' });
  const databaseUrl = external ?? embedded!.url;
  const database = connectDatabase(databaseUrl, 4);
  const pool = database.pool;
  let worker: ChildProcess | null = null;
  const port = await freePort();
  const hooks = receiver(port);
  try {
    await runMigrations(pool);
    const userId = `bench-${Date.now()}`;
    await pool.query(`insert into users (id, name, email) values ($1, 'Bench', $2)`, [userId, `${userId}@example.com`]);
    const team = await pool.query<{ id: string }>(`insert into teams (name) values ('Bench team') returning id`);
    const teamId = team.rows[0]!.id;
    await pool.query(`insert into members (team_id, user_id, role) values ($1, $2, 'owner')`, [teamId, userId]);
    await insertWebhookEndpoint(
      database.db,
      { teamId, userId, role: 'owner' },
      {
        url: `http://127.0.0.1:${port}/hooks`,
        events: ['lead.updated'],
        description: 'bench',
        secret: SECRET,
        now: new Date(),
      },
    );
    await hooks.start();

    const workerEnv = {
      ...WORKER_ENV,
      DATABASE_URL: databaseUrl,
      DATA_DIR: path.join(dir, 'worker'),
      LOG_LEVEL: 'warn',
    };
    const t0 = performance.now();
    worker = startWorker(workerEnv);

    // The producer: round k writes event k of every lead, a transaction per ENQUEUE_BATCH events, while the worker
    // delivers; each lead's events are thus written in order, in separate transactions, as edits would write them.
    let enqueued = 0;
    const producer = (async () => {
      for (let k = 0; k < EVENTS_PER_LEAD; k++) {
        for (let from = 0; from < LEADS; from += ENQUEUE_BATCH) {
          const events: OutboundEvent[] = [];
          for (let l = from; l < Math.min(LEADS, from + ENQUEUE_BATCH); l++) {
            if (l * EVENTS_PER_LEAD + k >= EVENTS) continue;
            events.push({ type: 'lead.updated', orderKey: `lead-${l}`, data: { lead: `lead-${l}`, n: k } });
          }
          if (events.length === 0) continue;
          await database.db.transaction((tx) => enqueueWebhookEvents(tx, teamId, events, new Date()));
          enqueued += events.length;
        }
      }
    })();

    // The faults: SIGKILL the worker at 40 % accepted, from inside the receiver's handler so that the worker dies
    // with a batch in flight (leased, partly accepted, not recorded), and start another at once; stop the receiver
    // at 70 % until the worker has recorded a refused connection, then start it again.
    const killed = new Promise<number>((resolve) => {
      hooks.hooks.onAccept = (accepted) => {
        if (accepted < EVENTS * 0.4) return;
        hooks.hooks.onAccept = () => {};
        worker!.kill('SIGKILL');
        resolve(accepted);
      };
    });
    const killedAt = await killed;
    await new Promise((r) =>
      worker!.exitCode !== null || worker!.signalCode !== null ? r(null) : worker!.once('exit', r),
    );
    const leased = (
      await pool.query<{ n: number }>(
        `select count(*)::int as n from webhook_deliveries where status = 'pending' and locked_until > now()`,
      )
    ).rows[0]!.n;
    console.log(`killed the worker (SIGKILL) at ${killedAt} accepted, holding ${leased} leases`);
    worker = startWorker(workerEnv);

    await until(() => hooks.tally.accepted >= EVENTS * 0.7, '70 % accepted');
    const stoppedAt = new Date();
    await hooks.stop();
    await until(
      async () =>
        (
          await pool.query<{ n: number }>(
            `select count(*)::int as n from webhook_deliveries
             where last_attempt_at > $1 and last_status_code is null and last_error is not null`,
            [stoppedAt],
          )
        ).rows[0]!.n > 0,
      'a refused connection to be recorded',
    );
    await hooks.start();
    console.log(`restarted the receiver at ${hooks.tally.accepted} accepted`);

    await producer;
    // Done when nothing is pending any more (delivered, or given up: which would be a loss).
    await until(
      async () =>
        (await pool.query<{ n: number }>(`select count(*)::int as n from webhook_deliveries where status = 'pending'`))
          .rows[0]!.n === 0,
      'the outbox to empty',
    );
    const elapsedS = (hooks.times().lastNewAcceptAt - t0) / 1000;
    const rows = (
      await pool.query<{ status: string; n: number; attempts: number }>(
        `select status, count(*)::int as n, sum(attempts)::int as attempts from webhook_deliveries group by status`,
      )
    ).rows;
    worker.kill('SIGTERM');
    await new Promise((r) => worker!.once('exit', r));
    worker = null;

    const t = hooks.tally;
    const lost = enqueued - t.accepted;
    const perS = t.accepted / elapsedS;
    console.log(
      `${enqueued} events for ${LEADS} leads; receiver: ${t.requests} requests, ${t.refused} refused at random, ${t.accepted} accepted, ${t.duplicates} duplicates, ${t.badSignatures} bad signatures`,
    );
    console.log(`outbox: ${rows.map((r) => `${r.n} ${r.status} (${r.attempts} attempts)`).join(', ')}`);
    console.log(
      `delivered ${t.accepted} in ${elapsedS.toFixed(1)} s → ${Math.round(perS)}/s; lost ${lost}; out of order ${t.outOfOrder}`,
    );
    if (lost !== 0 || t.outOfOrder !== 0 || t.badSignatures !== 0)
      console.log('FAILED: events lost, out of order, or badly signed');
    console.log(
      JSON.stringify({
        bench: 'deliveries',
        events: enqueued,
        delivered: t.accepted,
        lost,
        out_of_order: t.outOfOrder,
        duplicates: t.duplicates,
        per_s: Math.round(perS),
      }),
    );
    if (lost !== 0 || t.outOfOrder !== 0 || t.badSignatures !== 0) process.exitCode = 1;
  } finally {
    if (worker) {
      worker.kill('SIGKILL');
      await new Promise((r) => worker!.once('exit', r));
    }
    await hooks.stop().catch(() => {});
    await database.close();
    if (embedded) await embedded.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
