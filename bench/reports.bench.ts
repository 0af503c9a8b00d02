/**
 * npm run bench:reports — the reports and the live floor at size. One team with CALLS ended calls over 90 days
 * (200 agents, 50 campaigns, 300 caller IDs, business hours in New York) among 99 other teams holding a tenth as many;
 * the rollups are built by the product's own rebuild (`rebuildCallRollups`, what `dialerseat rebuild-rollups` runs).
 *
 * Reports: every kind in `reportKinds`, through the use-case the route calls (`getReport`), for the last 1, 7 and 90
 * days (each compared, as the route does, with the period before), p50/p95 over repeated runs. Baseline in the same
 * run: the same use-case on connections where `call_rollups` is shadowed by a temporary view over the raw calls table
 * (each call's contribution written out below, independently of the product's SQL function) and the delta log by an
 * empty one — so the baseline is exactly "the same report computed from the calls", and every report's JSON must be
 * equal on both sides (checked; a mismatch fails the run).
 *
 * Live floor: a board (the owner's event stream with ?floor=1) over 200 seated agents; each agent's call is answered
 * and then completed by a signed status webhook; the time from sending the webhook to the board receiving the
 * agent's row in its new state, p50/p95.
 *
 * Run: npm run bench:reports (10,000,000 calls) · npm run bench:reports:small (100,000) · or
 *      npx tsx bench/reports.bench.ts <calls>. Env: BENCH_RUNS (rollup runs per report, 20), BENCH_BASELINE_RUNS (3),
 *      BENCH_ONLY=floor (the same data generated and rebuilt, then only the live floor timed: no reports, no baseline),
 *      e.g. BENCH_ONLY=floor npx tsx bench/reports.bench.ts 1000000 (a few minutes).
 *      BENCH_DATA_DIR=<dir> keeps the database there: the first run generates it, later runs of the same size reuse
 *      it (migrations run on start; the rollups are not rebuilt), so a change is timed on the same data in minutes.
 * Ends with one JSON line.
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { isDeepStrictEqual } from 'node:util';
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { signSignalWireRequest } from '../src/adapters/signalwire/signature';
import { rebuildCallRollups } from '../src/app/reports/rebuild-call-rollups';
import { daysFrom, ROLLUP_FAMILIES } from '../src/db/queries/call-rollups';
import { getReport } from '../src/app/reports/get-report';
import { parseConfig } from '../src/config';
import type { FloorPatch } from '../src/core/api/floor.types';
import { reportKinds } from '../src/core/api/reports.types';
import { addDays, isoDate, localParts } from '../src/core/compliance/local-time';
import type { TeamScope } from '../src/core/teams/scope';
import { statusRank } from '../src/core/telephony/call-status';
import type { RootDb } from '../src/db/client';
import { freePort } from '../src/db/embedded';
import * as schema from '../src/db/schema';
import { startDialerSeat } from '../src/main';
import { TestClient } from '../tests/support/http-client';
import { openEventStream } from '../tests/support/telephony-helpers';

const CALLS = Number(process.argv[2] ?? 10_000_000);
const OTHER_TEAMS = 99;
const OTHER_CALLS = Math.round(CALLS / 10);
const AGENTS = 200;
const CAMPAIGNS = 50;
const NUMBERS = 300;
const DAYS = 90;
const ZONE = 'America/New_York';
const RANGES = [1, 7, 90] as const;
const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const BASELINE_RUNS = Number(process.env.BENCH_BASELINE_RUNS ?? 3);
/** BENCH_ONLY=floor: time only the live floor (the data is generated the same, so its size stays honest). */
const FLOOR_ONLY = process.env.BENCH_ONLY === 'floor';
if (process.env.BENCH_ONLY !== undefined && !FLOOR_ONLY) throw new Error('BENCH_ONLY accepts only "floor"');
const FLOOR_WORKERS = 4;
const CHUNK = 1_000_000;
const OWNER_EMAIL = 'owner@bench.example';
const SIGNING_KEY = 'bench-signing-key-0123456789abcdef';
const silent = { info() {}, warn() {}, error() {}, debug() {} };

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? NaN;
};
const ms = (n: number) => Number(n.toFixed(1));
const secondsSince = (t: number) => ((performance.now() - t) / 1000).toFixed(1);

