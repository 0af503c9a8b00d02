import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualScheduler } from '../../src/adapters/simulator/scheduler';
import { SimulatorTelephony } from '../../src/adapters/simulator/simulator-telephony';
import { parseConfig } from '../../src/config';
import { freePort } from '../../src/db/embedded';
import { jobs } from '../../src/jobs/registry';
import { drainQueue } from '../../src/jobs/runner';
import { startDialerSeat, type Running } from '../../src/main';
import { insertLeads } from '../support/dialer-fixture';
import { TestClient, uniqueEmail, ok } from '../support/http-client';
import { openEventStream } from '../support/telephony-helpers';
import { createCampaign } from '../support/team-fixture';
import { silentLog, startTestApp, type TestApp } from '../support/test-app';

// Two app instances on one database (as behind a load balancer), 20 agents on each, dialing one campaign at once:
// no lead is ever dialled twice, and an agent's screen (an event stream on one instance) follows a call whose
// webhooks land on the other.

const START = new Date('2030-01-08T16:00:00Z'); // 11:00 New York
const AGENTS_PER_INSTANCE = 20;
const LEADS = 100;
const SECRET = 'instances-test-secret-instances-test-secret-0123';
const NUMBERS = [
  { e164: '+12025550123', friendlyName: 'Line 1' },
  { e164: '+12025550124', friendlyName: 'Line 2' },
  { e164: '+12025550125', friendlyName: 'Line 3' },
];

// One carrier clock for both instances' simulators, and the app clock follows it.
const scheduler = new ManualScheduler(START);
const clock = { now: () => scheduler.now() };
let a: TestApp;
let b: Running;
let bDir: string;
const simulators: SimulatorTelephony[] = [];

/** Each instance's own carrier; `peer` lets either reach a call the other placed. */
function simulator(selfUrl: string) {
  const peer = { selfUrl, key: 'instances-peer-key-0123456789' };
  const s = new SimulatorTelephony({
    signingKey: 'instances-signing-key-0123',
    scheduler,
    seed: simulators.length + 1,
    numbers: NUMBERS,
    peer,
  });
  simulators.push(s);
  return s;
}

beforeAll(async () => {
  a = await startTestApp({
    clock,
    env: { JOBS_IN_PROCESS: 'false', AUTH_SECRET: SECRET, AUTH_RATE_LIMIT_PER_IP: '1000', DATABASE_POOL_SIZE: '15' },
    telephony: (publicBaseUrl) => simulator(publicBaseUrl),
  });
  // The second instance: same database and secret, its own port, public URL, files and carrier.
  const port = await freePort();
  bDir = mkdtempSync(path.join(os.tmpdir(), 'dialerseat-instance-b-'));
  const config = parseConfig({
    NODE_ENV: 'test',
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
    DATABASE_URL: a.databaseUrl,
    DATABASE_POOL_SIZE: '15',
    DATA_DIR: bDir,
    AUTH_SECRET: SECRET,
    AUTH_RATE_LIMIT_PER_IP: '1000',
    JOBS_IN_PROCESS: 'false',
    LOG_LEVEL: 'silent',
  });
  b = await startDialerSeat(config, { clock, log: silentLog, telephony: simulator(config.publicBaseUrl) });
});
afterAll(async () => {
  for (const s of simulators) await s.close();
  await b?.stop();
  await a?.stop();
  if (bDir) rmSync(bDir, { recursive: true, force: true });
});

async function elapse(sec: number) {
  scheduler.advanceBy(sec * 1000);
  await Promise.all(simulators.map((s) => s.idle()));
}

/** The owner invites `n` agents; they sign up on instance A, a few at a time (sessions are in the shared database). */
async function inviteAgents(owner: TestClient, teamId: string, n: number) {
  const emails = Array.from({ length: n }, (_, i) => uniqueEmail(`inst-agent-${i}`));
  for (const email of emails) await ok(owner.post(`/api/teams/${teamId}/invitations`, { email, role: 'agent' }), 201);
  const messages = (await owner.get('/api/dev/mail')).json.messages as { toAddress: string; text: string }[];
  const agents: { client: TestClient; email: string; memberId: string }[] = [];
  for (let i = 0; i < n; i += 8) {
    const batch = emails.slice(i, i + 8).map(async (email, j) => {
      const token = /\/invite\/(\S+)/.exec(messages.find((m) => m.toAddress === email)!.text)![1]!;
      const client = new TestClient(a.url);
      await client.signUp({ name: `Agent ${i + j}`, email, invitationToken: token });
      return { client, email, memberId: '' };
    });
    agents.push(...(await Promise.all(batch)));
  }
  const members = (await owner.get(`/api/teams/${teamId}/members`)).json.members as { id: string; email: string }[];
  for (const agent of agents) agent.memberId = members.find((m) => m.email === agent.email)!.id;
  return agents;
}

