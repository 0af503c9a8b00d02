import { beforeAll, describe, expect, it } from 'vitest';
import { insertLeads } from '../support/dialer-fixture';
import { useSimulatorApp } from '../support/simulator-app';
import { createCampaign, type TeamFixture } from '../support/team-fixture';
import type { TestApp } from '../support/test-app';
import { ok } from '../support/http-client';

// The per-call safe-harbor records on the real dial path (decision 0025): an agent's dial on the carrier simulator,
// answered by a person, is recorded as connected; one answered after the agent has gone gets the safe-harbor
// message, is recorded as abandoned, and the campaign's legal rate counts it. Manual clock: simulated time only.

const START = new Date('2030-01-08T16:00:00Z'); // 11:00 in New York
const bed = useSimulatorApp({ start: START, signingKey: 'safe-harbor-test-signing-key', seed: 7, teamName: 'Harbor' });
let app: TestApp;
let team: TeamFixture;
let campaignId: string;

beforeAll(async () => {
  ({ app, team } = bed);
  campaignId = await createCampaign(team.owner, team.teamId, {
    agentMemberIds: [team.agentMemberId],
    dialMode: 'progressive',
    safeHarborSeller: 'Sunny Roofs',
    safeHarborCallbackNumber: '+14155550134',
    // The campaign's own wording: the message must be these words, not the default.
    safeHarborTemplate:
      'Sorry we missed you, this was {{seller}}. To talk to us or stop our calls, dial {{callback_number}}.',
  });
  // Two people who pick up after a few seconds of ringing and stay on the line (the second for 99 s).
  await insertLeads(app.deps.pool, team.teamId, campaignId, [
    { phone: '+12125550100', firstName: 'Ada', state: 'NY', timezones: ['America/New_York'] },
    { phone: '+12125550199', firstName: 'Bo', state: 'NY', timezones: ['America/New_York'] },
  ]);
});
const elapse = (sec: number) => bed.elapse(sec);

const api = (path: string) => `/api/teams/${team.teamId}/dialer${path}`;

type Record = {
  status: string;
  outcome: string | null;
  connect_recorded: boolean;
  answered_at: Date | null;
  agent_connected_at: Date | null;
  safe_harbor_at: Date | null;
  duration_sec: number | null;
};
async function record(callId: string): Promise<Record> {
  const { rows } = await app.deps.pool.query<Record>(
    `select status, outcome, connect_recorded, answered_at, agent_connected_at, safe_harbor_at, duration_sec
     from calls where id = $1`,
    [callId],
  );
  return rows[0]!;
}

async function dialNext(): Promise<string> {
  await ok(team.agent.post(api('/next')));
  const dialed = await ok(team.agent.post(api('/dial')));
  expect(dialed.ok).toBe(true);
  return dialed.call.id as string;
}

describe('safe-harbor records on the dial path', () => {
  it('records the agent connected the moment a person answers while the agent waits', async () => {
    await ok(team.agent.post(api('/ready'), { campaignId }));
    const callId = await dialNext();
    await elapse(1);
    expect(await record(callId)).toMatchObject({ connect_recorded: true, agent_connected_at: null });
    for (let i = 0; i < 30 && (await record(callId)).status !== 'in-progress'; i++) await elapse(1);
    const r = await record(callId);
    expect(r.status).toBe('in-progress');
    expect(r.agent_connected_at).not.toBeNull();
    expect(r.safe_harbor_at).toBeNull();
    expect(Math.abs(r.agent_connected_at!.getTime() - r.answered_at!.getTime())).toBeLessThanOrEqual(2000);

    await ok(team.agent.post(`/api/teams/${team.teamId}/calls/${callId}/hang-up`));
    await bed.simulator.idle();
    await ok(team.agent.post(api('/disposition'), { callId, disposition: 'interested' }));
  });

  it('plays the safe-harbor message within 2 s to a person answering after the agent left, and counts the abandon', async () => {
    const callId = await dialNext();
    await elapse(1);
    // The agent is gone before the person picks up (as when their line drops): nobody would hear the callee.
    await app.deps.pool.query(`update agent_sessions set state = 'offline' where team_id = $1`, [team.teamId]);
    for (let i = 0; i < 30 && (await record(callId)).answered_at === null; i++) await elapse(1);
    const answered = await record(callId);
    expect(answered.safe_harbor_at).not.toBeNull();
    expect(answered.agent_connected_at).toBeNull();
    expect(answered.safe_harbor_at!.getTime() - answered.answered_at!.getTime()).toBeLessThanOrEqual(2000);

    // The callee hears the message out (seller, then the number read digit by digit) and the call ends.
    for (let i = 0; i < 60 && (await record(callId)).status === 'in-progress'; i++) await elapse(1);
    const ended = await record(callId);
    expect(ended).toMatchObject({ status: 'completed', outcome: 'human' });
    expect(ended.duration_sec).toBeGreaterThan(5);
    expect(ended.duration_sec).toBeLessThan(30);
    const sid = (
      await app.deps.pool.query<{ sid: string }>(`select provider_sid as sid from calls where id = $1`, [callId])
    ).rows[0]!.sid;
    expect(bed.simulator.callEvents(sid).filter((e) => e.kind === 'say')).toEqual([
      {
        kind: 'say',
        atSimMs: expect.any(Number),
        text: 'Sorry we missed you, this was Sunny Roofs. To talk to us or stop our calls, dial 4 1 5 5 5 5 0 1 3 4.',
      },
    ]);

    const overview = await ok(team.owner.get(`/api/teams/${team.teamId}/dashboard/campaigns/${campaignId}`));
    expect(overview.abandonRate.period).toMatchObject({ liveAnswered: 2, unrecorded: 0, abandoned: 1, rate: 0.5 });
    expect(overview.abandonRate.rolling).toMatchObject({ liveAnswered: 2, abandoned: 1, rate: 0.5 });
    const detail = await ok(team.owner.get(`/api/teams/${team.teamId}/call-log/${callId}`));
    expect(detail.safeHarbor).toMatchObject({
      recorded: true,
      agentConnectedAt: null,
      messageAt: ended.safe_harbor_at!.toISOString(),
      abandoned: true,
    });
    expect(detail.safeHarbor.ringMs).toBeGreaterThan(0);
    const report = await ok(team.owner.get(`/api/teams/${team.teamId}/dashboard/campaigns/${campaignId}/compliance`));
    expect(report.periods[0]).toMatchObject({
      liveAnswered: 2,
      abandoned: 1,
      withMessage: 1,
      rate: 0.5,
      overLimit: true,
    });
  });
});
