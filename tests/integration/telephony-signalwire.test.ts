import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGENT_AUDIO_MISSING } from '../../src/app/assert-agent-audio';
import { startProviderCall } from '../../src/app/start-provider-call';
import { jobs } from '../../src/jobs/registry';
import { drainQueue } from '../../src/jobs/runner';
import { FakeSignalWire } from '../support/fake-signalwire';
import { startTestApp, type TestApp } from '../support/test-app';
import { TestClient, uniqueEmail } from '../support/http-client';
import { insertLeads } from '../support/dialer-fixture';
import { createCampaign } from '../support/team-fixture';

// The app configured for SignalWire (all four credentials), pointed at the local fake of its REST API: the fake
// plays the carrier and posts callbacks signed with SignalWire's algorithm to our public webhook URLs.
let now = new Date('2030-03-01T15:00:00Z');
let fake: FakeSignalWire;
let app: TestApp;
let teamId: string;

beforeAll(async () => {
  fake = await FakeSignalWire.start({ numbers: [{ phone_number: '+12025550123', friendly_name: 'Main line' }, { phone_number: '+14155550123' }] });
  const o = fake.adapterOptions();
  app = await startTestApp({
    clock: { now: () => now },
    env: {
      JOBS_IN_PROCESS: 'false',
      SIGNALWIRE_PROJECT_ID: o.projectId,
      SIGNALWIRE_API_TOKEN: o.apiToken,
      SIGNALWIRE_SPACE_URL: o.spaceUrl,
      SIGNALWIRE_SIGNING_KEY: o.signingKey,
      SIGNALWIRE_API_BASE_URL: o.baseUrl,
    },
  });
  const owner = new TestClient(app.url);
  await owner.signUp({ name: 'Wire Owner', email: uniqueEmail('wire'), teamName: 'Wire Team' });
  teamId = (await owner.loadMe()).teams[0]!.id;
});
afterAll(async () => {
  await app?.stop();
  await fake?.close();
});

async function call(callId: string) {
  const { rows } = await app.deps.pool.query('select status, outcome, duration_sec, provider, provider_sid, caller_id from calls where id = $1', [callId]);
  return rows[0];
}

