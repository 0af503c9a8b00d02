import { AppError } from '../core/errors';
import type { ServerDeps } from './context';

/** Re-checks the signed-in user's password before an irreversible action (better-auth compares the scrypt hash). */
export async function confirmPassword(deps: Pick<ServerDeps, 'auth'>, headers: Headers, password: unknown) {
  if (typeof password !== 'string' || password.length === 0)
    throw new AppError('invalid_input', 'Enter your password to confirm', { fields: { password: 'Enter your password' } });
  try {
    await deps.auth.api.verifyPassword({ body: { password }, headers });
  } catch {
    throw new AppError('forbidden', 'That password is not right', { fields: { password: 'That password is not right' } });
  }
}
