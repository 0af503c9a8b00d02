import { readFileSync } from 'node:fs';
import type { PoolClient } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outcomeOf, statusRank, type AnsweredBy, type CallStatus } from '../../src/core/telephony/call-status';
import {
  applyStatusChangeBatched,
  applyStatusChanges,
  type StatusChange,
} from '../../src/db/queries/call-status-batch';
import {
  compareRollupsWithCalls,
  foldRollupDeltas,
  rebuildRollups,
  setZoneAndRedayRollups,
} from '../../src/db/queries/call-rollups';
import { applyAmdVerdict, closeLostCall } from '../../src/db/queries/calls';
import { markCallbackKept } from '../../src/db/queries/lead-dial-writes';
import { countRollups, familyFor, sumRollups, type RollupGroup } from '../../src/db/queries/report-rollups';
import { reportRanges } from '../../src/core/reports/report-range';
import { seededDraws } from '../support/seeded-random';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * The hourly rollups the reports read must say exactly what the calls say, however the provider's callbacks arrive:
 * twice, out of order, a late AMD verdict that turns a person into a machine, a disposition set afterwards, a call
 * closed because the provider lost it. A seeded random day of all of that, folded at random moments, must equal a
 * rebuild from the calls.
 */
let app: TestApp;
let teamId: string;
let otherTeamId: string;
let campaignIds: string[];
let agentIds: string[];

beforeAll(async () => {
  app = await startTestApp();
  const pool = app.deps.pool;
  const team = async (name: string) =>
    (await pool.query<{ id: string }>(`insert into teams (name) values ($1) returning id`, [name])).rows[0]!.id;
  teamId = await team('Rollup team');
  otherTeamId = await team('Other rollup team');
  campaignIds = (
    await pool.query<{ id: string }>(
      `insert into campaigns (team_id, name, calling_window, retry_rules, dispositions)
       select $1, 'Rollup campaign ' || g, '{}', '{}', '[]' from generate_series(1, 3) g returning id`,
      [teamId],
    )
  ).rows.map((r) => r.id);
  const tag = Math.random().toString(16).slice(2, 10);
  agentIds = (
    await pool.query<{ id: string }>(
      `insert into users (id, name, email) select 'rollup-agent-' || $1 || g, 'Agent ' || g, 'rollup-' || $1 || g || '@example.test'
       from generate_series(1, 4) g returning id`,
      [tag],
    )
  ).rows.map((r) => r.id);
});
afterAll(async () => {
  await app?.stop();
});

type Call = { id: string; sid: string };

async function placeCalls(team: string, n: number, rnd: ReturnType<typeof seededDraws>): Promise<Call[]> {
  const tag = Math.random().toString(16).slice(2, 10);
  const rows: Call[] = [];
  for (let i = 0; i < n; i++) {
    const { rows: inserted } = await app.deps.pool.query<Call>(
      `insert into calls (team_id, campaign_id, agent_id, dialed_number, caller_id, provider, provider_sid, queued_at,
                          callee_zone)
       values ($1, $2, $3, '+14155552671', $4, 'simulator', $5, $6, $7) returning id, provider_sid as sid`,
      [
        team,
        team === teamId ? rnd.pick([...campaignIds, null]) : null,
        team === teamId ? rnd.pick([...agentIds, null]) : null,
        rnd.pick(['+12025550101', '+12025550102', '+12025550103']),
        `CA${tag}${i}`,
        // Queued over one day, so the calls spread over 24 hourly buckets.
        new Date(Date.UTC(2026, 10, 29, 0, 0, rnd.int(86_400))),
        // The callee's zone of the best-time heatmap; unknown (null) for some.
        rnd.pick(['America/New_York', 'America/Chicago', 'America/Los_Angeles', null]),
      ],
    );
    rows.push(inserted[0]!);
  }
  return rows;
}

