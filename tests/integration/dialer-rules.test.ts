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
    env: {
      JOBS_IN_PROCESS: 'false',
      STRIPE_SECRET_KEY: 'sk_test_dialer_rules',
      STRIPE_WEBHOOK_SECRET: 'whsec_dialer_rules',
    },
    telephony: () => {
      scheduler = new ManualScheduler(START);
      simulator = new SimulatorTelephony({
        signingKey: 'dialer-rules-signing-key',
        scheduler,
        seed: 13,
        numbers: [{ e164: '+12025550123', friendlyName: 'DC line' }],
      });
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
    [
      team.teamId,
      `sub_${Math.random().toString(36).slice(2)}`,
      status,
      seats,
      new Date(START.getTime() + 7 * 86_400_000),
    ],
  );
}

describe('paid seats and the frequency cap', () => {
  it('refuses Ready with 402 without a subscription, and beyond the paid seats; a paused agent frees their seat', async () => {
    const campaignId = await createCampaign(team.owner, team.teamId, {
      agentMemberIds: [team.agentMemberId, team.ownerMemberId],
    });
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
    expect(next.json.denied).toEqual([
      { leadId, reasons: ['frequency_cap'], nextAllowedAt: new Date(START.getTime() + 4 * 3600_000).toISOString() },
    ]);
    const lead = await app.deps.pool.query(`select status, next_attempt_at from leads where id = $1`, [leadId]);
    expect(lead.rows[0]).toEqual({ status: 'retry', next_attempt_at: new Date(START.getTime() + 4 * 3600_000) });
    await team.agent.post(api('/pause'), { to: 'offline' });
  });

  it('refuses a callback that would be a fourth call in 24 hours to a Florida lead, and says when the earliest is', async () => {
    await subscribe(5);
    const campaignId = await createCampaign(team.owner, team.teamId, { agentMemberIds: [team.agentMemberId] });
    const [leadId] = await insertLeads(app.deps.pool, team.teamId, campaignId, [
      { phone: '+13055550100', state: 'FL', timezones: ['America/New_York'], status: 'retry', attempts: 2 },
    ]);
    const me = await team.agent.loadMe();
    const now = scheduler.now().getTime();
    // Two calls to this person in the last 24 hours (the oldest 20 hours ago); the agent's call now is the third.
    for (const hoursAgo of [20, 10]) {
      await app.deps.pool.query(
        `insert into calls (team_id, campaign_id, lead_id, agent_id, dialed_number, caller_id, provider, status, status_rank, outcome, queued_at, created_at, ended_at)
         values ($1, $2, $3, $4, '+13055550100', '+12025550123', 'simulator', 'no-answer', 4, 'no_answer', $5, $5, $5)`,
        [team.teamId, campaignId, leadId, me.user.id, new Date(now - hoursAgo * 3600_000)],
      );
    }
    expect((await team.agent.post(api('/ready'), { campaignId })).status).toBe(200);
    expect((await team.agent.post(api('/next'))).json.lead.id).toBe(leadId);
    const dialed = await team.agent.post(api('/dial'));
    expect(dialed.json.ok).toBe(true);
    const callId = dialed.json.call.id as string;
    scheduler.advanceBy(6_000);
    await simulator.idle();
    expect((await team.agent.post(`/api/teams/${team.teamId}/calls/${callId}/hang-up`)).status).toBe(200);
    await simulator.idle();

    // In an hour: a fourth call within 24 hours of the first. Refused, with the first allowed time in the lead's zone.
    const local = (msFromNow: number) => {
      const t = new Date(scheduler.now().getTime() + msFromNow);
      const p = new Intl.DateTimeFormat('sv-SE', {
        timeZone: 'America/New_York',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
      }).format(t);
      return p.replace(' ', 'T');
    };
    const soon = await team.agent.post(api('/disposition'), {
      callId,
      disposition: 'callback',
      callback: { local: local(3600_000), zone: 'America/New_York' },
    });
    expect(soon.status).toBe(400);
    expect(soon.json.error.fields.callback).toMatch(
      /is too soon: FL allows 3 calls to one person in 24 hours and this lead has had them; the earliest is 2030-01-08 15:00/,
    );
    // Once the oldest call is 24 hours old, the callback is taken.
    const ok = await team.agent.post(api('/disposition'), {
      callId,
      disposition: 'callback',
      callback: { local: local(5 * 3600_000), zone: 'America/New_York' },
      consentConfirmed: true,
    });
    expect(ok.status, ok.text).toBe(200);
    const lead = await app.deps.pool.query(`select status, callback_user_id from leads where id = $1`, [leadId]);
    expect(lead.rows[0]).toEqual({ status: 'callback', callback_user_id: me.user.id });
    await team.agent.post(api('/pause'), { to: 'offline' });
  });

  it("keeps agents of another team out of this team's dialer", async () => {
    const stranger = new TestClient(app.url);
    await stranger.signUp({ name: 'Stranger', email: uniqueEmail('stranger'), teamName: 'Elsewhere' });
    expect((await stranger.get(api(''))).status).toBe(404);
  });
});
