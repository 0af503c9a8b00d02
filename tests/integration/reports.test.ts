import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertLeads } from '../support/dialer-fixture';
import { createCampaign, createTeamWithAgent, type TeamFixture } from '../support/team-fixture';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * The reports read the call rollups: figures per agent, per caller ID and per way a call ended, over days in the
 * asked time zone, beside the days just before. An agent sees only their own rows; a figure we do not have is null.
 */
let app: TestApp;
let team: TeamFixture;
let ownerId: string;
let agentId: string;

async function call(opts: {
  agent: string | null;
  callerId: string;
  queuedAt: string;
  outcome: 'human' | 'machine' | 'busy' | 'no_answer';
  duration?: number | null;
  disposition?: string | null;
  callbackAt?: string | null;
  /** The call's end, the agent's disposition (wrap-up between), the callback dialled in its window. */
  endedAt?: string;
  disposedAt?: string;
  keptAt?: string;
}) {
  await app.deps.pool.query(
    `insert into calls (team_id, agent_id, dialed_number, caller_id, provider, status, status_rank, outcome,
                        duration_sec, disposition, callback_at, queued_at, ended_at, disposed_at, callback_kept_at)
     values ($1, $2, '+14155552671', $3, 'simulator', $4, 4, $5, $6, $7, $8, $9, $10, $11, $12)`,
    [
      team.teamId,
      opts.agent,
      opts.callerId,
      opts.outcome === 'human' || opts.outcome === 'machine' ? 'completed' : opts.outcome.replace('_', '-'),
      opts.outcome,
      opts.duration === undefined ? 0 : opts.duration,
      opts.disposition ?? null,
      opts.callbackAt ?? null,
      opts.queuedAt,
      opts.endedAt ?? null,
      opts.disposedAt ?? null,
      opts.keptAt ?? null,
    ],
  );
}

beforeAll(async () => {
  app = await startTestApp();
  team = await createTeamWithAgent(app, 'Reporting');
  const members = (await team.owner.get(`/api/teams/${team.teamId}/members`)).json.members as {
    userId: string;
    role: string;
  }[];
  ownerId = members.find((m) => m.role === 'owner')!.userId;
  agentId = members.find((m) => m.role === 'agent')!.userId;

  // Two numbers of the pool (the third, +12025550103, has left it); the first placed 25 calls on 1 Dec (UTC).
  const { rows: numbers } = await app.deps.pool.query<{ id: string }>(
    `insert into phone_numbers (team_id, e164, source, daily_cap, active)
     values ($1, '+12025550101', 'simulator', 100, true), ($1, '+12025550102', 'simulator', 50, false) returning id`,
    [team.teamId],
  );
  await app.deps.pool.query(
    `insert into caller_id_usage (phone_number_id, team_id, day, count) values ($1, $2, '2026-12-01', 25), ($1, $2, '2026-11-30', 90)`,
    [numbers[0]!.id, team.teamId],
  );
  // 1 Dec (UTC): the agent talks twice (one with an unknown duration), the owner once; a machine, a busy line.
  await call({
    agent: agentId,
    callerId: '+12025550101',
    queuedAt: '2026-12-01T10:05:00Z',
    outcome: 'human',
    duration: 120,
    disposition: 'sale',
    endedAt: '2026-12-01T10:07:00Z',
    disposedAt: '2026-12-01T10:07:30Z',
  });
  await call({
    agent: agentId,
    callerId: '+12025550101',
    queuedAt: '2026-12-01T11:00:00Z',
    outcome: 'human',
    duration: null,
    disposition: 'callback',
    callbackAt: '2026-12-03T10:00:00Z',
    endedAt: '2026-12-01T11:05:00Z',
    disposedAt: '2026-12-01T11:06:00Z',
    keptAt: '2026-12-03T10:02:00Z',
  });
  await call({
    agent: ownerId,
    callerId: '+12025550102',
    queuedAt: '2026-12-01T12:00:00Z',
    outcome: 'human',
    duration: 4,
    disposition: 'not_interested',
    endedAt: '2026-12-01T12:03:00Z',
    disposedAt: '2026-12-01T12:03:10Z',
  });
  await call({
    agent: ownerId,
    callerId: '+12025550102',
    queuedAt: '2026-12-01T12:30:00Z',
    outcome: 'machine',
    duration: 20,
  });
  await call({ agent: null, callerId: '+12025550103', queuedAt: '2026-12-01T13:00:00Z', outcome: 'busy' });
  // 30 Nov (UTC), the day before: one call of the agent's.
  await call({
    agent: agentId,
    callerId: '+12025550101',
    queuedAt: '2026-11-30T15:00:00Z',
    outcome: 'no_answer',
    endedAt: '2026-11-30T15:00:40Z',
    disposedAt: '2026-11-30T15:01:00Z',
  });
  // 1 Dec 03:00 UTC is still 30 Nov in New York.
  await call({ agent: agentId, callerId: '+12025550101', queuedAt: '2026-12-01T03:00:00Z', outcome: 'busy' });
});
afterAll(async () => {
  await app?.stop();
});

