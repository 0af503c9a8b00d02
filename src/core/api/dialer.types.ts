import type { AudioKind } from '../dialer/agent-audio';
import type { WaitingSummary } from '../dialer/waiting-leads';

/** A response shape as the browser receives it: every Date serialised as an ISO string. */
type AsJson<T> = T extends Date ? string : T extends object ? { [K in keyof T]: AsJson<T[K]> } : T;

/** Why nothing in the campaign may be called now, as Next reports it when exhausted. */
export type WaitingLeadsResponse = AsJson<WaitingSummary>;

/** The lead on the agent's screen, as the server builds it (dialer-context) and, through AsJson, as the browser reads it. */
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
  callbackAt: Date | null;
  script: string;
  consent: 'all_party' | 'one_party';
};

export type LeadOnScreenResponse = AsJson<LeadOnScreen>;

/**
 * The agent's own audio leg on the dialer screen: needed on a real carrier, not on the simulator. `kind` is the
 * agent's remembered choice, `kinds` what this installation offers, `phone`/`sip` what they gave last.
 */
export type AgentAudioLine = {
  required: boolean;
  kind: AudioKind;
  kinds: AudioKind[];
  phone: string | null;
  sip: string | null;
  status: 'none' | 'ringing' | 'connected' | 'dropped';
};

/** What the agent sends to go Ready: the campaign and, on a real carrier, how they talk to leads. */
export type GoReadyRequest = {
  campaignId: string;
  audioKind?: AudioKind;
  linePhone?: string;
  sipAddress?: string;
};

/**
 * Only in Go Ready's answer, when the agent chose the browser: a subscriber token (never project credentials) and the
 * one-time address to dial into their conference.
 */
export type BrowserLegGrant = { token: string; expiresAt: Date; dialAddress: string };
export type BrowserLegGrantResponse = AsJson<BrowserLegGrant>;

/** A fresh subscriber token for the browser leg already dialled (refreshed before the old one runs out). */
export type BrowserLegTokenResponse = AsJson<Pick<BrowserLegGrant, 'token' | 'expiresAt'>>;
