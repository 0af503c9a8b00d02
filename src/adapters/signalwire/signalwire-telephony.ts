/**
 * The Telephony port over SignalWire's Compatibility ("LaML") REST API (docs/providers/signalwire.md).
 * Plain fetch with Basic auth rather than the SDK's RestClient: the SDK hard-codes `https://{space}` (no way to
 * point it at a local fake) and reads SIGNALWIRE_* environment variables behind our back.
 */
import { z } from 'zod';
import { AppError } from '../../core/errors';
import { answeredByFrom, callStatuses, isFinal } from '../../core/telephony/call-status';
import { withCallId } from '../../core/telephony/callbacks';
import type { Clock } from '../../ports/clock';
import {
  assertValidPlaceCall,
  type AgentToken,
  type CallSnapshot,
  type InboundRoute,
  type PlaceCallInput,
  type ProviderNumber,
  type RecordingAction,
  type RecordingMedia,
  type Telephony,
  type WebhookToVerify,
} from '../../ports/telephony';
import { conferenceCxml, inboundMenuCxml, safeHarborCxml, sayAndHangUpCxml, voicemailDropCxml } from './cxml';
import { verifySignalWireRequest } from './signature';

export type SignalWireOptions = {
  projectId: string;
  apiToken: string;
  /** The space's host, e.g. `acme.signalwire.com`. */
  spaceUrl: string;
  /** The project's Signing Key, for webhook signatures. */
  signingKey: string;
  /** Replaces `https://{spaceUrl}` (tests point this at a local fake, e.g. `http://127.0.0.1:PORT`). */
  baseUrl?: string;
  clock?: Clock;
  requestTimeoutMs?: number;
};

/** The status-callback events we subscribe to; `completed` covers every final status. */
export const STATUS_CALLBACK_EVENTS = ['initiated', 'ringing', 'answered', 'completed'] as const;
export const RECORDING_CALLBACK_EVENTS = 'in-progress completed absent';

const callSchema = z.object({
  sid: z.string().min(1),
  status: z.enum(callStatuses),
  duration: z.union([z.string(), z.number()]).nullish(),
  answered_by: z.string().nullish(),
});
const recordingSchema = z.object({ sid: z.string(), status: z.string() });
const recordingListSchema = z.object({ recordings: z.array(recordingSchema) });
const ENDED_RECORDING = new Set(['stopped', 'completed', 'absent', 'failed', 'deleted']);
const numbersPageSchema = z.object({
  incoming_phone_numbers: z.array(
    z.object({ sid: z.string().nullish(), phone_number: z.string(), friendly_name: z.string().nullish() }),
  ),
  next_page_uri: z.string().nullish(),
});
const tokenSchema = z.object({ token: z.string().min(1) });
// Fabric resources: only the fields we read (the rest of SignalWire's answer is ignored).
const resourceSchema = z.object({
  id: z.string().min(1),
  cxml_webhook: z.object({ primary_request_url: z.string().nullish() }).nullish(),
});
const resourceListSchema = z.object({ data: z.array(resourceSchema) });
const addressListSchema = z.object({
  data: z.array(
    z.object({ name: z.string().nullish(), channels: z.object({ audio: z.string().nullish() }).nullish() }),
  ),
});

const MAX_NUMBER_PAGES = 100;

export class SignalWireTelephony implements Telephony {
  readonly #origin: string;
  readonly #accountBase: string;
  readonly #authorization: string;
  readonly #signingKey: string;
  readonly #clock: Clock;
  readonly #timeoutMs: number;

