import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualScheduler } from '../../src/adapters/simulator/scheduler';
import { SimulatorTelephony } from '../../src/adapters/simulator/simulator-telephony';
import { startProviderCall } from '../../src/app/telephony/start-provider-call';
import { startTestApp, type TestApp } from '../support/test-app';
import { TestClient, uniqueEmail } from '../support/http-client';
import { listenForCallChanges, openEventStream, postSignedCallback } from '../support/telephony-helpers';

const SIGNING_KEY = 'webhook-test-signing-key-0123456789';
let app: TestApp;
let simulator: SimulatorTelephony;
let owner: TestClient;
let teamId: string;
let userId: string;
let listener: Awaited<ReturnType<typeof listenForCallChanges>>;

beforeAll(async () => {
  app = await startTestApp({
    telephony: () => {
      // Time never moves here, so the simulator places calls and sends nothing: the test plays the carrier.
      simulator = new SimulatorTelephony({
        signingKey: SIGNING_KEY,
        scheduler: new ManualScheduler(),
        seed: 1,
        numbers: [{ e164: '+14155550123' }],
      });
      return simulator;
    },
  });
  owner = new TestClient(app.url);
  await owner.signUp({ name: 'Hook Owner', email: uniqueEmail('hooks'), teamName: 'Hook Team' });
  const me = await owner.loadMe();
  teamId = me.teams[0]!.id;
  userId = me.user.id;
  listener = await listenForCallChanges(app.databaseUrl);
});
afterAll(async () => {
  await listener?.close();
  await app?.stop();
  await simulator?.close();
});

const statusUrl = (callId: string) => `${app.url}/webhooks/signalwire/status?callId=${callId}`;

async function placeCall() {
  const result = await startProviderCall(app.deps, {
    teamId,
    agentId: userId,
    to: '+14155552671',
    record: false,
    amd: false,
  });
  if (!result.ok) throw new Error(result.message);
  const { rows } = await app.deps.pool.query<{ provider_sid: string }>('select provider_sid from calls where id = $1', [
    result.call.id,
  ]);
  return { callId: result.call.id, sid: rows[0]!.provider_sid };
}

const statusParams = (sid: string, status: string, extra: Record<string, string> = {}) => ({
  AccountSid: 'simulator',
  CallSid: sid,
  CallStatus: status,
  Direction: 'outbound-api',
  From: '+14155550123',
  To: '+14155552671',
  ...extra,
});

async function callRow(callId: string) {
  const { rows } = await app.deps.pool.query(
    'select status, status_rank, outcome, duration_sec, ringing_at, ended_at from calls where id = $1',
    [callId],
  );
  return rows[0];
}
async function eventKeys(callId: string) {
  const { rows } = await app.deps.pool.query<{ event_key: string }>(
    'select event_key from call_events where call_id = $1 order by id',
    [callId],
  );
  return rows.map((r) => r.event_key);
}

