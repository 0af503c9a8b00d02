import { AppError } from '../core/errors';
import type { ServerDeps } from './context';
import { enforceRateLimits, hashedKeyPart } from '../app/enforce-rate-limits';

/**
 * Re-checks the signed-in user's password before an irreversible action (better-auth compares the scrypt hash).
 * Every attempt counts against the same per-user and per-IP limits as signing in, so a stolen session cannot
 * guess the password.
 */
export async function confirmPassword(
  deps: Pick<ServerDeps, 'auth' | 'db' | 'clock' | 'server'>,
  headers: Headers,
  password: unknown,
  who: { userId: string; ip: string },
) {
  if (typeof password !== 'string' || password.length === 0)
    throw new AppError('invalid_input', 'Enter your password to confirm', {
      fields: { password: 'Enter your password' },
    });
  const { perIp, perAccount, windowSec } = deps.server.authRateLimit;
  await enforceRateLimits(deps, [
    { key: `password-check-ip:${who.ip}`, limit: perIp, windowSec },
    { key: `password-check-user:${hashedKeyPart(who.userId)}`, limit: perAccount, windowSec },
  ]);
  try {
    await deps.auth.api.verifyPassword({ body: { password }, headers });
  } catch {
    throw new AppError('forbidden', 'That password is not right', {
      fields: { password: 'That password is not right' },
    });
  }
}