describe('two instances, one database', () => {
  it('lets 40 agents on two instances work one campaign without ever dialling a lead twice, and pushes across instances', async () => {
    const owner = new TestClient(a.url);
    await owner.signUp({ name: 'Instance Owner', email: uniqueEmail('inst-owner'), teamName: 'Two Instances' });
    const teamId = (await owner.loadMe()).teams[0]!.id;
    const agents = await inviteAgents(owner, teamId, 2 * AGENTS_PER_INSTANCE);
    const campaignId = await createCampaign(owner, teamId, {
      dialMode: 'power',
      recordingEnabled: false,
      agentMemberIds: agents.map((x) => x.memberId),
    });
    // 100 distinct numbers of the simulator's "person answers and stays" kind (+1 NPA 555-0100).
    const npas = Array.from({ length: LEADS }, (_, i) => 201 + i * 7);
    await insertLeads(
      a.deps.pool,
      teamId,
      campaignId,
      npas.map((npa, i) => ({
        phone: `+1${npa}5550100`,
        timezones: ['America/New_York'],
        createdAt: new Date(START.getTime() - (i + 1) * 1000),
      })),
    );

    // Agents 0–19 work through instance A, 20–39 through instance B (the same session cookie works on both).
    const clients = agents.map((x, i) => {
      if (i < AGENTS_PER_INSTANCE) return x.client;
      const onB = new TestClient(b.url);
      (onB as unknown as { cookies: Map<string, string> }).cookies = (
        x.client as unknown as { cookies: Map<string, string> }
      ).cookies;
      onB.csrfToken = x.client.csrfToken;
      return onB;
    });
    const api = (path: string) => `/api/teams/${teamId}/dialer${path}`;

    // Agent 20 dials through B; their screen is an event stream on A.
    const watcher = clients[AGENTS_PER_INSTANCE]!;
    const stream = await openEventStream(`${a.url}/api/teams/${teamId}/events`, watcher.cookieHeader);
    let watchedCall: string | null = null;

    await Promise.all(clients.map((c) => ok(c.post(api('/ready'), { campaignId }))));
    let rounds = 0;
    for (;;) {
      rounds++;
      // Everyone takes a lead and dials it at once.
      const dialed = await Promise.all(
        clients.map(async (c, i) => {
          const next = (await ok(c.post(api('/next')))) as unknown as { lead: { id: string } | null };
          if (!next.lead) return null;
          const d = (await ok(c.post(api('/dial')))) as unknown as { ok: boolean; call: { id: string } };
          expect(d.ok).toBe(true);
          if (i === AGENTS_PER_INSTANCE && watchedCall === null) watchedCall = d.call.id;
          return { c, callId: d.call.id };
        }),
      );
      const live = dialed.filter((x) => x !== null);
      if (live.length === 0) break;
      await elapse(1);
      if (rounds === 1) {
        // B's carrier reported "ringing" to B; A pushed it to the agent's stream.
        await stream.until(() =>
          stream.events.some(
            (e) =>
              e.event === 'call' &&
              (e.data as { id: string; status: string }).id === watchedCall &&
              (e.data as { status: string }).status === 'ringing',
          ),
        );
      }
      await elapse(5);
      if (rounds === 1) {
        await stream.until(() =>
          stream.events.some(
            (e) =>
              e.event === 'call' &&
              (e.data as { id: string }).id === watchedCall &&
              (e.data as { status: string }).status === 'in-progress',
          ),
        );
      }
      await Promise.all(live.map(({ c, callId }) => ok(c.post(`/api/teams/${teamId}/calls/${callId}/hang-up`))));
      await Promise.all(simulators.map((s) => s.idle()));
      await Promise.all(
        live.map(({ c, callId }) => ok(c.post(api('/disposition'), { callId, disposition: 'interested' }))),
      );
      expect(rounds).toBeLessThan(10);
    }
    await stream.close();

    const { rows } = await a.deps.pool.query(
      `select count(*)::int as calls, count(distinct lead_id)::int as leads, count(distinct agent_id)::int as agents,
              max(per)::int as max_per_lead
         from (select lead_id, agent_id, count(*) over (partition by lead_id) as per from calls where campaign_id = $1) c`,
      [campaignId],
    );
    expect(rows[0]).toEqual({ calls: LEADS, leads: LEADS, agents: 2 * AGENTS_PER_INSTANCE, max_per_lead: 1 });
    const done = await a.deps.pool.query(
      `select status, count(*)::int as n from leads where campaign_id = $1 group by 1`,
      [campaignId],
    );
    expect(done.rows).toEqual([{ status: 'done', n: LEADS }]);
    // Both instances placed calls.
    expect(rounds).toBe(Math.ceil(LEADS / (2 * AGENTS_PER_INSTANCE)) + 1);
  }, 180_000);

  it("hangs up a call from either instance, and a sweep on one never rewrites the other's live calls", async () => {
    const owner = new TestClient(a.url);
    await owner.signUp({ name: 'Reach Owner', email: uniqueEmail('reach-owner'), teamName: 'Reach' });
    const teamId = (await owner.loadMe()).teams[0]!.id;
    const [x, y] = await inviteAgents(owner, teamId, 2);
    const campaignId = await createCampaign(owner, teamId, {
      dialMode: 'preview',
      recordingEnabled: false,
      agentMemberIds: [x!.memberId, y!.memberId],
    });
    await insertLeads(a.deps.pool, teamId, campaignId, [
      { phone: '+13055550100', timezones: ['America/New_York'] },
      { phone: '+13075550100', timezones: ['America/New_York'] },
    ]);
    const on = (agent: { client: TestClient }, url: string) => {
      const c = new TestClient(url);
      (c as unknown as { cookies: Map<string, string> }).cookies = (
        agent.client as unknown as { cookies: Map<string, string> }
      ).cookies;
      c.csrfToken = agent.client.csrfToken;
      return c;
    };
    const xOnA = on(x!, a.url);
    const xOnB = on(x!, b.url);
    const yOnB = on(y!, b.url);
    const yOnA = on(y!, a.url);
    const api = (path: string) => `/api/teams/${teamId}/dialer${path}`;
    const dial = async (c: TestClient) => {
      await ok(c.post(api('/ready'), { campaignId }));
      await ok(c.post(api('/next')));
      return ((await ok(c.post(api('/dial')))) as unknown as { call: { id: string } }).call.id;
    };
    const xCall = await dial(xOnA); // placed by A's carrier
    const yCall = await dial(yOnB); // placed by B's carrier
    await elapse(6);
    const status = async (id: string) =>
      (await a.deps.pool.query(`select status, ended_at, end_inferred from calls where id = $1`, [id])).rows[0] as {
        status: string;
        ended_at: Date | null;
        end_inferred: boolean;
      };
    expect((await status(xCall)).status).toBe('in-progress');
    expect((await status(yCall)).status).toBe('in-progress');

    // A call that lives on A's carrier is hung up through B.
    const hung = (await ok(xOnB.post(`/api/teams/${teamId}/calls/${xCall}/hang-up`))) as unknown as { status: string };
    expect(hung.status).toBe('ended');
    await Promise.all(simulators.map((s) => s.idle()));
    expect(await status(xCall)).toMatchObject({ status: 'completed', end_inferred: false });
    expect((await ok(xOnA.get(api('')))).state).toBe('wrap_up');

    // A stale-call sweep on A, with B's call open far longer than the stale threshold, asks B's carrier and
    // leaves the live call alone; so does one about a call whose instance cannot be reached at all.
    const unreachableSid = `CA${'0'.repeat(32)}.${Buffer.from('http://127.0.0.1:1').toString('base64url')}`;
    const orphan = await a.deps.pool.query<{ id: string }>(
      `insert into calls (team_id, dialed_number, caller_id, provider, provider_sid, status, status_rank, queued_at, answered_at)
       values ($1, '+13085550100', '+12025550123', 'simulator', $2, 'in-progress', 3, $3, $3) returning id`,
      [teamId, unreachableSid, START],
    );
    for (let i = 0; i < 4; i++) {
      await elapse(5 * 60);
      // The agent is still there (heartbeats through either instance).
      await ok(yOnA.post(api('/heartbeat')));
    }
    const reconcile = jobs.find((j) => j.id === 'reconcile-stale-calls')!;
    await a.jobs!.boss.send(reconcile.id, {});
    await drainQueue(a.jobs!.boss, a.deps, reconcile);
    expect(await status(yCall)).toEqual({ status: 'in-progress', ended_at: null, end_inferred: false });
    expect(await status(orphan.rows[0]!.id)).toMatchObject({ status: 'in-progress', ended_at: null });
    expect((await ok(yOnB.get(api('')))).state).toBe('on_call');

    // And B's call is hung up through A.
    expect(
      ((await ok(yOnA.post(`/api/teams/${teamId}/calls/${yCall}/hang-up`))) as unknown as { status: string }).status,
    ).toBe('ended');
    await Promise.all(simulators.map((s) => s.idle()));
    expect((await status(yCall)).status).toBe('completed');
    expect((await ok(yOnB.get(api('')))).state).toBe('wrap_up');
  }, 60_000);
});
