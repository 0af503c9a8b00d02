// FTC Telemarketing Sales Rule safe harbor for abandoned calls (16 CFR 310.4(b)(4)), as numbers
// the predictive pacer and the compliance report share. Counts come from the call log; this file
// only does the arithmetic, in integers, so 3 abandons in 100 answers is exactly "at the limit".

export const SAFE_HARBOR = {
  /** Abandoned calls may be at most 3 % of calls answered by a live person … */
  maxAbandonPercent: 3,
  /** … per campaign, per 30-day period (or the campaign's life if shorter). */
  windowDays: 30,
  /** A call is abandoned when no live agent is connected within 2 s of the greeting's end. */
  connectWithinSeconds: 2,
  /** An unanswered call must ring at least 15 seconds or 4 rings. */
  minRingSeconds: 15,
  minRings: 4,
  /** Records proving the above are kept 5 years since the 2024 TSR amendments (89 FR 26783). */
  recordRetentionYears: 5,
} as const;

export type AbandonCounts = {
  /** Calls answered by a live person in the window, abandoned ones included. */
  readonly liveAnswered: number;
  /** Of those, calls not connected to an agent within 2 s of the greeting. */
  readonly abandoned: number;
};

export type AbandonRate = {
  /** abandoned / liveAnswered, 0 when nothing was answered. */
  readonly rate: number;
  /** True when strictly over 3 % — exactly 3 % is still inside the safe harbor. */
  readonly overLimit: boolean;
  /** The most abandons these answers allow: floor(3 % of liveAnswered). */
  readonly maxAbandoned: number;
  /** maxAbandoned − abandoned: how many more abandons fit (negative when over). */
  readonly headroom: number;
};

/** Throws RangeError when counts are not non-negative integers or abandoned exceeds liveAnswered. */
export function abandonRate(counts: AbandonCounts): AbandonRate {
  const { liveAnswered, abandoned } = counts;
  const count = (n: number): boolean => Number.isSafeInteger(n) && n >= 0;
  if (!count(liveAnswered) || !count(abandoned) || abandoned > liveAnswered) {
    throw new RangeError(`abandonRate: invalid counts abandoned=${abandoned} liveAnswered=${liveAnswered}`);
  }
  const pct = SAFE_HARBOR.maxAbandonPercent;
  const maxAbandoned = Math.floor((liveAnswered * pct) / 100);
  return {
    rate: liveAnswered === 0 ? 0 : abandoned / liveAnswered,
    overLimit: abandoned * 100 > liveAnswered * pct,
    maxAbandoned,
    headroom: maxAbandoned - abandoned,
  };
}

/** The period the rate is measured over at `now`: the last 30 days, or since the campaign started if later. */
export function abandonRateWindow(now: Date, campaignStartedAt: Date): { from: Date; to: Date } {
  const thirtyDaysAgo = now.getTime() - SAFE_HARBOR.windowDays * 86_400_000;
  return { from: new Date(Math.max(thirtyDaysAgo, campaignStartedAt.getTime())), to: new Date(now.getTime()) };
}

/**
 * The 30-day period the law measures at `now`. 16 CFR 310.4(b)(4)(i) counts abandons "over the duration of a
 * single calling campaign, if less than 30 days, or separately over each successive 30-day period or portion
 * thereof": successive periods from the campaign's start, not a window sliding with the clock. A call belongs
 * to the period in which it was answered. `index` 0 is the campaign's first period.
 */
export function abandonPeriod(now: Date, campaignStartedAt: Date): { index: number; from: Date; to: Date } {
  const periodMs = SAFE_HARBOR.windowDays * 86_400_000;
  const start = campaignStartedAt.getTime();
  const index = Math.max(0, Math.floor((now.getTime() - start) / periodMs));
  return { index, from: new Date(start + index * periodMs), to: new Date(start + (index + 1) * periodMs) };
}

/**
 * How many calls may still be abandoned in the period, in the worst case, without passing 3 %: the largest x
 * with (abandoned + x) / (liveAnswered + x) ≤ 3/100 — each abandon is itself a live answer. A call answered and
 * connected to an agent only ever adds headroom, so keeping the lines that could go unmatched at or below this
 * number keeps the period inside the safe harbor whatever happens to them.
 */
export function worstCaseHeadroom(counts: AbandonCounts): number {
  const { liveAnswered, abandoned } = counts;
  abandonRate(counts); // validates
  const pct = SAFE_HARBOR.maxAbandonPercent;
  return Math.max(0, Math.floor((liveAnswered * pct - abandoned * 100) / (100 - pct)));
}

/** Live answers connected to agents still needed before one more abandon fits (0 when it already fits). */
export function answersUntilHeadroom(counts: AbandonCounts): number {
  if (worstCaseHeadroom(counts) >= 1) return 0;
  const pct = SAFE_HARBOR.maxAbandonPercent;
  // Smallest k with (abandoned + 1) · 100 ≤ (liveAnswered + k + 1) · pct.
  return Math.max(0, Math.ceil(((counts.abandoned + 1) * 100) / pct) - 1 - counts.liveAnswered);
}

/**
 * The rolling window the governor counts: the last 30 days as they will stand once lines dialled now have rung
 * out (`lineLifeMs` later), so calls about to age out no longer prop the rate up. Calls up to now only.
 */
export function governorRollingWindow(
  now: Date,
  campaignStartedAt: Date,
  lineLifeMs: number,
): { from: Date; to: Date } {
  const { from } = abandonRateWindow(new Date(now.getTime() + lineLifeMs), campaignStartedAt);
  return { from, to: new Date(now.getTime()) };
}
