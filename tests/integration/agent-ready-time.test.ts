import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepAgentPresence } from '../../src/app/dialer/sweep-agent-presence';
import { createCampaign, createTeamWithAgent, type TeamFixture } from '../support/team-fixture';
import { startTestApp, type TestApp } from '../support/test-app';
import { ok } from '../support/http-client';

// Hours Ready in the agents report: each Ready stint is recorded when it ends (by the trigger on agent_sessions), split
// by UTC hour, and ends no later than the last heartbeat plus the presence timeout. On a controlled clock.

let now = new Date('2030-01-08T16:59:50Z');
let app: TestApp;
let team: TeamFixture;
let agentId: string;

beforeAll(async () => {
  app = await startTestApp({ clock: { now: () => now }, env: { JOBS_IN_PROCESS: 'false' } });
  team = await createTeamWithAgent(app, 'Readiness');
  agentId = (await team.agent.loadMe()).user.id;
});
afterAll(async () => {
  await app?.stop();
});

const at = (iso: string) => {
  now = new Date(iso);
};

describe('hours Ready in the agents report', () => {
  it('records Ready stints by the hour, ends a vanished agent at the presence timeout, and divides talk by them', async () => {
    const campaignId = await createCampaign(team.owner, team.teamId, {
      dialMode: 'preview',
      agentMemberIds: [team.agentMemberId],
    });
    const dialer = (p: string) => `/api/teams/${team.teamId}/dialer${p}`;
    // 16:59:50 Ready, 17:00:10 Not ready: 10 s in each hour.
    await ok(team.agent.post(dialer('/ready'), { campaignId }));
    at('2030-01-08T17:00:10Z');
    await ok(team.agent.post(dialer('/pause'), {}));
    // 17:00:20 Ready again, a last heartbeat at 17:00:30, then the tab dies; the sweep runs at 17:05.
    at('2030-01-08T17:00:20Z');
    await ok(team.agent.post(dialer('/ready'), { campaignId }));
    at('2030-01-08T17:00:30Z');
    await ok(team.agent.post(dialer('/heartbeat'), {}));
    at('2030-01-08T17:05:00Z');
    await sweepAgentPresence(app.deps);
    const { rows } = await app.deps.pool.query<{ hour: Date; seconds: number }>(
      `select hour, seconds from agent_time_rollups where agent_id = $1 and state = 'ready' order by hour`,
      [agentId],
    );
    // 10 s at 16:00; at 17:00, 10 s plus 17:00:20 → 17:01:15 (the heartbeat at 17:00:30 + 45 s) = 65 s.
    expect(rows.map((r) => [r.hour.toISOString(), r.seconds])).toEqual([
      ['2030-01-08T16:00:00.000Z', 10],
      ['2030-01-08T17:00:00.000Z', 65],
    ]);

    // A call of 75 s talk that day: 75 s over 75 s Ready is 60 talk minutes per Ready hour.
    await app.deps.pool.query(
      `insert into calls (team_id, campaign_id, agent_id, dialed_number, caller_id, provider, status, status_rank,
                          outcome, duration_sec, queued_at)
       values ($1, $2, $3, '+12125550100', '+12025550123', 'simulator', 'completed', 4, 'human', 75, '2030-01-08T16:30Z')`,
      [team.teamId, campaignId, agentId],
    );
    const q = new URLSearchParams({ from: '2030-01-08', to: '2030-01-08', tz: 'UTC' });
    const report = await team.owner.get(`/api/teams/${team.teamId}/reports/agents?${q}`);
    expect(report.status).toBe(200);
    const row = (report.json.rows as { agentId: string; current: Record<string, unknown> }[]).find(
      (r) => r.agentId === agentId,
    );
    expect(row?.current).toMatchObject({ talkSec: 75, readySec: 75, talkMinPerReadyHour: 60 });
    // The day before had none: a dash, not 0.
    expect((row as unknown as { previous: Record<string, unknown> }).previous).toMatchObject({
      readySec: null,
      talkMinPerReadyHour: null,
    });
    const csv = await team.owner.get(`/api/teams/${team.teamId}/reports/agents/export.csv?${q}`);
    expect(csv.text).toContain('Ready (h),Talk min per Ready hour');
    expect(csv.text).toMatch(/Readiness Agent,1,1,75,75\.0,0,0,,,0\.02,60\.0,/);
  });
});
