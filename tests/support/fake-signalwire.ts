/**
 * A local stand-in for the SignalWire endpoints DialerSeat calls (Compatibility REST API + the Fabric token
 * endpoint), at the HTTP boundary: it checks paths, Basic auth and form fields (400 like SignalWire on a missing
 * one), keeps calls and recordings in memory and answers with SignalWire's JSON shapes. The test plays the
 * carrier: `advance(sid, 'ringing')`, `elapse(sec)`, `detectMachine(sid, …)` make it POST the callbacks the call
 * was created with, signed with SignalWire's algorithm (implemented here independently of the adapter's, so a
 * bug in one cannot hide in the other). Nothing runs on a timer: time moves only when the test says so.
 */
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { renderWav, type AudioSpan } from '../../src/adapters/simulator/wav';

export type FakeCallStatus =
  'queued' | 'initiated' | 'ringing' | 'in-progress' | 'completed' | 'busy' | 'failed' | 'no-answer' | 'canceled';

const FINAL = new Set<FakeCallStatus>(['completed', 'busy', 'failed', 'no-answer', 'canceled']);
const STATUS_EVENTS = new Set(['initiated', 'ringing', 'answered', 'completed']);
const RECORDING_EVENTS = new Set(['in-progress', 'completed', 'absent']);
const E164 = /^\+[1-9]\d{6,14}$/;
const SIP_URI = /^sips?:[^@\s;?]+@[^@\s;?]+$/;

type Form = Record<string, string[]>;

export type FakeRequest = {
  method: string;
  path: string;
  query: Record<string, string>;
  form: Form;
  json?: unknown;
  authorized: boolean;
};
export type FakeDelivery = {
  kind: 'status' | 'recording' | 'amd' | 'answer' | 'resource' | 'conference' | 'redirect';
  url: string;
  params: Record<string, string>;
  status: number;
  body: string;
};

export type FakeCall = {
  sid: string;
  to: string;
  from: string;
  url: string;
  statusCallback?: string;
  statusEvents: Set<string>;
  timeoutSec: number;
  record: boolean;
  recordingStatusCallback?: string;
  recordingEvents: Set<string>;
  machineDetection?: string;
  asyncAmd: boolean;
  amdCallback?: string;
  status: FakeCallStatus;
  sequence: number;
  createdAt: Date;
  answeredAt?: number;
  durationSec?: number;
  answeredBy?: string;
  recordingSids: string[];
  /** A browser leg: the conference's participant callback its cXML asked for (join and leave go there). */
  conferenceCallback?: string;
};

/** A cXML webhook resource (Call Fabric): the address browsers dial, and the URL its cXML is fetched from. */
export type FakeCxmlResource = { id: string; name: string; requestUrl: string; address: string };

export type FakeRecording = {
  sid: string;
  callSid: string;
  status: 'in-progress' | 'paused' | 'stopped' | 'completed' | 'absent';
  spans: AudioSpan[];
  openKind: AudioSpan['kind'] | 'skip';
  openSince: number;
  durationSec: number;
  wav?: Buffer;
  deleted: boolean;
};

export type FakeNumber = {
  phone_number: string;
  friendly_name?: string;
  voice_url?: string;
  voice_method?: string;
  status_callback?: string;
};

export type FakeSignalWireOptions = {
  projectId?: string;
  apiToken?: string;
  signingKey?: string;
  numbers?: { phone_number: string; friendly_name?: string }[];
  /** Caps IncomingPhoneNumbers pages, to exercise pagination. */
  numbersPageSize?: number;
  start?: Date;
  /** Mints the subscriber tokens (default: opaque strings); a fake relay gives JWTs whose `ch` names it. */
  subscriberToken?: (reference: string) => string;
};

export class FakeSignalWire {
  readonly projectId: string;
  readonly apiToken: string;
  readonly signingKey: string;
  readonly requests: FakeRequest[] = [];
  readonly deliveries: FakeDelivery[] = [];
  readonly deletedRecordings: string[] = [];
  readonly calls = new Map<string, FakeCall>();
  readonly recordings = new Map<string, FakeRecording>();
  readonly resources: FakeCxmlResource[] = [];
  /** The numbers, with what `IncomingPhoneNumbers/{sid}` updates set on them (voice URL, status callback). */
  numbers: FakeNumber[];

