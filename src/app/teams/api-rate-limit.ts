import { hitRateLimit } from '../../db/queries/rate-limits';
import type { AppDeps } from '../deps';
import { hashedKeyPart } from '../enforce-rate-limits';

export type ApiRateState = { limit: number; remaining: number; resetSec: number; windowSec: number };

/**
 * Counts one request of an API key in its fixed window (the counters every instance shares) and says where the
 * key stands, for the RateLimit headers; `remaining` below zero means refused.
 */
export async function countApiRequest(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  input: { keyId: string; limit: number; windowSec: number },
): Promise<ApiRateState> {
  const now = deps.clock.now();
  const { count, windowStart } = await hitRateLimit(
    deps.db,
    `api-key:${hashedKeyPart(input.keyId)}`,
    input.windowSec,
    now,
  );
  const resetAt = windowStart.getTime() + input.windowSec * 1000;
  return {
    limit: input.limit,
    remaining: input.limit - count,
    resetSec: Math.max(1, Math.ceil((resetAt - now.getTime()) / 1000)),
    windowSec: input.windowSec,
  };
}