  constructor(options: SignalWireOptions) {
    const host = options.spaceUrl.replace(/^https?:\/\//, '').replace(/\/+$/, '');
    this.#origin = (options.baseUrl ?? `https://${host}`).replace(/\/+$/, '');
    this.#accountBase = `${this.#origin}/api/laml/2010-04-01/Accounts/${encodeURIComponent(options.projectId)}`;
    this.#authorization = `Basic ${Buffer.from(`${options.projectId}:${options.apiToken}`).toString('base64')}`;
    this.#signingKey = options.signingKey;
    this.#clock = options.clock ?? { now: () => new Date() };
    this.#timeoutMs = options.requestTimeoutMs ?? 15_000;
  }

  async placeCall(input: PlaceCallInput): Promise<{ providerSid: string }> {
    assertValidPlaceCall(input);
    const form = new URLSearchParams();
    form.append('To', input.to);
    form.append('From', input.from);
    form.append('Url', withCallId(input.answerUrl, input.callId));
    form.append('StatusCallback', withCallId(input.statusCallbackUrl, input.callId));
    form.append('StatusCallbackMethod', 'POST');
    for (const event of STATUS_CALLBACK_EVENTS) form.append('StatusCallbackEvent', event);
    form.append('Timeout', String(input.ringTimeoutSec));
    form.append('Record', String(input.record));
    if (input.record && input.recordingCallbackUrl !== undefined) {
      form.append('RecordingStatusCallback', withCallId(input.recordingCallbackUrl, input.callId));
      form.append('RecordingStatusCallbackEvent', RECORDING_CALLBACK_EVENTS);
    }
    if (input.amd) {
      // DetectMessageEnd holds the verdict on a machine until its greeting ends, when a drop can play (decision 0029).
      form.append('MachineDetection', input.amdWaitForBeep ? 'DetectMessageEnd' : 'Enable');
      // Async: the callee is connected at once and the verdict arrives later (the 2-second abandonment rule).
      form.append('AsyncAmd', 'true');
      if (input.amdCallbackUrl !== undefined)
        form.append('AsyncAmdStatusCallback', withCallId(input.amdCallbackUrl, input.callId));
    }
    const call = this.#parse(callSchema, await this.#json('POST', '/Calls.json', form));
    return { providerSid: call.sid };
  }

  async hangUp({ providerSid }: { providerSid: string }): Promise<void> {
    // `completed` ends a call in any live state (a ringing one ends `canceled`); an ended call is left as it is.
    if (isFinal((await this.getCall({ providerSid })).status)) return;
    try {
      await this.#json('POST', `/Calls/${seg(providerSid)}.json`, new URLSearchParams({ Status: 'completed' }));
    } catch (e) {
      // The call may have ended between the read and the update: that is the result we wanted.
      if (e instanceof AppError && e.code === 'invalid_input' && isFinal((await this.getCall({ providerSid })).status))
        return;
      throw e;
    }
  }

  async redirectCall({ providerSid, url }: { providerSid: string; url: string }): Promise<void> {
    const form = new URLSearchParams({ Url: url, Method: 'POST' });
    try {
      await this.#json('POST', `/Calls/${seg(providerSid)}.json`, form);
    } catch (e) {
      // A call that ended first cannot be redirected: there is nothing left to play to.
      if (e instanceof AppError && e.code === 'invalid_input' && isFinal((await this.getCall({ providerSid })).status))
        return;
      throw e;
    }
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
    const sid = recordingSid ?? (await this.#currentRecordingSid(providerSid, action));
    if (sid === undefined) return;
    const form = new URLSearchParams();
    if (action === 'pause') {
      form.append('Status', 'paused');
      // Silence keeps the timeline honest: the file shows that something was withheld, and for how long.
      form.append('PauseBehavior', 'silence');
    } else {
      form.append('Status', action === 'resume' ? 'in-progress' : 'stopped');
    }
    try {
      await this.#json('POST', `/Calls/${seg(providerSid)}/Recordings/${seg(sid)}.json`, form);
    } catch (e) {
      if (!(e instanceof AppError && e.code === 'invalid_input')) throw e;
      // SignalWire refuses to touch an ended recording; stopping one is what we wanted, anything else is a state error.
      const { status } = this.#parse(recordingSchema, await this.#json('GET', `/Recordings/${seg(sid)}.json`));
      if (!ENDED_RECORDING.has(status)) throw e;
      if (action === 'stop') return;
      throw new AppError('invalid_state', 'The recording has already ended');
    }
  }

  async getCall({ providerSid }: { providerSid: string }): Promise<CallSnapshot> {
    const call = this.#parse(callSchema, await this.#json('GET', `/Calls/${seg(providerSid)}.json`));
    const snapshot: CallSnapshot = { status: call.status };
    const duration = call.duration === null || call.duration === undefined ? NaN : Number(call.duration);
    if (Number.isFinite(duration)) snapshot.durationSec = duration;
    const answeredBy = answeredByFrom(call.answered_by);
    if (answeredBy) snapshot.answeredBy = answeredBy;
    return snapshot;
  }

  async fetchRecording({ recordingSid }: { recordingSid: string }): Promise<RecordingMedia> {
    const res = await this.#send('GET', `${this.#accountBase}/Recordings/${seg(recordingSid)}`, undefined, 'audio/wav');
    if (!res.body) throw new AppError('provider_unavailable', 'SignalWire sent a recording without a body');
    const media: RecordingMedia = { contentType: res.headers.get('content-type') ?? 'audio/wav', body: res.body };
    const length = Number(res.headers.get('content-length') ?? NaN);
    if (Number.isFinite(length)) media.sizeBytes = length;
    return media;
  }

  async deleteRecording({ recordingSid }: { recordingSid: string }): Promise<void> {
    try {
      await this.#json('DELETE', `/Recordings/${seg(recordingSid)}.json`);
    } catch (e) {
      if (e instanceof AppError && e.code === 'not_found') return;
      throw e;
    }
  }

  async listNumbers(): Promise<ProviderNumber[]> {
    return (await this.#numberRecords()).map((n) =>
      n.friendly_name ? { e164: n.phone_number, friendlyName: n.friendly_name } : { e164: n.phone_number },
    );
  }

  async routeInboundCalls({ voiceUrl, statusCallbackUrl }: InboundRoute): Promise<{ numbers: number }> {
    let set = 0;
    for (const n of await this.#numberRecords()) {
      if (!n.sid) continue;
      const form = new URLSearchParams({
        VoiceUrl: voiceUrl,
        VoiceMethod: 'POST',
        StatusCallback: statusCallbackUrl,
        StatusCallbackMethod: 'POST',
      });
      await this.#json('POST', `/IncomingPhoneNumbers/${seg(n.sid)}.json`, form);
      set++;
    }
    return { numbers: set };
  }

  async #numberRecords() {
    const numbers: z.infer<typeof numbersPageSchema>['incoming_phone_numbers'] = [];
    let url: string | undefined = `${this.#accountBase}/IncomingPhoneNumbers.json?PageSize=1000`;
    for (let page = 0; url !== undefined && page < MAX_NUMBER_PAGES; page++) {
      const res: Response = await this.#send('GET', url);
      const body = this.#parse(numbersPageSchema, await res.json().catch(() => undefined));
      numbers.push(...body.incoming_phone_numbers);
      url = body.next_page_uri ? new URL(body.next_page_uri, this.#origin + '/').toString() : undefined;
    }
    return numbers;
  }

  async mintAgentToken({ agentSessionId, ttlSec }: { agentSessionId: string; ttlSec: number }): Promise<AgentToken> {
    if (!Number.isInteger(ttlSec) || ttlSec <= 0)
      throw new AppError('invalid_input', 'Token lifetime must be a positive whole number of seconds');
    const expiresAt = new Date(this.#clock.now().getTime() + ttlSec * 1000);
    const res = await this.#send('POST', `${this.#origin}/api/fabric/subscribers/tokens`, {
      contentType: 'application/json',
      // `expire_at` as Unix seconds (SignalWire's spec types it as an integer timestamp).
      body: JSON.stringify({ reference: agentSessionId, expire_at: Math.floor(expiresAt.getTime() / 1000) }),
    });
    const { token } = this.#parse(tokenSchema, await res.json().catch(() => undefined));
    return { token, expiresAt, kind: 'signalwire' };
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

  async ensureAgentResource({ name, requestUrl }: { name: string; requestUrl: string }): Promise<{ address: string }> {
    const base = `${this.#origin}/api/fabric/resources`;
    const list = this.#parse(resourceListSchema, await (await this.#send('GET', `${base}/cxml_webhooks`)).json());
    let id = list.data.find((r) => r.cxml_webhook?.primary_request_url === requestUrl)?.id;
    if (id === undefined) {
      const created = await this.#send('POST', `${base}/cxml_webhooks`, {
        contentType: 'application/json',
        body: JSON.stringify({
          name,
          used_for: 'calling',
          primary_request_url: requestUrl,
          primary_request_method: 'POST',
        }),
      });
      id = this.#parse(resourceSchema, await created.json()).id;
    }
    const addresses = this.#parse(addressListSchema, await (await this.#send('GET', `${base}/${id}/addresses`)).json());
    const audio = addresses.data[0]?.channels?.audio;
    // The address to dial is the path without its channel hint; the dial says audio itself.
    return { address: audio ? audio.split('?')[0]! : `/public/${addresses.data[0]?.name ?? name}` };
  }

