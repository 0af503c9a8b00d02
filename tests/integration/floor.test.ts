import { beforeAll, describe, expect, it } from 'vitest';
import type { FloorAgent, FloorCampaign, FloorPatch, FloorSnapshot } from '../../src/core/api/floor.types';
import { insertLeads } from '../support/dialer-fixture';
import { openEventStream, type SseEvent } from '../support/telephony-helpers';
import { createCampaign, type TeamFixture } from '../support/team-fixture';
import { useSimulatorApp } from '../support/simulator-app';
import type { TestApp } from '../support/test-app';
import { ok } from '../support/http-client';
import { getLiveFloor, getLiveFloorPatch } from '../../src/app/reports/get-live-floor';
import {
  countCallableNow,
  countCampaignsNow,
  listFloorCampaigns,
  listFloorSeats,
  readFloorTouched,
} from '../../src/db/queries/floor';
import { callableZonesNow } from '../../src/core/compliance';
import { statusRank } from '../../src/core/telephony/call-status';
import type { TeamScope } from '../../src/core/teams/scope';

// The live floor over HTTP against the real app and the carrier simulator on a manual clock: the snapshot's figures,
// and the pushes a board receives as an agent goes Ready, dials, connects, hangs up and dispositions.

// Tuesday 2030-01-08 16:00 UTC = 11:00 in New York, 10:00 in Chicago, 06:00 in Honolulu (calling hours closed).
const START = new Date('2030-01-08T16:00:00Z');
const bed = useSimulatorApp({ start: START, signingKey: 'floor-test-signing-key', seed: 7, teamName: 'Floorwalkers' });
let app: TestApp;
let team: TeamFixture;
let agentId: string;

beforeAll(async () => {
  ({ app, team } = bed);
  agentId = (await team.agent.loadMe()).user.id;
  const tz = await team.owner.request('PUT', `/api/teams/${team.teamId}/time-zone`, { timeZone: 'America/New_York' });
  if (tz.status !== 200) throw new Error(`time zone: ${tz.status} ${tz.text}`);
});
const elapse = (sec: number) => bed.elapse(sec);

const floorUrl = () => `/api/teams/${team.teamId}/floor`;
const dialer = (path: string) => `/api/teams/${team.teamId}/dialer${path}`;

/**
 * An ended call of the agent's, written as a webhook would leave it (the rollup triggers count it): created when it
 * was queued, and a person who answered was connected to the agent at once.
 */
async function endedCall(campaignId: string, queuedAt: string, outcome: 'human' | 'no_answer', durationSec: number) {
  await app.deps.pool.query(
    `insert into calls (team_id, campaign_id, agent_id, dialed_number, caller_id, provider, status, status_rank,
                        outcome, duration_sec, queued_at, answered_at, ended_at, connect_recorded, agent_connected_at,
                        created_at)
     values ($1, $2, $3, '+12125550199', '+12025550123', 'simulator', $4, 4, $5, $6::int, $7::timestamptz,
             case when $5 = 'human' then $7::timestamptz end, $7::timestamptz + make_interval(secs => $6::int),
             $5 = 'human', case when $5 = 'human' then $7::timestamptz end, $7::timestamptz)`,
    [team.teamId, campaignId, agentId, outcome === 'human' ? 'completed' : 'no-answer', outcome, durationSec, queuedAt],
  );
}

/** The last pushed row of the agent / campaign that satisfies `pred`. */
function pushed<T>(events: SseEvent[], pick: (p: FloorPatch) => T[], pred: (row: T) => boolean): T | undefined {
  return events
    .filter((e) => e.event === 'floor')
    .flatMap((e) => pick(e.data as FloorPatch))
    .filter(pred)
    .at(-1);
}

