import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertUsers } from '../support/dialer-fixture';
import { createCampaign, createTeamWithAgent, type TeamFixture } from '../support/team-fixture';
import { startTestApp, type TestApp } from '../support/test-app';

// The campaign overview's pacing status: the pure pacer fed with the campaign's live measurements (agents working,
// the last day's dials, the period's abandon counts from the calls' connect records), on a fixed clock.

const NOW = new Date('2030-03-01T15:00:00Z');
let app: TestApp;
let t: TeamFixture;
let campaignId: string;

const q = (text: string, values: unknown[] = []) => app.deps.pool.query(text, values);

async function addAgents(n: number, state: 'ready' | 'on_call', busySec = 0) {
  for (const userId of await insertUsers(app.deps.pool, n)) {
    await q(
      `insert into agent_sessions (team_id, user_id, campaign_id, state, since, last_heartbeat)
       values ($1, $2, $3, $4, $5, $6)`,
      [t.teamId, userId, campaignId, state, new Date(NOW.getTime() - busySec * 1000), NOW],
    );
  }
}

/** `n` ended calls of the campaign an hour ago: answered by a person and connected to an agent, or unanswered. */
async function addCalls(n: number, kind: 'connected' | 'no-answer') {
  const ring = new Date(NOW.getTime() - 3_600_000);
  const answered = kind === 'connected' ? new Date(ring.getTime() + 8000) : null;
  const ended = new Date(ring.getTime() + (kind === 'connected' ? 100_000 : 20_000));
  for (let i = 0; i < n; i++) {
    await q(
      `insert into calls (team_id, campaign_id, dialed_number, caller_id, provider, provider_sid, status, status_rank,
         outcome, queued_at, created_at, ringing_at, answered_at, ended_at, connect_recorded, agent_connected_at)
       values ($1, $2, '+12125550100', '+12025550123', 'simulator', gen_random_uuid()::text, $3, 4, $4, $5, $5, $5,
         $6, $7, true, $6)`,
      [
        t.teamId,
        campaignId,
        kind === 'connected' ? 'completed' : 'no-answer',
        kind === 'connected' ? 'human' : 'no_answer',
        ring,
        answered,
        ended,
      ],
    );
  }
}

async function pacing(id = campaignId) {
  const res = await t.owner.get(`/api/teams/${t.teamId}/dashboard/campaigns/${id}`);
  expect(res.status).toBe(200);
  return res.json.pacing;
}

beforeAll(async () => {
  app = await startTestApp({ clock: { now: () => NOW } });
  t = await createTeamWithAgent(app, 'Pacing');
  campaignId = await createCampaign(t.owner, t.teamId, {
    dialMode: 'predictive',
    safeHarborSeller: 'Sunny Roofs',
    safeHarborCallbackNumber: '+14155550134',
  });
  await q(`update campaigns set created_at = $1 where id = $2`, [new Date(NOW.getTime() - 2 * 86_400_000), campaignId]);
});
afterAll(async () => app?.stop());

describe('pacing status on the campaign overview', () => {
  it('is only there for predictive campaigns', async () => {
    const other = await createCampaign(t.owner, t.teamId, { dialMode: 'progressive' });
    expect(await pacing(other)).toBeNull();
  });

  it('falls back to progressive with too few agents, saying how many more would let it pace', async () => {
    await addAgents(3, 'ready');
    expect(await pacing()).toMatchObject({
      mode: 'progressive',
      readyAgents: 3,
      workingAgents: 3,
      lines: 3,
      fallback: { reason: 'too_few_agents', agentsNeeded: 7 },
    });
  });

  it('with enough agents, measures first', async () => {
    await addAgents(5, 'ready');
    await addAgents(2, 'on_call', 60);
    expect(await pacing()).toMatchObject({
      mode: 'progressive',
      readyAgents: 8,
      workingAgents: 10,
      fallback: { reason: 'measuring', dialsNeeded: 50 },
    });
  });

  it('holds back while the period has no abandon budget, saying how many connected answers free a line', async () => {
    await addCalls(12, 'connected');
    await addCalls(48, 'no-answer');
    // 12 connected answers: not even one abandon fits under 3 % yet; 34 answers make room for one.
    expect(await pacing()).toMatchObject({
      mode: 'progressive',
      governor: 'open',
      fallback: { reason: 'budget_spent', answersNeeded: 21 },
    });
  });

  it('dials ahead within the worst-case budget once it has one', async () => {
    await addCalls(30, 'connected');
    // 42 connected answers: one line may go unmatched (1 / 43 ≤ 3 %), so at most one line beyond the ready agents.
    const p = await pacing();
    expect(p).toMatchObject({ mode: 'predictive', fallback: null, readyAgents: 8 });
    expect(p.lines).toBeGreaterThanOrEqual(8);
    expect(p.lines).toBeLessThanOrEqual(9);
    expect(p.expectedAbandonShare).toBeLessThanOrEqual(0.025);
  });
});

describe('agents in wrap-up', () => {
  it('free up on the campaign’s measured wrap-up times, so the pacer dials ahead for them by how fast they wrap up', async () => {
    const id = await createCampaign(t.owner, t.teamId, {
      dialMode: 'predictive',
      safeHarborSeller: 'Sunny Roofs',
      safeHarborCallbackNumber: '+14155550134',
    });
    await q(`update campaigns set created_at = $1 where id = $2`, [new Date(NOW.getTime() - 2 * 86_400_000), id]);
    const users = await insertUsers(app.deps.pool, 12);
    // 300 answers an hour ago, each talked 92 s and wrapped up in 4 s; 300 unanswered.
    const ring = new Date(NOW.getTime() - 3_600_000);
    await q(
      `insert into calls (team_id, campaign_id, agent_id, dialed_number, caller_id, provider, provider_sid, status,
         status_rank, outcome, queued_at, created_at, ringing_at, answered_at, ended_at, disposed_at, connect_recorded,
         agent_connected_at)
       select $1, $2, case when g <= 300 then $4 end, '+12125550100', '+12025550123', 'simulator',
         gen_random_uuid()::text, case when g <= 300 then 'completed' else 'no-answer' end, 4,
         case when g <= 300 then 'human' else 'no_answer' end, $3::timestamptz, $3, $3,
         case when g <= 300 then $3 + interval '8 seconds' end,
         $3 + case when g <= 300 then interval '100 seconds' else interval '20 seconds' end,
         case when g <= 300 then $3 + interval '104 seconds' end, true,
         case when g <= 300 then $3 + interval '8 seconds' end
       from generate_series(1, 600) g`,
      [t.teamId, id, ring, users[0]],
    );
    for (const [i, userId] of users.entries())
      await q(
        `insert into agent_sessions (team_id, user_id, campaign_id, state, since, last_heartbeat)
         values ($1, $2, $3, $4, $5, $5)`,
        [t.teamId, userId, id, i < 8 ? 'ready' : 'wrap_up', new Date(NOW.getTime() - 3000)],
      );
    const wrapping = await pacing(id);
    expect(wrapping).toMatchObject({ mode: 'predictive', readyAgents: 8, workingAgents: 12 });

    // The same four agents three seconds into a wrap-up that takes this campaign 200 s leave fewer people covered.
    await q(
      `update calls set disposed_at = ended_at + interval '200 seconds' where campaign_id = $1 and disposed_at is not null`,
      [id],
    );
    const slow = await pacing(id);
    expect(slow).toMatchObject({ mode: 'predictive', readyAgents: 8, workingAgents: 12 });
    expect(wrapping.lines).toBeGreaterThan(slow.lines);
  });
});
