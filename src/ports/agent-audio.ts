/**
 * The agent's audio leg: how the agent gets into their per-session conference, where every lead they dial joins
 * them. One implementation per kind (src/app/dialer/agent-audio.ts picks it from the agent's choice); the dialer's
 * use-cases only ask it to connect or end the leg, and read `lineStatus` on the session to know whether it is up.
 */
import type { BrowserLegGrant } from '../core/api/dialer.types';
import type { AudioKind } from '../core/dialer/agent-audio';
import type { TeamScope } from '../core/teams/scope';

export type { AudioKind } from '../core/dialer/agent-audio';

/** What the agent chose, checked: the phone (E.164) or SIP URI to call, or the browser. */
export type AudioChoice = { kind: 'phone'; phone: string } | { kind: 'sip'; uri: string } | { kind: 'browser' };

/** The agent session's leg as stored: the choice it was made for, the provider's call and how far it got. */
export type AudioLegState = {
  id: string;
  audioKind: AudioKind;
  linePhone: string | null;
  lineSip: string | null;
  lineSid: string | null;
  lineStatus: 'none' | 'ringing' | 'connected' | 'dropped';
};

export type { BrowserLegGrant } from '../core/api/dialer.types';

export interface AgentAudio {
  readonly kind: AudioKind;
  /**
   * Brings the agent's leg toward their conference (Ready). A leg already ringing or connected for the same choice
   * is kept; one for another choice is ended first. Rejects with an AppError the agent can act on. The browser leg
   * answers what the browser needs to dial in (null when its leg is already connected).
   */
  connect(scope: TeamScope, session: AudioLegState, choice: AudioChoice): Promise<BrowserLegGrant | null>;
  /** Ends the leg (Stop); a leg that already ended is left alone. */
  end(scope: TeamScope, session: AudioLegState): Promise<void>;
}
