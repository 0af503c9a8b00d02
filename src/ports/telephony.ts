/**
 * The telephony port: what DialerSeat needs from a carrier, in our types only. Implemented by the SignalWire
 * adapter and by the embedded simulator; one contract suite (src/adapters/telephony-contract.ts) runs against both.
 *
 * Failures reject with an AppError: `invalid_input` (bad input, ring timeout under 15 s), `not_found` (unknown call
 * or recording), `invalid_state` (e.g. pausing a recording that does not exist), `provider_unavailable` (network,
 * credentials, provider error).
 */
import { isSipUri } from '../core/dialer/agent-audio';
import { AppError } from '../core/errors';
import { assertRingTimeout } from '../core/telephony/call-status';
import type { AnsweredBy, CallStatus } from '../core/telephony/call-status';

export type { AnsweredBy, CallStatus, Outcome } from '../core/telephony/call-status';
export { advancesStatus, isFinal, outcomeOf, statusRank } from '../core/telephony/call-status';
export type { AmdEvent, RecordingEvent, RecordingStatus, StatusEvent } from '../core/telephony/callbacks';
export { parseAmdCallback, parseRecordingCallback, parseStatusCallback } from '../core/telephony/callbacks';

/** Header carrying the webhook signature; providers that speak the Twilio dialect send the alias. */
export const SIGNATURE_HEADER = 'x-signalwire-signature';
export const SIGNATURE_HEADER_ALIAS = 'x-twilio-signature';

export type PlaceCallInput = {
  /** E.164, or a `sip:` URI for an agent's SIP address (the Compatibility API dials either). */
  to: string;
  /** E.164, one of `listNumbers()`. */
  from: string;
  /** Our call id; the adapter adds it to every callback URL's query (`callId`), so callbacks name our call. */
  callId: string;
  /** Where the provider fetches cXML once the callee answers (serve `conferenceCxml` there). */
  answerUrl: string;
  statusCallbackUrl: string;
  recordingCallbackUrl?: string;
  record: boolean;
  /** Asynchronous answering-machine detection: the result arrives at `amdCallbackUrl` without holding the call. */
  amd: boolean;
  amdCallbackUrl?: string;
  /**
   * With `amd`: the verdict on a machine waits for the end of its greeting (the beep), so a voicemail drop can play
   * into the recording at once (decision 0029). Without it a machine is reported as soon as it is recognised.
   */
  amdWaitForBeep?: boolean;
  /** Seconds of ringing before the call is given up as no-answer; at least 15 (FTC rule). */
  ringTimeoutSec: number;
};

export type RecordingAction = 'pause' | 'resume' | 'stop';

export type CallSnapshot = { status: CallStatus; durationSec?: number; answeredBy?: AnsweredBy };

export type RecordingMedia = {
  contentType: string;
  body: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>;
  sizeBytes?: number;
};

export type ProviderNumber = { e164: string; friendlyName?: string };

export type InboundRoute = { voiceUrl: string; statusCallbackUrl: string };

/** A test call into one of our numbers, as the simulator places it (the dev tools and the tests use it). */
export type SimulatedInboundCall = {
  /** The caller's number, E.164. */
  from: string;
  /** One of our numbers, E.164. */
  to: string;
  /** The key the caller presses when a menu asks for one (none: they listen and hang up). */
  pressKey?: string | null;
  /** Seconds after which the caller hangs up once connected to someone (default 60). */
  hangUpAfterSec?: number;
};

/** Only the embedded simulator can make a call come in; a real carrier's callers are real people. */
export interface InboundCallSimulator {
  placeInboundCall(input: SimulatedInboundCall): Promise<{ providerSid: string }>;
}

export type AgentToken = { token: string; expiresAt: Date; kind: 'signalwire' | 'simulator' };

export type WebhookToVerify = {
  /** The full public URL the provider called, query included; rebuild it from the configured public base URL. */
  url: string;
  /** The form fields of the body, as sent. */
  params: Record<string, string>;
  signature: string | undefined;
};