const path = (kind: string, q: Record<string, string>) =>
  `/api/teams/${team.teamId}/reports/${kind}?${new URLSearchParams(q).toString()}`;
const day = { from: '2026-12-01', to: '2026-12-01', tz: 'UTC' };

describe('reports', () => {
  it('sums calls, connects and talk per agent, beside the period before, with null where the figure is unknown', async () => {
    const res = await team.owner.get(path('agents', day));
    expect(res.status).toBe(200);
    expect(res.json.current).toEqual({ from: '2026-12-01', to: '2026-12-01', days: 1 });
    expect(res.json.previous).toEqual({ from: '2026-11-30', to: '2026-11-30', days: 1 });
    const rows = res.json.rows as { agentId: string | null; name: string; current: unknown; previous: unknown }[];
    expect(rows.find((r) => r.agentId === agentId)).toEqual({
      agentId,
      name: 'Reporting Agent',
      // The talk of the call whose duration is unknown is not guessed: 120 s over the one known call.
      // No Ready time was recorded here: a dash, not 0.
      current: {
        calls: 3,
        humanConnects: 2,
        talkSec: 120,
        averageTalkSec: 120,
        callbacksSet: 1,
        // Kept: its agent dialled it 2 minutes after the time set. Wrap-up 30 s and 60 s.
        callbacksKept: 1,
        wrapupSec: 90,
        averageWrapupSec: 45,
        readySec: null,
        talkMinPerReadyHour: null,
      },
      previous: {
        calls: 1,
        humanConnects: 0,
        talkSec: 0,
        averageTalkSec: null,
        callbacksSet: 0,
        callbacksKept: 0,
        wrapupSec: 20,
        averageWrapupSec: 20,
        readySec: null,
        talkMinPerReadyHour: null,
      },
    });
    expect(rows.find((r) => r.agentId === ownerId)?.current).toEqual({
      calls: 2,
      humanConnects: 1,
      talkSec: 4,
      averageTalkSec: 4,
      callbacksSet: 0,
      callbacksKept: 0,
      wrapupSec: 10,
      averageWrapupSec: 10,
      readySec: null,
      talkMinPerReadyHour: null,
    });
    expect(rows.find((r) => r.agentId === null)?.name).toBe('No agent');
    // Calls without a disposition time (or without an agent) have no wrap-up: a dash, not 0.
    expect(rows.find((r) => r.agentId === null)?.current).toMatchObject({ wrapupSec: null, averageWrapupSec: null });
  });

  it('counts days in the asked time zone', async () => {
    const res = await team.owner.get(path('agents', { ...day, tz: 'America/New_York' }));
    expect(res.status).toBe(200);
    // 03:00 UTC on 1 Dec is 30 Nov in New York: it moves to the previous period.
    const mine = (res.json.rows as { agentId: string; current: { calls: number }; previous: { calls: number } }[]).find(
      (r) => r.agentId === agentId,
    );
    expect(mine?.current.calls).toBe(2);
    expect(mine?.previous.calls).toBe(2);
  });

  it("counts days in the team's time zone, a setting only admins change", async () => {
    const refused = await team.agent.request('PUT', `/api/teams/${team.teamId}/time-zone`, {
      timeZone: 'America/New_York',
    });
    expect(refused.status).toBe(403);
    const bad = await team.owner.request('PUT', `/api/teams/${team.teamId}/time-zone`, { timeZone: 'Mars/Olympus' });
    expect(bad.status).toBe(400);
    expect(bad.json.error.fields.timeZone).toContain('Pick a time zone');
    const set = await team.owner.request('PUT', `/api/teams/${team.teamId}/time-zone`, {
      timeZone: 'America/New_York',
    });
    expect(set.status).toBe(200);
    try {
      const res = await team.owner.get(path('agents', { from: day.from, to: day.to }));
      expect(res.json.zone).toBe('America/New_York');
      const mine = (res.json.rows as { agentId: string; current: { calls: number } }[]).find(
        (r) => r.agentId === agentId,
      );
      expect(mine?.current.calls).toBe(2);
    } finally {
      await team.owner.request('PUT', `/api/teams/${team.teamId}/time-zone`, { timeZone: 'UTC' });
    }
  });

  it('gives each caller ID its answer rate per day and its short-call share', async () => {
    const res = await team.owner.get(path('caller-ids', { from: '2026-11-30', to: '2026-12-01', tz: 'UTC' }));
    expect(res.status).toBe(200);
    expect(res.json.days).toEqual(['2026-11-30', '2026-12-01']);
    const rows = res.json.rows as { callerId: string; current: unknown; daily: unknown }[];
    expect(rows.find((r) => r.callerId === '+12025550102')).toMatchObject({
      status: 'paused',
      dailyCap: 50,
      peakCapUse: 0,
      current: { calls: 2, answered: 2, answerRate: 1, shortCallShare: 0.5 },
      daily: [
        { day: '2026-11-30', calls: 0, answerRate: null },
        { day: '2026-12-01', calls: 2, answerRate: 1 },
      ],
    });
    expect(rows.find((r) => r.callerId === '+12025550101')).toMatchObject({
      status: 'active',
      dailyCap: 100,
      peakCapUse: 0.9,
    });
    // Out of the pool: no status and no cap, rather than made-up ones.
    expect(rows.find((r) => r.callerId === '+12025550103')).toMatchObject({
      status: null,
      dailyCap: null,
      peakCapUse: null,
    });
    // Busy lines only: nothing answered with a known length, so no short-call share (not 0).
    expect(rows.find((r) => r.callerId === '+12025550103')?.current).toEqual({
      calls: 1,
      answered: 0,
      answerRate: 0,
      shortCallShare: null,
    });
  });

  it("maps the contact rate by the callee's local weekday and hour, and an agent sees only their own calls in it", async () => {
    const campaignId = await createCampaign(team.owner, team.teamId, { name: 'Best time campaign' });
    const ended = (
      agent: string,
      outcome: string,
      zone: string | null,
      queuedAt: string,
    ): [string, string, string | null, string] => [agent, outcome, zone, queuedAt];
    const rows = [
      // Tue 15 Dec 10:10 and 10:20 in New York: one of two reached a person.
      ended(agentId, 'human', 'America/New_York', '2026-12-15T15:10:00Z'),
      ended(agentId, 'no_answer', 'America/New_York', '2026-12-15T15:20:00Z'),
      // Tue 08:30 in Los Angeles, the owner's call.
      ended(ownerId, 'human', 'America/Los_Angeles', '2026-12-15T16:30:00Z'),
      // Wednesday in UTC but still Tuesday 20:30 for the callee in Los Angeles.
      ended(agentId, 'busy', 'America/Los_Angeles', '2026-12-16T04:30:00Z'),
      // A callee whose zone we do not know: not in any cell.
      ended(agentId, 'human', null, '2026-12-15T17:00:00Z'),
      // The week before, Tuesday 10:40 in New York: nobody answered.
      ended(agentId, 'no_answer', 'America/New_York', '2026-12-08T15:40:00Z'),
    ];
    for (const [agent, outcome, zone, queuedAt] of rows)
      await app.deps.pool.query(
        `insert into calls (team_id, campaign_id, agent_id, dialed_number, caller_id, provider, status, status_rank,
                            outcome, queued_at, callee_zone)
         values ($1, $2, $3, '+14155552671', '+12025550101', 'simulator', 'completed', 4, $4, $5, $6)`,
        [team.teamId, campaignId, agent, outcome, queuedAt, zone],
      );
    const week = { from: '2026-12-15', to: '2026-12-21', tz: 'UTC', campaignId };
    const res = await team.owner.get(path('campaigns', week));
    expect(res.status).toBe(200);
    expect(res.json.bestTime).toEqual({
      cells: [
        { weekday: 2, hour: 8, calls: 1, contacts: 1, contactRate: 1, previousContactRate: null },
        { weekday: 2, hour: 10, calls: 2, contacts: 1, contactRate: 0.5, previousContactRate: 0 },
        { weekday: 2, hour: 20, calls: 1, contacts: 0, contactRate: 0, previousContactRate: null },
      ],
      unknownZoneCalls: 1,
    });

    // The agent's heatmap holds only their own calls: not the owner's Tuesday 08:00.
    const mine = await team.agent.get(path('campaigns', week));
    expect((mine.json.bestTime.cells as { hour: number }[]).map((c) => c.hour)).toEqual([10, 20]);

    const csv = await team.owner.get(path('campaigns/export.csv', week));
    expect(csv.text).toContain(
      "Callee's weekday,Callee's hour,Calls,Reached a person,Contact rate,Previous contact rate",
    );
    expect(csv.text).toContain('Tuesday,10,2,1,0.500,0.000');
    // No call that hour the week before: an empty cell, not 0.
    expect(csv.text).toMatch(/^Tuesday,8,1,1,1\.000,\r?$/m);
  });

  it('shows each campaign as a funnel from dialed to agent to disposition', async () => {
    const campaignId = await createCampaign(team.owner, team.teamId, { name: 'Funnel campaign' });
    // On 3 Dec: dialed 4, answered 3 (one machine), a person 2, with an agent 1 (who set "sale").
    await app.deps.pool.query(
      `insert into calls (team_id, campaign_id, agent_id, dialed_number, caller_id, provider, status, status_rank,
                          outcome, duration_sec, disposition, queued_at)
       values ($1, $2, $3, '+14155552671', '+12025550101', 'simulator', 'completed', 4, 'human', 30, 'sale', '2026-12-03T10:00Z'),
              ($1, $2, null, '+14155552671', '+12025550101', 'simulator', 'completed', 4, 'human', 3, null, '2026-12-03T10:10Z'),
              ($1, $2, null, '+14155552671', '+12025550101', 'simulator', 'completed', 4, 'machine', 20, null, '2026-12-03T10:20Z'),
              ($1, $2, null, '+14155552671', '+12025550101', 'simulator', 'busy', 4, 'busy', 0, null, '2026-12-03T10:30Z')`,
      [team.teamId, campaignId, agentId],
    );
    const res = await team.owner.get(path('campaigns', { from: '2026-12-03', to: '2026-12-03' }));
    expect(res.status).toBe(200);
    expect(res.json.rows).toEqual([
      {
        campaignId,
        name: 'Funnel campaign',
        current: { dialed: 4, answered: 3, human: 2, connected: 1, dispositions: [{ key: 'sale', calls: 1 }] },
        previous: { dialed: 0, answered: 0, human: 0, connected: 0, dispositions: [] },
      },
    ]);
    const filtered = await team.owner.get(path('campaigns', { from: '2026-12-03', to: '2026-12-03', agentId }));
    expect(filtered.json.rows[0].current).toMatchObject({ dialed: 1, connected: 1 });
  });

  it("shows each campaign's list as it stands now to owners and admins: untouched, in progress, final, callable", async () => {
    const campaignId = await createCampaign(team.owner, team.teamId, { name: 'List campaign' });
    const later = new Date(Date.now() + 30 * 86_400_000);
    await insertLeads(app.deps.pool, team.teamId, campaignId, [
      // Never dialed (no zone: never callable by the clock, whatever the hour the test runs at).
      { status: 'new', attempts: 0, timezones: [] },
      // Being worked: a retry not due for a month, and a callback due already (callable now).
      { status: 'retry', attempts: 2, nextAttemptAt: later },
      { status: 'callback', attempts: 1, callbackAt: new Date(Date.now() - 3600_000) },
      // Finished: done, on the do-not-call list, and out of attempts (the campaign allows 3).
      { status: 'done', attempts: 3 },
      { status: 'new', attempts: 0, dnc: true },
      { status: 'retry', attempts: 3 },
    ]);
    const res = await team.owner.get(path('campaigns', { ...day, campaignId }));
    expect(res.status).toBe(200);
    expect(res.json.lists).toEqual([
      {
        campaignId,
        name: 'List campaign',
        leads: 6,
        untouched: 1,
        inProgress: 2,
        final: 3,
        callableNow: 1,
        attemptsPerLead: 9 / 4,
      },
    ]);
    const csv = await team.owner.get(
      `/api/teams/${team.teamId}/reports/campaigns/export.csv?${new URLSearchParams({ ...day, campaignId })}`,
    );
    expect(csv.text).toContain('List campaign,6,1,2,3,1,2.25');
    // A team-wide figure: an agent's report leaves it out.
    const mine = await team.agent.get(path('campaigns', { ...day, campaignId }));
    expect(mine.status).toBe(200);
    expect(mine.json.lists).toBeNull();
  });

  it('counts calls by disposition, or by outcome when none was given, per day', async () => {
    const res = await team.owner.get(path('dispositions', day));
    expect(res.status).toBe(200);
    const byKey = Object.fromEntries(
      (res.json.rows as { key: string; current: number; previous: number; daily: number[] }[]).map((r) => [r.key, r]),
    );
    expect(byKey['sale']).toEqual({ key: 'sale', current: 1, previous: 0, daily: [1] });
    expect(byKey['outcome:busy']).toEqual({ key: 'outcome:busy', current: 2, previous: 0, daily: [2] });
    expect(byKey['outcome:no_answer']).toEqual({ key: 'outcome:no_answer', current: 0, previous: 1, daily: [0] });
  });

  it("shows an agent only their own rows and refuses another agent's", async () => {
    const res = await team.agent.get(path('agents', day));
    expect(res.status).toBe(200);
    expect((res.json.rows as { agentId: string }[]).map((r) => r.agentId)).toEqual([agentId]);
    // The wrap-up and callbacks are the agent's own too: the owner's 10 s of wrap-up are not in them.
    const mine = (res.json.rows as { current: Record<string, unknown> }[])[0]!.current;
    expect(mine).toMatchObject({ wrapupSec: 90, averageWrapupSec: 45, callbacksSet: 1, callbacksKept: 1 });
    const callerIds = await team.agent.get(path('caller-ids', day));
    expect((callerIds.json.rows as { callerId: string }[]).map((r) => r.callerId)).toEqual(['+12025550101']);

    const other = await team.agent.get(path('agents', { ...day, agentId: ownerId }));
    expect(other.status).toBe(403);
    const otherCsv = await team.agent.get(path('agents/export.csv', { ...day, agentId: ownerId }));
    expect(otherCsv.status).toBe(403);
    const mineCsv = await team.agent.get(path('agents/export.csv', day));
    expect(mineCsv.status).toBe(200);
    expect(mineCsv.text).not.toContain('Reporting Owner');
  });

  it('exports the table as CSV, leaving a figure we do not have empty', async () => {
    const res = await team.owner.get(path('agents/export.csv', day));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    const lines = res.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\n');
    expect(lines[0]).toBe(
      'Agent,Calls,Human connects,Talk (s),Average talk (s),Callbacks set,Callbacks kept,Wrap-up (s),Average wrap-up (s),Ready (h),Talk min per Ready hour,Previous calls,Previous human connects,Previous talk (s),Previous callbacks set,Previous callbacks kept,Previous average wrap-up (s)',
    );
    expect(lines).toContain('Reporting Agent,3,2,120,120.0,1,1,90,45.0,,,1,0,0,0,0,20.0');
    expect(lines).toContain('No agent,1,0,0,,0,0,,,,,0,0,0,0,0,');
  });

  it('refuses a malformed range, a range too long and an unknown report, saying what to fix', async () => {
    const bad = await team.owner.get(path('agents', { from: '2026-13-01', to: '2026-12-01' }));
    expect(bad.status).toBe(400);
    expect(bad.json.error.fields.from).toBeTruthy();
    const backwards = await team.owner.get(path('agents', { from: '2026-12-02', to: '2026-12-01' }));
    expect(backwards.status).toBe(400);
    expect(backwards.json.error.fields.to).toBeTruthy();
    const long = await team.owner.get(path('agents', { from: '2024-01-01', to: '2026-12-01' }));
    expect(long.status).toBe(400);
    const unknown = await team.owner.get(path('nope', day));
    expect(unknown.status).toBe(400);
  });
});
