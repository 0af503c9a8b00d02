// What happens to a lead after a call: the campaign's retry rules and the agent's disposition decide its
// next status and when it may be dialled again. Pure: `now` comes in.

import type { CampaignWindow } from '../compliance';
import type { CallingWindow, Disposition, RetryRules } from '../campaigns/campaign';
import type { Outcome } from '../telephony/call-status';
import type { LeadStatus } from './lead-status';

/** The disposition key that also puts the number on the team's do-not-call list. */
export const DO_NOT_CALL_KEY = 'do_not_call';
/** The disposition the dialer records itself for an answering machine (AMD) and the gap it retries on. */
export const VOICEMAIL_KEY = 'voicemail';

const MINUTE = 60_000;

/** The campaign's calling window as the gate reads it (ISO days 1–7 become 0 = Sunday … 6). */
export function campaignWindowOf(window: CallingWindow): CampaignWindow | null {
  if (window.rule === 'legal') return null;
  const minutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
  return { startMinutes: minutes(window.start), endMinutes: minutes(window.end), days: window.days.map((d) => d % 7) };
}

/** Minutes to wait after a call that ended this way before trying again. */
export function retryGapMinutes(rules: RetryRules, outcome: Outcome | 'voicemail'): number {
  switch (outcome) {
    case 'busy':
      return rules.minGapMinutes.busy;
    case 'machine':
    case 'voicemail':
      return rules.minGapMinutes.voicemail;
    default:
      // No answer, failed, cancelled, or a person the agent marked for retry: the no-answer gap.
      return rules.minGapMinutes.no_answer;
  }
}

export type LeadAfterCall = {
  status: LeadStatus;
  nextAttemptAt: Date | null;
  callbackAt: Date | null;
  /** The agent a callback belongs to. */
  callbackUserId: string | null;
  /** Whether the number goes on the team's DNC list. */
  addToDnc: boolean;
};

/**
 * The lead's next state after the agent's disposition. `attempts` already counts this call (the dial
 * counted it). A disposition that is neither final nor retried is a callback and needs a time; a retry
 * past the campaign's attempts is exhausted.
 */
export function leadAfterDisposition(input: {
  disposition: Disposition;
  outcome: Outcome | null;
  rules: RetryRules;
  attempts: number;
  callbackAt: Date | null;
  agentUserId: string;
  now: Date;
}): LeadAfterCall {
  const { disposition, rules, attempts, now } = input;
  const done = (status: LeadStatus, addToDnc = false): LeadAfterCall => ({
    status,
    nextAttemptAt: null,
    callbackAt: null,
    callbackUserId: null,
    addToDnc,
  });
  if (disposition.key === DO_NOT_CALL_KEY) return done('done', true);
  if (input.callbackAt !== null) {
    return {
      status: 'callback',
      nextAttemptAt: null,
      callbackAt: input.callbackAt,
      callbackUserId: input.agentUserId,
      addToDnc: false,
    };
  }
  if (disposition.final) return done('done');
  if (!disposition.retry)
    throw new RangeError(`disposition "${disposition.key}" schedules a callback and needs a callback time`);
  if (attempts >= rules.maxAttempts) return done('exhausted');
  const gap = retryGapMinutes(rules, disposition.key === VOICEMAIL_KEY ? 'voicemail' : (input.outcome ?? 'no_answer'));
  return {
    status: 'retry',
    nextAttemptAt: new Date(now.getTime() + gap * MINUTE),
    callbackAt: null,
    callbackUserId: null,
    addToDnc: false,
  };
}

/** True when the disposition can only be recorded with a callback time (neither final nor retried). */
export function needsCallbackTime(disposition: Disposition): boolean {
  return !disposition.final && !disposition.retry && disposition.key !== DO_NOT_CALL_KEY;
}

/** A dialled lead is not due again for at least this long, whatever the retry gap: its call may still be running. */
export const MIN_PROVISIONAL_GAP_MINUTES = 30;

/**
 * A lead's provisional next attempt, written when it is dialled, so a call that is never dispositioned (agent
 * gone, browser closed) still follows the retry rules rather than coming straight back — and never before
 * MIN_PROVISIONAL_GAP_MINUTES, so a lead whose reservation lapsed mid-call is not dialled a second time.
 */
export function provisionalNextAttempt(rules: RetryRules, now: Date): Date {
  return new Date(now.getTime() + Math.max(rules.minGapMinutes.no_answer, MIN_PROVISIONAL_GAP_MINUTES) * MINUTE);
}
