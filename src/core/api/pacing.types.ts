// What the predictive pacer would decide for a campaign right now, from its live measurements (decisions 0015, 0025),
// as the campaign overview shows it. Dates are ISO strings on the wire (see the Response type).

import type { FallbackReason } from '../dialer/pacer';
import type { GovernorState } from '../compliance/abandon-governor';

export type PacingStatus = {
  /** Predictive: lines beyond the ready agents are allowed; progressive: one line per ready agent, and why. */
  mode: 'predictive' | 'progressive';
  /** Lines the campaign should have ringing now, and those it has. */
  lines: number;
  linesInFlight: number;
  readyAgents: number;
  workingAgents: number;
  governor: GovernorState;
  /** Expected abandons per live answer at `lines`. */
  expectedAbandonShare: number;
  fallback: null | {
    reason: FallbackReason;
    agentsNeeded: number | null;
    dialsNeeded: number | null;
    answersNeeded: number | null;
    resumesBy: Date | null;
  };
};

export type PacingStatusResponse = Omit<PacingStatus, 'fallback'> & {
  fallback: null | (Omit<NonNullable<PacingStatus['fallback']>, 'resumesBy'> & { resumesBy: string | null });
};

/**
 * What an agent's screen shows of a predictive campaign (decision 0028): the period's legal abandon rate (null when
 * no live answer carries the records yet), the lines ringing, and the pacer's mode with why it holds back.
 */
export type AgentPacing = {
  abandonRate: number | null;
  targetBp: number;
  pacing: PacingStatus;
};

export type AgentPacingResponse = Omit<AgentPacing, 'pacing'> & { pacing: PacingStatusResponse };
