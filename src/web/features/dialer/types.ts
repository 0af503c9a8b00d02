// The dialer API's JSON shapes as the browser receives them (dates are ISO strings). The value sets (agent states,
// dial modes, call statuses) are core's own, so the screen cannot drift from what the server sends.
import type { DialMode } from '../../../core/campaigns/campaign';
import type { AgentState } from '../../../core/dialer/agent-state';
import { isFinal, type CallStatus } from '../../../core/telephony/call-status';

export type { AgentState, DialMode };
export type Disposition = { key: string; label: string; final: boolean; retry: boolean };

export type LeadOnScreen = {
  id: string;
  firstName: string | null;
  lastName: string | null;
  phone: string;
  email: string | null;
  address: string | null;
  city: string | null;
  state: string | null;
  zip: string | null;
  custom: Record<string, string>;
  notes: string | null;
  attempts: number;
  lastDisposition: string | null;
  timezones: string[];
  zone: string | null;
  localTime: string | null;
  callbackAt: string | null;
  script: string;
  consent: 'all_party' | 'one_party';
};

export type CallOnScreen = {
  id: string;
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
  /** The agent's own phone line: needed on a real carrier, not on the simulator. */
  line: { required: boolean; phone: string | null; status: 'none' | 'ringing' | 'connected' | 'dropped' };
  serverTime: string;
};

export type NextLeadResponse = DialerState & { exhausted: boolean; denied: { leadId: string; reasons: string[] }[] };
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
