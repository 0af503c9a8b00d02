// Lead table latency. A fresh embedded PostgreSQL gets the real migrations and LEADS leads in
// one campaign (plus a second, smaller campaign in the same team), bulk-loaded with generate_series and
// the indexes rebuilt afterwards, then ANALYZEd. Each query below is the app's own listLeads (the page
// of 50) and, separately, its countLeads (capped at 1,000; the route runs both at once), ITERATIONS times
// with varying values; p50/p95 of each. Target: page p95 ≤ 50 ms.
//
// Run: npm run bench:leads (1,000,000 leads) · npm run bench:leads:small (100,000) ·
//      npx tsx bench/leads.bench.ts <leads> [iterations]. DATABASE_URL set: that server instead.

import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { leadPageSchema } from '../src/core/lead-table/filter';
import type { TeamScope } from '../src/core/teams/scope';
import { connectDatabase } from '../src/db/client';
import { startEmbeddedPostgres } from '../src/db/embedded';
import { runMigrations } from '../src/db/migrate';
import { countLeads, listLeads } from '../src/db/queries/leads';

const LEADS = Number(process.argv[2] ?? 1_000_000);
const ITERATIONS = Number(process.argv[3] ?? 200);
const WARMUP = 20;

const FIRST = [
  'James',
  'Mary',
  'Robert',
  'Patricia',
  'John',
  'Jennifer',
  'Michael',
  'Linda',
  'David',
  'Elizabeth',
  'William',
  'Barbara',
  'Richard',
  'Susan',
  'Joseph',
  'Jessica',
  'Thomas',
  'Sarah',
  'Carlos',
  'Nguyen',
];
const LAST = [
  'Smith',
  'Johnson',
  'Williams',
  'Brown',
  'Jones',
  'Garcia',
  'Miller',
  'Davis',
  'Rodriguez',
  'Martinez',
  'Hernandez',
  'Lopez',
  'Gonzalez',
  'Wilson',
  'Anderson',
  'Thomas',
  'Taylor',
  'Moore',
  'Jackson',
  'Martin',
  'Lee',
  'Perez',
  'Thompson',
  'White',
  'Harris',
  'Sanchez',
  'Clark',
  'Ramirez',
  'Lewis',
  'Robinson',
  'Walker',
  'Young',
  'Allen',
  'King',
  'Wright',
  'Scott',
  'Torres',
  'Nguyen',
  'Hill',
  'Flores',
];
const ZONES = [
  'America/New_York',
  'America/Chicago',
  'America/Denver',
  'America/Phoenix',
  'America/Los_Angeles',
  'America/Anchorage',
  'Pacific/Honolulu',
];
const STATUSES = ['new', 'new', 'new', 'retry', 'callback', 'done', 'exhausted'];
const TAGS = ['vip', 'webinar', 'trade-show', 'referral', 'cold', 'q3', 'q4', 'partner'];

