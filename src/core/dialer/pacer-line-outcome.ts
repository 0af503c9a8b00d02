// What the system writes for a pacer line nobody dispositioned (a campaign call placed for no agent that ended
// without one: no answer, busy, failed, a machine, or a person who got the safe-harbor message). Pure: the same
// disposition an agent would pick for that outcome, so the lead follows the campaign's retry rules exactly as after
// an agent's call.

import type { Disposition } from '../campaigns/campaign';
import type { Outcome } from '../telephony/call-status';
import { VOICEMAIL_KEY } from './retry';

/** The disposition key an unanswered line is given when the campaign has it. */
export const NO_ANSWER_KEY = 'no_answer';

export type PacerLineEnd = {
  /** The call's outcome; null when it never reached the carrier (closed as not placed). */
  outcome: Outcome | null;
  /** Set when the callee answered and got the safe-harbor message: the call was abandoned. */
  safeHarborAt: Date | null;
};

export type PacerLineDisposition = {
  disposition: Disposition;
  /** The outcome the retry gap is chosen by (busy → the busy gap, a machine → the voicemail gap …). */
  outcome: Outcome;
  notes: string;
};

const NOTES: Record<'abandoned' | Outcome, string> = {
  abandoned: 'Abandoned: nobody was free, the safe-harbor message played; dispositioned by the system',
  machine: 'Answering machine on a pacer line: dispositioned by the system',
  human: 'Answered on a pacer line without an agent: dispositioned by the system',
  busy: 'Busy: dispositioned by the system',
  no_answer: 'No answer: dispositioned by the system',
  failed: 'The call failed: dispositioned by the system',
  canceled: 'The call was cancelled: dispositioned by the system',
};

/**
 * The disposition for an ended pacer line: Voicemail for a machine (as the AMD path writes), No answer for the rest
 * (an abandoned person included: they are called again under the no-answer gap), each falling back to the
 * campaign's first retried disposition. A campaign with no retried disposition at all still gets a retried one
 * under the standard key: nobody spoke to the lead, so it must never end as if an agent had closed it.
 */
export function pacerLineDisposition(end: PacerLineEnd, dispositions: readonly Disposition[]): PacerLineDisposition {
  const outcome: Outcome = end.outcome ?? 'failed';
  const wanted = outcome === 'machine' ? VOICEMAIL_KEY : NO_ANSWER_KEY;
  const disposition = dispositions.find((d) => d.key === wanted) ??
    dispositions.find((d) => d.retry) ?? {
      key: wanted,
      label: outcome === 'machine' ? 'Voicemail' : 'No answer',
      final: false,
      retry: true,
    };
  const abandoned = end.safeHarborAt !== null && outcome !== 'machine';
  return { disposition, outcome, notes: NOTES[abandoned ? 'abandoned' : outcome] };
}
