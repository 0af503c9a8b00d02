// The abandon governor: from a campaign's counts in the current legal period it says how much abandon risk the
// pacer may take now. Two layers:
// - the law, exactly: the lines that could go unmatched never exceed the worst-case headroom under 3 %, and none
//   may ring across into the next period (which starts from nothing). The law's measure is successive 30-day
//   periods from the campaign's start; the rolling last 30 days are held to the same cap at every decision, so
//   the campaign is inside the safe harbor on either reading (decision 0015);
// - the campaign's target (default 2.5 %): the pacer aims at it while the period is comfortably below, aims lower
//   as the period approaches it, and stops pacing ahead at it. Each step back up needs the rate to fall a band
//   below the line that caused the step down (hysteresis), so a rate sitting on a line does not flip every tick.

import { abandonRate, answersUntilHeadroom, worstCaseHeadroom, type AbandonCounts } from './abandon-rate';
import { SAFE_HARBOR } from './abandon-rate';

export const governorStates = ['open', 'throttled', 'closed'] as const;
export type GovernorState = (typeof governorStates)[number];

/** Target abandon rates are kept in basis points (1 bp = 0.01 %) so the arithmetic stays in integers. */
export const DEFAULT_TARGET_BP = 250;
export const MAX_TARGET_BP = SAFE_HARBOR.maxAbandonPercent * 100;

/** The pacer starts aiming lower at this many tenths of the target … */
export const APPROACH_TENTHS = 8;
/** … and a state is left only once the rate is this many tenths of the target below the line that entered it. */
export const HYSTERESIS_TENTHS = 1;
/** While throttled the pacer accepts this share of the target as its expected abandon share. */
export const THROTTLED_RISK_SHARE = 0.5;

export type GovernorInput = {
  /** Counts of the current period (see abandonPeriod), abandons included in liveAnswered. */
  readonly counts: AbandonCounts;
  /** Counts over the rolling 30 days as they will stand when lines dialled now resolve (see governorRollingWindow). */
  readonly rollingCounts: AbandonCounts;
  readonly targetBp: number;
  /** The state the previous decision left; the first decision of a campaign passes 'open'. */
  readonly previous: GovernorState;
  readonly now: Date;
  readonly periodEndsAt: Date;
  /** The longest a line dialled now can take to be answered and matched (ring timeout + the 2 s). */
  readonly lineLifeMs: number;
};

export type Governor = {
  readonly state: GovernorState;
  /** The period's rate, abandoned ÷ live-answered (0 with nothing answered). */
  readonly rate: number;
  /** The same over the rolling 30 days. */
  readonly rollingRate: number;
  /** Expected abandons per live answer the pacer may plan for now (0 … target). */
  readonly riskShare: number;
  /** Lines that may be in flight beyond the ready agents: even if all of them were abandoned, the period stays ≤ 3 %. */
  readonly maxUnmatchedLines: number;
  /** Why no line may go unmatched now, and what would change it; null while some may. */
  readonly blocked: null | {
    readonly reason: 'budget_spent' | 'period_ending' | 'at_target';
    /** More live answers connected to agents that would free a line (budget_spent only). */
    readonly answersNeeded: number | null;
    /** When a fresh period begins; null when the rolling 30 days bind (they free up as old calls age out). */
    readonly resumesBy: Date | null;
  };
};

export function governAbandons(input: GovernorInput): Governor {
  const { counts, rollingCounts, targetBp, previous, now, periodEndsAt, lineLifeMs } = input;
  if (!Number.isInteger(targetBp) || targetBp < 0 || targetBp > MAX_TARGET_BP) {
    throw new RangeError(`governAbandons: target ${targetBp} bp is outside 0…${MAX_TARGET_BP}`);
  }
  const { rate } = abandonRate(counts);
  const { rate: rollingRate } = abandonRate(rollingCounts);
  const target = targetBp / 10_000;
  const rank = { open: 0, throttled: 1, closed: 2 } as const;
  const byPeriod = nextState(previous, counts, targetBp);
  const byRolling = nextState(previous, rollingCounts, targetBp);
  const state = rank[byRolling] > rank[byPeriod] ? byRolling : byPeriod;
  const periodHeadroom = worstCaseHeadroom(counts);
  const headroom = Math.min(periodHeadroom, worstCaseHeadroom(rollingCounts));
  const periodEnding = now.getTime() + lineLifeMs >= periodEndsAt.getTime();

  let blocked: Governor['blocked'] = null;
  if (periodEnding) blocked = { reason: 'period_ending', answersNeeded: null, resumesBy: periodEndsAt };
  else if (headroom === 0)
    blocked = {
      reason: 'budget_spent',
      answersNeeded: Math.max(answersUntilHeadroom(counts), answersUntilHeadroom(rollingCounts)),
      resumesBy: periodHeadroom === 0 ? periodEndsAt : null,
    };
  else if (state === 'closed')
    blocked = { reason: 'at_target', answersNeeded: null, resumesBy: byPeriod === 'closed' ? periodEndsAt : null };

  const riskShare = blocked ? 0 : state === 'open' ? target : target * THROTTLED_RISK_SHARE;
  return { state, rate, rollingRate, riskShare, maxUnmatchedLines: blocked ? 0 : headroom, blocked };
}

/** The hysteresis: thresholds to enter a state are a band above the thresholds to leave it. */
function nextState(previous: GovernorState, counts: AbandonCounts, targetBp: number): GovernorState {
  // rate ≥ tenths/10 of the target, in integers (0.8 × 0.025 is not exactly 0.02 in floating point).
  const atLeast = (tenths: number): boolean =>
    counts.liveAnswered === 0
      ? targetBp * tenths === 0
      : counts.abandoned * 100_000 >= counts.liveAnswered * targetBp * tenths;
  const approach = APPROACH_TENTHS;
  const band = HYSTERESIS_TENTHS;
  if (atLeast(10)) return 'closed';
  if (previous === 'closed' && atLeast(10 - band)) return 'closed';
  if (atLeast(approach)) return 'throttled';
  if (previous !== 'open' && atLeast(approach - band)) return 'throttled';
  return 'open';
}