/**
 * The raw-calls baseline: `call_rollups` as a view with one row per ended outbound call (its contribution written out
 * here), the daily rows per report family derived from it on every read, and no pending deltas. Temporary relations are searched before the schema's, on that connection only.
 */
const BASELINE_VIEWS = `
  create temp view call_rollups as
    select team_id, date_trunc('hour', queued_at, 'UTC') as hour, campaign_id, agent_id, caller_id, outcome, disposition,
      callee_zone, 1 as calls,
      (case when outcome = 'human' and duration_sec is not null then duration_sec else 0 end)::bigint as talk_sec,
      case when outcome = 'human' and duration_sec is not null then 1 else 0 end as talk_known,
      case when outcome in ('human', 'machine') and duration_sec < 6 then 1 else 0 end as short_calls,
      case when outcome in ('human', 'machine') and duration_sec is not null then 1 else 0 end as answered_known,
      case when callback_at is not null then 1 else 0 end as callbacks_set,
      case when callback_at is not null and callback_kept_at is not null then 1 else 0 end as callbacks_kept,
      (case when agent_id is not null and disposed_at is not null and ended_at is not null and not end_inferred
        then greatest(0, floor(extract(epoch from disposed_at - ended_at))) else 0 end)::bigint as wrapup_sec,
      case when agent_id is not null and disposed_at is not null and ended_at is not null and not end_inferred
        then 1 else 0 end as wrapup_known
    from calls where status_rank = 4 and direction = 'outbound';
  create temp view call_rollup_deltas as select * from pg_temp.call_rollups where false;
  create temp view call_rollup_days as ${ROLLUP_FAMILIES.map((family) =>
    daysFrom('select * from pg_temp.call_rollups', family),
  ).join(' union all ')};`;

/**
 * Ended calls for one team, generated in the database (one INSERT … SELECT per chunk): outcomes in realistic shares,
 * agents on their campaign (four each), each campaign on its six caller IDs, queued in New York business hours.
 */
