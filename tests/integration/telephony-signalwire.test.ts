import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProviderCall } from '../../src/app/telephony/start-provider-call';
import { waitingAgentSession } from '../support/agent-session-fixture';
import { sweepAgentPresence } from '../../src/app/dialer/sweep-agent-presence';
import { PRESENCE_TIMEOUT_MS } from '../../src/core/dialer/agent-state';
import { jobs } from '../../src/jobs/registry';
import { drainQueue } from '../../src/jobs/runner';
import { FakeSignalWire, signLikeSignalWire } from '../support/fake-signalwire';
import { startTestApp, type TestApp } from '../support/test-app';
import { TestClient, uniqueEmail } from '../support/http-client';
import { insertLeads } from '../support/dialer-fixture';
import { openEventStream } from '../support/telephony-helpers';
import { createCampaign } from '../support/team-fixture';

// The app configured for SignalWire (all four credentials), pointed at the local fake of its REST API: the fake
// plays the carrier and posts callbacks signed with SignalWire's algorithm to our public webhook URLs.
let now = new Date('2030-03-01T15:00:00Z');
let fake: FakeSignalWire;
let app: TestApp;
let teamId: string;
let ownerId: string;

beforeAll(async () => {
  fake = await FakeSignalWire.start({
    numbers: [{ phone_number: '+12025550123', friendly_name: 'Main line' }, { phone_number: '+14155550123' }],
  });
  app = await startTestApp({
    clock: { now: () => now },
    env: {
      JOBS_IN_PROCESS: 'false',
      ...fake.appEnv(),
    },
  });
  const owner = new TestClient(app.url);
  await owner.signUp({ name: 'Wire Owner', email: uniqueEmail('wire'), teamName: 'Wire Team' });
  const me = await owner.loadMe();
  teamId = me.teams[0]!.id;
  ownerId = me.user.id;
});
afterAll(async () => {
  await app?.stop();
  await fake?.close();
});

async function call(callId: string) {
  const { rows } = await app.deps.pool.query(
    'select status, outcome, duration_sec, provider, provider_sid, caller_id from calls where id = $1',
    [callId],
  );
  return rows[0];
}