describe('the live floor', () => {
  let campaignId: string;
  let quietCampaignId: string;

  it('gives owners and admins the board: every agent, today in the team zone, and each campaign', async () => {
    campaignId = await createCampaign(team.owner, team.teamId, {
      name: 'Floor campaign',
      dialMode: 'preview',
      agentMemberIds: [team.agentMemberId],
    });
    quietCampaignId = await createCampaign(team.owner, team.teamId, { name: 'Quiet campaign' });
    await insertLeads(app.deps.pool, team.teamId, campaignId, [
      // A callback due now comes first in the pick; a lead in New York is due; one in Honolulu waits for its hours.
      {
        phone: '+13125550100',
        state: 'IL',
        timezones: ['America/Chicago'],
        status: 'callback',
        callbackAt: new Date(START.getTime() - 3600_000),
      },
      { phone: '+12125550100', state: 'NY', timezones: ['America/New_York'] },
      { phone: '+18085550100', state: 'HI', timezones: ['Pacific/Honolulu'] },
    ]);
    // Today in New York began at 05:00 UTC: a call at 03:00 UTC was yesterday there (though today in UTC).
    await endedCall(campaignId, '2030-01-08T03:00:00Z', 'human', 500);
    await endedCall(campaignId, '2030-01-08T14:00:00Z', 'human', 75);
    await endedCall(campaignId, '2030-01-08T15:00:00Z', 'no_answer', 0);

    const board = (await ok(team.owner.get(floorUrl()))) as FloorSnapshot;
    expect(board.timeZone).toBe('America/New_York');
    expect(board.today).toBe('2030-01-08');
    expect(board.agents.map((a) => a.userId)).toEqual([agentId]);
    expect(board.agents[0]).toMatchObject({
      name: 'Floorwalkers Agent',
      state: 'offline',
      stateSince: null,
      call: null,
      today: { calls: 2, connects: 1, talkSec: 75 },
    } satisfies Partial<FloorAgent>);
    const byId = new Map(board.campaigns.map((c) => [c.id, c]));
    expect(byId.get(campaignId)).toMatchObject({
      name: 'Floor campaign',
      linesInFlight: 0,
      // Both people who answered were put through to the agent at once: 0 abandoned of 2 live answers.
      abandonRate: 0,
      liveAnswers30d: 2,
      targetBp: 250,
      callableNow: 2,
    } satisfies Partial<FloorCampaign>);
    expect(byId.get(quietCampaignId)).toMatchObject({ linesInFlight: 0, callableNow: 0 });

    // Agents do not get the board, nor its pushes.
    expect((await team.agent.get(floorUrl())).status).toBe(403);
  });

  it('pushes the rows each change touched, to boards only, as a call is dialed, connects, ends and is dispositioned', async () => {
    const board = await openEventStream(`${app.url}/api/teams/${team.teamId}/events?floor=1`, team.owner.cookieHeader);
    const plain = await openEventStream(`${app.url}/api/teams/${team.teamId}/events`, team.owner.cookieHeader);
    const own = await openEventStream(`${app.url}/api/teams/${team.teamId}/events?floor=1`, team.agent.cookieHeader);
    const agentRow = (pred: (a: FloorAgent) => boolean) =>
      pushed(
        board.events,
        (p) => p.agents,
        (a) => a.userId === agentId && pred(a),
      );
    const campaignRow = (pred: (c: FloorCampaign) => boolean) =>
      pushed(
        board.events,
        (p) => p.campaigns,
        (c) => c.id === campaignId && pred(c),
      );
    try {
      await ok(team.agent.post(dialer('/ready'), { campaignId }));
      await board.until(() => agentRow((a) => a.state === 'ready') !== undefined);
      expect(agentRow((a) => a.state === 'ready')?.stateSince).toBe(START.toISOString());

      const next = await ok(team.agent.post(dialer('/next')));
      expect(next.lead.phone).toBe('+13125550100');
      // The lead on the agent's screen is held: no longer callable by anyone else.
      await board.until(() => campaignRow((c) => c.callableNow === 1) !== undefined);

      const dialed = await ok(team.agent.post(dialer('/dial')));
      const callId = dialed.call.id as string;
      await board.until(() => agentRow((a) => a.state === 'dialing' && a.call?.id === callId) !== undefined);
      await board.until(() => campaignRow((c) => c.linesInFlight === 1) !== undefined);

      await elapse(6);
      await board.until(() => agentRow((a) => a.state === 'on_call') !== undefined);
      const onCall = agentRow((a) => a.state === 'on_call')!;
      expect(onCall.call?.id).toBe(callId);
      expect(onCall.call?.answeredAt).not.toBeNull();
      expect(onCall.stateSince).toBe(onCall.call?.answeredAt);

      await elapse(30);
      await ok(team.agent.post(`/api/teams/${team.teamId}/calls/${callId}/hang-up`));
      await bed.simulator.idle();
      // Ended: wrap-up, the line is free, and the call counts in today's figures (from the rollups).
      await board.until(() => agentRow((a) => a.state === 'wrap_up' && a.today.calls === 3) !== undefined);
      const wrap = agentRow((a) => a.state === 'wrap_up' && a.today.calls === 3)!;
      expect(wrap.call).toBeNull();
      expect(wrap.today.connects).toBe(2);
      expect(wrap.today.talkSec).toBeGreaterThan(75);
      await board.until(() => campaignRow((c) => c.linesInFlight === 0) !== undefined);

      const pushesBefore = board.events.filter((e) => e.event === 'floor').length;
      await ok(team.agent.post(dialer('/disposition'), { callId, disposition: 'interested', consentConfirmed: true }));
      await board.until(() => board.events.filter((e) => e.event === 'floor').length > pushesBefore);
      await board.until(() => agentRow((a) => a.state !== 'wrap_up' && a.today.calls === 3) !== undefined);

      // The agent's own stream and a stream that did not ask for the floor carry no floor rows.
      await plain.until(() =>
        plain.events.some((e) => e.event === 'call' && (e.data as { status: string }).status === 'completed'),
      );
      expect(plain.events.filter((e) => e.event === 'floor')).toEqual([]);
      expect(own.events.filter((e) => e.event === 'floor')).toEqual([]);

      // A later snapshot agrees with the last pushes.
      const snap = (await ok(team.owner.get(floorUrl()))) as FloorSnapshot;
      const last = agentRow(() => true)!;
      expect(snap.agents[0]).toMatchObject({ state: last.state, today: last.today, call: null });
      expect(snap.campaigns.find((c) => c.id === campaignId)).toMatchObject({
        linesInFlight: 0,
        callableNow: campaignRow(() => true)!.callableNow,
      });
    } finally {
      await board.close();
      await plain.close();
      await own.close();
    }
  });

  it('keeps the heartbeat off the board: a seat that only reports in pushes nothing', async () => {
    const board = await openEventStream(`${app.url}/api/teams/${team.teamId}/events?floor=1`, team.owner.cookieHeader);
    try {
      await ok(team.agent.post(dialer('/pause'), {}));
      await board.until(() => board.events.some((e) => e.event === 'floor'));
      const seen = board.events.length;
      const beat = await team.agent.post(dialer('/heartbeat'), {});
      expect(beat.status).toBeLessThan(300);
      // A change after the heartbeat is the next thing the board hears: the heartbeat itself sent nothing.
      await ok(team.agent.post(dialer('/ready'), { campaignId }));
      await board.until(() => board.events.length > seen);
      const after = board.events.slice(seen).filter((e) => e.event === 'floor');
      expect(after.length).toBeGreaterThan(0);
      expect((after[0]!.data as FloorPatch).agents.map((a) => a.state)).toEqual(['ready']);
    } finally {
      await board.close();
    }
  });

  it("reads a push's zone, seats and campaigns in one query that returns the separate reads' rows", async () => {
    const scope: TeamScope = { teamId: team.teamId, userId: 'system', role: 'owner' };
    const db = app.deps.db;
    const archivedId = await createCampaign(team.owner, team.teamId, { name: 'Archived campaign' });
    await endedCall(archivedId, '2030-01-08T15:30:00Z', 'no_answer', 0);
    await app.deps.pool.query(`update campaigns set archived_at = now() where id = $1`, [archivedId]);
    // Another team's call and campaign: named by mistake, they must not appear.
    const other = await app.deps.pool.query<{ team: string; campaign: string; call: string }>(
      `with t as (insert into teams (name) values ('Elsewhere') returning id),
       c as (insert into campaigns (team_id, name, calling_window, retry_rules, dispositions)
             select id, 'A Elsewhere campaign', '{}', '{}', '[]' from t returning id, team_id),
       k as (insert into calls (team_id, campaign_id, dialed_number, caller_id, provider, status, status_rank, queued_at)
             select team_id, id, '+12125550111', '+12025550123', 'simulator', 'queued', 0, now() from c returning id)
       select (select id from t) as team, (select id from c) as campaign, (select id from k) as call`,
    );
    await app.deps.pool.query(
      `insert into calls (team_id, campaign_id, agent_id, dialed_number, caller_id, provider, status, status_rank,
                          queued_at)
       values ($1, $2, $3, '+12125550198', '+12025550123', 'simulator', 'ringing', $4, now())`,
      [team.teamId, campaignId, agentId, statusRank('ringing')],
    );
    const { rows: calls } = await app.deps.pool.query<{ id: string; campaign_id: string }>(
      `select id, campaign_id from calls where team_id = $1 order by queued_at`,
      [team.teamId],
    );
    const callIds = [...calls.map((c) => c.id), other.rows[0]!.call];
    const userIds = [agentId, (await team.owner.loadMe()).user.id, 'not-a-member'];

    const touched = await readFloorTouched(db, scope, { userIds, callIds });
    expect(touched.timeZone).toBe('America/New_York');
    expect(touched.seats).toEqual((await listFloorSeats(db, scope)).filter((s) => userIds.includes(s.userId)));
    expect(touched.seats.map((s) => s.userId)).toContain(agentId);
    // The calls' campaigns and the seats' campaigns, not archived, of this team only, in the snapshot's order.
    const expected = new Set([...calls.map((c) => c.campaign_id), ...touched.seats.map((s) => s.campaignId)]);
    expect(touched.campaigns).toEqual((await listFloorCampaigns(db, scope)).filter((c) => expected.has(c.id)));
    expect(touched.campaigns.map((c) => c.id)).toContain(campaignId);
    expect(touched.campaigns.map((c) => c.id)).not.toContain(archivedId);
    expect(touched.campaigns.map((c) => c.id)).not.toContain(other.rows[0]!.campaign);

    // Nothing named: the zone alone.
    expect(await readFloorTouched(db, scope, { userIds: [], callIds: [] })).toEqual({
      timeZone: 'America/New_York',
      seats: [],
      campaigns: [],
    });

    // Lines in flight and callable now in one statement: the callable count's own figures, and the open calls.
    const ids = [campaignId, quietCampaignId, other.rows[0]!.campaign];
    const now = app.deps.clock.now();
    const zones = callableZonesNow(now);
    const live = await countCampaignsNow(db, scope, { campaignIds: ids, zones, now });
    const callable = await countCallableNow(db, scope, { campaignIds: ids, zones, now });
    expect([...live.keys()].sort()).toEqual([campaignId, quietCampaignId].sort());
    for (const id of [campaignId, quietCampaignId]) expect(live.get(id)?.callableNow).toBe(callable.get(id));
    // The one call left ringing above is the campaign's only line in flight (every earlier call has ended).
    expect(live.get(campaignId)?.linesInFlight).toBe(1);
    expect(live.get(quietCampaignId)?.linesInFlight).toBe(0);

    // A patch naming every agent and call gives exactly the snapshot's rows.
    const deps = { db, clock: app.deps.clock };
    const snap = await getLiveFloor(deps, scope);
    const patch = await getLiveFloorPatch(deps, {
      teamId: team.teamId,
      userIds: snap.agents.map((a) => a.userId),
      callIds,
    });
    expect(patch.agents).toEqual(snap.agents);
    expect(patch.campaigns).toEqual(snap.campaigns.filter((c) => expected.has(c.id)));
  });
});
