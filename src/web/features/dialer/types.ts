// The dialer API's JSON shapes as the browser receives them (dates are ISO strings). The value sets (agent states,
// dial modes, call statuses) are core's own, so the screen cannot drift from what the server sends.
import type {
  AgentAudioLine,
  BrowserLegGrantResponse,
  LeadOnScreenResponse,
  WaitingLeadsResponse,
} from '../../../core/api/dialer.types';
import type { AgentPacingResponse } from '../../../core/api/pacing.types';
import type { DialMode } from '../../../core/campaigns/campaign';
import type { AgentState } from '../../../core/dialer/agent-state';
import { isFinal, type CallStatus } from '../../../core/telephony/call-status';

export type { AgentState, DialMode };
export type Disposition = { key: string; label: string; final: boolean; retry: boolean };

export type LeadOnScreen = LeadOnScreenResponse;

export type CallOnScreen = {
  id: string;
  /** Inbound: the lead called us; absent in older pushes means outbound. */
  direction?: 'outbound' | 'inbound';
  dialedNumber?: string;
  status: CallStatus;
  outcome: string | null;
  amdResult: string | null;
  queuedAt: string;
  ringingAt: string | null;
  answeredAt: string | null;
  endedAt: string | null;
  durationSec: number | null;
  recording: { status: string; durationSec: number | null; expiresAt: string } | null;
};

export type DialerCampaign = {
  id: string;
  name: string;
  dialMode: DialMode;
  retryRules: { maxAttempts: number };
  dispositions: Disposition[];
  recordingEnabled: boolean;
  recordingDisclosure: string;
  amd: boolean;
};

export type DialerState = {
  state: AgentState;
  since: string | null;
  note: string | null;
  campaign: DialerCampaign | null;
  lead: LeadOnScreen | null;
  call: CallOnScreen | null;
  heartbeatIntervalMs: number;
  /** The agent's own audio leg: needed on a real carrier, not on the simulator. */
  line: AgentAudioLine;
  serverTime: string;
  /** Predictive campaigns only: the live abandon rate, lines ringing and the pacer's mode. */
  pacing?: AgentPacingResponse | null;
  /** On a call: the name of the campaign's voicemail drop message, if one is chosen (the V key leaves it). */
  dropMessage?: string | null;
};

/** Why nothing in the campaign may be called now, as Next reports it (times are ISO instants). */
export type WaitingLeads = WaitingLeadsResponse;

export type NextLeadResponse = DialerState & {
  exhausted: boolean;
  denied: { leadId: string; reasons: string[] }[];
  /** Present when exhausted (older servers omit it). */
  waiting?: WaitingLeads | null;
};
/** Go Ready's answer: the state, and the browser leg's dial-in when the agent chose the browser. */
export type ReadyResponse = DialerState & { browserLeg?: BrowserLegGrantResponse };

export type DialResponse = DialerState & ({ ok: true } | { ok: false; reason: string; message: string });

export const stateLabels: Record<AgentState, string> = {
  ready: 'Ready',
  dialing: 'Dialing',
  on_call: 'On call',
  wrap_up: 'Wrap-up',
  paused: 'Not ready',
  offline: 'Offline',
};

export function isCallOver(status: CallStatus): boolean {
  return isFinal(status);
}

/** What the agent's screen calls the call's progress. */
export function callPhase(call: CallOnScreen): 'dialing' | 'ringing' | 'connected' | 'ended' {
  if (isCallOver(call.status)) return 'ended';
  if (call.status === 'in-progress') return 'connected';
  return call.status === 'ringing' ? 'ringing' : 'dialing';
}

/** The V key and its button: an answered outbound call, in a campaign with a chosen drop message. */
export function canDropVoicemail(call: CallOnScreen | null, dropMessage: string | null | undefined): boolean {
  return !!call && !!dropMessage && call.direction !== 'inbound' && callPhase(call) === 'connected';
}

export function formatDuration(totalSec: number): string {
  const s = Math.max(0, Math.floor(totalSec));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const mm = String(m).padStart(h > 0 ? 2 : 1, '0');
  return `${h > 0 ? `${h}:` : ''}${mm}:${String(sec).padStart(2, '0')}`;
}

/** The notice after Next passed over leads outside calling hours, its verb agreeing with the count. */
export function setAsideNotice(count: number): string {
  return count === 1
    ? '1 lead outside calling hours was set aside until allowed.'
    : `${count} leads outside calling hours were set aside until allowed.`;
}

const leadsText = (n: number) => `${n} lead${n === 1 ? '' : 's'}`;

/**
 * Why nothing may be called and when that changes, one sentence per reason, times in the agent's own time zone
 * (`timeZone` only for tests).
 */
export function waitingLines(w: WaitingLeads, timeZone?: string): string[] {
  const at = (iso: string) =>
    new Date(iso).toLocaleString('en-US', { weekday: 'short', hour: 'numeric', minute: '2-digit', timeZone });
  const lines: string[] = [];
  if (w.hours.leads > 0)
    lines.push(
      `${leadsText(w.hours.leads)} ${w.hours.leads === 1 ? 'waits' : 'wait'} for calling hours` +
        (w.hours.next ? `; ${w.hours.next.zone.replace(/_/g, ' ')} opens first, at ${at(w.hours.next.at)}.` : '.'),
    );
  if (w.retries.leads > 0)
    lines.push(
      `${leadsText(w.retries.leads)} ${w.retries.leads === 1 ? 'waits' : 'wait'} for the retry gap` +
        (w.retries.nextAt ? `; the next is due at ${at(w.retries.nextAt)}.` : '.'),
    );
  if (w.callbacks.leads > 0)
    lines.push(
      `${w.callbacks.leads} callback${w.callbacks.leads === 1 ? ' is' : 's are'} booked for later` +
        (w.callbacks.nextAt ? `; the first at ${at(w.callbacks.nextAt)}.` : '.'),
    );
  if (w.attemptLimit.leads > 0)
    lines.push(
      `${leadsText(w.attemptLimit.leads)} ${w.attemptLimit.leads === 1 ? 'has' : 'have'} reached the campaign's attempt limit.`,
    );
  if (w.other > 0)
    lines.push(
      `${leadsText(w.other)} ${w.other === 1 ? 'is' : 'are'} on another agent's screen or held back by a state or campaign rule.`,
    );
  if (lines.length === 0) lines.push('No leads are left to call in this campaign.');
  return lines;
}