function callsSql(opts: { team: boolean }) {
  // $1 team id (others: ids), $2 first g, $3 last g, $4 now; the team's also $5 campaign ids, $6 agent ids, $7 numbers,
  // $8 disposition keys.
  const team = opts.team ? '$1::uuid' : `($1::uuid[])[1 + (g % array_length($1::uuid[], 1))]`;
  const campaign = opts.team ? `($5::uuid[])[1 + c]` : 'null::uuid';
  const agent = opts.team
    ? `case when o = 'human' and r2 < 0.95 or o <> 'human' and c % 2 = 1 then ($6::text[])[1 + c * 4 + floor(r2 * 4)::int] end`
    : 'null::text';
  const disposition = opts.team
    ? `case when o = 'human' and agent is not null then ($8::text[])[1 + floor(r7 * array_length($8::text[], 1))::int] end`
    : 'null::text';
  const number = opts.team
    ? `($7::text[])[1 + c * 6 + floor(r3 * 6)::int]`
    : `'+1202555' || lpad((g % 9000)::text, 4, '0')`;
  return `
    with s as (
      select g, c, r1, r2, r3, r5, r6, r7,
        case when r1 < 0.45 then 'no_answer' when r1 < 0.52 then 'busy' when r1 < 0.55 then 'failed'
             when r1 < 0.57 then 'canceled' when r1 < 0.72 then 'machine' else 'human' end as o,
        -- a day of the last ${DAYS} (today included), 08:00–18:00 in New York; a time still to come today moves a day back
        date_trunc('day', $4::timestamptz at time zone '${ZONE}') - make_interval(days => floor(r4 * ${DAYS})::int)
          + make_interval(secs => 8 * 3600 + r5 * 36000) as local_at
      from (select g, (g % ${CAMPAIGNS})::int as c, random() r1, random() r2, random() r3, random() r4, random() r5, random() r6,
                   random() r7
            from generate_series($2::bigint, $3::bigint) g) x
    ),
    t as (
      select s.*, case when (local_at at time zone '${ZONE}') > $4::timestamptz
                       then (local_at - interval '1 day') at time zone '${ZONE}' else local_at at time zone '${ZONE}' end as q,
             ${agent} as agent
      from s
    )
    insert into calls (team_id, campaign_id, agent_id, direction, dialed_number, caller_id, provider, status, status_rank,
                       queued_at, answered_at, ended_at, duration_sec, outcome, disposition, callback_at,
                       connect_recorded, agent_connected_at, safe_harbor_at, callee_zone, disposed_at, created_at,
                       updated_at)
    select ${team}, ${campaign}, agent, 'outbound', '+1' || (2000000000 + g)::text, ${number}, 'simulator',
      case o when 'human' then 'completed' when 'machine' then 'completed' when 'no_answer' then 'no-answer' else o end, 4,
      q, case when o in ('human', 'machine') then q + interval '8 seconds' end,
      q + make_interval(secs => case o when 'human' then 28 + floor(r6 * 600) when 'machine' then 11 + floor(r6 * 30) else 25 end),
      case o when 'human' then 20 + floor(r6 * 600)::int when 'machine' then 3 + floor(r6 * 30)::int else 0 end,
      o,
      ${disposition},
      case when o = 'human' and agent is not null and r3 < 0.05 then q + interval '2 days' end,
      true, case when o = 'human' and agent is not null then q + interval '9 seconds' end,
      case when o = 'human' and agent is null then q + interval '9 seconds' end,
      '${ZONE}',
      -- the agent's disposition 5–65 s after the call ended (wrap-up)
      case when ${disposition} is not null then q + make_interval(secs => 28 + floor(r6 * 600) + 5 + floor(r2 * 60)) end,
      q, q
    from t`;
}

