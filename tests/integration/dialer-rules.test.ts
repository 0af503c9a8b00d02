import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualScheduler } from '../../src/adapters/simulator/scheduler';
import { SimulatorTelephony } from '../../src/adapters/simulator/simulator-telephony';
import { insertLeads } from '../support/dialer-fixture';
import { TestClient, uniqueEmail } from '../support/http-client';
import { createCampaign, createTeamWithAgent, type TeamFixture } from '../support/team-fixture';
import { startTestApp, type TestApp } from '../support/test-app';

// Billing and law at the dialer's door: Ready refuses agents beyond the paid seats (402), a lapsed team cannot
// dial, and a state's per-24-hours cap stops a fourth call to the same person.

const START = new Date('2030-01-08T16:00:00Z'); // 11:00 New York
let app: TestApp;
let scheduler: ManualScheduler;
let simulator: SimulatorTelephony;
let team: TeamFixture;

beforeAll(async () => {
  app = await startTestApp({
    clock: { now: () => (scheduler ? scheduler.now() : START) },
    // Billing on (both Stripe secrets): access comes from the stored subscription; Stripe itself is not called here.
    env: { JOBS_IN_PROCESS: 'false', STRIPE_SECRET_KEY: 'sk_test_dialer_rules', STRIPE_WEBHOOK_SECRET: 'whsec_dialer_rules' },
    telephony: () => {
      scheduler = new ManualScheduler(START);
      simulator = new SimulatorTelephony({ signingKey: 'dialer-rules-signing-key', scheduler, seed: 13, numbers: [{ e164: '+12025550123', friendlyName: 'DC line' }] });
      return simulator;
    },
  });
  team = await createTeamWithAgent(app, 'Seats');
});
afterAll(async () => {
  await simulator?.close();
  await app?.stop();
});

const api = (path: string) => `/api/teams/${team.teamId}/dialer${path}`;

async function subscribe(seats: number, status = 'active') {
  await app.deps.pool.query(`delete from subscriptions where team_id = $1`, [team.teamId]);
  await app.deps.pool.query(
    `insert into subscriptions (team_id, stripe_subscription_id, stripe_customer_id, status, seats, plan_id, current_period_end)
     values ($1, $2, 'cus_test', $3, $4, 'standard', $5)`,
    [team.teamId, `sub_${Math.random().toString(36).slice(2)}`, status, seats, new Date(START.getTime() + 7 * 86_400_000)],
  );
}

describe('paid seats and the frequency cap', () => {
  it('refuses Ready with 402 without a subscription, and beyond the paid seats; a paused agent frees their seat', async () => {
    const campaignId = await createCampaign(team.owner, team.teamId, { agentMemberIds: [team.agentMemberId, team.ownerMemberId] });
    const none = await team.agent.post(api('/ready'), { campaignId });
    expect(none.status).toBe(402);
    expect(none.json.error.code).toBe('payment_required');

    await subscribe(1);
    expect((await team.agent.post(api('/ready'), { campaignId })).status).toBe(200);
    const second = await team.owner.post(api('/ready'), { campaignId });
    expect(second.status).toBe(402);
    expect(second.json.error.message).toMatch(/paid seat/);
    // Going Ready again keeps the agent's own seat.
    expect((await team.agent.post(api('/ready'), { campaignId })).status).toBe(200);
    await team.agent.post(api('/pause'), { to: 'paused' });
    expect((await team.owner.post(api('/ready'), { campaignId })).status).toBe(200);
    await team.owner.post(api('/pause'), { to: 'offline' });

    // A lapsed team cannot dial at all.
    await subscribe(5, 'canceled');
    expect((await team.agent.post(api('/ready'), { campaignId })).status).toBe(402);
    expect((await team.agent.post(api('/dial'))).status).toBe(402);
  });

  it('stops a fourth call in 24 hours to a Florida lead and sets its next attempt to when the oldest call ages out', async () => {
    await subscribe(5);
    const campaignId = await createCampaign(team.owner, team.teamId, {
      agentMemberIds: [team.agentMemberId],
      retryRules: { maxAttempts: 10, minGapMinutes: { busy: 0, no_answer: 0, voicemail: 0 } },
    });
    const [leadId] = await insertLeads(app.deps.pool, team.teamId, campaignId, [
      { phone: '+13055550102', state: 'FL', timezones: ['America/New_York'], status: 'retry', attempts: 3 },
    ]);
    // Three calls to this person in the last 24 hours (the oldest 20 hours ago).
    const me = await team.agent.loadMe();
    for (const hoursAgo of [20, 10, 1]) {
      await app.deps.pool.query(
        `insert into calls (team_id, campaign_id, lead_id, agent_id, dialed_number, caller_id, provider, status, status_rank, outcome, queued_at, created_at, ended_at)
         values ($1, $2, $3, $4, '+13055550102', '+12025550123', 'simulator', 'busy', 4, 'busy', $5, $5, $5)`,
        [team.teamId, campaignId, leadId, me.user.id, new Date(START.getTime() - hoursAgo * 3600_000)],
      );
    }
    expect((await team.agent.post(api('/ready'), { campaignId })).status).toBe(200);
    const next = await team.agent.post(api('/next'));
    expect(next.status).toBe(200);
    expect(next.json.exhausted).toBe(true);
    expect(next.json.denied).toEqual([{ leadId, reasons: ['frequency_cap'], nextAllowedAt: new Date(START.getTime() + 4 * 3600_000).toISOString() }]);
    const lead = await app.deps.pool.query(`select status, next_attempt_at from leads where id = $1`, [leadId]);
    expect(lead.rows[0]).toEqual({ status: 'retry', next_attempt_at: new Date(START.getTime() + 4 * 3600_000) });
    await team.agent.post(api('/pause'), { to: 'offline' });
  });

  it('keeps agents of another team out of this team\'s dialer', async () => {
    const stranger = new TestClient(app.url);
    await stranger.signUp({ name: 'Stranger', email: uniqueEmail('stranger'), teamName: 'Elsewhere' });
    expect((await stranger.get(api(''))).status).toBe(404);
  });
});
