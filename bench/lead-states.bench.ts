// The campaigns report's "lists now" at size: LEADS leads over 50 campaigns of one team (the bench:reports list,
// a third untouched, a third being worked, a third finished, over several zones and due times), then p50/p95 over
// RUNS reads of:
//   - penetration from the counts (lead_state_counts + pending deltas, decision 0036), folded and with CHANGES
//     dispositions still pending;
//   - the same counted over the leads (the direct count the report used before: leads_campaign_attempts_idx alone);
//   - callable now (countCallableNow, unchanged: the other half of the report's list part, for comparison).
// Both penetration reads must agree. Also timed: the bulk insert of the leads (the insert trigger's grouped delta)
// and the CHANGES dispositions (the update trigger's deltas).
//
// Run: npm run bench:lead-states (1,000,000 leads) or bench:lead-states:small (100,000);
//      npx tsx bench/lead-states.bench.ts [leads] [runs]. DATABASE_URL set: that server instead of an embedded one.

import { performance } from 'node:perf_hooks';
import { callableZonesNow } from '../src/core/compliance';
import { countCallableNow } from '../src/db/queries/floor';
import { foldLeadStateDeltas } from '../src/db/queries/lead-state-counts';
import { countListPenetration, countListPenetrationFromLeads } from '../src/db/queries/list-penetration';
import { insertBenchCampaign, openLeadBench } from './lead-bench-setup';

const LEADS = Number(process.argv[2] ?? 1_000_000);
const RUNS = Number(process.argv[3] ?? 20);
const CAMPAIGNS = 50;
const CHANGES = 5_000;
const ZONES = ['America/New_York', 'America/Chicago', 'America/Denver', 'America/Los_Angeles'];
const NOW = new Date('2026-03-10T19:00:00Z');

const ms = (t: number) => Math.round((performance.now() - t) * 10) / 10;
const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};

async function timed<T>(runs: number, f: () => Promise<T>): Promise<{ p50: number; p95: number; last: T }> {
  const times: number[] = [];
  let last: T | undefined;
  await f(); // warm
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    last = await f();
    times.push(ms(t));
  }
  return { p50: quantile(times, 0.5), p95: quantile(times, 0.95), last: last as T };
}

async function main() {
  const bench = await openLeadBench('lead-states');
  try {
    const { pool, database } = bench;
    const db = database.db;
    const { scope } = await insertBenchCampaign(pool);
    const campaignIds = (
      await pool.query<{ id: string }>(
        `insert into campaigns (team_id, name, calling_window, retry_rules, dispositions)
         select $1, 'List ' || g, '{"rule":"legal"}', '{"maxAttempts": 4}', '[]' from generate_series(1, $2::int) g
         returning id`,
        [scope.teamId, CAMPAIGNS],
      )
    ).rows.map((r) => r.id);
    const perCampaign = Math.round(LEADS / CAMPAIGNS);
    let t = performance.now();
    await pool.query(
      `insert into leads (team_id, campaign_id, phone, timezones, status, attempts, next_attempt_at)
       select $1, c, '+1212' || lpad((n * 97 % 10000000)::text, 7, '0'), array[($4::text[])[1 + n % 4]],
              (array['new', 'retry', 'done'])[1 + n % 3], case when n % 3 = 0 then 0 else 1 + n % 4 end,
              case when n % 3 = 1 then $5::timestamptz + ((n % 7) - 3) * interval '1 hour' end
       from unnest($2::uuid[]) c, generate_series(1, $3::int) n`,
      [scope.teamId, campaignIds, perCampaign, ZONES, NOW],
    );
    const insertMs = ms(t);
    console.log(`leads: ${perCampaign * CAMPAIGNS} inserted in ${insertMs} ms (insert trigger included)`);
    t = performance.now();
    // Vacuumed as a settled table is: the direct count's index-only scan then skips the heap.
    await pool.query('vacuum analyze leads');
    while ((await foldLeadStateDeltas(db)) > 0);
    console.log(`vacuum + fold: ${ms(t)} ms`);

    const counted = await timed(RUNS, () => countListPenetration(db, scope));
    const direct = await timed(RUNS, () => countListPenetrationFromLeads(db, scope));
    const zones = callableZonesNow(NOW);
    const callable = await timed(RUNS, () =>
      countCallableNow(db, scope, { campaignIds: 'unarchived', zones, now: NOW }),
    );

    // Dispositions, one statement each as the product writes them, left unfolded: reads add the pending deltas.
    const ids = (
      await pool.query<{ id: string }>(
        `select id from leads where team_id = $1 and status = 'new' order by id limit $2`,
        [scope.teamId, CHANGES],
      )
    ).rows.map((r) => r.id);
    t = performance.now();
    for (const id of ids)
      await pool.query(`update leads set attempts = attempts + 1, status = 'retry', updated_at = $2 where id = $1`, [
        id,
        NOW,
      ]);
    const changeMs = ms(t);
    const pending = await timed(RUNS, () => countListPenetration(db, scope));
    const directAfter = await countListPenetrationFromLeads(db, scope);
    const key = (xs: { campaignId: string }[]) =>
      JSON.stringify([...xs].sort((a, b) => a.campaignId.localeCompare(b.campaignId)));
    const equal = key(counted.last) === key(direct.last) && key(pending.last) === key(directAfter);

    const line = (name: string, r: { p50: number; p95: number }) =>
      console.log(`${name.padEnd(34)} p50 ${r.p50} ms, p95 ${r.p95} ms (${RUNS} runs)`);
    line('penetration from counts', counted);
    line(`penetration, ${ids.length} deltas pending`, pending);
    line('penetration over the leads', direct);
    line('callable now (unchanged)', callable);
    console.log(`${ids.length} dispositions in ${changeMs} ms; counts ${equal ? 'equal' : 'DIFFER from'} the leads`);
    console.log(
      JSON.stringify({
        bench: 'lead-states',
        leads: perCampaign * CAMPAIGNS,
        counted_p95_ms: counted.p95,
        pending_p95_ms: pending.p95,
        direct_p95_ms: direct.p95,
        callable_p95_ms: callable.p95,
        insert_ms: insertMs,
        equal,
      }),
    );
    if (!equal) process.exitCode = 1;
  } finally {
    await bench.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
