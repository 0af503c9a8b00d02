/**
 * The Telephony contract: one suite, run against the SignalWire adapter (over a fake SignalWire server) and
 * the simulator. A tiny local HTTP server plays our webhook routes and verifies every signature with the
 * adapter's own verifyWebhook; tests move the carrier's time explicitly through the harness and wait for
 * callbacks as events, never by sleeping.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../core/errors';
import { outcomeOf, type CallStatus } from '../core/telephony/call-status';
import { parseAmdCallback, parseRecordingCallback, parseStatusCallback } from '../core/telephony/callbacks';
import {
  SIGNATURE_HEADER,
  SIGNATURE_HEADER_ALIAS,
  type AgentToken,
  type PlaceCallInput,
  type ProviderNumber,
  type RecordingMedia,
  type Telephony,
  type WebhookToVerify,
} from '../ports/telephony';
import { signSignalWireRequest } from './signalwire/signature';

export type Scenario = 'human-stays' | 'human-hangs-up-after-10s' | 'machine' | 'busy' | 'no-answer';

export type TelephonyHarness = {
  telephony: Telephony;
  signingKey: string;
  tokenKind: AgentToken['kind'];
  /** A caller ID the provider accepts. */
  from: string;
  /** The number to dial for each callee behaviour. */
  numbers: Record<Scenario, string>;
  expectedNumbers: ProviderNumber[];
  /** The adapter's clock. */
  now(): Date;
  /** Plays the carrier until the call reaches `status` (or ends), with its callbacks delivered. */
  driveUntil(providerSid: string, status: CallStatus): Promise<void>;
  /** Lets `sec` seconds of carrier time pass, with any callbacks due in them delivered. */
  talk(sec: number): Promise<void>;
  /** The recording's bytes as the provider holds them, read around the adapter. */
  providerRecordingBytes(recordingSid: string): Promise<Uint8Array>;
  close(): Promise<void>;
};

export type ReceivedWebhook = {
  kind: 'status' | 'recording' | 'amd' | 'answer';
  url: string;
  params: Record<string, string>;
  signature: string | undefined;
  valid: boolean;
};

/** Plays our webhook routes: records each request, checks its signature, serves the answer cXML. */
export class CallbackReceiver {
  readonly received: ReceivedWebhook[] = [];
  /** Status our answer route replies with (tests of a failing answer URL set 500). */
  answerStatus = 200;
  /** The answer document to serve instead of the agent conference (e.g. the safe-harbor message). */
  answerDocument: string | null = null;
  #waiters: { match: (w: ReceivedWebhook) => boolean; resolve: (w: ReceivedWebhook) => void }[] = [];
  #server: Server;
  #base: string;

  private constructor(server: Server, base: string) {
    this.#server = server;
    this.#base = base;
  }