describe('SignalWire configured', () => {
  it('syncs the project’s numbers and places calls with our callback URLs and a ring timeout of at least 15 s', async () => {
    const result = await startProviderCall(app.deps, { teamId, to: '+14155552671', record: true, amd: true });
    if (!result.ok) throw new Error(result.message);
    const row = await call(result.call.id);
    expect(row).toMatchObject({ provider: 'signalwire', status: 'queued', caller_id: '+14155550123' });
    const created = fake.requests.find((r) => r.method === 'POST' && r.path.endsWith('/Calls.json'))!;
    expect(created.authorized).toBe(true);
    const base = `${app.url}/webhooks/signalwire`;
    expect(created.form.StatusCallback).toEqual([`${base}/status?callId=${result.call.id}`]);
    expect(created.form.Url).toEqual([`${base}/answer?callId=${result.call.id}`]);
    expect(created.form.RecordingStatusCallback).toEqual([`${base}/recording?callId=${result.call.id}`]);
    expect(created.form.AsyncAmdStatusCallback).toEqual([`${base}/amd?callId=${result.call.id}`]);
    expect(Number(created.form.Timeout?.[0])).toBeGreaterThanOrEqual(15);

    const sid = row.provider_sid as string;
    await fake.advance(sid, 'ringing');
    await fake.advance(sid, 'in-progress');
    await fake.detectMachine(sid, 'machine_start');
    fake.elapse(8);
    await fake.advance(sid, 'completed');
    expect(fake.deliveries.map((d) => [d.kind, d.status])).toEqual([
      ['status', 204],
      ['answer', 200],
      ['status', 204],
      ['recording', 204],
      ['amd', 204],
      ['status', 204],
      ['recording', 204],
    ]);
    expect(fake.deliveries.find((d) => d.kind === 'answer')!.body).toContain('<Conference');
    expect(await call(result.call.id)).toMatchObject({ status: 'completed', outcome: 'machine', duration_sec: 8 });
    const rec = await app.deps.pool.query('select status, duration_sec from recordings where call_id = $1', [result.call.id]);
    expect(rec.rows[0]).toEqual({ status: 'completed', duration_sec: 8 });
  });

  it('closes calls whose final callback never came by asking the provider, idempotently', async () => {
    const result = await startProviderCall(app.deps, { teamId, to: '+12125550150', record: false, amd: false });
    if (!result.ok) throw new Error(result.message);
    const sid = (await call(result.call.id)).provider_sid as string;
    await fake.advance(sid, 'ringing');
    await fake.advance(sid, 'in-progress');
    // The carrier ends the call but its callback is lost.
    const fakeCall = fake.calls.get(sid)!;
    fakeCall.status = 'completed';
    fakeCall.durationSec = 33;
    // A call row whose placing crashed before the provider answered (no sid).
    const { rows: orphan } = await app.deps.pool.query<{ id: string }>(
      `insert into calls (team_id, dialed_number, caller_id, provider, queued_at) values ($1, '+12125550151', '+12025550123', 'signalwire', $2) returning id`,
      [teamId, now],
    );

    const def = jobs.find((j) => j.id === 'reconcile-stale-calls')!;
    await app.jobs!.boss.send(def.id, {});
    await drainQueue(app.jobs!.boss, app.deps, def);
    expect(await call(result.call.id)).toMatchObject({ status: 'in-progress' }); // not stale yet

    now = new Date(now.getTime() + 16 * 60_000);
    await app.jobs!.boss.send(def.id, {});
    await drainQueue(app.jobs!.boss, app.deps, def);
    expect(await call(result.call.id)).toMatchObject({ status: 'completed', outcome: 'human', duration_sec: 33 });
    expect(await call(orphan[0]!.id)).toMatchObject({ status: 'failed', outcome: 'failed' });

    // The lost callback arriving late is now a duplicate, and running the job again changes nothing.
    fakeCall.status = 'in-progress';
    await fake.advance(sid, 'completed');
    expect(fake.deliveries.at(-1)!.status).toBe(204);
    const { rows } = await app.deps.pool.query('select count(*)::int as n from call_events where call_id = $1', [result.call.id]);
    expect(rows[0].n).toBe(3);
    await app.jobs!.boss.send(def.id, {});
    await drainQueue(app.jobs!.boss, app.deps, def);
    expect(await call(result.call.id)).toMatchObject({ status: 'completed', duration_sec: 33 });
  });

  it('mints an agent token through SignalWire without handing out project credentials', async () => {
    const owner = new TestClient(app.url);
    await owner.signUp({ name: 'Token Owner', email: uniqueEmail('token'), teamName: 'Token Team' });
    const tokenTeam = (await owner.loadMe()).teams[0]!.id;
    const res = await owner.post(`/api/teams/${tokenTeam}/agent-token`, { agentSessionId: 'sess-1' });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ kind: 'signalwire', agentSessionId: 'sess-1' });
    expect(res.json.token).toMatch(/^eyJ/);
    expect(res.text).not.toContain(fake.apiToken);
    expect(res.text).not.toContain(fake.projectId);
  });

  it('refuses to put an agent Ready or dial a lead while the agent has no audio leg (decision 0009), placing no call', async () => {
    const owner = new TestClient(app.url);
    await owner.signUp({ name: 'Silent Owner', email: uniqueEmail('silent'), teamName: 'Silent Team' });
    const silentTeam = (await owner.loadMe()).teams[0]!.id;
    const campaignId = await createCampaign(owner, silentTeam, { dialMode: 'power' });
    await insertLeads(app.deps.pool, silentTeam, campaignId, [{ phone: '+12125550142', timezones: ['America/New_York'], state: 'NY' }]);
    const callsBefore = fake.requests.filter((r) => r.path.endsWith('/Calls.json')).length;

    const ready = await owner.post(`/api/teams/${silentTeam}/dialer/ready`, { campaignId });
    expect(ready.status).toBe(409);
    expect(ready.json.error.message).toBe(AGENT_AUDIO_MISSING);
    expect((await owner.get(`/api/teams/${silentTeam}/dialer`)).json.state).toBe('offline');
    const dial = await owner.post(`/api/teams/${silentTeam}/dialer/dial`);
    expect(dial.status).toBe(409);
    expect(dial.json.error.message).toBe(AGENT_AUDIO_MISSING);

    expect(fake.requests.filter((r) => r.path.endsWith('/Calls.json'))).toHaveLength(callsBefore);
    const { rows } = await app.deps.pool.query('select count(*)::int as n from calls where team_id = $1', [silentTeam]);
    expect(rows[0].n).toBe(0);
  });
});
