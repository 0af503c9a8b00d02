import { createHmac } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isFinal, type CallStatus } from '../../core/telephony/call-status';
import { parseRecordingCallback, parseStatusCallback } from '../../core/telephony/callbacks';
import type { PlaceCallInput } from '../../ports/telephony';
import { CallbackReceiver, parseWav, readBody, runTelephonyContract } from '../telephony-contract';
import { SIMULATOR_TEST_NUMBERS as N } from './plan';
import { coldListPopulation } from './population';
import { ManualScheduler, realtimeScheduler } from './scheduler';
import { SimulatorTelephony, builtInSimulatorNumbers, type SimulatorOptions } from './simulator-telephony';

const SIGNING_KEY = 'PSKsimulator-test-key';
const FROM = builtInSimulatorNumbers[0]?.e164 ?? '';

/** Runs the scheduler timer by timer until the call reaches `target` or ends; then lets its webhooks land. */
async function runUntil(
  sim: SimulatorTelephony,
  scheduler: ManualScheduler,
  providerSid: string,
  target: CallStatus,
): Promise<void> {
  for (let guard = 0; guard < 1000; guard++) {
    const { status } = await sim.getCall({ providerSid });
    if (status === target || isFinal(status) || !scheduler.runNext()) break;
  }
  await sim.idle();
}

runTelephonyContract('simulator (speed 60, manual clock, recordings on disk)', async () => {
  const scheduler = new ManualScheduler();
  const speed = 60;
  const recordingsDir = await mkdtemp(join(tmpdir(), 'dialerseat-sim-'));
  const sim = new SimulatorTelephony({ signingKey: SIGNING_KEY, seed: 42, speed, scheduler, recordingsDir });
  return {
    telephony: sim,
    signingKey: SIGNING_KEY,
    tokenKind: 'simulator',
    from: FROM,
    numbers: {
      'human-stays': N.humanStays,
      'human-hangs-up-after-10s': N.humanHangsUpAfter(10),
      machine: N.machine,
      busy: N.busy,
      'no-answer': N.noAnswer,
    },
    expectedNumbers: builtInSimulatorNumbers,
    now: () => scheduler.now(),
    driveUntil: (sid, status) => runUntil(sim, scheduler, sid, status),
    async talk(sec) {
      scheduler.advanceBy((sec * 1000) / speed);
      await sim.idle();
    },
    providerRecordingBytes: (sid) => readFile(join(recordingsDir, `${sid}.wav`)),
    async close() {
      await sim.close();
      await rm(recordingsDir, { recursive: true, force: true });
    },
  };
});