  static async start(telephony: Pick<Telephony, 'verifyWebhook' | 'conferenceCxml'>): Promise<CallbackReceiver> {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        // Requests only arrive once `receiver` exists: its URLs are handed out after listen().
        const r = receiver;
        const url = r.#base + (req.url ?? '/');
        const kind = new URL(url).pathname.slice(1) as ReceivedWebhook['kind'];
        const params = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
        const header = req.headers[SIGNATURE_HEADER] ?? req.headers[SIGNATURE_HEADER_ALIAS];
        const signature = Array.isArray(header) ? header[0] : header;
        const hook: ReceivedWebhook = {
          kind,
          url,
          params,
          signature,
          valid: telephony.verifyWebhook({ url, params, signature }),
        };
        r.received.push(hook);
        if (kind === 'answer') {
          const callId = new URL(url).searchParams.get('callId') ?? 'unknown';
          res
            .writeHead(r.answerStatus, { 'content-type': 'text/xml' })
            .end(r.answerDocument ?? telephony.conferenceCxml({ conferenceName: `agent-${callId}` }));
        } else {
          res.writeHead(hook.valid ? 204 : 403).end();
        }
        for (const w of r.#waiters.filter((w) => w.match(hook))) w.resolve(hook);
        r.#waiters = r.#waiters.filter((w) => !w.match(hook));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const receiver = new CallbackReceiver(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    return receiver;
  }

  url(kind: ReceivedWebhook['kind']): string {
    return `${this.#base}/${kind}`;
  }

  /** The first webhook (already received or still to come) that matches. */
  waitFor(match: (w: ReceivedWebhook) => boolean): Promise<ReceivedWebhook> {
    const hit = this.received.find(match);
    if (hit) return Promise.resolve(hit);
    return new Promise((resolve) => this.#waiters.push({ match, resolve }));
  }

  status(callSid: string, status: CallStatus): Promise<ReceivedWebhook> {
    return this.waitFor((w) => w.kind === 'status' && w.params.CallSid === callSid && w.params.CallStatus === status);
  }

  recording(callSid: string, status: string): Promise<ReceivedWebhook> {
    return this.waitFor(
      (w) => w.kind === 'recording' && w.params.CallSid === callSid && w.params.RecordingStatus === status,
    );
  }

  statusesOf(callSid: string): ReceivedWebhook[] {
    return this.received.filter((w) => w.kind === 'status' && w.params.CallSid === callSid);
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}

export async function readBody(media: RecordingMedia): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const body = media.body;
  if ('getReader' in body) {
    const reader = body.getReader();
    for (let r = await reader.read(); !r.done; r = await reader.read()) chunks.push(Buffer.from(r.value));
  } else {
    for await (const chunk of body) chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}

export type Wav = { format: number; channels: number; sampleRate: number; bitsPerSample: number; samples: Int16Array };

/** Reads a RIFF/WAVE file chunk by chunk (independently of the writer in simulator/wav.ts). */
export function parseWav(bytes: Uint8Array): Wav {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b.toString('ascii', 0, 4) !== 'RIFF' || b.toString('ascii', 8, 12) !== 'WAVE')
    throw new Error('not a RIFF/WAVE file');
  let fmt: Omit<Wav, 'samples'> | undefined;
  let data: Buffer | undefined;
  for (let off = 12; off + 8 <= b.length;) {
    const id = b.toString('ascii', off, off + 4);
    const size = b.readUInt32LE(off + 4);
    const at = off + 8;
    if (id === 'fmt ') {
      fmt = {
        format: b.readUInt16LE(at),
        channels: b.readUInt16LE(at + 2),
        sampleRate: b.readUInt32LE(at + 4),
        bitsPerSample: b.readUInt16LE(at + 14),
      };
    }
    if (id === 'data') data = b.subarray(at, at + size);
    off = at + size + (size % 2);
  }
  if (!fmt || !data) throw new Error('WAV without fmt or data chunk');
  const samples = new Int16Array(data.length / 2);
  for (let i = 0; i < samples.length; i++) samples[i] = data.readInt16LE(i * 2);
  return { ...fmt, samples };
}

function rms(samples: Int16Array): number {
  let sum = 0;
  for (const s of samples) sum += s * s;
  return Math.sqrt(sum / Math.max(1, samples.length));
}

export function runTelephonyContract(name: string, makeHarness: () => Promise<TelephonyHarness>): void {
  // Every test here waits on real HTTP round trips; a loaded CI machine needs more than the default 5 s.
  describe(`Telephony contract: ${name}`, { timeout: 20_000 }, () => {
    let h: TelephonyHarness;
    let receiver: CallbackReceiver;
    let seq = 0;

    beforeAll(async () => {
      h = await makeHarness();
      receiver = await CallbackReceiver.start(h.telephony);
    });
    afterAll(async () => {
      await h?.close();
      await receiver?.close();
    });

    const place = async (scenario: Scenario, extra: Partial<PlaceCallInput> = {}) => {
      const callId = `call-${++seq}`;
      const { providerSid } = await h.telephony.placeCall({
        to: h.numbers[scenario],
        from: h.from,
        callId,
        answerUrl: receiver.url('answer'),
        statusCallbackUrl: receiver.url('status'),
        recordingCallbackUrl: receiver.url('recording'),
        record: false,
        amd: false,
        ringTimeoutSec: 30,
        ...extra,
      });
      return { providerSid, callId };
    };

    /** Answers a recorded call, lets `sec` seconds pass, hangs up; returns the recording callback. */
    const recordFor = async (sec: number) => {
      const { providerSid } = await place('human-stays', { record: true });
      await h.driveUntil(providerSid, 'in-progress');
      await receiver.recording(providerSid, 'in-progress');
      await h.talk(sec);
      await h.telephony.hangUp({ providerSid });
      return receiver.recording(providerSid, 'completed');
    };

    it('reports initiated → ringing → in-progress → completed, in order, each signed and naming our call', async () => {
      const { providerSid, callId } = await place('human-hangs-up-after-10s');
      await h.driveUntil(providerSid, 'completed');
      await receiver.status(providerSid, 'completed');

      const hooks = receiver.statusesOf(providerSid);
      expect(hooks.map((w) => w.params.CallStatus)).toEqual(['initiated', 'ringing', 'in-progress', 'completed']);
      expect(hooks.map((w) => w.valid)).toEqual([true, true, true, true]);
      const events = hooks.map((w) => parseStatusCallback(w.params, w.url));
      expect(events.map((e) => e.callId)).toEqual([callId, callId, callId, callId]);
      const sequence = events.map((e) => e.sequenceNumber ?? -1);
      expect(sequence).toEqual([...sequence].sort((a, b) => a - b));
      expect(new Set(sequence).size).toBe(4);
      expect(events[3]).toMatchObject({ providerSid, status: 'completed', durationSec: 10 });
      expect(outcomeOf('completed', events[3]?.answeredBy)).toBe('human');

      const answer = await receiver.waitFor((w) => w.kind === 'answer' && w.params.CallSid === providerSid);
      expect(answer.valid).toBe(true);
      expect(answer.params).toMatchObject({
        CallStatus: 'in-progress',
        To: h.numbers['human-hangs-up-after-10s'],
        From: h.from,
      });

      expect(await h.telephony.getCall({ providerSid })).toMatchObject({ status: 'completed', durationSec: 10 });
    });

    it('a busy line ends busy without being answered', async () => {
      const { providerSid } = await place('busy');
      await h.driveUntil(providerSid, 'busy');
      const last = parseStatusCallback((await receiver.status(providerSid, 'busy')).params);
      const statuses = receiver.statusesOf(providerSid).map((w) => w.params.CallStatus);
      expect(statuses[0]).toBe('initiated');
      expect(statuses.at(-1)).toBe('busy');
      expect(statuses).not.toContain('in-progress');
      expect(outcomeOf(last.status, last.answeredBy)).toBe('busy');
      expect((await h.telephony.getCall({ providerSid })).status).toBe('busy');
    });

    it('an unanswered call rings out as no-answer', async () => {
      const { providerSid } = await place('no-answer', { ringTimeoutSec: 20 });
      await h.driveUntil(providerSid, 'no-answer');
      await receiver.status(providerSid, 'no-answer');
      expect(receiver.statusesOf(providerSid).map((w) => w.params.CallStatus)).toEqual([
        'initiated',
        'ringing',
        'no-answer',
      ]);
      expect(receiver.statusesOf(providerSid).every((w) => w.valid)).toBe(true);
      expect(outcomeOf('no-answer')).toBe('no_answer');
      expect((await h.telephony.getCall({ providerSid })).status).toBe('no-answer');
    });

    it('hanging up an answered call ends it completed, with its duration; hanging up again is harmless', async () => {
      const { providerSid } = await place('human-stays');
      await h.driveUntil(providerSid, 'in-progress');
      await receiver.status(providerSid, 'in-progress');
      await h.talk(4);
      await h.telephony.hangUp({ providerSid });
      const done = parseStatusCallback((await receiver.status(providerSid, 'completed')).params);
      expect(done.durationSec).toBe(4);
      expect(await h.telephony.getCall({ providerSid })).toMatchObject({ status: 'completed', durationSec: 4 });
      await h.telephony.hangUp({ providerSid });
      expect((await h.telephony.getCall({ providerSid })).status).toBe('completed');
    });

    it('hanging up a ringing call cancels it', async () => {
      const { providerSid } = await place('human-stays');
      await h.driveUntil(providerSid, 'ringing');
      await receiver.status(providerSid, 'ringing');
      await h.telephony.hangUp({ providerSid });
      await receiver.status(providerSid, 'canceled');
      expect(receiver.statusesOf(providerSid).map((w) => w.params.CallStatus)).toEqual([
        'initiated',
        'ringing',
        'canceled',
      ]);
      expect((await h.telephony.getCall({ providerSid })).status).toBe('canceled');
    });

    it('asynchronous AMD reports a machine, signed, to the AMD URL', async () => {
      const { providerSid, callId } = await place('machine', { amd: true, amdCallbackUrl: receiver.url('amd') });
      await h.driveUntil(providerSid, 'in-progress');
      await h.talk(5);
      const hook = await receiver.waitFor((w) => w.kind === 'amd' && w.params.CallSid === providerSid);
      expect(hook.valid).toBe(true);
      expect(parseAmdCallback(hook.params, hook.url)).toMatchObject({ providerSid, callId, answeredBy: 'machine' });
      expect((await h.telephony.getCall({ providerSid })).answeredBy).toBe('machine');
      await h.telephony.hangUp({ providerSid });
      const done = parseStatusCallback((await receiver.status(providerSid, 'completed')).params);
      expect(outcomeOf(done.status, done.answeredBy)).toBe('machine');
    });

    it('a recorded call reports its recording; fetchRecording returns the provider WAV byte for byte', async () => {
      const hook = await recordFor(6);
      expect(hook.valid).toBe(true);
      const event = parseRecordingCallback(hook.params, hook.url);
      expect(event).toMatchObject({ status: 'completed', durationSec: 6 });

      const media = await h.telephony.fetchRecording({ recordingSid: event.recordingSid });
      expect(media.contentType).toMatch(/wav/);
      const bytes = await readBody(media);
      expect(bytes.subarray(0, 4).toString('ascii')).toBe('RIFF');
      expect(bytes.equals(Buffer.from(await h.providerRecordingBytes(event.recordingSid)))).toBe(true);
      if (media.sizeBytes !== undefined) expect(media.sizeBytes).toBe(bytes.length);
      const wav = parseWav(bytes);
      expect(wav).toMatchObject({ format: 1, channels: 1, sampleRate: 8000, bitsPerSample: 16 });
      expect(wav.samples.length).toBe(6 * 8000);
      expect(rms(wav.samples)).toBeGreaterThan(1000);
    });

    it('pausing mid-call leaves a span of silence in the recording', async () => {
      const { providerSid } = await place('human-stays', { record: true });
      await h.driveUntil(providerSid, 'in-progress');
      const { recordingSid } = parseRecordingCallback((await receiver.recording(providerSid, 'in-progress')).params);
      await h.talk(3);
      await h.telephony.setRecording({ providerSid, recordingSid, action: 'pause' });
      await h.talk(4);
      await h.telephony.setRecording({ providerSid, recordingSid, action: 'resume' });
      await h.talk(3);
      await h.telephony.hangUp({ providerSid });
      const event = parseRecordingCallback((await receiver.recording(providerSid, 'completed')).params);
      expect(event.durationSec).toBe(10);

      const { samples } = parseWav(await readBody(await h.telephony.fetchRecording({ recordingSid })));
      expect(samples.length).toBe(10 * 8000);
      const second = (s: number) => Math.round(s * 8000);
      expect(samples.subarray(second(3) + 8, second(7) - 8).every((s) => s === 0)).toBe(true);
      for (const [from, to] of [
        [0, 3],
        [7, 10],
      ] as const) {
        for (let s = from; s < to; s++) expect(rms(samples.subarray(second(s), second(s + 1)))).toBeGreaterThan(1000);
      }
    });

    it('stopping the recording cuts it there while the call goes on', async () => {
      const { providerSid } = await place('human-stays', { record: true });
      await h.driveUntil(providerSid, 'in-progress');
      await receiver.recording(providerSid, 'in-progress');
      await h.talk(3);
      await h.telephony.setRecording({ providerSid, action: 'stop' });
      const event = parseRecordingCallback((await receiver.recording(providerSid, 'completed')).params);
      expect(event.durationSec).toBe(3);
      expect((await h.telephony.getCall({ providerSid })).status).toBe('in-progress');
      await h.talk(4);
      await h.telephony.hangUp({ providerSid });
      expect(parseStatusCallback((await receiver.status(providerSid, 'completed')).params).durationSec).toBe(7);
      const { samples } = parseWav(
        await readBody(await h.telephony.fetchRecording({ recordingSid: event.recordingSid })),
      );
      expect(samples.length).toBe(3 * 8000);
    });

    it('recording controls: stop is idempotent, an ended or absent recording cannot be paused or resumed', async () => {
      const plain = await place('human-stays');
      await h.driveUntil(plain.providerSid, 'in-progress');
      await expect(h.telephony.setRecording({ providerSid: plain.providerSid, action: 'pause' })).rejects.toMatchObject(
        { code: 'invalid_state' },
      );
      await h.telephony.hangUp({ providerSid: plain.providerSid });

      const { providerSid } = await place('human-stays', { record: true });
      await h.driveUntil(providerSid, 'in-progress');
      const { recordingSid } = parseRecordingCallback((await receiver.recording(providerSid, 'in-progress')).params);
      await h.talk(2);
      await h.telephony.setRecording({ providerSid, recordingSid, action: 'stop' });
      await receiver.recording(providerSid, 'completed');
      await expect(h.telephony.setRecording({ providerSid, recordingSid, action: 'stop' })).resolves.toBeUndefined();
      await expect(h.telephony.setRecording({ providerSid, action: 'stop' })).resolves.toBeUndefined();
      await expect(h.telephony.setRecording({ providerSid, recordingSid, action: 'resume' })).rejects.toMatchObject({
        code: 'invalid_state',
      });
      await expect(h.telephony.setRecording({ providerSid, action: 'pause' })).rejects.toMatchObject({
        code: 'invalid_state',
      });
      await h.telephony.hangUp({ providerSid });
    });

    it('a deleted recording can no longer be fetched, and deleting it again is fine', async () => {
      const { recordingSid } = parseRecordingCallback((await recordFor(2)).params);
      await h.telephony.deleteRecording({ recordingSid });
      await expect(h.telephony.fetchRecording({ recordingSid })).rejects.toMatchObject({ code: 'not_found' });
      await expect(h.telephony.deleteRecording({ recordingSid })).resolves.toBeUndefined();
    });

    it('refuses a ring timeout under 15 seconds before anything is dialled', async () => {
      for (const ringTimeoutSec of [14, 0, 14.5]) {
        const attempt = place('human-stays', { ringTimeoutSec });
        await expect(attempt).rejects.toBeInstanceOf(AppError);
        await expect(attempt).rejects.toMatchObject({ code: 'invalid_input' });
      }
      const { providerSid } = await place('no-answer', { ringTimeoutSec: 15 });
      await h.telephony.hangUp({ providerSid });
    });

    it('verifyWebhook accepts a genuine callback and rejects forged, re-targeted and unsigned ones', async () => {
      const { providerSid } = await place('busy');
      await h.driveUntil(providerSid, 'busy');
      const genuine = await receiver.status(providerSid, 'busy');
      const input: WebhookToVerify = { url: genuine.url, params: genuine.params, signature: genuine.signature };
      const verify = (w: WebhookToVerify) => h.telephony.verifyWebhook(w);

      expect(verify(input)).toBe(true);
      const sig = input.signature ?? '';
      const flipped = (sig[0] === 'A' ? 'B' : 'A') + sig.slice(1);
      expect(verify({ ...input, signature: flipped })).toBe(false);
      expect(verify({ ...input, signature: signSignalWireRequest('not-the-key', input.url, input.params) })).toBe(
        false,
      );
      expect(verify({ ...input, params: { ...input.params, CallStatus: 'completed' } })).toBe(false);
      const otherUrl = input.url.replace('/status', '/recording');
      expect(verify({ ...input, url: otherUrl })).toBe(false);
      expect(verify({ ...input, signature: signSignalWireRequest(h.signingKey, otherUrl, input.params) })).toBe(false);
      expect(verify({ ...input, signature: undefined })).toBe(false);
      expect(verify({ ...input, signature: '' })).toBe(false);

      // Providers sign either form of a default port; a different port is a different URL.
      const params = { CallSid: providerSid, CallStatus: 'busy' };
      const signedWithPort = signSignalWireRequest(
        h.signingKey,
        'https://dialer.example.com:443/webhooks/status?callId=x',
        params,
      );
      expect(
        verify({ url: 'https://dialer.example.com/webhooks/status?callId=x', params, signature: signedWithPort }),
      ).toBe(true);
      const signedWithout = signSignalWireRequest(
        h.signingKey,
        'https://dialer.example.com/webhooks/status?callId=x',
        params,
      );
      expect(
        verify({ url: 'https://dialer.example.com:443/webhooks/status?callId=x', params, signature: signedWithout }),
      ).toBe(true);
      expect(
        verify({ url: 'https://dialer.example.com:8443/webhooks/status?callId=x', params, signature: signedWithout }),
      ).toBe(false);
    });

    it('unknown calls and recordings are not_found', async () => {
      await expect(h.telephony.getCall({ providerSid: 'CA00000000000000000000000000000000' })).rejects.toMatchObject({
        code: 'not_found',
      });
      await expect(h.telephony.hangUp({ providerSid: 'CA00000000000000000000000000000000' })).rejects.toMatchObject({
        code: 'not_found',
      });
      await expect(
        h.telephony.fetchRecording({ recordingSid: 'RE00000000000000000000000000000000' }),
      ).rejects.toMatchObject({ code: 'not_found' });
    });

    it('lists the account numbers', async () => {
      expect(await h.telephony.listNumbers()).toEqual(h.expectedNumbers);
    });

    it('mints a distinct short-lived agent token per request', async () => {
      const a = await h.telephony.mintAgentToken({ agentSessionId: 'session-1', ttlSec: 600 });
      const b = await h.telephony.mintAgentToken({ agentSessionId: 'session-1', ttlSec: 600 });
      expect(a.kind).toBe(h.tokenKind);
      expect(a.token.length).toBeGreaterThan(20);
      expect(a.token).not.toBe(b.token);
      expect(a.expiresAt.getTime()).toBe(h.now().getTime() + 600_000);
      await expect(h.telephony.mintAgentToken({ agentSessionId: 'session-1', ttlSec: 0 })).rejects.toMatchObject({
        code: 'invalid_input',
      });
    });

    it('serves the safe-harbor document: the message read aloud, escaped, then a hang-up', () => {
      expect(h.telephony.safeHarborCxml({ message: 'This is A&B <Roofs>. Call 4 1 5.' })).toBe(
        '<?xml version="1.0" encoding="UTF-8"?><Response><Say>This is A&amp;B &lt;Roofs&gt;. Call 4 1 5.</Say>' +
          '<Hangup/></Response>',
      );
    });

    it('serves conference cXML that bridges the lead into the agent conference, escaped', () => {
      // The lead leaving must not end the conference: the agent's own line stays in it for the next lead.
      expect(h.telephony.conferenceCxml({ conferenceName: 'agent-1&<2>' })).toContain(
        '<Response><Dial><Conference beep="false" endConferenceOnExit="false">agent-1&amp;&lt;2&gt;</Conference></Dial></Response>',
      );
      // The agent's line opens the conference, waits in silence, and ends it when the agent hangs up.
      expect(h.telephony.conferenceCxml({ conferenceName: 'agent-1', leg: 'agent' })).toContain(
        '<Conference beep="false" startConferenceOnEnter="true" endConferenceOnExit="true" waitUrl="">agent-1</Conference>',
      );
      expect(h.telephony.conferenceCxml({ conferenceName: 'agent-1', record: true })).toContain(
        'record="record-from-start"',
      );
      // The browser leg's conference reports participants joining and leaving (its CallSid comes from there).
      expect(
        h.telephony.conferenceCxml({
          conferenceName: 'agent-1',
          leg: 'agent',
          participantCallbackUrl: 'https://app.example/webhooks/signalwire/agent-browser/participant?callId=a&b',
        }),
      ).toContain(
        'statusCallback="https://app.example/webhooks/signalwire/agent-browser/participant?callId=a&amp;b" statusCallbackEvent="join leave" statusCallbackMethod="POST">agent-1</Conference>',
      );
    });

    it('creates the agent cXML resource once and finds it again, answering the address browsers dial', async () => {
      const input = {
        name: 'dialerseat-agent',
        requestUrl: 'https://app.example/webhooks/signalwire/agent-browser/answer',
      };
      const first = await h.telephony.ensureAgentResource(input);
      expect(first).toEqual({ address: '/public/dialerseat-agent' });
      expect(await h.telephony.ensureAgentResource(input)).toEqual(first);
    });
  });
}
