import { createHash } from 'node:crypto';
import { AppError } from '../core/errors';
import { rateDecision } from '../core/rate-limit';
import { hitRateLimit } from '../db/queries/rate-limits';
import type { AppDeps } from './deps';

/**
 * Counts one attempt against each key; throws rate_limited (429 + Retry-After) when any is over. Counters live in
 * the database, shared by every instance; windows up to a day (the purge job keeps rows that long).
 */
export async function enforceRateLimits(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  checks: { key: string; limit: number; windowSec: number; message?: string }[],
) {
  const now = deps.clock.now();
  for (const check of checks) {
    const { count, windowStart } = await hitRateLimit(deps.db, check.key, check.windowSec, now);
    const d = rateDecision({ count, limit: check.limit, windowStart, windowSec: check.windowSec, now });
    if (!d.allowed)
      throw new AppError(
        'rate_limited',
        check.message ?? `Too many attempts; try again in ${Math.ceil(d.retryAfterSec / 60)} min`,
        {
          retryAfterSec: d.retryAfterSec,
        },
      );
  }
}

/**
 * An identifier (team, user, e-mail address) as it may appear in a rate-limit key: hashed, so the counters hold
 * no personal data and nothing of a deleted team or account.
 */
export const hashedKeyPart = (value: string) => createHash('sha256').update(value).digest('hex');