export interface Telephony {
  placeCall(input: PlaceCallInput): Promise<{ providerSid: string }>;
  /** Ends a live call (`completed` once answered, `canceled` before); a call that already ended is left as it is. */
  hangUp(input: { providerSid: string }): Promise<void>;
  /** Pause (the span becomes silence), resume or stop (the recording ends there) the call's recording. */
  setRecording(input: { providerSid: string; recordingSid?: string; action: RecordingAction }): Promise<void>;
  /** The provider's current view of a call, for reconciling calls whose callbacks never came. */
  getCall(input: { providerSid: string }): Promise<CallSnapshot>;
  /** The recording's audio; never hand the provider's URL to a browser, stream this through our own route. */
  fetchRecording(input: { recordingSid: string }): Promise<RecordingMedia>;
  /** Idempotent: a recording the provider no longer has counts as deleted. */
  deleteRecording(input: { recordingSid: string }): Promise<void>;
  listNumbers(): Promise<ProviderNumber[]>;
  /**
   * Points every number of ours at the provider to our inbound handler: the voice URL (fetched when someone calls
   * the number) and the status callback of those calls (decision 0026). Idempotent; answers how many numbers it set.
   */
  routeInboundCalls(input: InboundRoute): Promise<{ numbers: number }>;
  /** A short-lived credential for one agent session's browser leg. */
  mintAgentToken(input: { agentSessionId: string; ttlSec: number }): Promise<AgentToken>;
  /**
   * The cXML webhook resource browsers dial for their audio leg (decision 0014): found by its request URL, created
   * when missing. Answers the address to dial (e.g. `/public/dialerseat-agent`).
   */
  ensureAgentResource(input: { name: string; requestUrl: string }): Promise<{ address: string }>;
  /**
   * The cXML our answer routes serve: a lead's leg, or the agent's own line, into the agent's per-session conference.
   * With `participantCallbackUrl` the conference posts participant join and leave there (the browser leg's CallSid).
   */
  conferenceCxml(input: {
    conferenceName: string;
    record?: boolean;
    leg?: 'lead' | 'agent';
    participantCallbackUrl?: string;
  }): string;
  /**
   * The cXML our answer route serves when no agent is free to take the callee: the safe-harbor message read aloud,
   * then the call hangs up (decision 0025).
   */
  safeHarborCxml(input: { message: string }): string;
  /** An inbound caller's one-key menu (see `inboundMenuCxml` in the SignalWire adapter). */
  inboundMenuCxml(input: { prompt: string; actionUrl: string | null; noKey: string }): string;
  /** A message, then hang up. */
  sayAndHangUpCxml(text: string): string;
  /**
   * Points a live call at other cXML, fetched (signed, like every webhook) from `url`; the call leaves whatever it
   * was in (the agent's conference). A call that already ended is left as it is.
   */
  redirectCall(input: { providerSid: string; url: string }): Promise<void>;
  /** The voicemail drop (decision 0029): the recording at `audioUrl` plays, or `text` is read aloud; then hang up. */
  voicemailDropCxml(input: { audioUrl: string } | { text: string }): string;
  /** Constant-time signature check; tries the URL with and without an explicit default port. */
  verifyWebhook(input: WebhookToVerify): boolean;
}

const E164 = /^\+[1-9]\d{6,14}$/;

/** The preconditions every adapter enforces before it reaches the carrier. */
export function assertValidPlaceCall(input: PlaceCallInput): void {
  assertRingTimeout(input.ringTimeoutSec);
  const fields: Record<string, string> = {};
  if (!E164.test(input.to) && !isSipUri(input.to)) fields.to = 'not an E.164 number or SIP address';
  if (!E164.test(input.from)) fields.from = 'not an E.164 number';
  if (input.callId.trim() === '') fields.callId = 'missing';
  const urls = {
    answerUrl: input.answerUrl,
    statusCallbackUrl: input.statusCallbackUrl,
    recordingCallbackUrl: input.recordingCallbackUrl,
    amdCallbackUrl: input.amdCallbackUrl,
  };
  for (const [name, url] of Object.entries(urls)) {
    if (url !== undefined && !isHttpUrl(url)) fields[name] = 'not an absolute http(s) URL';
  }
  const bad = Object.keys(fields);
  if (bad.length > 0)
    throw new AppError('invalid_input', `Cannot place the call: ${bad.join(', ')} invalid`, { fields });
}

function isHttpUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}