function change(call: Call, status: CallStatus, rnd: ReturnType<typeof seededDraws>): StatusChange {
  const answeredBy = rnd.pick<AnsweredBy | null>([null, 'human', 'human', 'machine']);
  return {
    callId: rnd.next() < 0.5 ? call.id : undefined,
    providerSid: call.sid,
    eventKey: `${call.sid}:${status}`,
    payload: { CallSid: call.sid, CallStatus: status },
    status,
    rank: statusRank(status),
    outcome: outcomeOf(status, answeredBy ?? undefined) ?? null,
    // A final callback's duration, the same on every delivery of it (a redelivery is the same callback).
    durationSec: statusRank(status) === 4 ? (call.sid.length * 7 + status.length * 13) % 90 : null,
    answeredBy,
    now: new Date(Date.UTC(2026, 11, 1, 12, 0, rnd.int(3600))),
  };
}

/** One call of its own on a caller ID no other call uses, and its callbacks as the provider would send them. */
async function placeLoneCall(callerId: string, sid: string, now: Date) {
  const { rows } = await app.deps.pool.query<Call>(
    `insert into calls (team_id, dialed_number, caller_id, provider, provider_sid)
     values ($1, '+14155552671', $2, 'simulator', $3) returning id, provider_sid as sid`,
    [teamId, callerId, sid],
  );
  const call = rows[0]!;
  const at = (status: CallStatus, durationSec: number | null): StatusChange => ({
    callId: call.id,
    providerSid: call.sid,
    eventKey: `${call.sid}:${status}`,
    payload: {},
    status,
    rank: statusRank(status),
    outcome: outcomeOf(status) ?? null,
    durationSec,
    answeredBy: null,
    now,
  });
  return { call, at };
}

/** Every callback each call would get, its ending drawn at random, some twice, all shuffled. */
function callbacksFor(calls: Call[], rnd: ReturnType<typeof seededDraws>): StatusChange[] {
  const events: StatusChange[] = [];
  for (const call of calls) {
    const ending = rnd.pick<CallStatus>(['completed', 'completed', 'busy', 'no-answer', 'failed', 'canceled']);
    const path: CallStatus[] =
      ending === 'completed' ? ['initiated', 'ringing', 'in-progress', 'completed'] : ['initiated', 'ringing', ending];
    for (const status of path) {
      const e = change(call, status, rnd);
      events.push(e);
      if (rnd.next() < 0.3) events.push({ ...e, callId: undefined }); // redelivered
    }
    // Now and then the provider contradicts itself with a second ending; the first one to arrive stands.
    if (rnd.next() < 0.1) events.push(change(call, 'failed', rnd));
  }
  for (let i = events.length - 1; i > 0; i--) {
    const j = rnd.int(i + 1);
    [events[i], events[j]] = [events[j]!, events[i]!];
  }
  return events;
}

async function rollupRows(team: string) {
  const { rows } = await app.deps.pool.query(
    `select hour, campaign_id, agent_id, caller_id, outcome, disposition, callee_zone,
            calls, talk_sec::int, talk_known, short_calls, answered_known, callbacks_set,
            callbacks_kept, wrapup_sec::int, wrapup_known
     from call_rollups where team_id = $1 order by 1, 2, 3, 4, 5, 6, 7`,
    [team],
  );
  return rows;
}

/** The daily rows per report family (decision 0034), folded only. */
async function dayRows(team: string) {
  const { rows } = await app.deps.pool.query(
    `select family, to_char(day, 'YYYY-MM-DD') as day, campaign_id, agent_id, caller_id, outcome, disposition,
            local_weekday, local_hour, calls, answered, human, connected, talk_sec::int, talk_known, short_calls,
            answered_known, callbacks_set, callbacks_kept, wrapup_sec::int, wrapup_known
     from call_rollup_days where team_id = $1 order by 1, 2, 3, 4, 5, 6, 7, 8, 9, 10`,
    [team],
  );
  return rows;
}

async function foldAll() {
  while ((await foldRollupDeltas(app.deps.db, 500)) > 0);
}

