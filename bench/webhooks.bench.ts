/**
 * npm run bench:webhooks — signed SignalWire status callbacks against the running server (in this process, on the
 * embedded PostgreSQL), each one verified, stored under its unique event key and published with NOTIFY.
 * Compared in the same run with (a) the database's own limit for this work: single-row INSERT transactions of an
 * equivalent call_events row sent straight through a `pg` pool of the same size at the same concurrency, and
 * (b) the server's bare /healthz. Ends with one JSON line.
 *
 * Env: BENCH_CALLBACKS (default 40000), BENCH_CONNECTIONS (50).
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import pg from 'pg';
import { signSignalWireRequest } from '../src/adapters/signalwire/signature';
import { parseConfig } from '../src/config';
import { freePort } from '../src/db/embedded';
import { startDialerSeat } from '../src/main';

type LoadResult = {
  total: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  durationSec: number;
  p50: number;
  p99: number;
};

const CALLBACKS = Number(process.env.BENCH_CALLBACKS ?? 40_000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const POOL_SIZE = 10;
const SIGNING_KEY = 'bench-signing-key-0123456789abcdef';
const STATUSES = ['initiated', 'ringing', 'in-progress', 'completed'] as const;
const silent = { info() {}, warn() {}, error() {}, debug() {} };

let jobDir = '';
/** Runs autocannon in a child process (its own core) with the given job; resolves with its summary. */
function load(job: Record<string, unknown>): Promise<LoadResult> {
  const file = path.join(jobDir, `job-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(job));
  const script = new URL('./webhooks-load.mjs', import.meta.url).pathname;
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [script, file], { maxBuffer: 1 << 20 }, (err, stdout) => {
      if (err) return reject(err);
      resolve(JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as LoadResult);
    });
  });
}

async function main() {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'dialerseat-bench-'));
  // mkdtemp makes the folder 0700; the unprivileged postgres user must be able to enter it.
  chmodSync(dataDir, 0o755);
  jobDir = dataDir;
  const port = await freePort();
  const config = parseConfig({
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
    DATA_DIR: dataDir,
    DATABASE_POOL_SIZE: String(POOL_SIZE),
    LOG_LEVEL: 'silent',
    JOBS_IN_PROCESS: 'false',
    SIMULATOR_SIGNING_KEY: SIGNING_KEY,
  });
  console.log(`starting DialerSeat with embedded PostgreSQL (pool ${POOL_SIZE}) …`);
  const app = await startDialerSeat(config, { log: silent });
  const pool = app.deps.pool;
  try {
    // One team, and a call row per (CALLBACKS / 4): every call then gets initiated → ringing → in-progress → completed.
    const calls = Math.ceil(CALLBACKS / STATUSES.length);
    const team = await pool.query<{ id: string }>(`insert into teams (name) values ('Bench team') returning id`);
    const teamId = team.rows[0]!.id;
    const { rows } = await pool.query<{ id: string; provider_sid: string }>(
      `insert into calls (team_id, dialed_number, caller_id, provider, provider_sid)
       select $1, '+14155552671', '+12025550123', 'simulator', 'CA' || md5(g::text || $2) from generate_series(1, $3) g
       returning id, provider_sid`,
      [teamId, randomBytes(4).toString('hex'), calls],
    );
    // Pass k sends status k to every call, so nearly every callback advances its call (and is published).
    const requests: { path: string; body: string; signature: string }[] = [];
    for (let k = 0; k < STATUSES.length && requests.length < CALLBACKS; k++) {
      for (const call of rows) {
        if (requests.length >= CALLBACKS) break;
        const p = `/webhooks/signalwire/status?callId=${call.id}`;
        const params: Record<string, string> = {
          AccountSid: 'simulator',
          ApiVersion: '2010-04-01',
          CallSid: call.provider_sid,
          CallStatus: STATUSES[k]!,
          Direction: 'outbound-api',
          From: '+12025550123',
          To: '+14155552671',
          CallbackSource: 'call-progress-events',
          SequenceNumber: String(k),
          Timestamp: new Date().toUTCString(),
          ...(STATUSES[k] === 'completed' ? { CallDuration: '42' } : {}),
        };
        requests.push({
          path: p,
          body: new URLSearchParams(params).toString(),
          signature: signSignalWireRequest(SIGNING_KEY, config.publicBaseUrl + p, params),
        });
      }
    }
    const listener = new pg.Client({ connectionString: app.databaseUrl });
    listener.on('error', () => {});
    await listener.connect();
    let published = 0;
    listener.on('notification', () => published++);
    await listener.query('LISTEN call_changes');

    await load({ url: app.url, connections: CONNECTIONS, amount: 2000 }); // warm-up on /healthz (JIT, sockets)
    console.log(`firing ${requests.length} signed status callbacks over ${CONNECTIONS} connections …`);
    const hooks = await load({ url: app.url, connections: CONNECTIONS, requests });
    const stored = (await pool.query<{ n: number }>(`select count(*)::int as n from call_events`)).rows[0]!.n;
    const flushed = new Promise<void>((resolve) =>
      listener.on('notification', (m) => m.channel === 'bench_flush' && resolve()),
    );
    await listener.query('LISTEN bench_flush');
    await pool.query(`select pg_notify('bench_flush', 'x')`);
    await flushed;
    const rps = (hooks.total - hooks.non2xx) / hooks.durationSec;

    // Baseline: the same row, one INSERT transaction each, through a pool of the same size at the same concurrency.
    const base = new pg.Pool({ connectionString: app.databaseUrl, max: POOL_SIZE });
    const payload = JSON.stringify(Object.fromEntries(new URLSearchParams(requests[0]!.body)));
    const baseCalls = rows.map((r) => r.id);
    let i = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CONNECTIONS }, async () => {
        while (i < CALLBACKS) {
          const n = i++;
          await base.query(
            `insert into call_events (team_id, call_id, event_key, payload, received_at) values ($1, $2, $3, $4::jsonb, now())`,
            [teamId, baseCalls[n % baseCalls.length], `baseline:${n}`, payload],
          );
        }
      }),
    );
    const baselineRps = CALLBACKS / ((performance.now() - started) / 1000);
    await base.end();

    const health = await load({ url: `${app.url}/healthz`, connections: CONNECTIONS, duration: 5 });
    const httpRps = (health.total - health.non2xx) / health.durationSec;
    await listener.end();

    console.log('');
    console.log(
      `webhooks:  ${hooks.total} callbacks in ${hooks.durationSec.toFixed(2)} s = ${rps.toFixed(0)}/s, p50 ${hooks.p50} ms, p99 ${hooks.p99} ms`,
    );
    console.log(
      `           non-2xx ${hooks.non2xx}, errors ${hooks.errors}, timeouts ${hooks.timeouts}; rows stored ${stored}; NOTIFY published ${published}`,
    );
    console.log(
      `baseline:  ${CALLBACKS} single-row INSERT transactions via pg pool(${POOL_SIZE}) at ${CONNECTIONS} concurrent = ${baselineRps.toFixed(0)}/s`,
    );
    console.log(`/healthz:  ${httpRps.toFixed(0)} req/s (p99 ${health.p99} ms)`);
    console.log(
      `ratio:     ${(rps / baselineRps).toFixed(2)} × baseline (target ≥ 0.5), ${rps >= 2000 ? 'meets' : 'misses'} 2,000/s on ${os.cpus().length} cores`,
    );
    if (hooks.non2xx > 0 || hooks.errors > 0 || stored !== requests.length)
      console.log('WARNING: not every callback was stored exactly once');
    console.log(
      JSON.stringify({
        bench: 'webhooks',
        rps: Math.round(rps),
        p99_ms: hooks.p99,
        baseline_rps: Math.round(baselineRps),
        http_rps: Math.round(httpRps),
        ratio: Number((rps / baselineRps).toFixed(3)),
        callbacks: hooks.total,
        stored,
        published,
        non2xx: hooks.non2xx,
      }),
    );
  } catch (err) {
    console.error(err);
    throw err;
  } finally {
    await app.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
