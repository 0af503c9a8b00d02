/**
 * Provider callbacks (form-encoded, SignalWire's field names) turned into our event types. Both telephony
 * adapters send these exact fields, so one parser serves the real carrier and the simulator. Call only after
 * the signature was verified; a malformed callback throws `invalid_input`.
 */
import { AppError } from '../errors';
import { answeredByFrom, isCallStatus, type AnsweredBy, type CallStatus } from './call-status';

/** Our call id rides in the query of every URL we hand the provider, so each callback names its call. */
export const CALL_ID_PARAM = 'callId';

export function withCallId(url: string, callId: string): string {
  const u = new URL(url);
  u.searchParams.set(CALL_ID_PARAM, callId);
  return u.toString();
}

export function callIdFromUrl(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    return new URL(url).searchParams.get(CALL_ID_PARAM) ?? undefined;
  } catch {
    return undefined;
  }
}

type Params = Readonly<Record<string, string | undefined>>;

export type StatusEvent = {
  /** Idempotency key for webhook_events: the same status for the same call is one event. */
  eventKey: string;
  providerSid: string;
  callId?: string;
  status: CallStatus;
  sequenceNumber?: number;
  timestamp?: Date;
  durationSec?: number;
  answeredBy?: AnsweredBy;
  from?: string;
  to?: string;
  recordingSid?: string;
};

export const recordingStatuses = ['in-progress', 'completed', 'absent', 'failed'] as const;
export type RecordingStatus = (typeof recordingStatuses)[number];

export type RecordingEvent = {
  eventKey: string;
  providerSid: string;
  callId?: string;
  recordingSid: string;
  status: RecordingStatus;
  durationSec?: number;
  channels?: number;
};

export type AmdEvent = {
  eventKey: string;
  providerSid: string;
  callId?: string;
  answeredBy: AnsweredBy;
  detectionMs?: number;
};

/** `url` is the full URL the provider called; our call id is read from its query. */
export function parseStatusCallback(params: Params, url?: string): StatusEvent {
  const providerSid = required(params, 'CallSid');
  const raw = required(params, 'CallStatus');
  if (!isCallStatus(raw)) throw invalid('CallStatus', `unknown call status "${raw}"`);
  return compact({
    eventKey: `${providerSid}:${raw}`,
    providerSid,
    callId: callIdFromUrl(url),
    status: raw,
    sequenceNumber: wholeNumber(params, 'SequenceNumber'),
    timestamp: date(params, 'Timestamp'),
    durationSec: wholeNumber(params, 'CallDuration'),
    answeredBy: answeredByFrom(params.AnsweredBy),
    from: optional(params, 'From'),
    to: optional(params, 'To'),
    recordingSid: optional(params, 'RecordingSid'),
  });
}

export function parseRecordingCallback(params: Params, url?: string): RecordingEvent {
  const providerSid = required(params, 'CallSid');
  const recordingSid = required(params, 'RecordingSid');
  const raw = required(params, 'RecordingStatus');
  if (!(recordingStatuses as readonly string[]).includes(raw))
    throw invalid('RecordingStatus', `unknown recording status "${raw}"`);
  const status = raw as RecordingStatus;
  return compact({
    eventKey: `${recordingSid}:${status}`,
    providerSid,
    callId: callIdFromUrl(url),
    recordingSid,
    status,
    durationSec: wholeNumber(params, 'RecordingDuration'),
    channels: wholeNumber(params, 'RecordingChannels'),
  });
}

/** The async answering-machine-detection result. */
export function parseAmdCallback(params: Params, url?: string): AmdEvent {
  const providerSid = required(params, 'CallSid');
  const answeredBy = answeredByFrom(params.AnsweredBy);
  if (answeredBy === undefined) throw invalid('AnsweredBy', 'missing');
  return compact({
    eventKey: `${providerSid}:amd`,
    providerSid,
    callId: callIdFromUrl(url),
    answeredBy,
    detectionMs: wholeNumber(params, 'MachineDetectionDuration'),
  });
}

function invalid(field: string, why: string): AppError {
  return new AppError('invalid_input', `Malformed provider callback: ${field} ${why}`, { fields: { [field]: why } });
}

function optional(params: Params, name: string): string | undefined {
  const v = params[name];
  return v === undefined || v === '' ? undefined : v;
}

function required(params: Params, name: string): string {
  const v = optional(params, name);
  if (v === undefined) throw invalid(name, 'missing');
  return v;
}

function wholeNumber(params: Params, name: string): number | undefined {
  const v = optional(params, name);
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v)) throw invalid(name, `not a whole number: "${v}"`);
  return Number(v);
}

function date(params: Params, name: string): Date | undefined {
  const v = optional(params, name);
  if (v === undefined) return undefined;
  const d = new Date(v);
  if (Number.isNaN(d.getTime())) throw invalid(name, `not a date: "${v}"`);
  return d;
}

// Drops undefined keys so events compare and serialise cleanly.
function compact<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
