/**
 * The embedded carrier: DialerSeat's telephony when no SignalWire credentials are configured. Each call rings,
 * then is answered (by a person or a machine), is busy, rings out, or fails — forced by a test number or drawn
 * from the profile with a seeded PRNG. Test numbers (full table in ./plan.ts): +1 NPA 555-0100 person stays on,
 * 0101 answering machine, 0102 busy, 0103 no answer, 0104 failed, 0105 person hangs up after 30 s,
 * 0110–0199 person hangs up after XX s. It calls our webhooks over real HTTP with SignalWire's
 * form fields and signature, so the product runs the same code path as in production; it records playable WAV
 * files whose paused spans are silence. Time runs on a pluggable scheduler, optionally sped up (`speed: 60` makes
 * a 60-second call take one second).
 */
import { createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../../core/errors';
import { advancesStatus, isFinal, type AnsweredBy, type CallStatus } from '../../core/telephony/call-status';
import { withCallId } from '../../core/telephony/callbacks';
import {
  assertValidPlaceCall,
  type AgentToken,
  type CallSnapshot,
  type InboundCallSimulator,
  type InboundRoute,
  type PlaceCallInput,
  type ProviderNumber,
  type RecordingAction,
  type SimulatedInboundCall,
  type RecordingMedia,
  type Telephony,
  type WebhookToVerify,
} from '../../ports/telephony';
import {
  conferenceCxml,
  inboundMenuCxml,
  safeHarborCxml,
  sayAndHangUpCxml,
  voicemailDropCxml,
} from '../signalwire/cxml';
import { signSignalWireRequest, verifySignalWireRequest } from '../signalwire/signature';
import { defaultSimulatorProfile, planCall, type CallPlan, type SimulatorProfile } from './plan';
import { assertValidPopulation, type Population } from './population';

export { SIMULATOR_TEST_NUMBERS, testNumberPlan } from './plan';
import { seededRandom } from './random';
import { realtimeScheduler, type SimulatorScheduler } from './scheduler';
import { renderWav, wavByteLength, type AudioSpan } from './wav';

export type SimulatorOptions = {
  /** Signs every webhook exactly as SignalWire would; verifyWebhook checks against it. */
  signingKey: string;
  /** Caller IDs this "account" owns; placeCall refuses any other `from`, as a carrier does. */
  numbers?: ProviderNumber[];
  /** Same seed + same sequence of calls = same outcomes. Random when omitted (see `seed`). */
  seed?: number;
  /** Simulated seconds per real second. */
  speed?: number;
  scheduler?: SimulatorScheduler;
  /** Keep recordings as files here; in memory (rendered on demand) when omitted. */
  recordingsDir?: string;
  profile?: Partial<SimulatorProfile>;
  /**
   * Ordinary numbers answer as this population (./population.ts) instead of by the profile's weights: log-normal
   * ring and talk times, machines that beep after their greeting, people who hang up on silence.
   */
  population?: Population;
  accountSid?: string;
  /** A webhook the simulator could not deliver (callbacks are best-effort, as with a real carrier). */
  onCallbackError?: (failure: { url: string; reason: string }) => void;
  requestTimeoutMs?: number;
  /**
   * Several instances on one database, each with its own simulator: a call lives in the memory of the instance
   * that placed it. With `peer`, each call's sid names that instance (`selfUrl`), and hanging up, reading or
   * recording a call another instance placed is sent to it (`POST {owner}/webhooks/simulator/peer`, signed with
   * `key`, which every instance shares), as every instance of a real carrier's API reaches every call.
   */
  peer?: { selfUrl: string; key: string };
  /** Where calls into our numbers go (as `routeInboundCalls` sets it); inbound calls are refused until one is set. */
  inbound?: InboundRoute;
};

/** Simulated seconds an inbound caller listens to a menu before pressing a key, and then waits for one. */
const INBOUND_PROMPT_SEC = 6;
const INBOUND_GATHER_TIMEOUT_SEC = 8;
const E164 = /^\+[1-9]\d{6,14}$/;
/** Simulated seconds a machine's greeting lasts before its beep, when AMD waits for the beep (decision 0029). */
export const MACHINE_GREETING_SEC = 12;

/**
 * What a simulated callee heard or did besides talking, in order (tests read it with `callEvents`): a machine's
 * greeting ending with its beep, a recording played to the call (with the bytes the carrier fetched), words read.
 */
export type SimulatedCallEvent =
  | { kind: 'beep'; atSimMs: number }
  | { kind: 'play'; atSimMs: number; url: string; status: number; contentType: string | null; bytes: number }
  | { kind: 'say'; atSimMs: number; text: string };

/** Where another instance's simulator is asked to act on a call it placed (see `SimulatorOptions.peer`). */
export const SIMULATOR_PEER_PATH = '/webhooks/simulator/peer';
export const SIMULATOR_PEER_HEADER = 'x-simulator-peer';

type PeerOp =
  | { op: 'hangUp'; providerSid: string }
  | { op: 'redirectCall'; providerSid: string; url: string }
  | { op: 'getCall'; providerSid: string }
  | { op: 'setRecording'; providerSid: string; recordingSid?: string; action: RecordingAction };

/** The numbers a simulator built without a list owns (tests); the app passes config's `defaultSimulatorCallerIds`. */
export const builtInSimulatorNumbers: ProviderNumber[] = [
  { e164: '+12025550123', friendlyName: 'Simulator line 1' },
  { e164: '+12025550124', friendlyName: 'Simulator line 2' },
];

/** Ended calls stay readable (getCall, for reconciliation) up to this many, oldest dropped first. */
const ENDED_CALLS_KEPT = 10_000;

/** Recording URLs in callbacks point nowhere on purpose: audio is read through fetchRecording only. */
const MEDIA_ORIGIN = 'https://media.simulator.invalid';

type Recording = {
  sid: string;
  callSid: string;
  state: 'in-progress' | 'paused' | 'completed' | 'absent';
  spans: AudioSpan[];
  openKind: AudioSpan['kind'];
  /** Simulated ms (see #now) when the current span began. */
  openSince: number;
  startedAt: Date;
  seed: number;
  durationSec: number;
  /** Settles once the file is on disk (directory mode). */
  stored: Promise<void>;
};

type Call = {
  sid: string;
  /** Inbound: a caller rang one of our numbers; `input` then holds our inbound route and no call id of ours. */
  direction: 'outbound' | 'inbound';
  input: PlaceCallInput;
  plan: CallPlan;
  status: CallStatus;
  sequence: number;
  /** Simulated ms (see #now). */
  answeredAt?: number;
  durationSec?: number;
  amdVerdict?: AnsweredBy;
  /** Our answer document says or plays something to the callee, or puts them in a conference. */
  spokenTo?: boolean;
  timers: (() => void)[];
  recording?: Recording;
  /** Webhooks of one call go out one after another, in the order things happened. */
  deliveries: Promise<void>;
  events?: SimulatedCallEvent[];
};

export class SimulatorTelephony implements Telephony, InboundCallSimulator {
  /** The seed in use, so a run can be logged and replayed. */
  readonly seed: number;
  readonly #signingKey: string;
  readonly #numbers: ProviderNumber[];
  readonly #speed: number;
  readonly #scheduler: SimulatorScheduler;
  readonly #recordingsDir: string | undefined;
  readonly #profile: SimulatorProfile;
  readonly #population: Population | undefined;
  readonly #accountSid: string;
  readonly #onCallbackError: (failure: { url: string; reason: string }) => void;
  readonly #timeoutMs: number;
  readonly #random: () => number;
  readonly #calls = new Map<string, Call>();
  readonly #ended: string[] = [];
  readonly #recordings = new Map<string, Recording>();
  readonly #inflight = new Set<Promise<void>>();
  readonly #epoch: number;
  readonly #peer: { selfUrl: string; key: string } | undefined;
  #lastSimMs = 0;
  #eventSimMs: number | undefined;
  #inbound: InboundRoute | undefined;

  constructor(options: SimulatorOptions) {
    this.seed = options.seed ?? randomInt(2 ** 31);
    this.#signingKey = options.signingKey;
    this.#numbers = (options.numbers ?? builtInSimulatorNumbers).map((n) => ({ ...n }));
    this.#speed = options.speed ?? 1;
    if (!(this.#speed > 0) || !Number.isFinite(this.#speed))
      throw new AppError('invalid_input', 'Simulator speed must be a positive number');
    this.#scheduler = options.scheduler ?? realtimeScheduler();
    this.#recordingsDir = options.recordingsDir;
    this.#profile = { ...defaultSimulatorProfile, ...options.profile };
    const weights = Object.values(this.#profile.weights);
    if (weights.some((w) => !(w >= 0)) || weights.reduce((a, b) => a + b, 0) <= 0) {
      throw new AppError('invalid_input', 'Simulator outcome weights must be non-negative and not all zero');
    }
    if (options.population) {
      try {
        assertValidPopulation(options.population);
      } catch (e) {
        throw new AppError('invalid_input', `Simulator ${(e as Error).message}`);
      }
    }
    this.#population = options.population;
    this.#accountSid = options.accountSid ?? 'simulator';
    this.#onCallbackError =
      options.onCallbackError ??
      ((f) => console.warn(`telephony simulator: webhook ${f.url} not delivered: ${f.reason}`));
    this.#timeoutMs = options.requestTimeoutMs ?? 10_000;
    this.#random = seededRandom(this.seed);
    this.#epoch = this.#scheduler.elapsedMs();
    this.#peer = options.peer
      ? { selfUrl: options.peer.selfUrl.replace(/\/+$/, ''), key: options.peer.key }
      : undefined;
    this.#inbound = options.inbound;
  }

  async placeCall(input: PlaceCallInput): Promise<{ providerSid: string }> {
    assertValidPlaceCall(input);
    if (!this.#numbers.some((n) => n.e164 === input.from)) {
      throw new AppError('invalid_input', `${input.from} is not a number of this account`, {
        fields: { from: 'not owned' },
      });
    }
    const plan = planCall(input.to, this.#random, this.#profile, this.#population);
    const callSid = this.#peer ? `${sid('CA')}.${Buffer.from(this.#peer.selfUrl).toString('base64url')}` : sid('CA');
    const call: Call = {
      sid: callSid,
      direction: 'outbound',
      input,
      plan,
      status: 'queued',
      sequence: 0,
      timers: [],
      deliveries: Promise.resolve(),
    };
    this.#calls.set(call.sid, call);

    const { ringingAfterSec } = this.#profile;
    this.#after(call, 0, () => this.#progress(call, 'initiated'));
    switch (plan.kind) {
      case 'busy':
        this.#after(call, plan.afterSec, () => this.#end(call, 'busy'));
        break;
      case 'failed':
        this.#after(call, plan.afterSec, () => this.#end(call, 'failed'));
        break;
      case 'no-answer':
        this.#after(call, ringingAfterSec, () => this.#progress(call, 'ringing'));
        this.#after(call, input.ringTimeoutSec, () => this.#end(call, 'no-answer'));
        break;
      case 'answer':
        this.#after(call, Math.min(ringingAfterSec, plan.answerAfterSec), () => this.#progress(call, 'ringing'));
        if (plan.answerAfterSec < input.ringTimeoutSec)
          this.#after(call, plan.answerAfterSec, () => this.#answer(call, plan));
        else this.#after(call, input.ringTimeoutSec, () => this.#end(call, 'no-answer'));
        break;
    }
    return { providerSid: call.sid };
  }

  async hangUp({ providerSid }: { providerSid: string }): Promise<void> {
    const owner = this.#remoteOwner(providerSid);
    if (owner) return void (await this.#forward(owner, { op: 'hangUp', providerSid }));
    const call = this.#call(providerSid);
    if (isFinal(call.status)) return;
    this.#end(call, call.status === 'in-progress' ? 'completed' : 'canceled');
  }

  /**
   * As the carrier does on `Url`: the call leaves its conference, our document is fetched (signed) and followed —
   * a `<Play>` fetches the recording from its URL (as the carrier would, with no signature) and plays it, a `<Say>`
   * reads its words — and then the call ends.
   */
  async redirectCall({ providerSid, url }: { providerSid: string; url: string }): Promise<void> {
    const owner = this.#remoteOwner(providerSid);
    if (owner) return void (await this.#forward(owner, { op: 'redirectCall', providerSid, url }));
    const call = this.#call(providerSid);
    if (isFinal(call.status)) return;
    this.#deliver(call, async () => {
      if (isFinal(call.status)) return;
      const doc = await this.#fetchDocument(call, url, {});
      if (doc === null) return;
      await this.#playDocument(call, doc);
    });
  }

  /** Follows a drop document: plays or reads it, then (with `<Hangup/>`) ends the call once it is over. */
  async #playDocument(call: Call, doc: string): Promise<void> {
    const events = (call.events ??= []);
    let seconds = 1;
    const play = /<Play[^>]*>([^<]*)<\/Play>/.exec(doc);
    const said = /<Say[^>]*>([^<]*)<\/Say>/.exec(doc);
    if (play) {
      const mediaUrl = unescapeXml(play[1] ?? '');
      const res = await fetch(mediaUrl, { signal: AbortSignal.timeout(this.#timeoutMs) }).catch(() => null);
      const bytes = res?.ok ? (await res.arrayBuffer()).byteLength : 0;
      if (res && !res.ok) await res.arrayBuffer();
      events.push({
        kind: 'play',
        atSimMs: this.#now(),
        url: mediaUrl,
        status: res?.status ?? 0,
        contentType: res?.headers.get('content-type') ?? null,
        bytes,
      });
      // 8 kHz 16-bit mono is 16 kB a second; anything else is about as long.
      seconds = Math.max(1, Math.round(bytes / 16_000));
    } else if (said) {
      const text = unescapeXml(said[1] ?? '');
      events.push({ kind: 'say', atSimMs: this.#now(), text });
      seconds = Math.max(1, Math.ceil(text.split(/\s+/).filter(Boolean).length / 2.5));
    }
    if (/<Hangup\s*\/>/.test(doc)) this.#after(call, seconds, () => this.#end(call, 'completed'));
  }

  /** What the callee of `providerSid` heard besides talking (see `SimulatedCallEvent`). */
  callEvents(providerSid: string): SimulatedCallEvent[] {
    return [...(this.#calls.get(providerSid)?.events ?? [])];
  }

  async setRecording({
    providerSid,
    recordingSid,
    action,
  }: {
    providerSid: string;
    recordingSid?: string;
    action: RecordingAction;
  }): Promise<void> {
    const owner = this.#remoteOwner(providerSid);
    if (owner)
      return void (await this.#forward(owner, {
        op: 'setRecording',
        providerSid,
        action,
        ...(recordingSid !== undefined ? { recordingSid } : {}),
      }));
    const call = this.#call(providerSid);
    const rec = call.recording;
    if (!rec || (recordingSid !== undefined && rec.sid !== recordingSid)) {
      if (recordingSid !== undefined) throw new AppError('not_found', 'The call has no such recording');
      throw new AppError('invalid_state', 'The call has no recording');
    }
    if (rec.state === 'completed' || rec.state === 'absent') {
      if (action === 'stop') return;
      throw new AppError('invalid_state', 'The recording has already ended');
    }
    if (action === 'stop') return this.#finishRecording(call, rec);
    const [from, to, kind] =
      action === 'pause'
        ? (['in-progress', 'paused', 'silence'] as const)
        : (['paused', 'in-progress', 'voice'] as const);
    if (rec.state !== from) return;
    this.#closeSpan(rec);
    rec.openKind = kind;
    rec.state = to;
  }

  async getCall({ providerSid }: { providerSid: string }): Promise<CallSnapshot> {
    const owner = this.#remoteOwner(providerSid);
    if (owner) return (await this.#forward(owner, { op: 'getCall', providerSid })) as CallSnapshot;
    const call = this.#call(providerSid);
    const snapshot: CallSnapshot = { status: call.status };
    if (call.durationSec !== undefined) snapshot.durationSec = call.durationSec;
    if (call.amdVerdict) snapshot.answeredBy = call.amdVerdict;
    return snapshot;
  }

  async fetchRecording({ recordingSid }: { recordingSid: string }): Promise<RecordingMedia> {
    const rec = this.#recordings.get(recordingSid);
    if (!rec || rec.state === 'absent') throw new AppError('not_found', 'No such recording');
    if (rec.state !== 'completed') throw new AppError('invalid_state', 'The recording is still in progress');
    await rec.stored;
    if (this.#recordingsDir !== undefined) {
      const path = this.#path(rec);
      const { size } = await stat(path).catch(() => {
        throw new AppError('not_found', 'No such recording');
      });
      return { contentType: 'audio/wav', body: createReadStream(path), sizeBytes: size };
    }
    const { spans, seed } = rec;
    return {
      contentType: 'audio/wav',
      body: (async function* () {
        yield* renderWav(spans, seed);
      })(),
      sizeBytes: wavByteLength(spans),
    };
  }

  async deleteRecording({ recordingSid }: { recordingSid: string }): Promise<void> {
    const rec = this.#recordings.get(recordingSid);
    if (!rec) return;
    if (rec.state === 'in-progress' || rec.state === 'paused')
      throw new AppError('invalid_state', 'Stop the recording before deleting it');
    this.#recordings.delete(recordingSid);
    if (this.#recordingsDir !== undefined) {
      await rec.stored;
      await rm(this.#path(rec), { force: true });
    }
  }

  async listNumbers(): Promise<ProviderNumber[]> {
    return this.#numbers.map((n) => ({ ...n }));
  }

  async routeInboundCalls(route: InboundRoute): Promise<{ numbers: number }> {
    this.#inbound = { ...route };
    return { numbers: this.#numbers.length };
  }

  /**
   * Someone calls one of our numbers. As SignalWire does, the voice URL is fetched (signed) and its document
   * followed: a `<Conference>` connects the caller (who hangs up after `hangUpAfterSec`), a `<Gather>` plays its
   * prompt and then posts `pressKey` to its action (or, with no key, waits and hangs up), anything else ends the
   * call. Only the final status is reported, to the route's status callback, as a number's callback does.
   */
  async placeInboundCall(input: SimulatedInboundCall): Promise<{ providerSid: string }> {
    const route = this.#inbound;
    if (!route) throw new AppError('invalid_state', 'Inbound calls are not routed yet: sync the caller IDs first');
    const fields: Record<string, string> = {};
    if (!E164.test(input.from)) fields.from = 'not an E.164 number';
    if (!this.#numbers.some((n) => n.e164 === input.to)) fields.to = 'not a number of this account';
    if (input.pressKey != null && !/^[0-9*#]$/.test(input.pressKey)) fields.pressKey = 'one key: 0-9, * or #';
    const bad = Object.keys(fields);
    if (bad.length > 0)
      throw new AppError('invalid_input', `Cannot place the inbound call: ${bad.join(', ')} invalid`, { fields });
    const call: Call = {
      sid: this.#peer ? `${sid('CA')}.${Buffer.from(this.#peer.selfUrl).toString('base64url')}` : sid('CA'),
      direction: 'inbound',
      // Our number is the callee here: `from`/`to` keep the carrier's sense (the caller, the number they rang).
      input: {
        from: input.from,
        to: input.to,
        callId: '',
        answerUrl: route.voiceUrl,
        statusCallbackUrl: route.statusCallbackUrl,
        record: false,
        amd: false,
        ringTimeoutSec: 15,
      },
      plan: { kind: 'answer', answerAfterSec: 0, answeredBy: 'human', hangUpAfterSec: input.hangUpAfterSec ?? 60 },
      status: 'ringing',
      sequence: 0,
      timers: [],
      deliveries: Promise.resolve(),
    };
    this.#calls.set(call.sid, call);
    const hangUpAfterSec = input.hangUpAfterSec ?? 60;
    this.#deliver(call, async () => {
      const doc = await this.#fetchDocument(call, route.voiceUrl, {});
      if (doc === null) return;
      call.status = 'in-progress';
      call.answeredAt = this.#now();
      this.#follow(call, doc, input.pressKey ?? null, hangUpAfterSec);
    });
    return { providerSid: call.sid };
  }

  /** Posts to one of our cXML URLs for an inbound call; null (and the call ended failed) when that fails. */
  async #fetchDocument(call: Call, url: string, extra: Record<string, string>): Promise<string | null> {
    const res = await this.#postForDocument(url, { ...this.#callParams(call), ...extra }).catch((e: unknown) =>
      String(e),
    );
    if (typeof res === 'string' || !res.ok) {
      this.#onCallbackError({ url, reason: typeof res === 'string' ? res : `HTTP ${res.status}` });
      this.#end(call, call.status === 'in-progress' ? 'completed' : 'failed');
      return null;
    }
    return res.text;
  }

  #follow(call: Call, doc: string, pressKey: string | null, hangUpAfterSec: number): void {
    if (/<Conference[\s>]/.test(doc)) {
      this.#after(call, hangUpAfterSec, () => this.#end(call, 'completed'));
      return;
    }
    const gather = /<Gather\b[^>]*\baction="([^"]+)"/.exec(doc);
    if (gather) {
      const action = gather[1]!.replace(/&amp;/g, '&');
      if (pressKey === null) {
        this.#after(call, INBOUND_PROMPT_SEC + INBOUND_GATHER_TIMEOUT_SEC, () => this.#end(call, 'completed'));
        return;
      }
      this.#after(call, INBOUND_PROMPT_SEC, () =>
        this.#deliver(call, async () => {
          if (isFinal(call.status)) return;
          const next = await this.#fetchDocument(call, action, { Digits: pressKey });
          if (next !== null) this.#follow(call, next, null, hangUpAfterSec);
        }),
      );
      return;
    }
    // <Say> then <Hangup/>, or anything else: the caller hears it and the call ends.
    this.#after(call, 2, () => this.#end(call, 'completed'));
  }

  async mintAgentToken({ ttlSec }: { agentSessionId: string; ttlSec: number }): Promise<AgentToken> {
    if (!Number.isInteger(ttlSec) || ttlSec <= 0)
      throw new AppError('invalid_input', 'Token lifetime must be a positive whole number of seconds');
    return {
      token: randomBytes(32).toString('base64url'),
      expiresAt: new Date(this.#scheduler.now().getTime() + ttlSec * 1000),
      kind: 'simulator',
    };
  }

  /** No Call Fabric here: the address is what SignalWire would give a resource of that name. */
  async ensureAgentResource({ name }: { name: string; requestUrl: string }): Promise<{ address: string }> {
    return { address: `/public/${name}` };
  }

  conferenceCxml(input: Parameters<Telephony['conferenceCxml']>[0]): string {
    return conferenceCxml(input);
  }

  safeHarborCxml(input: Parameters<Telephony['safeHarborCxml']>[0]): string {
    return safeHarborCxml(input);
  }

  inboundMenuCxml(input: Parameters<Telephony['inboundMenuCxml']>[0]): string {
    return inboundMenuCxml(input);
  }

  sayAndHangUpCxml(text: string): string {
    return sayAndHangUpCxml(text);
  }

  voicemailDropCxml(input: Parameters<Telephony['voicemailDropCxml']>[0]): string {
    return voicemailDropCxml(input);
  }

  verifyWebhook(input: WebhookToVerify): boolean {
    return verifySignalWireRequest(this.#signingKey, input);
  }

  /** Resolves once every webhook queued so far (and any they caused) has been delivered or given up. */
  async idle(): Promise<void> {
    while (this.#inflight.size > 0) await Promise.all([...this.#inflight]);
  }

  /** Stops every pending timer and waits for webhooks in flight; live calls simply stop progressing. */
  async close(): Promise<void> {
    for (const call of this.#calls.values()) call.timers.splice(0).forEach((cancel) => cancel());
    await this.idle();
  }

  /**
   * Serves another instance's request about a call this one placed (the route at SIMULATOR_PEER_PATH). Never
   * forwards again: a call this instance does not hold (it restarted since) is `not_found`, as at a carrier that
   * lost it.
   */
  async handlePeerRequest(input: {
    body: string;
    signature: string | undefined;
  }): Promise<{ status: number; json: unknown }> {
    if (!this.#peer || !input.signature || !safeEqual(input.signature, peerSignature(this.#peer.key, input.body))) {
      return { status: 403, json: { ok: false, code: 'forbidden', message: 'Bad simulator peer signature' } };
    }
    let req: PeerOp;
    try {
      req = JSON.parse(input.body) as PeerOp;
    } catch {
      return { status: 400, json: { ok: false, code: 'invalid_input', message: 'Not JSON' } };
    }
    try {
      const call = this.#call(req.providerSid);
      if (req.op === 'getCall')
        return { status: 200, json: { ok: true, result: await this.getCall({ providerSid: call.sid }) } };
      if (req.op === 'hangUp') await this.hangUp({ providerSid: call.sid });
      else if (req.op === 'redirectCall') await this.redirectCall({ providerSid: call.sid, url: req.url });
      else if (req.op === 'setRecording')
        await this.setRecording({
          providerSid: call.sid,
          action: req.action,
          ...(req.recordingSid !== undefined ? { recordingSid: req.recordingSid } : {}),
        });
      else return { status: 400, json: { ok: false, code: 'invalid_input', message: 'Unknown operation' } };
      return { status: 200, json: { ok: true, result: null } };
    } catch (err) {
      if (err instanceof AppError) return { status: 200, json: { ok: false, code: err.code, message: err.message } };
      throw err;
    }
  }

  /** The instance that placed a call this one does not hold, when that is another instance. */
  #remoteOwner(providerSid: string): string | null {
    if (!this.#peer || this.#calls.has(providerSid)) return null;
    const dot = providerSid.indexOf('.');
    if (dot < 0) return null;
    const owner = Buffer.from(providerSid.slice(dot + 1), 'base64url').toString('utf8');
    return /^https?:\/\//.test(owner) && owner !== this.#peer.selfUrl ? owner : null;
  }

  async #forward(owner: string, req: PeerOp): Promise<unknown> {
    const body = JSON.stringify(req);
    let res: Response;
    try {
      res = await fetch(`${owner}${SIMULATOR_PEER_PATH}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [SIMULATOR_PEER_HEADER]: peerSignature(this.#peer!.key, body) },
        body,
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
    } catch (err) {
      throw new AppError(
        'provider_unavailable',
        `The simulator instance that placed this call (${owner}) cannot be reached: ${String(err)}`,
      );
    }
    const json = (await res.json().catch(() => null)) as {
      ok: boolean;
      result?: unknown;
      code?: string;
      message?: string;
    } | null;
    if (res.status !== 200 || json === null)
      throw new AppError('provider_unavailable', `The simulator instance ${owner} answered ${res.status}`);
    if (!json.ok) {
      const code =
        json.code === 'not_found' || json.code === 'invalid_state' || json.code === 'invalid_input'
          ? json.code
          : 'provider_unavailable';
      throw new AppError(code, json.message ?? 'Simulator peer refused');
    }
    return json.result;
  }

  #call(providerSid: string): Call {
    const call = this.#calls.get(providerSid);
    if (!call) throw new AppError('not_found', 'No such call');
    return call;
  }

  /**
   * Simulated milliseconds since the simulator started. Inside a scheduled event it is the event's planned time,
   * so a timer that fires late (real timers do) never stretches a planned duration; it never runs backwards.
   */
  #now(): number {
    if (this.#eventSimMs !== undefined) return this.#eventSimMs;
    const fromClock = (this.#scheduler.elapsedMs() - this.#epoch) * this.#speed;
    this.#lastSimMs = Math.max(this.#lastSimMs, fromClock);
    return this.#lastSimMs;
  }

  #after(call: Call, simSec: number, task: () => void): void {
    const at = this.#now() + simSec * 1000;
    const run = () => {
      this.#lastSimMs = Math.max(this.#lastSimMs, at);
      this.#eventSimMs = this.#lastSimMs;
      try {
        task();
      } finally {
        this.#eventSimMs = undefined;
      }
    };
    call.timers.push(this.#scheduler.setTimer((simSec * 1000) / this.#speed, run));
  }

  #progress(call: Call, status: CallStatus): void {
    if (!advancesStatus(call.status, status)) return;
    call.status = status;
    this.#sendStatus(call);
  }

  #answer(call: Call, plan: Extract<CallPlan, { kind: 'answer' }>): void {
    if (!advancesStatus(call.status, 'in-progress')) return;
    call.status = 'in-progress';
    call.answeredAt = this.#now();
    const { input } = call;
    // As SignalWire does: fetch the answer document, then report the answer.
    const answerUrl = withCallId(input.answerUrl, input.callId);
    const answerParams = this.#callParams(call);
    this.#deliver(call, async () => {
      const res = await this.#postForDocument(answerUrl, answerParams).catch((e: unknown) => String(e));
      if (typeof res === 'string' || !res.ok) {
        // A carrier plays an application error and hangs up when our answer URL fails.
        this.#onCallbackError({ url: answerUrl, reason: typeof res === 'string' ? res : `HTTP ${res.status}` });
        this.#end(call, 'completed');
      } else this.#followAnswerDocument(call, res.text);
    });
    this.#sendStatus(call);
    if (input.record) this.#startRecording(call);
    if (input.amd) {
      // Waiting for the beep, a machine's verdict comes when its greeting ends, as SignalWire's DetectMessageEnd does.
      const atBeep = input.amdWaitForBeep === true && plan.answeredBy === 'machine';
      const decideAfterSec = atBeep ? MACHINE_GREETING_SEC : this.#profile.amdDecisionSec[plan.answeredBy];
      this.#after(call, decideAfterSec, () => {
        if (call.status !== 'in-progress') return;
        call.amdVerdict = plan.answeredBy;
        if (atBeep) (call.events ??= []).push({ kind: 'beep', atSimMs: this.#now() });
        if (input.amdCallbackUrl === undefined) return;
        this.#send(call, withCallId(input.amdCallbackUrl, input.callId), {
          AccountSid: this.#accountSid,
          CallSid: call.sid,
          AnsweredBy: atBeep ? 'machine_end_beep' : plan.answeredBy,
          MachineDetectionDuration: String(Math.round(this.#now() - (call.answeredAt ?? 0))),
        });
      });
    }
    this.#after(call, plan.hangUpAfterSec ?? this.#profile.maxCallSec, () => this.#end(call, 'completed'));
    // A person who hears nothing (no agent, no message) within their patience hangs up.
    if (plan.hangUpIfSilentSec !== undefined)
      this.#after(call, plan.hangUpIfSilentSec, () => {
        if (!call.spokenTo) this.#end(call, 'completed');
      });
  }

  /**
   * Acts on the answer document as far as the simulated callee can tell: a message read aloud and then a hang-up
   * (the safe-harbor document) ends the call once the words are spoken, at about 150 words a minute. A conference
   * is a conversation and goes on as planned.
   */
  #followAnswerDocument(call: Call, document: string): void {
    if (/<(Conference|Say|Play|Gather|Dial)[\s>]/.test(document)) call.spokenTo = true;
    const said = /<Say[^>]*>([^<]*)<\/Say>/.exec(document);
    // The words read on answer (the safe-harbor message) are kept for tests, like a drop's.
    if (said) (call.events ??= []).push({ kind: 'say', atSimMs: this.#now(), text: unescapeXml(said[1] ?? '') });
    if (!said || !/<Hangup\s*\/>/.test(document)) return;
    const words = (said[1] ?? '').split(/\s+/).filter(Boolean).length;
    this.#after(call, Math.max(1, Math.ceil(words / 2.5)), () => this.#end(call, 'completed'));
  }

  #end(call: Call, status: CallStatus): void {
    if (isFinal(call.status)) return;
    call.timers.splice(0).forEach((cancel) => cancel());
    call.status = status;
    if (this.#ended.push(call.sid) > ENDED_CALLS_KEPT) this.#calls.delete(this.#ended.shift() ?? '');
    call.durationSec = call.answeredAt === undefined ? 0 : Math.round((this.#now() - call.answeredAt) / 1000);
    const rec = call.recording;
    const recordingEnds = rec !== undefined && (rec.state === 'in-progress' || rec.state === 'paused');
    if (rec && recordingEnds) this.#closeRecording(rec);
    this.#sendStatus(call);
    if (rec && recordingEnds) this.#sendRecordingDone(call, rec);
  }

  #startRecording(call: Call): void {
    const now = this.#scheduler.now();
    const openSince = this.#now();
    const rec: Recording = {
      sid: sid('RE'),
      callSid: call.sid,
      state: 'in-progress',
      spans: [],
      openKind: 'voice',
      openSince,
      startedAt: now,
      seed: Math.floor(this.#random() * 2 ** 32),
      durationSec: 0,
      stored: Promise.resolve(),
    };
    call.recording = rec;
    this.#recordings.set(rec.sid, rec);
    this.#sendRecording(call, rec);
  }

  #finishRecording(call: Call, rec: Recording): void {
    this.#closeRecording(rec);
    this.#sendRecordingDone(call, rec);
  }

  #closeRecording(rec: Recording): void {
    this.#closeSpan(rec);
    const totalMs = rec.spans.reduce((sum, s) => sum + s.ms, 0);
    rec.durationSec = Math.round(totalMs / 1000);
    rec.state = totalMs > 0 ? 'completed' : 'absent';
    if (rec.state === 'completed' && this.#recordingsDir !== undefined) {
      const dir = this.#recordingsDir;
      rec.stored = mkdir(dir, { recursive: true })
        .then(() => writeFile(this.#path(rec), renderWav(rec.spans, rec.seed)))
        .catch((e: unknown) =>
          this.#onCallbackError({ url: this.#path(rec), reason: `recording not stored: ${String(e)}` }),
        );
    }
  }

  #closeSpan(rec: Recording): void {
    const now = this.#now();
    const ms = now - rec.openSince;
    rec.openSince = now;
    if (ms <= 0) return;
    const last = rec.spans.at(-1);
    if (last && last.kind === rec.openKind) last.ms += ms;
    else rec.spans.push({ kind: rec.openKind, ms });
  }

  #sendRecordingDone(call: Call, rec: Recording): void {
    // The carrier reports a recording once its file is available.
    const stored = rec.stored;
    this.#deliver(call, () => stored);
    this.#sendRecording(call, rec);
  }

  #path(rec: Recording): string {
    return join(this.#recordingsDir ?? '.', `${rec.sid}.wav`);
  }

  #callParams(call: Call): Record<string, string> {
    const { from, to } = call.input;
    return {
      AccountSid: this.#accountSid,
      ApiVersion: '2010-04-01',
      CallSid: call.sid,
      CallStatus: call.status,
      Direction: call.direction === 'inbound' ? 'inbound' : 'outbound-api',
      From: from,
      To: to,
      Caller: from,
      Called: to,
    };
  }

  #sendStatus(call: Call): void {
    const params: Record<string, string> = {
      ...this.#callParams(call),
      CallbackSource: 'call-progress-events',
      SequenceNumber: String(call.sequence++),
      Timestamp: this.#scheduler.now().toUTCString(),
    };
    if (isFinal(call.status)) {
      params.CallDuration = String(call.durationSec ?? 0);
      if (call.amdVerdict) params.AnsweredBy = call.amdVerdict;
      const rec = call.recording;
      if (rec?.state === 'completed') {
        params.RecordingSid = rec.sid;
        params.RecordingUrl = `${MEDIA_ORIGIN}/Recordings/${rec.sid}`;
        params.RecordingDuration = String(rec.durationSec);
      }
    }
    // A number's status callback carries no call id of ours: the sid names the call.
    const url =
      call.direction === 'inbound'
        ? call.input.statusCallbackUrl
        : withCallId(call.input.statusCallbackUrl, call.input.callId);
    this.#send(call, url, params);
  }

  #sendRecording(call: Call, rec: Recording): void {
    const { recordingCallbackUrl, callId } = call.input;
    if (recordingCallbackUrl === undefined) return;
    const status = rec.state === 'paused' ? 'in-progress' : rec.state;
    const params: Record<string, string> = {
      AccountSid: this.#accountSid,
      CallSid: call.sid,
      RecordingSid: rec.sid,
      RecordingUrl: `${MEDIA_ORIGIN}/Recordings/${rec.sid}`,
      RecordingStatus: status,
      RecordingChannels: '1',
      RecordingSource: 'OutboundAPI',
      RecordingStartTime: rec.startedAt.toUTCString(),
    };
    if (status !== 'in-progress') params.RecordingDuration = String(rec.durationSec);
    this.#send(call, withCallId(recordingCallbackUrl, callId), params);
  }

  /** Queue one signed webhook (parameters captured now, when the event happened). */
  #send(call: Call, url: string, params: Record<string, string>): void {
    this.#deliver(call, async () => {
      try {
        const res = await this.#post(url, params);
        if (!res.ok) this.#onCallbackError({ url, reason: `HTTP ${res.status}` });
      } catch (e) {
        this.#onCallbackError({ url, reason: String(e) });
      }
    });
  }

  #deliver(call: Call, task: () => Promise<void>): void {
    const next = call.deliveries
      .then(task)
      .catch((e: unknown) => this.#onCallbackError({ url: '(internal)', reason: String(e) }));
    call.deliveries = next;
    this.#inflight.add(next);
    void next.then(() => this.#inflight.delete(next));
  }

  async #post(url: string, params: Record<string, string>): Promise<Response> {
    const res = await this.#request(url, params);
    await res.arrayBuffer(); // drain, so the connection is reused
    return res;
  }

  /** A signed post whose answer is a document to follow (an inbound call's cXML). */
  async #postForDocument(
    url: string,
    params: Record<string, string>,
  ): Promise<{ ok: boolean; status: number; text: string }> {
    const res = await this.#request(url, params);
    return { ok: res.ok, status: res.status, text: await res.text() };
  }

  #request(url: string, params: Record<string, string>): Promise<Response> {
    return fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-signalwire-signature': signSignalWireRequest(this.#signingKey, url, params),
        'user-agent': 'DialerSeat-Simulator/1',
      },
      body: new URLSearchParams(params).toString(),
      signal: AbortSignal.timeout(this.#timeoutMs),
    });
  }
}

function peerSignature(key: string, body: string): string {
  return createHmac('sha256', key).update(body).digest('base64url');
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function unescapeXml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

function sid(prefix: 'CA' | 'RE'): string {
  return prefix + randomBytes(16).toString('hex');
}
