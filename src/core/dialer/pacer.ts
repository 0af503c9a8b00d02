// The predictive pacer's decision: how many lines a campaign should have ringing, from its live measurements,
// and so how many to dial now. Pure: the loop (src/app/dialer) gathers the numbers and acts on the answer.
//
// Model. A line dialled now is answered by a person (answer rate × human share after AMD) about
// `secondsToAnswer` later. By then the ready agents are still there and each busy agent has freed up with the
// probability its talk + wrap-up distribution gives for the time already spent. Lines whose person finds no agent
// are abandoned. The pacer takes the most lines whose expected abandons stay within the share the governor allows
// (src/core/compliance/abandon-governor.ts), then caps them twice: by max lines per agent, and by the governor's
// worst case (even if every line beyond the ready agents were abandoned, the period stays ≤ 3 %).
// An agent whose call has ended and who is wrapping up frees far more predictably than the talk + wrap-up
// distribution says of a busy agent: when the caller passes the agents in wrap-up separately (optional `wrapUp`),
// their chance comes from the campaign's wrap-up time and the seconds already spent wrapping up.
// With too few agents or too few measurements the campaign runs progressive (one line per ready agent) and says
// why and what would bring pacing back.

import type { AbandonCounts } from '../compliance/abandon-rate';
import { SAFE_HARBOR } from '../compliance/abandon-rate';
import { governAbandons, type Governor, type GovernorState } from '../compliance/abandon-governor';
import { freeWithin, type LogNormal } from './talk-time';

/** Below this many working agents (ready or on a call) pacing is too noisy to be safe (vendors say 10+). */
export const MIN_PREDICTIVE_AGENTS = 10;
/** Dial outcomes needed before the answer rate is trusted. */
export const MIN_MEASURED_DIALS = 50;
/** Unanswered lines ring this long: above the 15 s (4 rings) the safe harbor asks for. */
export const PACER_RING_TIMEOUT_SECONDS = 20;
/** Used until the campaign has answered calls of its own. */
export const DEFAULT_SECONDS_TO_ANSWER = 12;
export const MIN_LINES_PER_AGENT = 1;
export const MAX_LINES_PER_AGENT = 5;

export type PacerInput = {
  readonly now: Date;
  readonly settings: { readonly maxLinesPerAgent: number; readonly targetBp: number };
  readonly agents: {
    /** Ready and waiting for a person. */
    readonly ready: number;
    /** For each agent on a call or in wrap-up: seconds busy so far. */
    readonly busyElapsedSeconds: readonly number[];
  };
  /**
   * Optional: the agents in wrap-up after a call, each's seconds into wrap-up, and the campaign's wrap-up time.
   * When given, these agents are not in `agents.busyElapsedSeconds` (which then lists agents on a call only).
   */
  readonly wrapUp?: {
    readonly elapsedSeconds: readonly number[];
    readonly time: LogNormal;
  };
  /** Lines this campaign has ringing that no person has answered yet. */
  readonly linesInFlight: number;
  /** The campaign's recent dial outcomes. */
  readonly measured: {
    readonly dialled: number;
    readonly answered: number;
    /** Answers judged human (AMD on) or all answers (AMD off). */
    readonly humanAnswered: number;
    /** Mean ring seconds of answered calls, null when none. */
    readonly secondsToAnswer: number | null;
    readonly busyTime: LogNormal;
  };
  readonly period: {
    readonly counts: AbandonCounts;
    /** Counts over the rolling 30 days (governorRollingWindow), held to the same cap. */
    readonly rollingCounts: AbandonCounts;
    readonly endsAt: Date;
    readonly previousState: GovernorState;
  };
};

export type FallbackReason = 'too_few_agents' | 'measuring' | 'budget_spent' | 'period_ending' | 'at_target';

export type PacerDecision = {
  readonly mode: 'predictive' | 'progressive';
  /** Lines to start now. */
  readonly dial: number;
  /** Lines the campaign should have ringing after this decision. */
  readonly lines: number;
  /** Expected abandons per human answer at `lines` (0 when no line can go unmatched). */
  readonly expectedAbandonShare: number;
  readonly governor: Governor;
  /** Why the campaign runs progressive, and what brings pacing back; null in predictive. */
  readonly fallback: null | {
    readonly reason: FallbackReason;
    readonly agentsNeeded: number | null;
    readonly dialsNeeded: number | null;
    readonly answersNeeded: number | null;
    readonly resumesBy: Date | null;
  };
};