describe('SimulatorTelephony', () => {
  let receiver: CallbackReceiver;
  const failures: { url: string; reason: string }[] = [];

  beforeAll(async () => {
    // Every simulator here signs with the same key, so one receiver can verify them all.
    receiver = await CallbackReceiver.start(new SimulatorTelephony({ signingKey: SIGNING_KEY }));
  });
  afterAll(() => receiver.close());

  let n = 0;
  const input = (to: string, extra: Partial<PlaceCallInput> = {}): PlaceCallInput => ({
    to,
    from: FROM,
    callId: `sim-${++n}`,
    answerUrl: receiver.url('answer'),
    statusCallbackUrl: receiver.url('status'),
    recordingCallbackUrl: receiver.url('recording'),
    record: false,
    amd: false,
    ringTimeoutSec: 30,
    ...extra,
  });
  const make = (options: Partial<SimulatorOptions> = {}) => {
    const scheduler = new ManualScheduler();
    const sim = new SimulatorTelephony({
      signingKey: SIGNING_KEY,
      scheduler,
      seed: 7,
      onCallbackError: (f) => failures.push(f),
      ...options,
    });
    return { sim, scheduler };
  };

  it('each test number plays its documented outcome at its documented time', async () => {
    const { sim, scheduler } = make();
    const place = async (to: string) => (await sim.placeCall(input(to, { ringTimeoutSec: 20 }))).providerSid;
    const calls = {
      stays: await place(N.humanStays),
      machine: await place(N.machine),
      busy: await place(N.busy),
      noAnswer: await place(N.noAnswer),
      failed: await place(N.failed),
      thirty: await place(N.humanHangsUpAfter30s),
      fortyFive: await place(N.humanHangsUpAfter(45)),
      reserved: await place('+13125550107'),
    };
    const status = async (sid: string) => (await sim.getCall({ providerSid: sid })).status;

    scheduler.advanceBy(999);
    expect(await status(calls.failed)).toBe('initiated');
    scheduler.advanceBy(1);
    expect(await status(calls.failed)).toBe('failed');
    expect(await status(calls.stays)).toBe('ringing');
    scheduler.advanceBy(2000); // t = 3 s
    expect(await status(calls.busy)).toBe('busy');
    scheduler.advanceBy(2000); // t = 5 s: the answers
    for (const sid of [calls.stays, calls.machine, calls.thirty, calls.fortyFive, calls.reserved])
      expect(await status(sid)).toBe('in-progress');
    scheduler.advanceBy(15_000); // t = 20 s: the ring timeout
    expect(await status(calls.noAnswer)).toBe('no-answer');
    scheduler.advanceBy(15_000); // t = 35 s
    expect(await sim.getCall({ providerSid: calls.thirty })).toEqual({ status: 'completed', durationSec: 30 });
    scheduler.advanceBy(14_999);
    expect(await status(calls.fortyFive)).toBe('in-progress');
    scheduler.advanceBy(1); // t = 50 s
    expect(await sim.getCall({ providerSid: calls.fortyFive })).toEqual({ status: 'completed', durationSec: 45 });
    scheduler.advanceBy(3_600_000);
    for (const sid of [calls.stays, calls.machine, calls.reserved]) expect(await status(sid)).toBe('in-progress');
    await sim.close();
  });

  it('speed 60 makes a 60-second call take one second of clock time', async () => {
    const { sim, scheduler } = make({ speed: 60 });
    const { providerSid } = await sim.placeCall(input(N.humanHangsUpAfter(60)));
    // Answered at 5 s simulated (83.3 ms), hung up 60 s later (1083.3 ms).
    scheduler.advanceBy(1083);
    expect((await sim.getCall({ providerSid })).status).toBe('in-progress');
    scheduler.advanceBy(1);
    const done = parseStatusCallback((await receiver.status(providerSid, 'completed')).params);
    expect(done.durationSec).toBe(60);
    await sim.close();
  });

  it('status callbacks carry SignalWire’s fields, stamped with the simulator clock', async () => {
    const { sim, scheduler } = make();
    const { providerSid } = await sim.placeCall(input(N.humanHangsUpAfter(12), { record: true }));
    await runUntil(sim, scheduler, providerSid, 'completed');
    const completed = await receiver.status(providerSid, 'completed');
    expect(completed.params).toMatchObject({
      CallSid: providerSid,
      AccountSid: 'simulator',
      From: FROM,
      To: N.humanHangsUpAfter(12),
      CallStatus: 'completed',
      Direction: 'outbound-api',
      SequenceNumber: '3',
      CallDuration: '12',
      Timestamp: scheduler.now().toUTCString(),
      RecordingDuration: '12',
    });
    const recording = await receiver.recording(providerSid, 'completed');
    expect(Object.keys(recording.params).sort()).toEqual(
      [
        'AccountSid',
        'CallSid',
        'RecordingChannels',
        'RecordingDuration',
        'RecordingSid',
        'RecordingSource',
        'RecordingStartTime',
        'RecordingStatus',
        'RecordingUrl',
      ].sort(),
    );
    expect(recording.params.RecordingSid).toBe(completed.params.RecordingSid);
    await sim.close();
  });

  it('the same seed replays the same run; another seed does not', async () => {
    const run = async (seed: number) => {
      const { sim, scheduler } = make({ seed });
      const sids: string[] = [];
      for (let i = 0; i < 12; i++) sids.push((await sim.placeCall(input(`+1415200${String(1000 + i)}`))).providerSid);
      while (scheduler.runNext());
      await sim.idle();
      const results = await Promise.all(sids.map((providerSid) => sim.getCall({ providerSid })));
      await sim.close();
      return results;
    };
    const first = await run(1234);
    expect(await run(1234)).toEqual(first);
    expect(await run(4321)).not.toEqual(first);
    expect(new Set(first.map((r) => r.status)).size).toBeGreaterThanOrEqual(3);
  }, 30_000); // three full runs of real HTTP webhooks: generous for a loaded CI machine

  it('a call rings out no earlier than its ring timeout', async () => {
    const { sim, scheduler } = make();
    const { providerSid } = await sim.placeCall(input(N.noAnswer, { ringTimeoutSec: 45 }));
    scheduler.advanceBy(44_999);
    expect((await sim.getCall({ providerSid })).status).toBe('ringing');
    scheduler.advanceBy(1);
    expect((await sim.getCall({ providerSid })).status).toBe('no-answer');
    await sim.close();
  });

  it('an answer URL that fails ends the call, as a carrier would', async () => {
    const { sim, scheduler } = make();
    receiver.answerStatus = 500;
    try {
      const { providerSid } = await sim.placeCall(input(N.humanStays));
      await runUntil(sim, scheduler, providerSid, 'in-progress');
      await receiver.status(providerSid, 'completed');
      expect((await sim.getCall({ providerSid })).status).toBe('completed');
      expect(failures.some((f) => f.url.startsWith(receiver.url('answer')) && f.reason === 'HTTP 500')).toBe(true);
    } finally {
      receiver.answerStatus = 200;
      await sim.close();
    }
  });

  it('a callee given the safe-harbor message hears it out and the call ends', async () => {
    const { sim, scheduler } = make();
    // 25 words: 10 s at 150 words a minute.
    receiver.answerDocument = sim.safeHarborCxml({ message: Array.from({ length: 25 }, () => 'word').join(' ') });
    try {
      const { providerSid } = await sim.placeCall(input(N.humanStays));
      // Answered, and the answer document fetched (runUntil waits for webhooks), then on to the end.
      await runUntil(sim, scheduler, providerSid, 'in-progress');
      await runUntil(sim, scheduler, providerSid, 'completed');
      const done = parseStatusCallback((await receiver.status(providerSid, 'completed')).params);
      expect(done.durationSec).toBe(10);
    } finally {
      receiver.answerDocument = null;
      await sim.close();
    }
  });

  describe('answering as a population', () => {
    const exact = (sec: number) => ({ medianSec: sec, sigma: 0, clampSec: [sec, sec] as const });
    const people = {
      ...coldListPopulation,
      humanRate: 1,
      machineRate: 0,
      busyRate: 0,
      failedRate: 0,
      ringSec: exact(6),
      talkSec: exact(60),
      patienceSec: [2, 2] as const,
    };
    const durationOf = async (sim: SimulatorTelephony, scheduler: ManualScheduler, to: string) => {
      const { providerSid } = await sim.placeCall(input(to));
      await runUntil(sim, scheduler, providerSid, 'in-progress');
      await runUntil(sim, scheduler, providerSid, 'completed');
      return parseStatusCallback((await receiver.status(providerSid, 'completed')).params).durationSec;
    };

    it('a person nobody speaks to hangs up after their patience; one spoken to talks on', async () => {
      const { sim, scheduler } = make({ population: people });
      receiver.answerDocument = '<?xml version="1.0" encoding="UTF-8"?><Response><Pause length="60"/></Response>';
      try {
        expect(await durationOf(sim, scheduler, '+14155551001')).toBe(2);
        receiver.answerDocument = null; // the agent's conference
        expect(await durationOf(sim, scheduler, '+14155551002')).toBe(60);
      } finally {
        receiver.answerDocument = null;
        await sim.close();
      }
    });

    it('a machine beeps after its greeting, records, then hangs up; test numbers keep their plan', async () => {
      const machines = { ...people, humanRate: 0, machineRate: 1, greetingSec: [8, 8], recordSec: [10, 10] } as const;
      const { sim, scheduler } = make({ population: machines });
      try {
        expect(await durationOf(sim, scheduler, '+14155551003')).toBe(18);
        expect(await durationOf(sim, scheduler, N.humanHangsUpAfter(30))).toBe(30);
      } finally {
        await sim.close();
      }
    });

    it('refuses a population whose rates are not shares', () => {
      expect(() => make({ population: { ...people, machineRate: 0.5 } })).toThrow(/shares summing to at most 1/);
    });
  });

  it('without a recordings directory, recordings render from memory and delete cleanly', async () => {
    const { sim, scheduler } = make();
    const { providerSid } = await sim.placeCall(input(N.humanHangsUpAfter(15), { record: true }));
    await runUntil(sim, scheduler, providerSid, 'completed');
    const { recordingSid, durationSec } = parseRecordingCallback(
      (await receiver.recording(providerSid, 'completed')).params,
    );
    expect(durationSec).toBe(15);
    const media = await sim.fetchRecording({ recordingSid });
    const bytes = await readBody(media);
    expect(media.sizeBytes).toBe(bytes.length);
    expect(parseWav(bytes).samples.length).toBe(15 * 8000);
    // Rendering is deterministic: a second fetch gives the same file.
    expect((await readBody(await sim.fetchRecording({ recordingSid }))).equals(bytes)).toBe(true);
    await sim.deleteRecording({ recordingSid });
    await expect(sim.fetchRecording({ recordingSid })).rejects.toMatchObject({ code: 'not_found' });
    await sim.close();
  });

  it('with a recordings directory, the file appears when the recording completes and goes when deleted', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dialerseat-sim-'));
    try {
      const { sim, scheduler } = make({ recordingsDir: join(dir, 'nested') });
      const { providerSid } = await sim.placeCall(input(N.humanHangsUpAfter(11), { record: true }));
      await runUntil(sim, scheduler, providerSid, 'completed');
      const { recordingSid } = parseRecordingCallback((await receiver.recording(providerSid, 'completed')).params);
      expect(await readdir(join(dir, 'nested'))).toEqual([`${recordingSid}.wav`]);
      await sim.deleteRecording({ recordingSid });
      expect(await readdir(join(dir, 'nested'))).toEqual([]);
      await sim.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('a live recording cannot be fetched or deleted, and an unknown recording sid is not_found', async () => {
    const { sim, scheduler } = make();
    const recorded = (await sim.placeCall(input(N.humanStays, { record: true }))).providerSid;
    await runUntil(sim, scheduler, recorded, 'in-progress');
    await expect(
      sim.setRecording({ providerSid: recorded, recordingSid: 'RE0', action: 'pause' }),
    ).rejects.toMatchObject({ code: 'not_found' });
    const { recordingSid } = parseRecordingCallback((await receiver.recording(recorded, 'in-progress')).params);
    await expect(sim.deleteRecording({ recordingSid })).rejects.toMatchObject({ code: 'invalid_state' });
    await expect(sim.fetchRecording({ recordingSid })).rejects.toMatchObject({ code: 'invalid_state' });
    await sim.close();
  });

  it('refuses a caller ID the account does not own, and a malformed number', async () => {
    const { sim } = make();
    await expect(sim.placeCall(input(N.humanStays, { from: '+19995550000' }))).rejects.toMatchObject({
      code: 'invalid_input',
    });
    await expect(sim.placeCall(input('555-0100'))).rejects.toMatchObject({
      code: 'invalid_input',
      details: { fields: { to: expect.any(String) } },
    });
    await expect(sim.placeCall(input(N.humanStays, { answerUrl: 'ftp://x/answer' }))).rejects.toMatchObject({
      code: 'invalid_input',
    });
  });

  it('close() cancels every pending timer', async () => {
    const { sim, scheduler } = make();
    await sim.placeCall(input(N.humanStays));
    expect(scheduler.pendingTimers).toBeGreaterThan(0);
    await sim.close();
    expect(scheduler.pendingTimers).toBe(0);
  });

  it('runs on real timers too: a sped-up call completes on its own', async () => {
    const sim = new SimulatorTelephony({ signingKey: SIGNING_KEY, speed: 5000, scheduler: realtimeScheduler() });
    const { providerSid } = await sim.placeCall(input(N.humanHangsUpAfter(20)));
    const done = await receiver.status(providerSid, 'completed');
    expect(done.valid).toBe(true);
    expect(parseStatusCallback(done.params).durationSec).toBe(20);
    await sim.close();
  });

  it('rejects an unusable configuration', () => {
    expect(() => new SimulatorTelephony({ signingKey: SIGNING_KEY, speed: 0 })).toThrow(/speed/);
    const zero = { human: 0, machine: 0, busy: 0, noAnswer: 0, failed: 0 };
    expect(() => new SimulatorTelephony({ signingKey: SIGNING_KEY, profile: { weights: zero } })).toThrow(/weights/);
  });
});

describe('SimulatorTelephony between instances (peer)', () => {
  const key = 'peer-key-for-tests-0123456789';
  const sign = (body: string) => createHmac('sha256', key).update(body).digest('base64url');
  const input = (callId: string): PlaceCallInput => ({
    to: '+12125550100',
    from: FROM,
    callId,
    answerUrl: 'http://127.0.0.1:9/answer',
    statusCallbackUrl: 'http://127.0.0.1:9/status',
    record: false,
    amd: false,
    ringTimeoutSec: 30,
  });

  it('names the placing instance in the sid, answers a signed request about its own call, and refuses unsigned ones', async () => {
    const sim = new SimulatorTelephony({
      signingKey: SIGNING_KEY,
      scheduler: new ManualScheduler(new Date('2030-01-08T16:00:00Z')),
      peer: { selfUrl: 'http://a.test/', key },
      onCallbackError: () => {},
    });
    const { providerSid } = await sim.placeCall(input('peer-1'));
    expect(providerSid).toMatch(/^CA[0-9a-f]{32}\./);
    expect(Buffer.from(providerSid.split('.')[1]!, 'base64url').toString()).toBe('http://a.test');
    const body = JSON.stringify({ op: 'getCall', providerSid });
    expect(await sim.handlePeerRequest({ body, signature: sign(body) })).toEqual({
      status: 200,
      json: { ok: true, result: { status: 'queued' } },
    });
    expect((await sim.handlePeerRequest({ body, signature: 'forged' })).status).toBe(403);
    expect((await sim.handlePeerRequest({ body, signature: undefined })).status).toBe(403);
    // A call this instance does not hold (another's, or one lost in a restart) is not found here, never forwarded.
    const other = JSON.stringify({
      op: 'hangUp',
      providerSid: `CA${'1'.repeat(32)}.${Buffer.from('http://b.test').toString('base64url')}`,
    });
    expect(await sim.handlePeerRequest({ body: other, signature: sign(other) })).toMatchObject({
      status: 200,
      json: { ok: false, code: 'not_found' },
    });
    await sim.close();
  });

  it('reports an owner that cannot be reached as provider_unavailable, never as not found', async () => {
    const sim = new SimulatorTelephony({
      signingKey: SIGNING_KEY,
      peer: { selfUrl: 'http://a.test', key },
      requestTimeoutMs: 2000,
      onCallbackError: () => {},
    });
    const sid = `CA${'2'.repeat(32)}.${Buffer.from('http://127.0.0.1:1').toString('base64url')}`;
    await expect(sim.getCall({ providerSid: sid })).rejects.toMatchObject({ code: 'provider_unavailable' });
    await sim.close();
  });
});
