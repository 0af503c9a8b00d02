/**
 * Caller-ID health: a number whose answer rate falls well below its pool's is rested (caller-ID selection skips it)
 * before carriers label it "Spam Likely", and comes back after a rest period. Pure: the figures and the time come in.
 * The pool is the team's usable numbers; "answered" is what the reports call answered (a person or a machine).
 */
import { z } from 'zod';

export const callerIdHealthSettingsSchema = z.object({
  enabled: z.boolean(),
  /** Rest a number whose answer rate is under this many times the pool median. */
  ratio: z.number().gt(0, 'Must be above 0').max(1, 'At most 1'),
  windowDays: z.number().int().min(1, 'At least 1 day').max(30, 'At most 30 days'),
  minCalls: z.number().int().min(1, 'At least 1 call').max(10_000, 'At most 10,000 calls'),
  /** At most this share of the pool rested at once. */
  maxRestedShare: z.number().gt(0, 'Must be above 0').max(1, 'At most 1'),
  /** No rests while the pool median itself is under this (a bad list, not bad numbers). */
  minPoolMedian: z.number().min(0, 'At least 0').max(1, 'At most 1'),
  restDays: z.number().int().min(1, 'At least 1 day').max(60, 'At most 60 days'),
});

export type CallerIdHealthSettings = z.infer<typeof callerIdHealthSettingsSchema>;

export const DEFAULT_CALLER_ID_HEALTH: CallerIdHealthSettings = {
  enabled: true,
  ratio: 0.4,
  windowDays: 3,
  minCalls: 40,
  maxRestedShare: 0.25,
  minPoolMedian: 0.02,
  restDays: 4,
};

export type NumberHealthInput = {
  id: string;
  e164: string;
  /** Ended calls over the window, and those answered. */
  calls: number;
  answered: number;
  /** Set while the number rests. */
  restedUntil: Date | null;
};

export type RestDecision = {
  id: string;
  e164: string;
  calls: number;
  answered: number;
  answerRate: number;
  poolMedian: number;
  restedUntil: Date;
};

export type ReviveDecision = { id: string; e164: string; calls: number; answered: number; answerRate: number | null };

export type HealthVerdict = {
  /** Median answer rate of the pool's numbers with enough calls; null when none has. */
  poolMedian: number | null;
  rest: RestDecision[];
  revive: ReviveDecision[];
};

const DAY_MS = 86_400_000;

export function answerRate(n: { calls: number; answered: number }): number | null {
  return n.calls > 0 ? n.answered / n.calls : null;
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function judgeCallerIds(
  pool: readonly NumberHealthInput[],
  settings: CallerIdHealthSettings,
  now: Date,
): HealthVerdict {
  const revive = pool
    .filter((n) => n.restedUntil !== null && n.restedUntil.getTime() <= now.getTime())
    .map((n) => ({ id: n.id, e164: n.e164, calls: n.calls, answered: n.answered, answerRate: answerRate(n) }));
  const revived = new Set(revive.map((r) => r.id));
  const stillResting = pool.filter((n) => n.restedUntil !== null && !revived.has(n.id)).length;
  const measured = pool.filter((n) => n.calls >= settings.minCalls);
  const poolMedian = median(measured.map((n) => n.answered / n.calls));
  if (!settings.enabled || poolMedian === null || poolMedian < settings.minPoolMedian) {
    return { poolMedian, rest: [], revive };
  }
  const room = Math.floor(pool.length * settings.maxRestedShare) - stillResting;
  const threshold = settings.ratio * poolMedian;
  // A number revived in this run starts afresh: its window still holds the weeks before its rest.
  const rest = measured
    .filter((n) => n.restedUntil === null)
    .map((n) => ({ n, rate: n.answered / n.calls }))
    .filter(({ rate }) => rate < threshold)
    .sort((a, b) => a.rate - b.rate || a.n.e164.localeCompare(b.n.e164))
    .slice(0, Math.max(0, room))
    .map(({ n, rate }) => ({
      id: n.id,
      e164: n.e164,
      calls: n.calls,
      answered: n.answered,
      answerRate: rate,
      poolMedian,
      restedUntil: new Date(now.getTime() + settings.restDays * DAY_MS),
    }));
  return { poolMedian, rest, revive };
}
