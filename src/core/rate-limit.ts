/** Fixed-window limit decision from a counter the database keeps (shared by every instance). */
export function rateDecision(input: { count: number; limit: number; windowStart: Date; windowSec: number; now: Date }) {
  if (input.count <= input.limit) return { allowed: true as const };
  const resetAt = input.windowStart.getTime() + input.windowSec * 1000;
  return { allowed: false as const, retryAfterSec: Math.max(1, Math.ceil((resetAt - input.now.getTime()) / 1000)) };
}