  readonly #numbersPageSize: number;
  readonly #background = new Set<Promise<void>>();
  #failures: { status: number; body: unknown; method?: string; before?: () => void }[] = [];
  #nowMs: number;
  #server: Server | undefined;
  #port = 0;
  #wavSeed = 1;

  readonly #subscriberToken: ((reference: string) => string) | undefined;

  constructor(options: FakeSignalWireOptions = {}) {
    this.projectId = options.projectId ?? 'b1d2c3e4-0000-4000-8000-00000000f00d';
    this.#subscriberToken = options.subscriberToken;
    this.apiToken = options.apiToken ?? 'PTfake-api-token';
    this.signingKey = options.signingKey ?? 'PSKfake-signing-key';
    this.numbers = options.numbers ?? [{ phone_number: '+12025550123', friendly_name: 'Main line' }];
    this.#numbersPageSize = options.numbersPageSize ?? 50;
    this.#nowMs = (options.start ?? new Date('2030-01-01T12:00:00Z')).getTime();
  }

  static async start(options: FakeSignalWireOptions = {}): Promise<FakeSignalWire> {
    const fake = new FakeSignalWire(options);
    const server = createServer((req, res) => {
      fake
        .#handle(req, res)
        .catch((e: unknown) =>
          send(res, 500, { code: 0, message: `fake-signalwire crashed: ${String(e)}`, status: 500 }),
        );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    fake.#server = server;
    fake.#port = (server.address() as AddressInfo).port;
    return fake;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.#port}`;
  }

  /** Options for SignalWireTelephony pointing at this fake. */
  adapterOptions() {
    return {
      projectId: this.projectId,
      apiToken: this.apiToken,
      signingKey: this.signingKey,
      spaceUrl: 'fake.signalwire.test',
      baseUrl: this.baseUrl,
    };
  }

  /** The app's configuration for SignalWire, pointed at this fake (for startTestApp's env). */
  appEnv(): Record<string, string> {
    const o = this.adapterOptions();
    return {
      SIGNALWIRE_PROJECT_ID: o.projectId,
      SIGNALWIRE_API_TOKEN: o.apiToken,
      SIGNALWIRE_SPACE_URL: o.spaceUrl,
      SIGNALWIRE_SIGNING_KEY: o.signingKey,
      SIGNALWIRE_API_BASE_URL: o.baseUrl,
    };
  }

  now(): Date {
    return new Date(this.#nowMs);
  }

  /** Lets `sec` seconds of carrier time pass (call durations and recording lengths follow it). */
  elapse(sec: number): void {
    this.#nowMs += sec * 1000;
  }

  /**
   * The next request (of `when.method`, if given) gets this reply instead; `when.before` runs first, to stage
   * what the carrier did meanwhile.
   */
  failNext(
    status: number,
    body: unknown = { code: 0, message: 'injected failure', status },
    when: { method?: string; before?: () => void } = {},
  ): void {
    this.#failures.push({ status, body, ...when });
  }

  /** Moves a call to `status` as the carrier would, delivering every callback that causes before resolving. */
  async advance(callSid: string, status: FakeCallStatus): Promise<void> {
    const call = this.#call(callSid);
    if (FINAL.has(status)) return this.#end(call, status);
    call.status = status;
    if (status === 'in-progress') {
      call.answeredAt = this.#nowMs;
      await this.#post('answer', call.url, this.#callParams(call));
      await this.#statusCallback(call, 'answered');
      if (call.record) await this.#startRecording(call);
      return;
    }
    if (status === 'initiated' || status === 'ringing') await this.#statusCallback(call, status);
  }

  /** The async AMD verdict (Twilio-style values such as `human`, `machine_start`, `machine_end_beep`, `fax`). */
  async detectMachine(callSid: string, answeredBy: string): Promise<void> {
    const call = this.#call(callSid);
    call.answeredBy = answeredBy;
    if (call.amdCallback === undefined) return;
    await this.#post('amd', call.amdCallback, {
      AccountSid: this.projectId,
      CallSid: call.sid,
      AnsweredBy: answeredBy,
      MachineDetectionDuration: '2400',
    });
  }

  /** Resolves when the callbacks caused by REST requests (hang-up, stop recording) have been delivered. */
  async settled(): Promise<void> {
    while (this.#background.size > 0) await Promise.all([...this.#background]);
  }

  async close(): Promise<void> {
    await this.settled();
    const server = this.#server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  // --- HTTP -------------------------------------------------------------------------------------------

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.baseUrl);
    const raw = await readBody(req);
    const contentType = req.headers['content-type'] ?? '';
    const form = contentType.startsWith('application/x-www-form-urlencoded') ? parseForm(raw) : {};
    const json = contentType.startsWith('application/json') ? safeJson(raw) : undefined;
    const authorized =
      req.headers.authorization === `Basic ${Buffer.from(`${this.projectId}:${this.apiToken}`).toString('base64')}`;
    const method = req.method ?? 'GET';
    this.requests.push({
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      form,
      json,
      authorized,
    });

    const failureAt = this.#failures.findIndex((f) => f.method === undefined || f.method === method);
    const [failure] = failureAt < 0 ? [] : this.#failures.splice(failureAt, 1);
    if (failure) {
      failure.before?.();
      return send(res, failure.status, failure.body);
    }

    const account = `/api/laml/2010-04-01/Accounts/${this.projectId}/`;
    if (url.pathname.startsWith(account)) {
      const rest = url.pathname.slice(account.length);
      // Audio URLs are unauthenticated at SignalWire (long random sids instead).
      const audio = /^Recordings\/(RE[0-9a-f]{32})(\.wav)?$/.exec(rest);
      if (audio && method === 'GET') return this.#audio(res, audio[1] ?? '');
      if (!authorized)
        return send(res, 401, { code: 20003, message: 'Authentication Error - invalid username', status: 401 });
      return this.#laml(method, rest, form, url, res);
    }
    if (url.pathname.startsWith('/api/fabric/resources')) {
      if (!authorized) return send(res, 401, { errors: [{ code: 'unauthorized', detail: 'Unauthorized' }] });
      return this.#fabricResources(method, url, json, res);
    }
    if (url.pathname === '/api/fabric/subscribers/tokens' && method === 'POST') {
      if (!authorized) return send(res, 401, { errors: [{ code: 'unauthorized', detail: 'Unauthorized' }] });
      const reference = (json as { reference?: unknown } | undefined)?.reference;
      if (typeof reference !== 'string' || reference === '') {
        return send(res, 422, {
          errors: [{ code: 'missing_required_parameter', detail: 'reference is required', attribute: 'reference' }],
        });
      }
      return send(res, 200, {
        subscriber_id: randomUUID(),
        token: this.#subscriberToken?.(reference) ?? `eyJ${randomBytes(24).toString('base64url')}`,
        refresh_token: `eyJ${randomBytes(24).toString('base64url')}`,
      });
    }
    return notFound(res);
  }

  // cXML webhook resources, in the shape of the Fabric API (list, create, a resource's addresses).
  #fabricResources(method: string, url: URL, json: unknown, res: ServerResponse): void {
    const view = (r: FakeCxmlResource) => ({
      id: r.id,
      display_name: r.name,
      type: 'cxml_webhook',
      cxml_webhook: { id: r.id, name: r.name, used_for: 'calling', primary_request_url: r.requestUrl },
    });
    if (url.pathname === '/api/fabric/resources/cxml_webhooks' && method === 'GET')
      return send(res, 200, { data: this.resources.map(view), links: {} });
    if (url.pathname === '/api/fabric/resources/cxml_webhooks' && method === 'POST') {
      const body = (json ?? {}) as { name?: unknown; primary_request_url?: unknown };
      if (typeof body.name !== 'string' || typeof body.primary_request_url !== 'string')
        return send(res, 422, {
          errors: [{ code: 'missing_required_parameter', detail: 'name and primary_request_url' }],
        });
      const resource = {
        id: randomUUID(),
        name: body.name,
        requestUrl: body.primary_request_url,
        address: `/public/${body.name}`,
      };
      this.resources.push(resource);
      return send(res, 200, view(resource));
    }
    const m = /^\/api\/fabric\/resources\/([^/]+)\/addresses$/.exec(url.pathname);
    const resource = m ? this.resources.find((r) => r.id === m[1]) : undefined;
    if (resource && method === 'GET')
      return send(res, 200, {
        data: [{ id: randomUUID(), name: resource.name, channels: { audio: `${resource.address}?channel=audio` } }],
        links: {},
      });
    return notFound(res);
  }

