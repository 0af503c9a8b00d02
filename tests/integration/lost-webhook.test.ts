import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualScheduler } from '../../src/adapters/simulator/scheduler';
import { SimulatorTelephony } from '../../src/adapters/simulator/simulator-telephony';
import { jobs } from '../../src/jobs/registry';
import { drainQueue } from '../../src/jobs/runner';
import type { Telephony } from '../../src/ports/telephony';
import { insertLeads } from '../support/dialer-fixture';
import { createCampaign, createTeamWithAgent, type TeamFixture } from '../support/team-fixture';
import { startTestApp, type TestApp } from '../support/test-app';
import { ok } from '../support/http-client';

// A status webhook answered 500 (the database was out) is never sent again — SignalWire's callbacks are
// best-effort and the simulator delivers each once, as it does. The call must still end and free its agent within
// seconds: by the heartbeat past the ring timeout, or by the agent's Hang up, both reading the provider's record.

const START = new Date('2030-01-08T16:00:00Z'); // 11:00 New York
let app: TestApp;
let scheduler: ManualScheduler;
let simulator: SimulatorTelephony;
let team: TeamFixture;
/** While true, every webhook the app receives fails with a 500 (as during a database outage). */
let failing = false;
const undelivered: string[] = [];
const clock = { now: () => (scheduler ? scheduler.now() : START) };

function failingWebhooks(inner: SimulatorTelephony): Telephony {
  return new Proxy(inner, {
    get(target, prop, receiver) {
      if (prop === 'verifyWebhook') {
        return (input: Parameters<Telephony['verifyWebhook']>[0]) => {
          if (failing) throw new Error('database unavailable (simulated)');
          return target.verifyWebhook(input);
        };
      }
      const value = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

beforeAll(async () => {
  app = await startTestApp({
    clock,
    env: { JOBS_IN_PROCESS: 'false' },
    telephony: () => {
      scheduler = new ManualScheduler(START);
      simulator = new SimulatorTelephony({
        signingKey: 'lost-webhook-signing-key',
        scheduler,
        seed: 5,
        numbers: [{ e164: '+12025550123', friendlyName: 'DC line' }],
        onCallbackError: (f) => undelivered.push(f.reason),
      });
      return failingWebhooks(simulator);
    },
  });
  team = await createTeamWithAgent(app, 'Lost');
});
afterAll(async () => {
  await simulator?.close();
  await app?.stop();
});

async function elapse(sec: number) {
  scheduler.advanceBy(sec * 1000);
  await simulator.idle();
}

const api = (path: string) => `/api/teams/${team.teamId}/dialer${path}`;

async function dial(phone: string) {
  const campaignId = await createCampaign(team.owner, team.teamId, {
    agentMemberIds: [team.agentMemberId],
    dialMode: 'preview',
  });
  await insertLeads(app.deps.pool, team.teamId, campaignId, [{ phone, state: 'NY', timezones: ['America/New_York'] }]);
  await ok(team.agent.post(api('/ready'), { campaignId }));
  await ok(team.agent.post(api('/next')));
  const dialed = await ok(team.agent.post(api('/dial')));
  expect(dialed.ok).toBe(true);
  return dialed.call.id as string;
}

const callRow = async (id: string) =>
  (
    await app.deps.pool.query(
      `select status, outcome, duration_sec, answered_at, end_inferred from calls where id = $1`,
      [id],
    )
  ).rows[0];

describe('a lost webhook', () => {
  it('settles an unanswered call from the provider on the first heartbeat past its ring timeout', async () => {
    failing = true;
    undelivered.length = 0;
    const callId = await dial('+12125550103'); // rings out at the 25 s ring timeout
    await elapse(25);
    // The carrier gave up; every callback about it was answered 500 and is gone.
    expect(undelivered.length).toBeGreaterThan(0);
    expect(undelivered.every((r) => r === 'HTTP 500')).toBe(true);
    expect((await callRow(callId)).status).toBe('queued');
    failing = false;
    // The heartbeat right at the ring timeout leaves the call be (its callback may still come) …
    expect((await ok(team.agent.post(api('/heartbeat')))).state).toBe('dialing');
    // … one heartbeat interval later it reads the provider's record, and the agent is free to disposition.
    await elapse(15);
    expect((await ok(team.agent.post(api('/heartbeat')))).state).toBe('wrap_up');
    expect(await callRow(callId)).toMatchObject({ status: 'no-answer', outcome: 'no_answer', end_inferred: false });
    const after = await ok(team.agent.post(api('/disposition'), { callId, disposition: 'no_answer' }));
    expect(after.state).toBe('ready');
  });

  it('settles an answered call whose ending callback failed when the agent hangs up', async () => {
    failing = false;
    const callId = await dial('+12125550100'); // a person answers after 5 s and stays on
    await elapse(6);
    expect((await callRow(callId)).status).toBe('in-progress');
    for (let i = 0; i < 3; i++) {
      await elapse(13);
      expect((await ok(team.agent.post(api('/heartbeat')))).state).toBe('on_call');
    }
    failing = true;
    undelivered.length = 0;
    const hangUp = await ok(team.agent.post(`/api/teams/${team.teamId}/calls/${callId}/hang-up`));
    await simulator.idle();
    // The `completed` callback (and the recording's) was refused …
    expect(undelivered.length).toBeGreaterThan(0);
    expect(undelivered.every((r) => r === 'HTTP 500')).toBe(true);
    expect(hangUp.status).toBe('ended'); // … and the call ended all the same, from the provider's record.
    failing = false;
    expect((await ok(team.agent.get(api('')))).state).toBe('wrap_up');
    expect(await callRow(callId)).toMatchObject({
      status: 'completed',
      outcome: 'human',
      duration_sec: 40,
      end_inferred: false,
    });
    expect((await ok(team.agent.post(api('/disposition'), { callId, disposition: 'interested' }))).state).toBe('ready');
  });

  it('has the stale-call sweep close an answered call its provider no longer knows as answered, with an inferred end, not "failed 0 s"', async () => {
    const answeredAt = new Date(scheduler.now().getTime() - 40 * 60_000);
    const { rows } = await app.deps.pool.query<{ id: string }>(
      `insert into calls (team_id, dialed_number, caller_id, provider, provider_sid, status, status_rank, queued_at, ringing_at, answered_at)
       values ($1, '+12125550188', '+12025550123', 'simulator', $2, 'in-progress', 3, $3, $3, $4) returning id`,
      [team.teamId, `CA${'9'.repeat(32)}`, new Date(answeredAt.getTime() - 6000), answeredAt],
    );
    const reconcile = jobs.find((j) => j.id === 'reconcile-stale-calls')!;
    await app.jobs!.boss.send(reconcile.id, {});
    await drainQueue(app.jobs!.boss, app.deps, reconcile);
    const row = (
      await app.deps.pool.query(
        `select status, outcome, answered_at, ended_at, duration_sec, end_inferred from calls where id = $1`,
        [rows[0]!.id],
      )
    ).rows[0];
    expect(row).toEqual({
      status: 'completed',
      outcome: 'human',
      answered_at: answeredAt,
      ended_at: answeredAt,
      duration_sec: null,
      end_inferred: true,
    });
  });
});