describe('SignalWire configured', () => {
  it('syncs the project’s numbers and places calls with our callback URLs and a ring timeout of at least 15 s', async () => {
    const agentSessionId = await waitingAgentSession(app.deps.pool, teamId, ownerId);
    const result = await startProviderCall(app.deps, {
      teamId,
      agentId: ownerId,
      agentSessionId,
      to: '+14155552671',
      record: true,
      amd: true,
    });
    if (!result.ok) throw new Error(result.message);
    const row = await call(result.call.id);
    expect(row).toMatchObject({ provider: 'signalwire', status: 'queued', caller_id: '+14155550123' });
    const created = fake.requests.find((r) => r.method === 'POST' && r.path.endsWith('/Calls.json'))!;
    expect(created.authorized).toBe(true);
    const base = `${app.url}/webhooks/signalwire`;
    expect(created.form.StatusCallback).toEqual([`${base}/status?callId=${result.call.id}`]);
    expect(created.form.Url).toEqual([`${base}/answer?callId=${result.call.id}`]);
    expect(created.form.RecordingStatusCallback).toEqual([`${base}/recording?callId=${result.call.id}`]);
    // The sync pointed every number's voice URL at our signed inbound handler (calls back in, decision 0026).
    expect(fake.numbers.map((n) => [n.phone_number, n.voice_url, n.voice_method, n.status_callback])).toEqual([
      ['+12025550123', `${base}/inbound`, 'POST', `${base}/status`],
      ['+14155550123', `${base}/inbound`, 'POST', `${base}/status`],
    ]);
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
    const rec = await app.deps.pool.query('select status, duration_sec from recordings where call_id = $1', [
      result.call.id,
    ]);
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
    const { rows } = await app.deps.pool.query('select count(*)::int as n from call_events where call_id = $1', [
      result.call.id,
    ]);
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

  describe("the agent's own phone line (decision 0009)", () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests assert on arbitrary JSON shapes
    async function ok(res: Promise<{ status: number; json: any; text: string }>, status = 200) {
      const r = await res;
      if (r.status !== status) throw new Error(`expected ${status}, got ${r.status}: ${r.text}`);
      return r.json;
    }
    const callsTo = (phone: string) => [...fake.calls.values()].filter((c) => c.to === phone);

    /** A team of its own with a power campaign and, given a phone, one callable New York lead. */
    async function lineTeamWith(name: string, leadPhone?: string) {
      const owner = new TestClient(app.url);
      await owner.signUp({ name: `${name} Owner`, email: uniqueEmail(name.toLowerCase()), teamName: `${name} Team` });
      const teamId = (await owner.loadMe()).teams[0]!.id;
      const campaignId = await createCampaign(owner, teamId, { dialMode: 'power' });
      const [leadId] = leadPhone
        ? await insertLeads(app.deps.pool, teamId, campaignId, [
            { phone: leadPhone, timezones: ['America/New_York'], state: 'NY' },
          ])
        : [];
      return { owner, teamId, campaignId, leadId, api: (path: string) => `/api/teams/${teamId}/dialer${path}` };
    }

    it('rings the agent on Ready, dials leads only once the agent answers, ends the line on Stop', async () => {
      const { owner, teamId: lineTeam, campaignId, leadId, api } = await lineTeamWith('Line', '+12125550142');
      const stream = await openEventStream(`${app.url}/api/teams/${lineTeam}/events`, owner.cookieHeader);
      try {
        // No phone to ring: a clear error on the field, and nobody goes Ready.
        const missing = await owner.post(api('/ready'), { campaignId });
        expect(missing.status).toBe(400);
        expect(missing.json.error).toMatchObject({
          message: 'Enter the phone number we should ring for your calls',
          fields: { linePhone: 'Enter the phone to ring for your calls' },
        });
        expect((await owner.post(api('/ready'), { campaignId, linePhone: '12' })).json.error.fields).toEqual({
          linePhone: 'Not a phone we can ring: too short',
        });
        expect((await ok(owner.get(api('')))).state).toBe('offline');

        const ready = await ok(owner.post(api('/ready'), { campaignId, linePhone: '(202) 555-0147' }));
        expect(ready).toMatchObject({
          state: 'ready',
          line: {
            required: true,
            kind: 'phone',
            kinds: ['phone', 'sip', 'browser'],
            phone: '+12025550147',
            status: 'ringing',
          },
        });
        const {
          rows: [session],
        } = await app.deps.pool.query('select id, line_id, line_sid from agent_sessions where team_id = $1', [
          lineTeam,
        ]);
        const [line] = callsTo('+12025550147');
        expect(line!.sid).toBe(session.line_sid);
        const placed = fake.requests.find((r) => r.path.endsWith('/Calls.json') && r.form.To?.[0] === '+12025550147')!;
        expect(placed.form.Url).toEqual([`${app.url}/webhooks/signalwire/agent-line/answer?callId=${session.line_id}`]);
        expect(placed.form.StatusCallback).toEqual([
          `${app.url}/webhooks/signalwire/agent-line/status?callId=${session.line_id}`,
        ]);
        expect(placed.form.Record).toEqual(['false']); // the agent's side is never recorded on its own

        // A lead comes up, but nobody would hear them yet: the dial is refused and nothing reaches the lead.
        expect((await ok(owner.post(api('/next')))).lead.id).toBe(leadId);
        const early = await owner.post(api('/dial'));
        expect(early.status).toBe(409);
        expect(early.json.error.message).toBe(
          'Answer your phone (+12025550147) first: you can dial once your line is connected',
        );
        expect(callsTo('+12125550142')).toHaveLength(0);

        // The agent answers: their line joins their conference and the screen is told.
        await fake.advance(line!.sid, 'in-progress');
        const answer = fake.deliveries.find((d) => d.kind === 'answer' && d.params.CallSid === line!.sid)!;
        expect(answer.body).toContain(
          `<Conference beep="false" startConferenceOnEnter="true" endConferenceOnExit="true" waitUrl="">agent-${session.id}</Conference>`,
        );
        await stream.until(() => stream.events.some((e) => e.event === 'agent'));
        expect((await ok(owner.get(api('')))).line.status).toBe('connected');
        // The same callback again changes nothing.
        await fake.advance(line!.sid, 'in-progress');
        expect((await ok(owner.get(api('')))).line.status).toBe('connected');

        // Now the lead is dialled into the same conference; the lead leaving does not end it.
        const dialed = await ok(owner.post(api('/dial')));
        expect(dialed.ok).toBe(true);
        const [leadCall] = callsTo('+12125550142');
        await fake.advance(leadCall!.sid, 'in-progress');
        const leadAnswer = fake.deliveries.find((d) => d.kind === 'answer' && d.params.CallSid === leadCall!.sid)!;
        expect(leadAnswer.body).toContain(
          `<Conference beep="false" endConferenceOnExit="false">agent-${session.id}</Conference>`,
        );
        await fake.advance(leadCall!.sid, 'completed');
        await ok(
          owner.post(api('/disposition'), { callId: dialed.call.id, disposition: dialed.campaign.dispositions[0].key }),
        );

        // The phone is the agent's own data: it is in their export.
        expect((await ok(owner.get('/api/me/export'))).dialerLines).toEqual([
          { teamId: lineTeam, phone: '+12025550147', sip: null },
        ]);

        // Stop ends the line at the carrier.
        await ok(owner.post(api('/pause'), { to: 'offline' }));
        await fake.settled();
        expect(fake.calls.get(line!.sid)!.status).toBe('completed');
        expect((await ok(owner.get(api('')))).line).toMatchObject({ phone: '+12025550147', status: 'none' });
      } finally {
        await stream.close();
      }
    });

    it('puts the agent Not ready when they hang up their phone, and ignores a late callback from an old line', async () => {
      const { owner, campaignId, leadId, api } = await lineTeamWith('Drop', '+12125550143');

      await ok(owner.post(api('/ready'), { campaignId, linePhone: '+1 202 555 0148' }));
      const [first] = callsTo('+12025550148');
      await fake.advance(first!.sid, 'in-progress');
      // Another phone: the first line ends and the new one rings; going Ready again with the same phone keeps it.
      await ok(owner.post(api('/ready'), { campaignId, linePhone: '+1 202 555 0149' }));
      await fake.settled();
      expect(fake.calls.get(first!.sid)!.status).toBe('completed');
      const [second] = callsTo('+12025550149');
      await ok(owner.post(api('/ready'), { campaignId }));
      expect(callsTo('+12025550149')).toHaveLength(1);
      // The first line's end, delivered again late, changes nothing: it names the first line, not this one.
      const firstEnd = fake.deliveries.filter((d) => d.kind === 'status' && d.params.CallSid === first!.sid).at(-1)!;
      expect(firstEnd.params.CallStatus).toBe('completed');
      const replay = await fetch(firstEnd.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-signalwire-signature': signLikeSignalWire(fake.signingKey, firstEnd.url, firstEnd.params),
        },
        body: new URLSearchParams(firstEnd.params).toString(),
      });
      expect(replay.status).toBe(204);
      // A forged line callback (no or a wrong signature) is refused before anything is read.
      for (const signature of [undefined, 'forged']) {
        for (const kind of ['status', 'answer']) {
          const url = `${app.url}/webhooks/signalwire/agent-line/${kind}?callId=${firstEnd.url.split('callId=')[1]}`;
          const forged = await fetch(url, {
            method: 'POST',
            headers: {
              'content-type': 'application/x-www-form-urlencoded',
              ...(signature ? { 'x-signalwire-signature': signature } : {}),
            },
            body: new URLSearchParams({ ...firstEnd.params, CallSid: second!.sid, CallStatus: 'completed' }).toString(),
          });
          expect(forged.status).toBe(403);
        }
      }
      expect((await ok(owner.get(api('')))).line).toMatchObject({ phone: '+12025550149', status: 'ringing' });
      expect((await ok(owner.get(api('')))).state).toBe('ready');

      await fake.advance(second!.sid, 'in-progress');
      expect((await ok(owner.post(api('/next')))).lead.id).toBe(leadId);
      await fake.advance(second!.sid, 'completed');
      const after = await ok(owner.get(api('')));
      expect(after).toMatchObject({
        state: 'paused',
        note: 'Your phone line ended: go Ready to ring it again',
        lead: null,
        line: { status: 'dropped' },
      });
      const { rows } = await app.deps.pool.query('select reserved_by from leads where id = $1', [leadId]);
      expect(rows[0].reserved_by).toBeNull();
      const dial = await owner.post(api('/dial'));
      expect(dial.status).toBe(409);
    });

    it('calls a SIP address instead of a phone when the agent chooses one, and remembers the choice', async () => {
      const { owner, teamId: sipTeam, campaignId, api } = await lineTeamWith('Sip', '+12125550144');
      // A SIP address that is missing or not one: a clear error on its field, and nobody goes Ready.
      const missing = await owner.post(api('/ready'), { campaignId, audioKind: 'sip' });
      expect(missing.status).toBe(400);
      expect(missing.json.error.fields).toEqual({
        sipAddress: 'Enter the SIP address to call, like alice@pbx.example.com',
      });
      const bad = await owner.post(api('/ready'), {
        campaignId,
        audioKind: 'sip',
        sipAddress: 'alice@pbx;transport=tcp',
      });
      expect(bad.json.error.fields).toEqual({
        sipAddress: 'Not a SIP address we can call: only a plain address, without parameters or spaces',
      });
      expect((await ok(owner.get(api('')))).state).toBe('offline');

      const ready = await ok(
        owner.post(api('/ready'), { campaignId, audioKind: 'sip', sipAddress: 'SIP:Agent7@PBX.example.com' }),
      );
      expect(ready.line).toMatchObject({ kind: 'sip', sip: 'sip:Agent7@pbx.example.com', status: 'ringing' });
      const {
        rows: [session],
      } = await app.deps.pool.query('select id, line_id, line_sid from agent_sessions where team_id = $1', [sipTeam]);
      const [line] = callsTo('sip:Agent7@pbx.example.com');
      expect(line!.sid).toBe(session.line_sid);
      const placed = fake.requests.find((r) => r.path.endsWith('/Calls.json') && r.form.To?.[0] === line!.to)!;
      expect(placed.form.Url).toEqual([`${app.url}/webhooks/signalwire/agent-line/answer?callId=${session.line_id}`]);
      await ok(owner.post(api('/next')));
      expect((await owner.post(api('/dial'))).json.error.message).toBe(
        'Answer the call on your SIP phone (sip:Agent7@pbx.example.com) first: you can dial once your line is connected',
      );

      // Answered, it joins the agent's conference like the phone line; going Ready again with nothing typed keeps it.
      await fake.advance(line!.sid, 'in-progress');
      const answer = fake.deliveries.find((d) => d.kind === 'answer' && d.params.CallSid === line!.sid)!;
      expect(answer.body).toContain(`agent-${session.id}</Conference>`);
      expect((await ok(owner.get(api('')))).line.status).toBe('connected');
      await ok(owner.post(api('/pause'), { to: 'paused' }));
      expect(await ok(owner.post(api('/ready'), { campaignId }))).toMatchObject({
        state: 'ready',
        line: { kind: 'sip', status: 'connected' },
      });
      expect(callsTo('sip:Agent7@pbx.example.com')).toHaveLength(1);
      expect((await ok(owner.get('/api/me/export'))).dialerLines).toEqual([
        { teamId: sipTeam, phone: null, sip: 'sip:Agent7@pbx.example.com' },
      ]);

      // Switching to the phone ends the SIP leg and rings the phone; the SIP address stays remembered.
      await ok(owner.post(api('/pause'), { to: 'paused' }));
      const phone = await ok(owner.post(api('/ready'), { campaignId, audioKind: 'phone', linePhone: '202 555 0151' }));
      expect(phone.line).toMatchObject({
        kind: 'phone',
        phone: '+12025550151',
        sip: 'sip:Agent7@pbx.example.com',
        status: 'ringing',
      });
      await fake.settled();
      expect(fake.calls.get(line!.sid)!.status).toBe('completed');
      expect(callsTo('+12025550151')).toHaveLength(1);
      await ok(owner.post(api('/pause'), { to: 'offline' }));
    });

    it('hangs up the line of an agent whose screen went away (no phantom agent, no open line)', async () => {
      const { owner, campaignId, api } = await lineTeamWith('Gone');
      await ok(owner.post(api('/ready'), { campaignId, linePhone: '202-555-0150' }));
      const [line] = callsTo('+12025550150');
      await fake.advance(line!.sid, 'in-progress');

      now = new Date(now.getTime() + PRESENCE_TIMEOUT_MS + 1000);
      const swept = await sweepAgentPresence(app.deps);
      expect(swept.offline).toBeGreaterThanOrEqual(1);
      await fake.settled();
      expect(fake.calls.get(line!.sid)!.status).toBe('completed');
      expect((await ok(owner.get(api('')))).line.status).toBe('none');
    });
  });
});
