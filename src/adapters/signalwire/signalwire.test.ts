import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeSignalWire, type FakeCallStatus } from '../../../tests/support/fake-signalwire';
import { isFinal, type CallStatus } from '../../core/telephony/call-status';
import { CallbackReceiver, runTelephonyContract, type Scenario } from '../telephony-contract';
import { SignalWireTelephony } from './signalwire-telephony';

const numbers: Record<Scenario, string> = {
  'human-stays': '+14155550100',
  'human-hangs-up-after-10s': '+14155550110',
  machine: '+14155550101',
  busy: '+14155550102',
  'no-answer': '+14155550103',
};

/** What the carrier does for each scenario; a number is seconds passing, a string a status. */
const scripts: Record<Scenario, (FakeCallStatus | number)[]> = {
  'human-stays': ['initiated', 'ringing', 'in-progress'],
  'human-hangs-up-after-10s': ['initiated', 'ringing', 'in-progress', 10, 'completed'],
  machine: ['initiated', 'ringing', 'in-progress'],
  busy: ['initiated', 'busy'],
  'no-answer': ['initiated', 'ringing', 'no-answer'],
};

const accountNumbers = [
  { phone_number: '+12025550123', friendly_name: 'Main line' },
  { phone_number: '+12025550124', friendly_name: 'Second line' },
  { phone_number: '+12025550125', friendly_name: 'Third line' },
];

runTelephonyContract('SignalWire adapter against the fake SignalWire', async () => {
  // Page size 2 with 3 numbers: listNumbers must follow next_page_uri.
  const fake = await FakeSignalWire.start({ numbers: accountNumbers, numbersPageSize: 2 });
  const telephony = new SignalWireTelephony({ ...fake.adapterOptions(), clock: { now: () => fake.now() } });
  const scenarioOf = new Map(Object.entries(numbers).map(([scenario, n]) => [n, scenario as Scenario]));
  const cursors = new Map<string, number>();
  const awaitingAmd = new Set<string>();
  return {
    telephony,
    signingKey: fake.signingKey,
    tokenKind: 'signalwire',
    from: '+12025550123',
    numbers,
    expectedNumbers: accountNumbers.map((n) => ({ e164: n.phone_number, friendlyName: n.friendly_name })),
    now: () => fake.now(),
    async driveUntil(sid: string, target: CallStatus) {
      const call = fake.calls.get(sid);
      const scenario = call && scenarioOf.get(call.to);
      if (!call || !scenario) throw new Error(`no scripted call ${sid}`);
      const steps = scripts[scenario];
      let cursor = cursors.get(sid) ?? 0;
      while (cursor < steps.length && call.status !== target && !isFinal(call.status)) {
        const step = steps[cursor++];
        if (typeof step === 'number') fake.elapse(step);
        else if (step !== undefined) await fake.advance(sid, step);
        if (step === 'in-progress' && scenario === 'machine') awaitingAmd.add(sid);
      }
      cursors.set(sid, cursor);
    },
    async talk(sec: number) {
      fake.elapse(sec);
      // Detection finishes while the callee's greeting plays.
      for (const sid of awaitingAmd) await fake.detectMachine(sid, 'machine_end_beep');
      awaitingAmd.clear();
      await fake.settled();
    },
    async providerRecordingBytes(recordingSid: string) {
      const wav = fake.recordings.get(recordingSid)?.wav;
      if (!wav) throw new Error(`the fake holds no audio for ${recordingSid}`);
      return wav;
    },
    close: () => fake.close(),
  };
});