describe('call rollups', () => {
  it('equal a rebuild from the calls after a random day of duplicate, late and out-of-order callbacks', async () => {
    const rnd = seededDraws(20261205);
    // Days in a zone far from UTC, so the daily rows' days are not the UTC ones.
    await app.deps.pool.query(`update teams set time_zone = 'America/Los_Angeles' where id = $1`, [teamId]);
    const calls = await placeCalls(teamId, 300, rnd);
    const others = await placeCalls(otherTeamId, 40, rnd);
    const events = [...callbacksFor(calls, rnd), ...callbacksFor(others, rnd)];

    let i = 0;
    while (i < events.length) {
      const size = 1 + rnd.int(40);
      const batch = events.slice(i, i + size);
      i += size;
      if (rnd.next() < 0.5) {
        // The webhook path: concurrent callbacks through the group-commit batcher.
        await Promise.all(batch.map((e) => applyStatusChangeBatched(app.deps.db, e)));
      } else {
        await applyStatusChanges(app.deps.db, batch);
      }
      // Now and then: a late AMD verdict, a disposition, a call the provider lost, and a fold.
      const call = rnd.pick(calls);
      const verdict = rnd.pick<AnsweredBy>(['human', 'machine']);
      await applyAmdVerdict(app.deps.db, {
        callId: call.id,
        providerSid: call.sid,
        eventKey: `${call.sid}:amd`,
        payload: { AnsweredBy: verdict },
        answeredBy: verdict,
        now: new Date(Date.UTC(2026, 11, 1, 13)),
      });
      // The disposition may come before or after the provider's end (wrap-up), or again with another time.
      await app.deps.pool.query(`update calls set disposition = $2, callback_at = $3, disposed_at = $4 where id = $1`, [
        rnd.pick(calls).id,
        rnd.pick(['sale', 'not_interested', 'callback']),
        rnd.next() < 0.5 ? new Date(Date.UTC(2026, 11, 2)) : null,
        rnd.next() < 0.9 ? new Date(Date.UTC(2026, 11, 1, 12, 0, rnd.int(7200))) : null,
      ]);
      // A callback dialled in its window marks the call that set it, once, maybe before the call even ended.
      await markCallbackKept(
        app.deps.db,
        { teamId, userId: 'rollup-test', role: 'admin' },
        { callId: rnd.pick(calls).id, now: new Date(Date.UTC(2026, 11, 2)) },
      );
      if (rnd.next() < 0.1) await closeLostCall(app.deps.db, rnd.pick(calls).id, new Date(Date.UTC(2026, 11, 1, 14)));
      if (rnd.next() < 0.2) await foldRollupDeltas(app.deps.db, 1 + rnd.int(200));
    }
    // A replay of every callback changes nothing.
    await applyStatusChanges(app.deps.db, events.slice(0, 200));

    expect(await compareRollupsWithCalls(app.deps.db, teamId)).toEqual([]);
    await foldAll();
    const { rows: pending } = await app.deps.pool.query(`select count(*)::int as n from call_rollup_deltas`);
    expect(pending[0].n).toBe(0);
    const folded = await rollupRows(teamId);
    const { rows: ended } = await app.deps.pool.query<{ n: number }>(
      `select count(*)::int as n from calls where team_id = $1 and status_rank = 4`,
      [teamId],
    );
    expect(folded.reduce((sum, r) => sum + Number(r.calls), 0)).toBe(ended[0]!.n);
    expect(ended[0]!.n).toBeGreaterThan(250);
    // The day exercised every measure, the wrap-up and kept callbacks included.
    const total = (k: string) => folded.reduce((sum, r) => sum + Number(r[k]), 0);
    expect(total('wrapup_known')).toBeGreaterThan(5);
    expect(total('wrapup_sec')).toBeGreaterThan(0);
    expect(total('callbacks_kept')).toBeGreaterThan(0);

    // Every daily family counts every ended call once.
    const days = await dayRows(teamId);
    for (const family of ['agent', 'outcome', 'caller', 'caller_all', 'local_time'])
      expect(
        days.filter((r) => r.family === family).reduce((sum, r) => sum + Number(r.calls), 0),
        family,
      ).toBe(ended[0]!.n);

    // The migration that brought the campaign-less caller family fills it from the folded rows exactly as the folds did.
    await app.deps.pool.query(`delete from call_rollup_days where family = 'caller_all'`);
    const migration = readFileSync(
      new URL('../../src/db/migrations/0031_caller_ids_over_every_campaign.sql', import.meta.url),
      'utf8',
    );
    for (const statement of migration.split('--> statement-breakpoint')) await app.deps.pool.query(statement);
    expect(await dayRows(teamId)).toEqual(days);

    const rebuilt = await rebuildRollups(app.deps.db, teamId);
    expect(rebuilt).toMatchObject({ disagreed: 0, daysDisagreed: 0 });
    expect(await rollupRows(teamId)).toEqual(folded);
    expect(await dayRows(teamId)).toEqual(days);
    expect(await compareRollupsWithCalls(app.deps.db)).toEqual([]);
  });

  it('re-days the daily rows when the team changes its zone, pending deltas included', async () => {
    const queued = new Date(Date.UTC(2026, 11, 3, 23, 30));
    const { call, at } = await placeLoneCall('+12025550177', 'CArezone', queued);
    await app.deps.pool.query(`update calls set queued_at = $2 where id = $1`, [call.id, queued]);
    await applyStatusChanges(app.deps.db, [at('completed', 20)]);
    await foldAll();
    // Its day in both caller ID families, with and without the campaign.
    const dayOf = async () => {
      const { rows } = await app.deps.pool.query<{ day: string }>(
        `select family || ' ' || to_char(day, 'YYYY-MM-DD') as day from call_rollup_days
         where team_id = $1 and family in ('caller', 'caller_all') and caller_id = '+12025550177' order by 1`,
        [teamId],
      );
      return rows.map((r) => r.day);
    };
    // 23:30 UTC on 3 December is the afternoon of the 3rd in Los Angeles, the morning of the 4th in Auckland.
    expect(await dayOf()).toEqual(['caller 2026-12-03', 'caller_all 2026-12-03']);
    // A change still pending when the zone changes is dayed in the new zone when it is folded.
    const { rows: other } = await app.deps.pool.query<{ id: string }>(
      `select id from calls where team_id = $1 and status_rank = 4 and disposition is null limit 1`,
      [teamId],
    );
    await app.deps.pool.query(`update calls set disposition = 'sale' where id = $1`, [other[0]!.id]);
    await setZoneAndRedayRollups(app.deps.db, teamId, 'Pacific/Auckland');
    expect(await dayOf()).toEqual(['caller 2026-12-04', 'caller_all 2026-12-04']);
    expect(await compareRollupsWithCalls(app.deps.db, teamId)).toEqual([]);
    await foldAll();
    expect(await compareRollupsWithCalls(app.deps.db, teamId)).toEqual([]);
    expect(await rebuildRollups(app.deps.db, teamId)).toMatchObject({ disagreed: 0, daysDisagreed: 0 });
  });

  it('moves a call between buckets when a later event changes how it ended, and counts it once', async () => {
    const { call, at } = await placeLoneCall('+12025550199', 'CAmoves', new Date(Date.UTC(2026, 11, 1, 12)));
    // This caller ID made only this call: its rows, folded and pending, are the call's whole contribution.
    const contribution = async () => {
      const { rows } = await app.deps.pool.query(
        `select outcome, disposition, sum(calls)::int as calls, sum(talk_sec)::int as talk_sec,
                sum(short_calls)::int as short_calls
         from (select * from call_rollups where team_id = $1 and caller_id = '+12025550199'
               union all select * from call_rollup_deltas where team_id = $1 and caller_id = '+12025550199') r
         group by outcome, disposition having sum(calls) <> 0 order by outcome`,
        [teamId],
      );
      return rows;
    };

    await applyStatusChanges(app.deps.db, [at('ringing', null)]);
    expect(await contribution()).toEqual([]); // not ended yet: nothing to count

    await applyStatusChanges(app.deps.db, [at('completed', 4)]);
    await applyStatusChanges(app.deps.db, [at('completed', 4), at('no-answer', 0)]); // redelivered, contradicted
    expect(await contribution()).toEqual([
      { outcome: 'human', disposition: null, calls: 1, talk_sec: 4, short_calls: 1 },
    ]);

    await applyAmdVerdict(app.deps.db, {
      callId: call.id,
      providerSid: call.sid,
      eventKey: `${call.sid}:amd`,
      payload: {},
      answeredBy: 'machine',
      now: new Date(Date.UTC(2026, 11, 1, 12, 1)),
    });
    await foldAll();
    await app.deps.pool.query(`update calls set disposition = 'voicemail' where id = $1`, [call.id]);
    expect(await contribution()).toEqual([
      { outcome: 'machine', disposition: 'voicemail', calls: 1, talk_sec: 0, short_calls: 1 },
    ]);
    await foldAll();
    // The emptied human bucket is gone, not left at zero.
    const { rows: zero } = await app.deps.pool.query(
      `select count(*)::int as n from call_rollups where team_id = $1 and calls = 0`,
      [teamId],
    );
    expect(zero[0].n).toBe(0);
    expect(await compareRollupsWithCalls(app.deps.db, teamId)).toEqual([]);
  });

  it('answer every report grouping and filter from the daily rows as the hourly buckets do', async () => {
    // Some changes folded, some pending: both halves of each read.
    await app.deps.pool.query(
      `update calls set disposition = 'not_interested' where id in
         (select id from calls where team_id = $1 and status_rank = 4 order by id limit 20)`,
      [teamId],
    );
    const zone = 'Pacific/Auckland'; // the team's zone since the test above
    const { current } = reportRanges(zone, '2026-11-30', '2026-12-05');
    const scope = { teamId, userId: 'rollup-test', role: 'owner' as const };
    const groupings: RollupGroup[][] = [
      [],
      ['agent_id'],
      ['campaign_id'],
      ['campaign_id', 'disposition'],
      ['local_weekday', 'local_hour'],
      ['caller_id'],
      ['caller_id', 'day'],
      ['disposition', 'outcome', 'day'],
    ];
    const filters = [{}, { campaignId: campaignIds[0] }, { agentId: agentIds[0] }];
    let nonEmpty = 0;
    for (const groups of groupings)
      for (const extra of filters) {
        const base = { since: current.since, until: current.until, ...extra };
        const hourly = await sumRollups(app.deps.db, scope, base, groups, zone);
        const daily = await sumRollups(app.deps.db, scope, { ...base, days: current }, groups, zone);
        expect(daily, JSON.stringify({ groups, extra })).toEqual(hourly);
        if (hourly.some((r) => r.calls > 0)) nonEmpty++;
      }
    expect(nonEmpty).toBeGreaterThan(20);
    // The counts alone (the per-day grids), in no particular order.
    const sorted = <T>(rows: T[]) => rows.map((r) => JSON.stringify(r)).sort();
    for (const groups of groupings)
      for (const extra of filters) {
        const base = { since: current.since, until: current.until, ...extra };
        const hourly = await countRollups(app.deps.db, scope, base, groups, zone);
        const daily = await countRollups(app.deps.db, scope, { ...base, days: current }, groups, zone);
        expect(sorted(daily), JSON.stringify({ groups, extra })).toEqual(sorted(hourly));
      }
  });

  it('answers the caller IDs report over every campaign and over one as the calls do, and a rebuild agrees', async () => {
    const zone = 'Pacific/Auckland'; // the team's zone since the re-daying test
    const { current } = reportRanges(zone, '2026-11-25', '2026-12-10');
    const scope = { teamId, userId: 'rollup-test', role: 'owner' as const };
    // Calls moved between caller IDs: some folded, some still pending, so both halves of the read count.
    const move = (n: number, to: string) =>
      app.deps.pool.query(
        `update calls set caller_id = $2 where id in
           (select id from calls where team_id = $1 and status_rank = 4 and caller_id <> $2 order by id limit $3)`,
        [teamId, to, n],
      );
    await move(15, '+12025550104');
    await foldAll();
    await move(10, '+12025550105');

    // The same figures straight from the calls: the ended outbound calls, on their day in the team's zone.
    const fromCalls = async (groups: RollupGroup[], campaignId: string | null) => {
      const keys = groups.map((g) =>
        g === 'day' ? `to_char(queued_at at time zone $2::text, 'YYYY-MM-DD') as day` : `${g}::text as ${g}`,
      );
      const { rows } = await app.deps.pool.query(
        `select ${[...keys, 'count(*)::int as calls'].join(', ')},
           (count(*) filter (where outcome in ('human', 'machine')))::int as answered,
           (count(*) filter (where outcome = 'human'))::int as human,
           (count(*) filter (where outcome in ('human', 'machine') and duration_sec < 6))::int as short_calls,
           (count(*) filter (where outcome in ('human', 'machine') and duration_sec is not null))::int as answered_known
         from calls
         where team_id = $1 and status_rank = 4 and direction = 'outbound' and queued_at >= $3 and queued_at < $4
           and ($5::uuid is null or campaign_id = $5::uuid) and $2::text is not null
         ${groups.length > 0 ? `group by ${groups.map((_, i) => i + 1).join(', ')}` : ''}`,
        [teamId, zone, current.since, current.until, campaignId],
      );
      return rows.map((r) => ({
        calls: r.calls,
        answered: r.answered,
        human: r.human,
        shortCalls: r.short_calls,
        answeredKnown: r.answered_known,
        key: Object.fromEntries(groups.map((g) => [g, r[g] ?? null])),
      }));
    };
    const sorted = <T>(rows: T[]) => rows.map((r) => JSON.stringify(r)).sort();
    const groupings: RollupGroup[][] = [['caller_id', 'day'], ['caller_id'], []];
    for (const campaignId of [null, campaignIds[0]!, campaignIds[1]!])
      for (const groups of groupings) {
        const filter = { since: current.since, until: current.until, campaignId: campaignId ?? undefined };
        // The campaign-less family answers over every campaign; a campaign filter needs the campaign-keyed one.
        expect(familyFor(groups, filter)).toBe(campaignId ? 'caller' : 'caller_all');
        const daily = await countRollups(app.deps.db, scope, { ...filter, days: current }, groups, zone);
        const calls = await fromCalls(groups, campaignId);
        expect(sorted(daily), JSON.stringify({ groups, campaignId })).toEqual(sorted(calls));
        expect(calls.reduce((sum, r) => sum + r.calls, 0)).toBeGreaterThan(campaignId ? 30 : 250);
      }

    const { rows: summed } = await app.deps.pool.query<{ n: number }>(
      `select count(*)::int as n from call_rollup_days where team_id = $1 and family = 'caller_all'`,
      [teamId],
    );
    expect(summed[0]!.n).toBeGreaterThan(0);
    await foldAll();
    const days = await dayRows(teamId);
    expect(await rebuildRollups(app.deps.db, teamId)).toMatchObject({ disagreed: 0, daysDisagreed: 0 });
    expect(await dayRows(teamId)).toEqual(days);
  });

  it('runs no rollup SQL for the updates that cannot change a rollup (the webhook hot path)', async () => {
    const { call, at: change } = await placeLoneCall('+12025550142', 'CAquiet', new Date(Date.UTC(2026, 11, 1, 15)));
    // How many times the rollup trigger's function ran in this transaction (function statistics, per transaction).
    const triggerRuns = async (client: PoolClient, sql: string, params: unknown[]) => {
      await client.query(sql, params);
      const { rows } = await client.query<{ n: string | null }>(
        `select pg_stat_get_xact_function_calls('call_rollups_on_row_update'::regproc) as n`,
      );
      return Number(rows[0]!.n ?? 0);
    };
    const client = await app.deps.pool.connect();
    try {
      await client.query('begin');
      await client.query(`set local track_functions = 'pl'`);
      // Ringing, answered: the call has not ended, nothing to count.
      expect(
        await triggerRuns(client, `update calls set status = 'ringing', status_rank = 2 where id = $1`, [call.id]),
      ).toBe(0);
      expect(
        await triggerRuns(client, `update calls set status = 'in-progress', status_rank = 3 where id = $1`, [call.id]),
      ).toBe(0);
      await client.query('commit');
    } finally {
      client.release();
    }
    await applyStatusChanges(app.deps.db, [change('completed', 30)]);

    const again = await app.deps.pool.connect();
    try {
      await again.query('begin');
      await again.query(`set local track_functions = 'pl'`);
      // A note or a recording link on an ended call: not a column the rollups read.
      expect(await triggerRuns(again, `update calls set notes = 'left a message' where id = $1`, [call.id])).toBe(0);
      // A disposition is: the trigger runs once.
      expect(await triggerRuns(again, `update calls set disposition = 'sale' where id = $1`, [call.id])).toBe(1);
      await again.query('commit');
    } finally {
      again.release();
    }
    expect(await compareRollupsWithCalls(app.deps.db, teamId)).toEqual([]);
  });
});