/** The team and its history, generated in the database; the rollups built by the product's own rebuild. */
async function generate(app: Awaited<ReturnType<typeof startDialerSeat>>, owner: TestClient): Promise<DataSet> {
  const pool = app.deps.pool;
  await owner.signUp({ name: 'Bench Owner', email: OWNER_EMAIL, teamName: 'Bench team' });
  const me = await owner.loadMe();
  const teamId = me.teams[0]!.id;
  const tz = await owner.request('PUT', `/api/teams/${teamId}/time-zone`, { timeZone: ZONE });
  if (tz.status !== 200) throw new Error(`time zone: ${tz.status} ${tz.text}`);
  const made = await owner.post(`/api/teams/${teamId}/campaigns`, {
    name: 'Campaign 01',
    recordingDisclosure: 'This call may be recorded.',
  });
  if (made.status !== 201) throw new Error(`campaign: ${made.status} ${made.text}`);
  const firstCampaign = made.json.id as string;
  await pool.query(
    `insert into campaigns (team_id, name, dial_mode, calling_window, retry_rules, dispositions, recording_disclosure)
     select team_id, 'Campaign ' || lpad(g::text, 2, '0'), dial_mode, calling_window, retry_rules, dispositions,
            recording_disclosure
     from campaigns, generate_series(2, $2::int) g where id = $1`,
    [firstCampaign, CAMPAIGNS],
  );
  // The campaigns have run for the whole history (the floor's abandon rate reads their last 30 days of calls).
  await pool.query(`update campaigns set created_at = now() - interval '${DAYS + 1} days' where team_id = $1`, [
    teamId,
  ]);
  const campaignIds = (
    await pool.query<{ id: string }>(`select id from campaigns where team_id = $1 order by name`, [teamId])
  ).rows.map((r) => r.id);
  const dispositionKeys = (
    await pool.query<{ key: string }>(
      `select d->>'key' as key from campaigns, jsonb_array_elements(dispositions) d where id = $1`,
      [firstCampaign],
    )
  ).rows.map((r) => r.key);
  const agentIds = Array.from({ length: AGENTS }, (_, i) => `bench-agent-${String(i + 1).padStart(3, '0')}`);
  await pool.query(
    `insert into users (id, name, email, email_verified) select a, 'Agent ' || substr(a, 13), a || '@bench.example', true
     from unnest($1::text[]) a`,
    [agentIds],
  );
  await pool.query(`insert into members (team_id, user_id, role) select $1, a, 'agent' from unnest($2::text[]) a`, [
    teamId,
    agentIds,
  ]);
  const numbers = Array.from({ length: NUMBERS }, (_, i) => `+1415555${String(i).padStart(4, '0')}`);
  await pool.query(
    `insert into phone_numbers (team_id, e164, source, daily_cap) select $1, n, 'simulator', 400 from unnest($2::text[]) n`,
    [teamId, numbers],
  );
  // The lists: leads per campaign, a third untouched, a third being worked, a third finished.
  const leadsPerCampaign = Math.max(100, Math.round(CALLS / CAMPAIGNS / 10));
  let t = performance.now();
  await pool.query(
    `insert into leads (team_id, campaign_id, phone, timezones, status, attempts)
     select $1, c, '+1212' || lpad((n * 97 % 10000000)::text, 7, '0') || '', array['${ZONE}'],
            (array['new', 'retry', 'done'])[1 + n % 3], case when n % 3 = 0 then 0 else 1 + n % 4 end
     from unnest($2::uuid[]) c, generate_series(1, $3::int) n`,
    [teamId, campaignIds, leadsPerCampaign],
  );
  console.log(`leads: ${leadsPerCampaign * CAMPAIGNS} in ${secondsSince(t)} s`);

  const others = (
    await pool.query<{ id: string }>(
      `insert into teams (name) select 'Other team ' || g from generate_series(1, $1::int) g returning id`,
      [OTHER_TEAMS],
    )
  ).rows.map((r) => r.id);

  // ——— the calls: generated in the database, with the rollup triggers off for the load (rebuilt below) ———
  const nowIso = new Date().toISOString();
  const loader = await pool.connect();
  try {
    await loader.query(`set session_replication_role = replica`);
    await loader.query(`select setseed(0.42)`);
    t = performance.now();
    for (let from = 1; from <= CALLS; from += CHUNK) {
      const to = Math.min(CALLS, from + CHUNK - 1);
      await loader.query(callsSql({ team: true }), [
        teamId,
        from,
        to,
        nowIso,
        campaignIds,
        agentIds,
        numbers,
        dispositionKeys,
      ]);
      console.log(`calls: ${to} of the team's ${CALLS} (${secondsSince(t)} s)`);
    }
    await loader.query(callsSql({ team: false }), [others, CALLS + 1, CALLS + OTHER_CALLS, nowIso]);
    console.log(`calls: ${OTHER_CALLS} of ${OTHER_TEAMS} other teams (${secondsSince(t)} s)`);
    await loader.query(`set session_replication_role = origin`);
  } finally {
    loader.release();
  }
  const generateSec = (performance.now() - t) / 1000;
  // What the dialer keeps beside the calls: each number's calls per (UTC) day, and the agents' Ready time.
  await pool.query(
    `insert into caller_id_usage (phone_number_id, team_id, day, count)
     select p.id, p.team_id, (c.queued_at at time zone 'UTC')::date, count(*)
     from calls c join phone_numbers p on p.team_id = c.team_id and p.e164 = c.caller_id
     where c.team_id = $1 group by 1, 2, 3`,
    [teamId],
  );
  await pool.query(
    `insert into agent_time_rollups (team_id, hour, agent_id, state, seconds)
     select $1, h, a, 'ready', 600 + (hashtext(a || h::text) & 1023)
     from unnest($2::text[]) a,
          generate_series(date_trunc('hour', $3::timestamptz) - interval '${DAYS} days', $3::timestamptz, interval '1 hour') h
     where extract(hour from h at time zone '${ZONE}') between 8 and 17`,
    [teamId, agentIds, nowIso],
  );

  t = performance.now();
  const rebuilt = await rebuildCallRollups({ db: app.deps.db });
  const rebuildSec = (performance.now() - t) / 1000;
  return {
    calls: CALLS,
    teamId,
    userId: me.user.id,
    campaignIds,
    agentIds,
    numbers,
    generateSec: Number(generateSec.toFixed(1)),
    rebuildSec: Number(rebuildSec.toFixed(1)),
    rebuiltBuckets: rebuilt.buckets,
  };
}

