import { findPasswordResetUser, findUserIdByEmail } from '../../db/queries/users';
import type { AppDeps } from '../deps';

/** Whose account an e-mail address names (for the security log of a refused sign-in); null when none. */
export const userIdByEmail = (deps: Pick<AppDeps, 'db'>, email: string) => findUserIdByEmail(deps.db, email);

/** Whose password a reset token resets, read before the reset consumes the token; null when none. */
export const passwordResetUserId = (deps: Pick<AppDeps, 'db'>, token: string) => findPasswordResetUser(deps.db, token);
