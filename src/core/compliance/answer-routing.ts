// What a callee gets the moment they answer (decision 0025): their agent, or — when no agent is on the line to take
// them — the safe-harbor message, which makes the call an abandoned one. Pure: the caller reads the agent's session
// and the campaign's settings and stores the verdict with its time.

import { renderSafeHarbor } from './safe-harbor-template';

/** The agent's dialing session as the answer finds it. */
export type AnsweringSession = {
  state: string;
  /** The call the session is on; null in the instant between the dial and its recording on the session. */
  callId: string | null;
  lineStatus: string;
};

export type AnswerVerdict = { kind: 'connect' } | { kind: 'safe_harbor'; reason: SafeHarborReason; message: string };

export type SafeHarborReason = 'no_agent_session' | 'agent_left' | 'agent_on_other_call' | 'agent_line_down';

/** The states in which an agent is waiting on this call: it was dialled for them and they have not moved on. */
const WAITING_STATES: ReadonlySet<string> = new Set(['dialing', 'on_call']);

export function routeAnswer(input: {
  callId: string;
  session: AnsweringSession | null;
  /** On a real carrier the agent hears the callee only through their own line (decision 0009). */
  lineRequired: boolean;
  /** The campaign's seller and call-back number, each falling back to the team's name and the caller ID dialled. */
  seller: string;
  callbackNumber: string;
  /** The campaign's wording; empty for the default. */
  template?: string;
  teamName: string;
  callerId: string;
}): AnswerVerdict {
  const reason = absence(input);
  if (reason === null) return { kind: 'connect' };
  return { kind: 'safe_harbor', reason, message: safeHarborWords(input) };
}

/** The message's words: the campaign's seller and number, else the team's name and the caller ID that rang them. */
export function safeHarborWords(input: {
  seller: string;
  callbackNumber: string;
  template?: string;
  teamName: string;
  callerId: string;
}): string {
  const seller = input.seller.trim() || input.teamName.trim();
  const number = input.callbackNumber.trim() || input.callerId;
  return renderSafeHarbor(input.template ?? '', seller, number);
}

function absence(input: Parameters<typeof routeAnswer>[0]): SafeHarborReason | null {
  const { session } = input;
  if (session === null) return 'no_agent_session';
  if (!WAITING_STATES.has(session.state)) return 'agent_left';
  if (session.callId !== null && session.callId !== input.callId) return 'agent_on_other_call';
  if (input.lineRequired && session.lineStatus !== 'connected') return 'agent_line_down';
  return null;
}