describe('SignalWire status webhooks', () => {
  it('places a call with a local caller ID and a queued row', async () => {
    const { callId, sid } = await placeCall();
    expect(sid).toMatch(/^CA[0-9a-f]{32}$/);
    const { rows } = await app.deps.pool.query(
      'select status, caller_id, provider, dialed_number, agent_id from calls where id = $1',
      [callId],
    );
    expect(rows[0]).toEqual({
      status: 'queued',
      caller_id: '+14155550123',
      provider: 'simulator',
      dialed_number: '+14155552671',
      agent_id: userId,
    });
  });

  it('stores a valid callback once and advances the call', async () => {
    const { callId, sid } = await placeCall();
    const res = await postSignedCallback(statusUrl(callId), statusParams(sid, 'ringing'), { signingKey: SIGNING_KEY });
    expect(res.status).toBe(204);
    expect(await eventKeys(callId)).toEqual([`${sid}:ringing`]);
    expect(await callRow(callId)).toMatchObject({ status: 'ringing', status_rank: 2 });
    expect((await callRow(callId))!.ringing_at).not.toBeNull();
  });

  it('takes the same callback five times as one event, one row change, one NOTIFY and one push', async () => {
    const { callId, sid } = await placeCall();
    const events = await openEventStream(`${app.url}/api/teams/${teamId}/events`, owner.cookieHeader);
    const results = await Promise.all(
      Array.from({ length: 5 }, () =>
        postSignedCallback(statusUrl(callId), statusParams(sid, 'ringing'), { signingKey: SIGNING_KEY }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual([204, 204, 204, 204, 204]);
    expect(await eventKeys(callId)).toEqual([`${sid}:ringing`]);
    await listener.flush();
    expect(listener.forCall(callId)).toHaveLength(1);
    // A push carries the call as it is when the instance reads it, so wait for the ringing push before changing the
    // call again; otherwise a slow read could already see the next status.
    await events.until(() =>
      events.events.some((e) => e.event === 'call' && (e.data as { id: string; status: string }).id === callId),
    );

    // A later, different event: once its push arrives, every earlier push has arrived (one listener, in order).
    await postSignedCallback(statusUrl(callId), statusParams(sid, 'in-progress'), { signingKey: SIGNING_KEY });
    await events.until(() =>
      events.events.some(
        (e) =>
          e.event === 'call' &&
          (e.data as { id: string; status: string }).id === callId &&
          (e.data as { id: string; status: string }).status === 'in-progress',
      ),
    );
    const pushes = events.events
      .filter((e) => e.event === 'call' && (e.data as { id: string }).id === callId)
      .map((e) => (e.data as { status: string }).status);
    expect(pushes).toEqual(['ringing', 'in-progress']);
    await events.close();
  });

  it('keeps a call completed when ringing arrives after completed', async () => {
    const { callId, sid } = await placeCall();
    await postSignedCallback(statusUrl(callId), statusParams(sid, 'completed', { CallDuration: '42' }), {
      signingKey: SIGNING_KEY,
    });
    await postSignedCallback(statusUrl(callId), statusParams(sid, 'ringing'), { signingKey: SIGNING_KEY });
    await postSignedCallback(statusUrl(callId), statusParams(sid, 'in-progress'), { signingKey: SIGNING_KEY });
    expect(await callRow(callId)).toMatchObject({
      status: 'completed',
      status_rank: 4,
      outcome: 'human',
      duration_sec: 42,
    });
    // The late reports are kept as evidence, but changed nothing and published nothing.
    expect(await eventKeys(callId)).toEqual([`${sid}:completed`, `${sid}:ringing`, `${sid}:in-progress`]);
    await listener.flush();
    expect(listener.forCall(callId)).toHaveLength(1);
  });

  it('refuses a forged signature, a signature for another URL and a missing header with 403, changing nothing', async () => {
    const { callId, sid } = await placeCall();
    const params = statusParams(sid, 'completed', { CallDuration: '9' });
    const forged = await postSignedCallback(statusUrl(callId), params, { signingKey: 'not-the-signing-key' });
    const otherUrl = await postSignedCallback(statusUrl(callId), params, {
      signingKey: SIGNING_KEY,
      signedUrl: `${app.url}/webhooks/signalwire/status?callId=00000000-0000-4000-8000-000000000000`,
    });
    const otherHost = await postSignedCallback(statusUrl(callId), params, {
      signingKey: SIGNING_KEY,
      signedUrl: statusUrl(callId).replace('127.0.0.1', 'evil.example.com'),
    });
    const missing = await postSignedCallback(statusUrl(callId), params, { signingKey: SIGNING_KEY, signature: null });
    const tampered = await postSignedCallback(
      statusUrl(callId),
      { ...params, CallDuration: '9999' },
      {
        signingKey: SIGNING_KEY,
        signature: (await import('../support/fake-signalwire')).signLikeSignalWire(
          SIGNING_KEY,
          statusUrl(callId),
          params,
        ),
      },
    );
    expect([forged.status, otherUrl.status, otherHost.status, missing.status, tampered.status]).toEqual([
      403, 403, 403, 403, 403,
    ]);
    expect(await eventKeys(callId)).toEqual([]);
    expect(await callRow(callId)).toMatchObject({ status: 'queued', status_rank: 0 });
    await listener.flush();
    expect(listener.forCall(callId)).toHaveLength(0);
    // The Twilio alias header is accepted, as SignalWire's own validator does.
    const alias = await postSignedCallback(statusUrl(callId), params, {
      signingKey: SIGNING_KEY,
      header: 'x-twilio-signature',
    });
    expect(alias.status).toBe(204);
  });

  it('refuses a callback body over 64 kB with 413 before reading it, changing nothing', async () => {
    const { callId, sid } = await placeCall();
    const params = statusParams(sid, 'ringing', { Padding: 'x'.repeat(70 * 1024) });
    const big = await postSignedCallback(statusUrl(callId), params, { signingKey: SIGNING_KEY });
    expect(big.status).toBe(413);
    expect(await eventKeys(callId)).toEqual([]);
    // Without a Content-Length the limit is enforced while reading.
    const chunked = await fetch(statusUrl(callId), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new Blob([new URLSearchParams(params).toString()]).stream(),
      duplex: 'half',
    } as RequestInit);
    expect(chunked.status).toBe(413);
    expect(await callRow(callId)).toMatchObject({ status: 'queued', status_rank: 0 });
  });

  it('answers 400 to a signed but malformed callback and acknowledges one for an unknown call', async () => {
    const { callId, sid } = await placeCall();
    const bad = await postSignedCallback(statusUrl(callId), statusParams(sid, 'answered'), { signingKey: SIGNING_KEY });
    expect(bad.status).toBe(400);
    const unknown = await postSignedCallback(
      statusUrl('00000000-0000-4000-8000-000000000000'),
      statusParams('CAunknown', 'ringing'),
      { signingKey: SIGNING_KEY },
    );
    expect(unknown.status).toBe(204);
    expect(await eventKeys(callId)).toEqual([]);
  });

  async function answerCall(agentSessionId: string | null) {
    const result = await startProviderCall(app.deps, {
      teamId,
      agentId: userId,
      agentSessionId,
      to: '+14155552671',
      record: false,
      amd: false,
    });
    if (!result.ok) throw new Error(result.message);
    const { rows } = await app.deps.pool.query<{ provider_sid: string }>(
      'select provider_sid from calls where id = $1',
      [result.call.id],
    );
    const res = await postSignedCallback(
      `${app.url}/webhooks/signalwire/answer?callId=${result.call.id}`,
      statusParams(rows[0]!.provider_sid, 'in-progress'),
      { signingKey: SIGNING_KEY },
    );
    const record = await app.deps.pool.query<{
      connect_recorded: boolean;
      agent_connected_at: Date | null;
      safe_harbor_at: Date | null;
    }>('select connect_recorded, agent_connected_at, safe_harbor_at from calls where id = $1', [result.call.id]);
    return { res, record: record.rows[0]!, callId: result.call.id };
  }

  it('bridges the answer into the agent’s conference while the agent waits on the call, and records when', async () => {
    const { rows } = await app.deps.pool.query<{ id: string }>(
      `insert into agent_sessions (team_id, user_id, state) values ($1, $2, 'dialing')
       on conflict (team_id, user_id) do update set state = 'dialing', call_id = null returning id`,
      [teamId, userId],
    );
    const sessionId = rows[0]!.id;
    const { res, record } = await answerCall(sessionId);
    expect(res.status).toBe(200);
    expect(res.text).toContain(`<Conference beep="false" endConferenceOnExit="false">agent-${sessionId}</Conference>`);
    expect(record.connect_recorded).toBe(true);
    expect(record.agent_connected_at).not.toBeNull();
    expect(record.safe_harbor_at).toBeNull();
  });

  it('plays the safe-harbor message, and records it, when no agent waits for the answer', async () => {
    // A session that left (Stop, lost presence) and a call dialled for no session at all: nobody would hear them.
    await app.deps.pool.query(`update agent_sessions set state = 'offline' where team_id = $1`, [teamId]);
    const { rows } = await app.deps.pool.query<{ id: string }>(
      `select id from agent_sessions where team_id = $1 and user_id = $2`,
      [teamId, userId],
    );
    for (const sessionId of [rows[0]!.id, null, 'not-a-session']) {
      const { res, record } = await answerCall(sessionId);
      expect(res.status).toBe(200);
      // The team's name and the caller ID stand in for a campaign's seller and number.
      expect(res.text).toBe(
        '<?xml version="1.0" encoding="UTF-8"?><Response><Say>Hello, this is Hook Team. We called you but no one was ' +
          'free to take the call. To reach us, or to ask us not to call again, please call 4 1 5 5 5 5 0 1 2 3. ' +
          'Thank you.</Say><Hangup/></Response>',
      );
      expect(record.safe_harbor_at).not.toBeNull();
      expect(record.agent_connected_at).toBeNull();
    }
  });

  it('keeps the first routing when the provider fetches the answer URL again', async () => {
    const { callId } = await answerCall(null);
    const { rows } = await app.deps.pool.query<{ id: string }>(
      `update agent_sessions set state = 'dialing' where team_id = $1 returning id`,
      [teamId],
    );
    await app.deps.pool.query(`update calls set agent_session_id = $1 where id = $2`, [rows[0]!.id, callId]);
    const sid = (
      await app.deps.pool.query<{ provider_sid: string }>('select provider_sid from calls where id = $1', [callId])
    ).rows[0]!.provider_sid;
    const again = await postSignedCallback(
      `${app.url}/webhooks/signalwire/answer?callId=${callId}`,
      statusParams(sid, 'in-progress'),
      { signingKey: SIGNING_KEY },
    );
    // Once given the message the call is abandoned; a late agent does not make it a connected one.
    expect(again.text).toContain('<Say>');
    const after = await app.deps.pool.query('select agent_connected_at from calls where id = $1', [callId]);
    expect(after.rows[0].agent_connected_at).toBeNull();
  });

  it('refines a completed call’s outcome with a late AMD verdict, once', async () => {
    const { callId, sid } = await placeCall();
    await postSignedCallback(statusUrl(callId), statusParams(sid, 'completed', { CallDuration: '30' }), {
      signingKey: SIGNING_KEY,
    });
    const amdUrl = `${app.url}/webhooks/signalwire/amd?callId=${callId}`;
    for (let i = 0; i < 3; i++) {
      expect(
        (
          await postSignedCallback(
            amdUrl,
            { CallSid: sid, AnsweredBy: 'machine_end_beep' },
            { signingKey: SIGNING_KEY },
          )
        ).status,
      ).toBe(204);
    }
    const { rows } = await app.deps.pool.query('select outcome, amd_result from calls where id = $1', [callId]);
    expect(rows[0]).toEqual({ outcome: 'machine', amd_result: 'machine' });
    expect(await eventKeys(callId)).toEqual([`${sid}:completed`, `${sid}:amd`]);
  });
});