const sqlList = (xs: readonly string[]) => `array[${xs.map((x) => `'${x}'`).join(',')}]`;

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function main() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dialerseat-bench-leads-'));
  chmodSync(dir, 0o755);
  const external = process.env.DATABASE_URL;
  const embedded = external ? null : await startEmbeddedPostgres({ dataDir: dir, database: 'bench' });
  const database = connectDatabase(external ?? embedded!.url, 4);
  const pool = database.pool;
  try {
    await runMigrations(pool);
    const userId = `bench-${Date.now()}`;
    await pool.query(`insert into users (id, name, email) values ($1, 'Bench', $2)`, [userId, `${userId}@example.com`]);
    const teamId = (await pool.query<{ id: string }>(`insert into teams (name) values ('Bench') returning id`)).rows[0]!
      .id;
    await pool.query(`insert into members (team_id, user_id, role) values ($1, $2, 'owner')`, [teamId, userId]);
    const campaign = async (name: string) =>
      (
        await pool.query<{ id: string }>(
          `insert into campaigns (team_id, name, calling_window, retry_rules, dispositions) values ($1, $2, '{"rule":"legal"}', '{}', '[]') returning id`,
          [teamId, name],
        )
      ).rows[0]!.id;
    const main = await campaign('Main');
    const other = await campaign('Other');

    // Load without indexes, then build them: minutes faster than maintaining them row by row.
    const indexes = (
      await pool.query<{ name: string; def: string }>(
        `select indexname as name, indexdef as def from pg_indexes where tablename = 'leads' and indexname <> 'leads_pkey'`,
      )
    ).rows;
    for (const ix of indexes) await pool.query(`drop index ${ix.name}`);
    let t = performance.now();
    const load = (campaignId: string, n: number, offset: number) =>
      pool.query(
        `
        insert into leads (team_id, campaign_id, phone, first_name, last_name, email, state, timezones, status, tags, attempts, custom, created_at, updated_at)
        select $1, $2,
               '+1' || (200 + (g % 800))::text || lpad(((g::bigint * 7919) % 10000000)::text, 7, '0'),
               (${sqlList(FIRST)})[1 + g % ${FIRST.length}],
               (${sqlList(LAST)})[1 + (g / 7) % ${LAST.length}],
               lower((${sqlList(FIRST)})[1 + g % ${FIRST.length}]) || '.' || g || '@' || (array['gmail.com','yahoo.com','acme.com','example.org'])[1 + g % 4],
               (array['NY','IL','CO','AZ','CA','AK','HI'])[1 + g % 7],
               array[(${sqlList(ZONES)})[1 + g % 7]],
               (${sqlList(STATUSES)})[1 + (g / 3) % ${STATUSES.length}],
               case when g % 5 = 0 then array[(${sqlList(TAGS)})[1 + (g / 5) % ${TAGS.length}]] else '{}'::text[] end,
               (g / 11) % 6,
               jsonb_build_object('source', (array['web','referral','list'])[1 + g % 3], 'score', (g % 100)::text),
               timestamptz '2025-01-01' + (g * interval '25 seconds'),
               timestamptz '2025-01-01' + (g * interval '25 seconds')
        from generate_series($3::int + 1, $3::int + $4::int) g`,
        [teamId, campaignId, offset, n],
      );
    for (let done = 0; done < LEADS; done += 250_000) await load(main, Math.min(250_000, LEADS - done), done);
    await load(other, Math.max(1000, Math.floor(LEADS / 20)), LEADS);
    console.log(`loaded ${LEADS.toLocaleString('en-US')} leads in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    t = performance.now();
    await pool.query("set maintenance_work_mem = '256MB'");
    for (const ix of indexes) await pool.query(ix.def);
    await pool.query('vacuum analyze leads');
    console.log(`built ${indexes.length} indexes and analyzed in ${((performance.now() - t) / 1000).toFixed(1)} s`);

    const scope: TeamScope = { teamId, userId, role: 'owner' };
    let n = 0;
    const rnd = () => (n = (n * 1103515245 + 12345) % 2147483648) / 2147483648;
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
    const queries: [string, () => Record<string, string>][] = [
      ['page, newest first', () => ({ campaignId: main, offset: String(50 * Math.floor(rnd() * 20)) })],
      ['status filter', () => ({ campaignId: main, status: pick(['new', 'retry', 'callback', 'done']) })],
      ['tag filter', () => ({ campaignId: main, tag: pick(TAGS) })],
      ['time zone filter', () => ({ campaignId: main, timezone: pick(ZONES) })],
      ['attempts range', () => ({ campaignId: main, attemptsMin: String(Math.floor(rnd() * 3)), attemptsMax: '5' })],
      [
        'created in a week',
        () => {
          const from = new Date(Date.UTC(2025, 0, 1) + Math.floor(rnd() * 250) * 86_400_000);
          return {
            campaignId: main,
            createdFrom: from.toISOString(),
            createdTo: new Date(from.getTime() + 7 * 86_400_000).toISOString(),
          };
        },
      ],
      ['sorted by name', () => ({ campaignId: main, sort: 'name', dir: pick(['asc', 'desc']) })],
      ['all campaigns, newest first', () => ({})],
      [
        'search: name',
        () => ({ campaignId: main, q: pick(['smi', 'garc', 'robinson', 'mary jones', 'jessica', 'nguy']) }),
      ],
      [
        'search: phone typed any way',
        () => ({
          campaignId: main,
          q: pick([
            `(${200 + Math.floor(rnd() * 800)}) ${String(Math.floor(rnd() * 900) + 100)}`,
            `${200 + Math.floor(rnd() * 800)}-${Math.floor(rnd() * 9000) + 1000}`,
            `+1 ${200 + Math.floor(rnd() * 800)} 55`,
          ]),
        }),
      ],
      ['search: e-mail', () => ({ campaignId: main, q: pick(['acme.com', 'james.12', 'linda.4', '@example.org']) })],
    ];
    type Stat = { p50_ms: number; p95_ms: number; count_p50_ms: number; count_p95_ms: number };
    const results: Record<string, Stat> = {};
    const ms = (xs: number[], p: number) => Math.round(percentile(xs, p) * 10) / 10;
    for (const [label, params] of queries) {
      const pages: number[] = [];
      const counts: number[] = [];
      for (let i = 0; i < WARMUP + ITERATIONS; i++) {
        const page = leadPageSchema.parse(params());
        let t0 = performance.now();
        await listLeads(database.db, scope, page);
        const tPage = performance.now() - t0;
        t0 = performance.now();
        await countLeads(database.db, scope, page);
        const tCount = performance.now() - t0;
        if (i >= WARMUP) {
          pages.push(tPage);
          counts.push(tCount);
        }
      }
      pages.sort((a, b) => a - b);
      counts.sort((a, b) => a - b);
      const r = (results[label] = {
        p50_ms: ms(pages, 50),
        p95_ms: ms(pages, 95),
        count_p50_ms: ms(counts, 50),
        count_p95_ms: ms(counts, 95),
      });
      console.log(
        `${label.padEnd(30)} page p50 ${r.p50_ms.toFixed(1).padStart(6)} ms  p95 ${r.p95_ms.toFixed(1).padStart(6)} ms   count p50 ${r.count_p50_ms.toFixed(1).padStart(6)} ms  p95 ${r.count_p95_ms.toFixed(1).padStart(6)} ms`,
      );
    }
    const worst = Math.max(...Object.values(results).map((r) => r.p95_ms));
    const worstCount = Math.max(...Object.values(results).map((r) => r.count_p95_ms));
    console.log(`worst page p95 ${worst} ms (target ≤ 50 ms); worst count p95 ${worstCount} ms`);
    console.log(
      JSON.stringify({
        bench: 'leads',
        leads: LEADS,
        iterations: ITERATIONS,
        worst_p95_ms: worst,
        worst_count_p95_ms: worstCount,
        queries: results,
      }),
    );
  } finally {
    await database.close();
    if (embedded) await embedded.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