  /**
   * A browser (the SDK) dialling a resource address such as `/public/dialerseat-agent?t=…`: SignalWire fetches the
   * resource's cXML, signed, with the dialled address in `To` and its query on the request URL (both unconfirmed at
   * a live space, so our handler accepts either). A `<Conference statusCallback>` in the answer joins the leg and
   * posts `participant-join`. Resolves with the leg's CallSid, or undefined when the answer was not a conference.
   */
  async dialResource(
    address: string,
    options: { callSid?: string; queryOnUrl?: boolean } = {},
  ): Promise<string | undefined> {
    const [path, query = ''] = address.split('?');
    const resource = this.resources.find((r) => r.address === path);
    if (!resource) throw new Error(`fake-signalwire: no resource at ${address}`);
    const sid = options.callSid ?? `CA${randomBytes(16).toString('hex')}`;
    const url =
      options.queryOnUrl === false || query === ''
        ? resource.requestUrl
        : `${resource.requestUrl}${resource.requestUrl.includes('?') ? '&' : '?'}${query}`;
    const params = {
      CallSid: sid,
      AccountSid: this.projectId,
      CallStatus: 'in-progress',
      Direction: 'inbound',
      From: 'sip:subscriber@fake.signalwire.test',
      To: address,
    };
    await this.#post('resource', url, params);
    const body = this.deliveries.at(-1)!.body;
    const conference = /<Conference[^>]*statusCallback="([^"]+)"[^>]*>([^<]+)<\/Conference>/.exec(body);
    if (!conference) return undefined;
    const existing = this.calls.get(sid);
    const call: FakeCall = existing ?? {
      sid,
      to: address,
      from: params.From,
      url,
      statusEvents: new Set(),
      timeoutSec: 0,
      record: false,
      recordingEvents: new Set(),
      asyncAmd: false,
      status: 'in-progress',
      sequence: 0,
      createdAt: new Date(this.#nowMs),
      answeredAt: this.#nowMs,
      recordingSids: [],
    };
    call.conferenceCallback = conference[1]!.replace(/&amp;/g, '&');
    this.calls.set(sid, call);
    await this.#post('conference', call.conferenceCallback, {
      StatusCallbackEvent: 'participant-join',
      CallSid: sid,
      FriendlyName: conference[2]!,
      ConferenceSid: `CF${randomBytes(16).toString('hex')}`,
    });
    return sid;
  }

  #laml(method: string, rest: string, form: Form, url: URL, res: ServerResponse): void {
    let m: RegExpExecArray | null;
    if (rest === 'Calls.json' && method === 'POST') return this.#createCall(form, res);
    if ((m = /^Calls\/([^/]+)\.json$/.exec(rest))) {
      const call = this.calls.get(m[1] ?? '');
      if (!call) return notFound(res);
      if (method === 'GET') return send(res, 200, this.#callJson(call));
      if (method === 'POST') return this.#updateCall(call, form, res);
    }
    if ((m = /^Calls\/([^/]+)\/Recordings\.json$/.exec(rest)) && method === 'GET') {
      const call = this.calls.get(m[1] ?? '');
      if (!call) return notFound(res);
      const recordings = call.recordingSids
        .map((sid) => this.recordings.get(sid))
        .filter((r): r is FakeRecording => r !== undefined && !r.deleted);
      return send(res, 200, { recordings: recordings.map((r) => this.#recordingJson(r)) });
    }
    if ((m = /^Calls\/([^/]+)\/Recordings\/([^/]+)\.json$/.exec(rest)) && method === 'POST') {
      const call = this.calls.get(m[1] ?? '');
      const rec = this.recordings.get(m[2] ?? '');
      if (!call || !rec || rec.callSid !== call.sid || rec.deleted) return notFound(res);
      return this.#updateRecording(call, rec, form, res);
    }
    if ((m = /^Recordings\/([^/]+)\.json$/.exec(rest))) {
      const rec = this.recordings.get(m[1] ?? '');
      if (!rec || rec.deleted) return notFound(res);
      if (method === 'GET') return send(res, 200, this.#recordingJson(rec));
      if (method === 'DELETE') {
        rec.deleted = true;
        this.deletedRecordings.push(rec.sid);
        res.writeHead(204).end();
        return;
      }
    }
    if ((m = /^IncomingPhoneNumbers\/([^/]+)\.json$/.exec(rest)) && method === 'POST') {
      const n = this.numbers.find((x) => `PN${hex(x.phone_number)}` === m![1]);
      if (!n) return notFound(res);
      const one = (name: string) => form[name]?.[0];
      if (one('VoiceUrl') !== undefined) n.voice_url = one('VoiceUrl');
      if (one('VoiceMethod') !== undefined) n.voice_method = one('VoiceMethod');
      if (one('StatusCallback') !== undefined) n.status_callback = one('StatusCallback');
      return send(res, 200, { sid: m[1], ...n });
    }
    if (rest === 'IncomingPhoneNumbers.json' && method === 'GET') {
      const size = Math.min(Number(url.searchParams.get('PageSize') ?? 50) || 50, this.#numbersPageSize);
      const page = Number(url.searchParams.get('Page') ?? 0) || 0;
      const slice = this.numbers.slice(page * size, (page + 1) * size);
      const more = (page + 1) * size < this.numbers.length;
      return send(res, 200, {
        incoming_phone_numbers: slice.map((n) => ({
          sid: `PN${hex(n.phone_number)}`,
          phone_number: n.phone_number,
          friendly_name: n.friendly_name ?? n.phone_number,
        })),
        page,
        page_size: size,
        next_page_uri: more
          ? `/api/laml/2010-04-01/Accounts/${this.projectId}/IncomingPhoneNumbers.json?Page=${page + 1}&PageSize=${size}`
          : null,
      });
    }
    return notFound(res);
  }

  #createCall(form: Form, res: ServerResponse): void {
    const one = (name: string) => form[name]?.[0];
    for (const name of ['To', 'From', 'Url']) {
      if (!one(name)) return badRequest(res, 21201, `Missing required parameter ${name}`);
    }
    const to = one('To') ?? '';
    const from = one('From') ?? '';
    // Like the real API, a SIP URI is a valid destination (an agent's desk phone or softphone).
    if (!E164.test(to) && !SIP_URI.test(to)) return badRequest(res, 21211, `Invalid 'To' Phone Number: ${to}`);
    if (!E164.test(from)) return badRequest(res, 21212, `Invalid 'From' Phone Number: ${from}`);
    if (!this.numbers.some((n) => n.phone_number === from))
      return badRequest(res, 21210, `'From' phone number not verified: ${from}`);
    for (const name of ['Url', 'StatusCallback', 'RecordingStatusCallback', 'AsyncAmdStatusCallback']) {
      const v = one(name);
      if (v !== undefined && !/^https?:\/\//.test(v)) return badRequest(res, 21205, `${name} is not a valid URL: ${v}`);
    }
    const method = one('StatusCallbackMethod');
    if (method !== undefined && method !== 'POST' && method !== 'GET')
      return badRequest(res, 21609, 'Invalid StatusCallbackMethod');
    const statusEvents = form.StatusCallbackEvent ?? [];
    if (statusEvents.some((e) => !STATUS_EVENTS.has(e)))
      return badRequest(res, 21626, `Invalid StatusCallbackEvent: ${statusEvents.join(',')}`);
    const recordingEvents = (one('RecordingStatusCallbackEvent') ?? 'completed').split(/[\s,]+/).filter(Boolean);
    if (recordingEvents.some((e) => !RECORDING_EVENTS.has(e)))
      return badRequest(res, 21626, 'Invalid RecordingStatusCallbackEvent');
    const timeout = one('Timeout') ?? '60';
    if (!/^\d+$/.test(timeout) || Number(timeout) < 1 || Number(timeout) > 600)
      return badRequest(res, 21216, `Invalid Timeout: ${timeout}`);
    const record = one('Record') ?? 'false';
    if (record !== 'true' && record !== 'false') return badRequest(res, 21217, `Invalid Record: ${record}`);
    const md = one('MachineDetection');
    if (md !== undefined && md !== 'Enable' && md !== 'DetectMessageEnd')
      return badRequest(res, 21218, `Invalid MachineDetection: ${md}`);
    const asyncAmd = one('AsyncAmd');
    if (asyncAmd !== undefined && asyncAmd !== 'true' && asyncAmd !== 'false')
      return badRequest(res, 21218, `Invalid AsyncAmd: ${asyncAmd}`);

    const call: FakeCall = {
      sid: `CA${randomBytes(16).toString('hex')}`,
      to,
      from,
      url: one('Url') ?? '',
      ...optionalField('statusCallback', one('StatusCallback')),
      statusEvents: new Set(statusEvents.length > 0 ? statusEvents : ['completed']),
      timeoutSec: Number(timeout),
      record: record === 'true',
      ...optionalField('recordingStatusCallback', one('RecordingStatusCallback')),
      recordingEvents: new Set(recordingEvents),
      ...optionalField('machineDetection', md),
      asyncAmd: asyncAmd === 'true',
      ...optionalField('amdCallback', one('AsyncAmdStatusCallback')),
      status: 'queued',
      sequence: 0,
      createdAt: this.now(),
      recordingSids: [],
    };
    this.calls.set(call.sid, call);
    send(res, 201, this.#callJson(call));
  }

  #updateCall(call: FakeCall, form: Form, res: ServerResponse): void {
    const status = form.Status?.[0];
    const redirect = form.Url?.[0];
    if (status === undefined && redirect === undefined)
      return badRequest(res, 21201, 'Missing required parameter Status or Url');
    if (status !== undefined && status !== 'completed' && status !== 'canceled')
      return badRequest(res, 21218, `Invalid Status: ${status}`);
    if (redirect !== undefined) call.url = redirect;
    // A live call redirected fetches its new document at once (in the background, as the carrier does).
    if (redirect !== undefined && status === undefined && call.status === 'in-progress')
      this.#inBackground(this.#post('redirect', redirect, this.#callParams(call)));
    let ending: FakeCallStatus | undefined;
    if (!FINAL.has(call.status) && status !== undefined) {
      const live = call.status === 'in-progress';
      // `canceled` only stops a call that has not been answered; `completed` ends one in any live state.
      if (status === 'completed') ending = live ? 'completed' : 'canceled';
      else if (!live) ending = 'canceled';
    }
    // The reply shows the ended call; its callbacks follow, as at SignalWire.
    const ended = ending === undefined ? undefined : this.#finish(call, ending);
    send(res, 200, this.#callJson(call));
    if (ended) this.#inBackground(this.#announceEnd(call, ended));
  }

  #updateRecording(call: FakeCall, rec: FakeRecording, form: Form, res: ServerResponse): void {
    const status = form.Status?.[0];
    if (status !== 'paused' && status !== 'in-progress' && status !== 'stopped')
      return badRequest(res, 21218, `Invalid Status: ${String(status)}`);
    const pauseBehavior = form.PauseBehavior?.[0] ?? 'silence';
    if (pauseBehavior !== 'silence' && pauseBehavior !== 'skip')
      return badRequest(res, 21218, `Invalid PauseBehavior: ${pauseBehavior}`);
    if (rec.status !== 'in-progress' && rec.status !== 'paused')
      return badRequest(res, 21220, 'Recording is not active');
    if (status === 'stopped') {
      this.#closeRecording(rec);
      send(res, 200, this.#recordingJson(rec));
      this.#inBackground(this.#recordingCallback(call, rec));
      return;
    }
    if (status === 'paused' && rec.status === 'in-progress') {
      this.#closeSpan(rec);
      rec.openKind = pauseBehavior === 'skip' ? 'skip' : 'silence';
      rec.status = 'paused';
    } else if (status === 'in-progress' && rec.status === 'paused') {
      this.#closeSpan(rec);
      rec.openKind = 'voice';
      rec.status = 'in-progress';
    }
    send(res, 200, this.#recordingJson(rec));
  }

  #audio(res: ServerResponse, sid: string): void {
    const rec = this.recordings.get(sid);
    if (!rec || rec.deleted || !rec.wav) return notFound(res);
    res.writeHead(200, { 'content-type': 'audio/x-wav', 'content-length': rec.wav.length }).end(rec.wav);
  }

  // --- carrier behaviour ------------------------------------------------------------------------------

  async #end(call: FakeCall, status: FakeCallStatus): Promise<void> {
    await this.#announceEnd(call, this.#finish(call, status));
  }

  /** Ends the call and its live recordings now; returns the recordings that ended with it. */
  #finish(call: FakeCall, status: FakeCallStatus): FakeRecording[] {
    call.status = status;
    call.durationSec = call.answeredAt === undefined ? 0 : Math.round((this.#nowMs - call.answeredAt) / 1000);
    const active = call.recordingSids
      .map((sid) => this.recordings.get(sid))
      .filter((r): r is FakeRecording => r !== undefined && (r.status === 'in-progress' || r.status === 'paused'));
    for (const rec of active) this.#closeRecording(rec);
    return active;
  }

  async #announceEnd(call: FakeCall, endedRecordings: FakeRecording[]): Promise<void> {
    if (call.conferenceCallback !== undefined)
      await this.#post('conference', call.conferenceCallback, {
        StatusCallbackEvent: 'participant-leave',
        CallSid: call.sid,
      });
    await this.#statusCallback(call, 'completed');
    for (const rec of endedRecordings) await this.#recordingCallback(call, rec);
  }

  async #startRecording(call: FakeCall): Promise<void> {
    const rec: FakeRecording = {
      sid: `RE${randomBytes(16).toString('hex')}`,
      callSid: call.sid,
      status: 'in-progress',
      spans: [],
      openKind: 'voice',
      openSince: this.#nowMs,
      durationSec: 0,
      deleted: false,
    };
    this.recordings.set(rec.sid, rec);
    call.recordingSids.push(rec.sid);
    await this.#recordingCallback(call, rec);
  }

  #closeSpan(rec: FakeRecording): void {
    const ms = this.#nowMs - rec.openSince;
    rec.openSince = this.#nowMs;
    if (ms > 0 && rec.openKind !== 'skip') rec.spans.push({ kind: rec.openKind, ms });
  }

  #closeRecording(rec: FakeRecording): void {
    this.#closeSpan(rec);
    const totalMs = rec.spans.reduce((sum, s) => sum + s.ms, 0);
    rec.durationSec = Math.round(totalMs / 1000);
    if (totalMs === 0) {
      rec.status = 'absent';
      return;
    }
    rec.status = 'completed';
    rec.wav = Buffer.concat([...renderWav(rec.spans, this.#wavSeed++)]);
  }

  async #statusCallback(call: FakeCall, event: string): Promise<void> {
    if (call.statusCallback === undefined || !call.statusEvents.has(event)) return;
    const params: Record<string, string> = {
      ...this.#callParams(call),
      CallbackSource: 'call-progress-events',
      SequenceNumber: String(call.sequence++),
      Timestamp: this.now().toUTCString(),
    };
    if (FINAL.has(call.status)) {
      params.CallDuration = String(call.durationSec ?? 0);
      if (call.answeredBy !== undefined) params.AnsweredBy = call.answeredBy;
    }
    await this.#post('status', call.statusCallback, params);
  }

  async #recordingCallback(call: FakeCall, rec: FakeRecording): Promise<void> {
    const status = rec.status === 'paused' ? 'in-progress' : rec.status;
    if (call.recordingStatusCallback === undefined || !call.recordingEvents.has(status)) return;
    const params: Record<string, string> = {
      AccountSid: this.projectId,
      CallSid: call.sid,
      RecordingSid: rec.sid,
      RecordingUrl: `${this.baseUrl}/api/laml/2010-04-01/Accounts/${this.projectId}/Recordings/${rec.sid}`,
      RecordingStatus: status,
      RecordingChannels: '1',
      RecordingSource: 'OutboundAPI',
    };
    if (status !== 'in-progress') params.RecordingDuration = String(rec.durationSec);
    await this.#post('recording', call.recordingStatusCallback, params);
  }

  #callParams(call: FakeCall): Record<string, string> {
    return {
      AccountSid: this.projectId,
      ApiVersion: '2010-04-01',
      CallSid: call.sid,
      CallStatus: call.status,
      Direction: 'outbound-api',
      From: call.from,
      To: call.to,
      Caller: call.from,
      Called: call.to,
    };
  }

  async #post(kind: FakeDelivery['kind'], url: string, params: Record<string, string>): Promise<void> {
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-signalwire-signature': signLikeSignalWire(this.signingKey, url, params),
      },
      body: new URLSearchParams(params).toString(),
    });
    this.deliveries.push({ kind, url, params, status: res.status, body: await res.text() });
  }

  #inBackground(work: Promise<void>): void {
    const p = work.catch(() => undefined);
    this.#background.add(p);
    void p.then(() => this.#background.delete(p));
  }

  #call(sid: string): FakeCall {
    const call = this.calls.get(sid);
    if (!call) throw new Error(`fake-signalwire: no call ${sid}`);
    return call;
  }

  #callJson(call: FakeCall) {
    return {
      sid: call.sid,
      account_sid: this.projectId,
      to: call.to,
      from: call.from,
      status: call.status,
      direction: 'outbound-api',
      date_created: call.createdAt.toUTCString(),
      duration: call.durationSec === undefined ? null : String(call.durationSec),
      answered_by: call.answeredBy ?? null,
      api_version: '2010-04-01',
      uri: `/api/laml/2010-04-01/Accounts/${this.projectId}/Calls/${call.sid}.json`,
    };
  }

  #recordingJson(rec: FakeRecording) {
    return {
      sid: rec.sid,
      account_sid: this.projectId,
      call_sid: rec.callSid,
      status: rec.status,
      duration: rec.status === 'completed' ? String(rec.durationSec) : null,
      channels: 1,
      source: 'OutboundAPI',
      uri: `/api/laml/2010-04-01/Accounts/${this.projectId}/Recordings/${rec.sid}.json`,
    };
  }
}

/** SignalWire's webhook signature, written out independently of src/adapters/signalwire/signature.ts. */
export function signLikeSignalWire(signingKey: string, url: string, params: Record<string, string>): string {
  const payload =
    url +
    Object.keys(params)
      .sort()
      .map((k) => `${k}${params[k]}`)
      .join('');
  return createHmac('sha1', signingKey).update(payload, 'utf8').digest('base64');
}

function optionalField<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: string };
}

function hex(s: string): string {
  return Buffer.from(s).toString('hex').padEnd(32, '0').slice(0, 32);
}

function parseForm(raw: string): Form {
  const form: Form = {};
  for (const [k, v] of new URLSearchParams(raw)) (form[k] ??= []).push(v);
  return form;
}

function safeJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

function badRequest(res: ServerResponse, code: number, message: string): void {
  send(res, 400, {
    code,
    message,
    more_info: `https://developer.signalwire.com/compatibility-api/reference/error-codes#${code}`,
    status: 400,
  });
}

function notFound(res: ServerResponse): void {
  send(res, 404, { code: 20404, message: 'The requested resource was not found', status: 404 });
}