describe('SignalWireTelephony on the wire', () => {
  let fake: FakeSignalWire;
  let telephony: SignalWireTelephony;
  let receiver: CallbackReceiver;

  beforeAll(async () => {
    fake = await FakeSignalWire.start();
    telephony = new SignalWireTelephony({ ...fake.adapterOptions(), clock: { now: () => fake.now() } });
    receiver = await CallbackReceiver.start(telephony);
  });
  afterAll(async () => {
    await fake.close();
    await receiver.close();
  });

  const lastCreate = () => fake.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/Calls.json')).at(-1);

  it('points every number of the project at our inbound handler, by its sid', async () => {
    const route = {
      voiceUrl: 'https://dialer.example.com/webhooks/signalwire/inbound',
      statusCallbackUrl: 'https://dialer.example.com/webhooks/signalwire/status',
    };
    expect(await telephony.routeInboundCalls(route)).toEqual({ numbers: fake.numbers.length });
    const updates = fake.requests.filter((r) => r.method === 'POST' && /IncomingPhoneNumbers\/PN/.test(r.path));
    expect(updates).toHaveLength(fake.numbers.length);
    expect(updates[0]!.authorized).toBe(true);
    expect(updates[0]!.form).toEqual({
      VoiceUrl: [route.voiceUrl],
      VoiceMethod: ['POST'],
      StatusCallback: [route.statusCallbackUrl],
      StatusCallbackMethod: ['POST'],
    });
    expect(fake.numbers[0]).toMatchObject({ voice_url: route.voiceUrl, status_callback: route.statusCallbackUrl });
  });

  it('creates a call with exactly the documented form fields, our call id in every URL', async () => {
    await telephony.placeCall({
      to: '+14155550100',
      from: '+12025550123',
      callId: 'c-1',
      answerUrl: 'https://dialer.example.com/hooks/answer?team=7',
      statusCallbackUrl: 'https://dialer.example.com/hooks/status',
      recordingCallbackUrl: 'https://dialer.example.com/hooks/recording',
      record: true,
      amd: true,
      amdCallbackUrl: 'https://dialer.example.com/hooks/amd',
      ringTimeoutSec: 25,
    });
    const create = lastCreate();
    expect(create?.authorized).toBe(true);
    expect(create?.path).toBe(`/api/laml/2010-04-01/Accounts/${fake.projectId}/Calls.json`);
    expect(create?.form).toEqual({
      To: ['+14155550100'],
      From: ['+12025550123'],
      Url: ['https://dialer.example.com/hooks/answer?team=7&callId=c-1'],
      StatusCallback: ['https://dialer.example.com/hooks/status?callId=c-1'],
      StatusCallbackMethod: ['POST'],
      StatusCallbackEvent: ['initiated', 'ringing', 'answered', 'completed'],
      Timeout: ['25'],
      Record: ['true'],
      RecordingStatusCallback: ['https://dialer.example.com/hooks/recording?callId=c-1'],
      RecordingStatusCallbackEvent: ['in-progress completed absent'],
      MachineDetection: ['Enable'],
      AsyncAmd: ['true'],
      AsyncAmdStatusCallback: ['https://dialer.example.com/hooks/amd?callId=c-1'],
    });
  });

  it('leaves recording and AMD fields out when neither is asked for', async () => {
    await telephony.placeCall({
      to: '+14155550100',
      from: '+12025550123',
      callId: 'c-2',
      answerUrl: 'https://dialer.example.com/hooks/answer',
      statusCallbackUrl: 'https://dialer.example.com/hooks/status',
      recordingCallbackUrl: 'https://dialer.example.com/hooks/recording',
      record: false,
      amd: false,
      ringTimeoutSec: 15,
    });
    const form = lastCreate()?.form ?? {};
    expect(form.Record).toEqual(['false']);
    expect(form.Timeout).toEqual(['15']);
    expect(
      Object.keys(form).filter((k) => k.startsWith('Recording') || k.includes('Amd') || k === 'MachineDetection'),
    ).toEqual([]);
  });

  it('the fake answers a missing required field with SignalWire’s 400, and the adapter maps a provider 400 to invalid_input', async () => {
    const res = await fetch(`${fake.baseUrl}/api/laml/2010-04-01/Accounts/${fake.projectId}/Calls.json`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${fake.projectId}:${fake.apiToken}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ From: '+12025550123', Url: 'https://dialer.example.com/a' }).toString(),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 21201, message: 'Missing required parameter To', status: 400 });

    // A caller ID the account does not own is refused by the provider, not by our validation.
    const attempt = telephony.placeCall({
      to: '+14155550100',
      from: '+12025559999',
      callId: 'c-3',
      answerUrl: 'https://dialer.example.com/a',
      statusCallbackUrl: 'https://dialer.example.com/s',
      record: false,
      amd: false,
      ringTimeoutSec: 30,
    });
    await expect(attempt).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringContaining('21210') });
  });

  it('wrong credentials are provider_unavailable and the message carries no secret', async () => {
    const wrong = new SignalWireTelephony({ ...fake.adapterOptions(), apiToken: 'PTwrong-token-value' });
    const error = await wrong.listNumbers().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'provider_unavailable' });
    expect(String((error as Error).message)).not.toContain('PTwrong-token-value');
    expect(fake.requests.at(-1)?.authorized).toBe(false);
  });

  it('a provider outage, an unreachable host and a malformed reply are provider_unavailable', async () => {
    const { providerSid } = await telephony.placeCall({
      to: '+14155550100',
      from: '+12025550123',
      callId: 'c-4',
      answerUrl: 'https://dialer.example.com/a',
      statusCallbackUrl: 'https://dialer.example.com/s',
      record: false,
      amd: false,
      ringTimeoutSec: 30,
    });
    fake.failNext(503);
    await expect(telephony.getCall({ providerSid })).rejects.toMatchObject({ code: 'provider_unavailable' });
    fake.failNext(200, { unexpected: true });
    await expect(telephony.getCall({ providerSid })).rejects.toMatchObject({ code: 'provider_unavailable' });

    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const unreachable = new SignalWireTelephony({ ...fake.adapterOptions(), baseUrl: `http://127.0.0.1:${port}` });
    await expect(unreachable.getCall({ providerSid })).rejects.toMatchObject({ code: 'provider_unavailable' });
  });

  it('mints the browser token at the Fabric endpoint with the session as reference', async () => {
    const token = await telephony.mintAgentToken({ agentSessionId: 'session-9', ttlSec: 7200 });
    const request = fake.requests.at(-1);
    expect(request).toMatchObject({ method: 'POST', path: '/api/fabric/subscribers/tokens', authorized: true });
    const expiresAt = fake.now().getTime() + 7_200_000;
    expect(request?.json).toEqual({ reference: 'session-9', expire_at: Math.floor(expiresAt / 1000) });
    expect(token).toMatchObject({ kind: 'signalwire', expiresAt: new Date(expiresAt) });
  });

  it('pause asks SignalWire for silence, so the paused span stays visible in the file', async () => {
    const { providerSid } = await telephony.placeCall({
      to: '+14155550100',
      from: '+12025550123',
      callId: 'c-5',
      answerUrl: receiver.url('answer'),
      statusCallbackUrl: receiver.url('status'),
      recordingCallbackUrl: receiver.url('recording'),
      record: true,
      amd: false,
      ringTimeoutSec: 30,
    });
    await fake.advance(providerSid, 'in-progress');
    await telephony.setRecording({ providerSid, action: 'pause' });
    const update = fake.requests.at(-1);
    expect(update?.path).toMatch(new RegExp(`/Calls/${providerSid}/Recordings/RE[0-9a-f]{32}\\.json$`));
    expect(update?.form).toEqual({ Status: ['paused'], PauseBehavior: ['silence'] });
    await telephony.hangUp({ providerSid });
    await expect(telephony.setRecording({ providerSid, action: 'resume' })).rejects.toMatchObject({
      code: 'invalid_state',
    });
  });

  it('hanging up a call that ended between our read and our update still succeeds', async () => {
    const { providerSid } = await telephony.placeCall({
      to: '+14155550100',
      from: '+12025550123',
      callId: 'c-6',
      answerUrl: receiver.url('answer'),
      statusCallbackUrl: receiver.url('status'),
      record: false,
      amd: false,
      ringTimeoutSec: 30,
    });
    await fake.advance(providerSid, 'in-progress');
    const call = fake.calls.get(providerSid);
    fake.failNext(
      400,
      { code: 21220, message: 'Call is not in-progress', status: 400 },
      {
        method: 'POST',
        before: () => {
          if (call) call.status = 'completed';
        },
      },
    );
    await expect(telephony.hangUp({ providerSid })).resolves.toBeUndefined();
  });
});