/** What a generated data set is, kept beside it in BENCH_DATA_DIR so a later run can time new code on it. */
type DataSet = {
  calls: number;
  teamId: string;
  userId: string;
  campaignIds: string[];
  agentIds: string[];
  numbers: string[];
  generateSec: number;
  rebuildSec: number;
  rebuiltBuckets: number;
};

async function main() {
  // BENCH_DATA_DIR keeps the database: the first run generates into it, later runs at the same size reuse it (the
  // app's migrations run on start, as on a deployed server), so new code is timed without 40 minutes of generation.
  const keptDir = process.env.BENCH_DATA_DIR ? path.resolve(process.env.BENCH_DATA_DIR) : null;
  const dataDir = keptDir ?? mkdtempSync(path.join(os.tmpdir(), 'dialerseat-bench-'));
  mkdirSync(dataDir, { recursive: true });
  chmodSync(dataDir, 0o755);
  const dataSetFile = path.join(dataDir, 'bench-data-set.json');
  const kept = existsSync(dataSetFile) ? (JSON.parse(readFileSync(dataSetFile, 'utf8')) as DataSet) : null;
  if (kept && kept.calls !== CALLS)
    throw new Error(`${dataDir} holds ${kept.calls} calls, not ${CALLS}: use another dir`);
  const port = await freePort();
  const config = parseConfig({
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
    DATA_DIR: dataDir,
    DATABASE_POOL_SIZE: '10',
    LOG_LEVEL: 'silent',
    JOBS_IN_PROCESS: 'false',
    SIMULATOR_SIGNING_KEY: SIGNING_KEY,
  });
  console.log(`starting DialerSeat with embedded PostgreSQL in ${dataDir} …`);
  const app = await startDialerSeat(config, { log: silent });
  const pool = app.deps.pool;
  let basePool: pg.Pool | null = null;
  try {
    // ——— the team: an owner through the API (the board needs a signed-in session), the rest written directly ———
    const owner = new TestClient(app.url);
    let set: DataSet;
    if (kept) {
      await owner.signIn(OWNER_EMAIL);
      set = kept;
      console.log(`reusing the data set in ${dataDir} (generated in ${kept.generateSec} s)`);
    } else {
      set = await generate(app, owner);
      if (keptDir) writeFileSync(dataSetFile, JSON.stringify(set));
    }
    const { teamId, campaignIds, agentIds, numbers, generateSec, rebuildSec } = set;
    const scope: TeamScope = { teamId, userId: set.userId, role: 'owner' };
    await pool.query('vacuum analyze');
    const sizes = (
      await pool.query<{ calls: string; rollups: string; buckets: string }>(
        `select pg_size_pretty(pg_total_relation_size('calls')) as calls,
                pg_size_pretty(pg_total_relation_size('call_rollups')) as rollups,
                (select count(*) from call_rollups where team_id = $1)::text as buckets`,
        [teamId],
      )
    ).rows[0]!;
    console.log(
      `generated ${CALLS + OTHER_CALLS} calls in ${generateSec} s; rebuild: ${set.rebuiltBuckets} buckets in ${rebuildSec} s` +
        ` (the team's: ${sizes.buckets}); calls ${sizes.calls}, call_rollups ${sizes.rollups}`,
    );

    // ——— reports: rollups against the raw-calls baseline, same use-case, same clock ———
    const results: {
      kind: string;
      days: number;
      p50: number;
      p95: number;
      baselineP50: number;
      ratio: number;
    }[] = [];
    if (!FLOOR_ONLY) {
      const frozen = new Date();
      const clock = { now: () => frozen };
      const deps = { db: app.deps.db, clock };
      basePool = new pg.Pool({ connectionString: app.databaseUrl, max: 10, idleTimeoutMillis: 0 });
      // Every connection the baseline pool will ever use, opened now with the views (idle ones are never closed).
      const baseClients = await Promise.all(Array.from({ length: 10 }, () => basePool!.connect()));
      for (const c of baseClients) await c.query(BASELINE_VIEWS);
      for (const c of baseClients) c.release();
      const baseDeps = { db: drizzle(basePool, { schema }) as RootDb, clock };
      const p = localParts(frozen, ZONE);
      const yesterday = addDays({ year: p.year, month: p.month, day: p.day }, -1);
      for (const kind of reportKinds) {
        for (const days of RANGES) {
          const query = { from: isoDate(addDays(yesterday, 1 - days)), to: isoDate(yesterday) };
          const fast = await getReport(deps, scope, kind, query); // warm-up, and the answer to compare
          const times: number[] = [];
          for (let i = 0; i < RUNS; i++) {
            const s = performance.now();
            await getReport(deps, scope, kind, query);
            times.push(performance.now() - s);
          }
          const baseTimes: number[] = [];
          let slow: unknown = null;
          for (let i = 0; i < BASELINE_RUNS; i++) {
            const s = performance.now();
            slow = await getReport(baseDeps, scope, kind, query);
            baseTimes.push(performance.now() - s);
          }
          if (!isDeepStrictEqual(fast, slow)) {
            throw new Error(
              `${kind} over ${days} days: the rollup report and the raw-calls baseline disagree\n` +
                `${JSON.stringify(fast).slice(0, 2000)}\n${JSON.stringify(slow).slice(0, 2000)}`,
            );
          }
          const r = {
            kind,
            days,
            p50: pct(times, 50),
            p95: pct(times, 95),
            baselineP50: pct(baseTimes, 50),
            ratio: pct(baseTimes, 50) / pct(times, 50),
          };
          results.push(r);
          console.log(
            `${kind.padEnd(12)} ${String(days).padStart(2)} d: p50 ${ms(r.p50)} ms, p95 ${ms(r.p95)} ms ` +
              `(${RUNS} runs, ${(fast as { rows: unknown[] }).rows.length} rows); baseline p50 ${ms(r.baselineP50)} ms ` +
              `(${BASELINE_RUNS} runs) = ${r.ratio.toFixed(1)}×; equal`,
          );
        }
      }
      await basePool.end();
      basePool = null;
    }

    // ——— the live floor: webhook in → the board's row out ———
    const ringing = statusRank('ringing');
    // A reused data set holds the seats (and calls) of the run before; each run seats its agents on calls of its own.
    await pool.query(`delete from agent_sessions where team_id = $1`, [teamId]);
    const runTag = Date.now().toString(36);
    const { rows: floorCalls } = await pool.query<{ id: string; provider_sid: string; agent_id: string }>(
      `insert into calls (team_id, campaign_id, agent_id, dialed_number, caller_id, provider, provider_sid, status,
                          status_rank, queued_at, ringing_at)
       select $1, ($2::uuid[])[1 + (i - 1) / 4], a, '+13125550' || lpad(i::text, 3, '0'), ($4::text[])[i], 'simulator',
              'CAbench' || $6 || i, 'ringing', $5, now(), now()
       from unnest($3::text[]) with ordinality as x(a, i)
       returning id, provider_sid, agent_id`,
      [teamId, campaignIds, agentIds, numbers, ringing, runTag],
    );
    await pool.query(
      `insert into agent_sessions (team_id, user_id, campaign_id, state, since, last_heartbeat, call_id)
       select $1, c.agent_id, c.campaign_id, 'dialing', now(), now() + interval '1 day', c.id
       from calls c where c.id = any($2::uuid[])`,
      [teamId, floorCalls.map((c) => c.id)],
    );
    // As the wallboard page does: the snapshot first, then the pushed rows.
    const snapshot = await owner.request('GET', `/api/teams/${teamId}/floor`);
    if (snapshot.status !== 200) throw new Error(`floor: ${snapshot.status} ${snapshot.text}`);
    const board = await openEventStream(`${app.url}/api/teams/${teamId}/events?floor=1`, owner.cookieHeader);
    const pushTimes: number[] = [];
    const sendStatus = async (call: (typeof floorCalls)[number], status: 'in-progress' | 'completed', seq: number) => {
      const route = `/webhooks/signalwire/status?callId=${call.id}`;
      const params: Record<string, string> = {
        AccountSid: 'simulator',
        ApiVersion: '2010-04-01',
        CallSid: call.provider_sid,
        CallStatus: status,
        Direction: 'outbound-api',
        From: '+14155550000',
        To: '+13125550000',
        CallbackSource: 'call-progress-events',
        SequenceNumber: String(seq),
        Timestamp: new Date().toUTCString(),
        ...(status === 'completed' ? { CallDuration: '42' } : {}),
      };
      const want = status === 'in-progress' ? 'on_call' : 'wrap_up';
      const seen = (e: { event: string; data: unknown }) =>
        e.event === 'floor' &&
        (e.data as FloorPatch).agents.some((a) => a.userId === call.agent_id && a.state === want);
      const start = performance.now();
      const res = await fetch(app.url + route, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-signalwire-signature': signSignalWireRequest(SIGNING_KEY, config.publicBaseUrl + route, params),
        },
        body: new URLSearchParams(params).toString(),
      });
      if (res.status >= 300) throw new Error(`status webhook answered ${res.status}: ${await res.text()}`);
      await board.until(() => board.events.some(seen));
      pushTimes.push(performance.now() - start);
    };
    try {
      let next = 0;
      await Promise.all(
        Array.from({ length: FLOOR_WORKERS }, async () => {
          while (next < floorCalls.length) {
            const call = floorCalls[next++]!;
            await sendStatus(call, 'in-progress', 2);
            await sendStatus(call, 'completed', 3);
          }
        }),
      );
    } finally {
      await board.close();
    }
    const floorP50 = pct(pushTimes, 50);
    const floorP95 = pct(pushTimes, 95);
    console.log(
      `live floor: ${pushTimes.length} webhooks → board rows over ${AGENTS} agents (${FLOOR_WORKERS} at a time): ` +
        `p50 ${ms(floorP50)} ms, p95 ${ms(floorP95)} ms (target ≤ 100)`,
    );

    const worst = results.length > 0 ? results.reduce((a, b) => (b.p95 > a.p95 ? b : a)) : null;
    const at90 = results.filter((r) => r.days === 90);
    const ratio90 = Math.min(...at90.map((r) => r.ratio));
    console.log('');
    if (worst) {
      console.log(
        `worst p95: ${worst.kind} over ${worst.days} d, ${ms(worst.p95)} ms (target ≤ 300); ` +
          `slowest 90-day ratio to the baseline: ${ratio90.toFixed(1)}× (target ≥ 10)`,
      );
    }
    console.log(
      JSON.stringify({
        bench: FLOOR_ONLY ? 'reports:floor' : 'reports',
        calls: CALLS,
        ...(worst
          ? {
              worst_p95_ms: ms(worst.p95),
              worst_report: `${worst.kind}:${worst.days}d`,
              ratio_90d: Number(ratio90.toFixed(1)),
            }
          : {}),
        floor_push_p95_ms: ms(floorP95),
        floor_push_p50_ms: ms(floorP50),
        other_calls: OTHER_CALLS,
        rollup_buckets: Number(sizes.buckets),
        generate_s: generateSec,
        rebuild_s: rebuildSec,
        reused_data: kept !== null,
        reports: results.map((r) => ({
          report: `${r.kind}:${r.days}d`,
          p50_ms: ms(r.p50),
          p95_ms: ms(r.p95),
          baseline_p50_ms: ms(r.baselineP50),
          ratio: Number(r.ratio.toFixed(1)),
        })),
      }),
    );
  } catch (err) {
    console.error(err);
    throw err;
  } finally {
    await basePool?.end();
    await app.stop();
    if (!keptDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
