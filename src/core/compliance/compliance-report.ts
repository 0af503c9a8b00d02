// Pure assembly of the abandon figures and the ring-time distribution the campaign page and the compliance
// report show, from counts the call log gives. The arithmetic is the governor's (abandon-rate.ts).

import type { AbandonFigure, RingTimeBucket, RingTimes } from '../api/compliance.types';
import { SAFE_HARBOR, abandonPeriod, abandonRate } from './abandon-rate';

/** Live answers of a window, and of those the ones whose records say whether an agent took them. */
export type AnswerCounts = {
  readonly liveAnswered: number;
  /** Live answers with connect records (connected to an agent, or given the safe-harbor message). */
  readonly recorded: number;
  /** Of the recorded ones, those abandoned. */
  readonly abandoned: number;
  /** Of the abandoned ones, those that heard the safe-harbor message. */
  readonly withMessage: number;
};

/**
 * The figure for one window. The rate is over the live answers that carry connect records; answers from before
 * those records existed are reported apart (`unrecorded`), and when there are only such answers the rate is
 * unknown (null) rather than guessed.
 */
export function abandonFigure(window: { from: Date; to: Date }, counts: AnswerCounts): AbandonFigure {
  const { liveAnswered, recorded, abandoned, withMessage } = counts;
  if (!(recorded <= liveAnswered)) throw new RangeError(`abandonFigure: ${recorded} recorded of ${liveAnswered}`);
  const unrecorded = liveAnswered - recorded;
  if (recorded === 0 && unrecorded > 0)
    return { ...window, liveAnswered, unrecorded, abandoned: null, withMessage, rate: null, overLimit: null };
  const r = abandonRate({ liveAnswered: recorded, abandoned });
  return { ...window, liveAnswered, unrecorded, abandoned, withMessage, rate: r.rate, overLimit: r.overLimit };
}

/** Counts by period index (calls belong to the period in which they were answered). */
export type PeriodCounts = ReadonlyMap<number, AnswerCounts>;

/**
 * Every period from the campaign's first to the one holding `now`, newest first, empty ones included (a period
 * with no calls is still a period the report must account for). The current one ends at its legal end.
 */
export function abandonPeriods(
  now: Date,
  campaignStartedAt: Date,
  counts: PeriodCounts,
): (AbandonFigure & { index: number })[] {
  const current = abandonPeriod(now, campaignStartedAt);
  const periodMs = SAFE_HARBOR.windowDays * 86_400_000;
  const start = campaignStartedAt.getTime();
  const out: (AbandonFigure & { index: number })[] = [];
  for (let index = current.index; index >= 0; index--) {
    const window = { from: new Date(start + index * periodMs), to: new Date(start + (index + 1) * periodMs) };
    const c = counts.get(index) ?? { liveAnswered: 0, recorded: 0, abandoned: 0, withMessage: 0 };
    out.push({ index, ...abandonFigure(window, c) });
  }
  return out;
}

/** Bucket edges in seconds: the 15 s minimum is an edge, so "under 15 s" is a sum of whole buckets. */
export const RING_BUCKET_EDGES = [0, 5, 10, 15, 20, 30, 45, 60] as const;

/**
 * The distribution of ring times of unanswered calls, from counts per whole second rung (floor). A call that rang
 * 14.9 s counts as 14 s: under the minimum, as it should.
 */
export function ringTimes(perSecond: ReadonlyMap<number, number>, unmeasured: number): RingTimes {
  const edges = RING_BUCKET_EDGES;
  const buckets: RingTimeBucket[] = edges.map((fromSec, i) => ({ fromSec, toSec: edges[i + 1] ?? null, calls: 0 }));
  let measured = 0;
  let underMinimum = 0;
  for (const [sec, n] of perSecond) {
    if (!Number.isInteger(sec) || !Number.isSafeInteger(n) || n < 0)
      throw new RangeError(`ringTimes: invalid count ${n} at ${sec} s`);
    const s = Math.max(0, sec);
    const bucket = buckets.findLast((b) => b.fromSec <= s);
    if (bucket) bucket.calls += n;
    measured += n;
    if (s < SAFE_HARBOR.minRingSeconds) underMinimum += n;
  }
  return { buckets, measured, underMinimum, unmeasured, minimumSec: SAFE_HARBOR.minRingSeconds };
}