  verifyWebhook(input: WebhookToVerify): boolean {
    return verifySignalWireRequest(this.#signingKey, input);
  }

  /** The call's live recording; undefined when a `stop` finds it already ended (nothing left to do). */
  async #currentRecordingSid(providerSid: string, action: RecordingAction): Promise<string | undefined> {
    const { recordings } = this.#parse(
      recordingListSchema,
      await this.#json('GET', `/Calls/${seg(providerSid)}/Recordings.json`),
    );
    const active = recordings.find((r) => r.status === 'in-progress' || r.status === 'paused');
    if (active) return active.sid;
    if (recordings.length === 0) throw new AppError('invalid_state', 'The call has no recording');
    if (action === 'stop') return undefined;
    throw new AppError('invalid_state', 'The recording has already ended');
  }

  async #json(method: string, path: string, form?: URLSearchParams): Promise<unknown> {
    const res = await this.#send(
      method,
      this.#accountBase + path,
      form && { contentType: 'application/x-www-form-urlencoded', body: form.toString() },
    );
    if (res.status === 204) return undefined;
    return res.json().catch(() => {
      throw new AppError('provider_unavailable', `SignalWire sent a malformed reply to ${method} ${path}`);
    });
  }

  /** Every request goes through here: auth, timeout, and one mapping from provider failures to our codes. */
  async #send(
    method: string,
    url: string,
    body?: { contentType: string; body: string },
    accept = 'application/json',
  ): Promise<Response> {
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        headers: {
          authorization: this.#authorization,
          accept,
          ...(body ? { 'content-type': body.contentType } : {}),
        },
        ...(body ? { body: body.body } : {}),
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
    } catch (e) {
      throw new AppError('provider_unavailable', `SignalWire is unreachable (${(e as Error).name})`);
    }
    if (res.ok) return res;
    const detail = await providerMessage(res);
    const where = `${method} ${new URL(url).pathname.replace(/\/Accounts\/[^/]+/, '/Accounts/…')}`;
    if (res.status === 404) throw new AppError('not_found', `SignalWire has no such resource (${where})`);
    if (res.status === 400 || res.status === 422)
      throw new AppError('invalid_input', `SignalWire rejected ${where}: ${detail}`);
    if (res.status === 401 || res.status === 403)
      throw new AppError('provider_unavailable', `SignalWire refused the project credentials (${res.status})`);
    throw new AppError('provider_unavailable', `SignalWire failed ${where} with ${res.status}: ${detail}`);
  }

  #parse<T>(schema: z.ZodType<T>, data: unknown): T {
    const result = schema.safeParse(data);
    if (!result.success) throw new AppError('provider_unavailable', 'SignalWire sent a reply of an unexpected shape');
    return result.data;
  }
}

function seg(sid: string): string {
  return encodeURIComponent(sid);
}

async function providerMessage(res: Response): Promise<string> {
  const text = await res.text().catch(() => '');
  try {
    const body = JSON.parse(text) as { message?: unknown; code?: unknown };
    if (typeof body.message === 'string')
      return body.code === undefined ? body.message : `${body.message} (code ${String(body.code)})`;
  } catch {
    // not JSON: fall through to the status text
  }
  return res.statusText || 'no detail';
}