export function decidePacing(input: PacerInput): PacerDecision {
  const { settings, agents, linesInFlight, measured, period, now } = input;
  const maxLines = settings.maxLinesPerAgent;
  if (!Number.isInteger(maxLines) || maxLines < MIN_LINES_PER_AGENT || maxLines > MAX_LINES_PER_AGENT) {
    throw new RangeError(`decidePacing: max lines per agent ${maxLines} is outside 1…5`);
  }
  const governor = governAbandons({
    counts: period.counts,
    rollingCounts: period.rollingCounts,
    targetBp: settings.targetBp,
    previous: period.previousState,
    now,
    periodEndsAt: period.endsAt,
    lineLifeMs: (PACER_RING_TIMEOUT_SECONDS + SAFE_HARBOR.connectWithinSeconds) * 1000,
  });
  const ready = agents.ready;
  const wrapping = input.wrapUp?.elapsedSeconds ?? [];
  const working = ready + agents.busyElapsedSeconds.length + wrapping.length;
  const progressive = (fallback: NonNullable<PacerDecision['fallback']>): PacerDecision => ({
    mode: 'progressive',
    dial: Math.max(0, ready - linesInFlight),
    lines: Math.max(ready, linesInFlight),
    expectedAbandonShare: 0,
    governor,
    fallback,
  });
  const none = { agentsNeeded: null, dialsNeeded: null, answersNeeded: null, resumesBy: null };

  if (working < MIN_PREDICTIVE_AGENTS)
    return progressive({ ...none, reason: 'too_few_agents', agentsNeeded: MIN_PREDICTIVE_AGENTS - working });
  if (measured.dialled < MIN_MEASURED_DIALS)
    return progressive({ ...none, reason: 'measuring', dialsNeeded: MIN_MEASURED_DIALS - measured.dialled });
  if (governor.blocked)
    return progressive({
      ...none,
      reason: governor.blocked.reason,
      answersNeeded: governor.blocked.answersNeeded,
      resumesBy: governor.blocked.resumesBy,
    });

  // Laplace-smoothed: a run of no answers never makes the chance zero (which would mean "dial without end").
  const humanChance = (measured.humanAnswered + 1) / (measured.dialled + 2);
  const horizon = measured.secondsToAnswer ?? DEFAULT_SECONDS_TO_ANSWER;
  const freeing = freeingAgentsPmf([
    ...agents.busyElapsedSeconds.map((e) => freeWithin(measured.busyTime, e, horizon)),
    ...wrapping.map((e) => freeWithin(input.wrapUp!.time, e, horizon)),
  ]);
  const ceiling = Math.min(maxLines * working, ready + governor.maxUnmatchedLines);

  let lines = ready;
  let share = 0;
  for (let l = ready + 1; l <= ceiling; l++) {
    const s = expectedAbandons(l, humanChance, ready, freeing) / (l * humanChance);
    if (s > governor.riskShare) break;
    lines = l;
    share = s;
  }
  return {
    mode: 'predictive',
    dial: Math.max(0, lines - linesInFlight),
    lines: Math.max(lines, linesInFlight),
    expectedAbandonShare: share,
    governor,
    fallback: null,
  };
}

/** Distribution of how many busy agents free up, each with its own chance (Poisson-binomial). */
export function freeingAgentsPmf(chances: readonly number[]): number[] {
  let pmf = [1];
  for (const q of chances) {
    const next: number[] = Array.from({ length: pmf.length + 1 }, () => 0);
    pmf.forEach((p, k) => {
      next[k]! += p * (1 - q);
      next[k + 1]! += p * q;
    });
    pmf = next;
  }
  return pmf;
}

/** E[max(0, people − agents)] for `lines` lines each reaching a person with `chance` (0 < chance < 1). */
export function expectedAbandons(lines: number, chance: number, ready: number, freeing: readonly number[]): number {
  if (!(chance > 0 && chance < 1)) throw new RangeError(`expectedAbandons: chance ${chance} is outside (0, 1)`);
  // The binomial in logs: (1 − chance)^lines underflows to 0 for many lines, which would read as "no people".
  const odds = Math.log(chance / (1 - chance));
  let logP = lines * Math.log1p(-chance);
  let expected = 0;
  for (let x = 0; x <= lines; x++) {
    if (x > ready) {
      const pX = Math.exp(logP);
      for (let y = 0; y < freeing.length && ready + y < x; y++) expected += pX * freeing[y]! * (x - ready - y);
    }
    logP += Math.log((lines - x) / (x + 1)) + odds;
  }
  return expected;
}
