import { createMiddleware } from 'hono/factory';
import type { AppEnv, ServerDeps } from '../context';
import { errorBody } from '../errors';

/**
 * An operator is a listed address the user has proven they receive mail at: anyone can sign up with any
 * address, so an unverified one grants nothing.
 */
export const isOperator = (deps: Pick<ServerDeps, 'server'>, user: { email: string; emailVerified: boolean }) =>
  user.emailVerified && deps.server.operatorEmails.includes(user.email.toLowerCase());

/** The installation's operators (OPERATOR_EMAILS): analytics, policy versions, privacy requests. */
export function requireOperator(deps: Pick<ServerDeps, 'server'>) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const user = c.get('user');
    if (!user) return c.json(errorBody('unauthenticated', 'Sign in to continue'), 401);
    if (!isOperator(deps, user))
      return c.json(
        errorBody(
          'forbidden',
          user.emailVerified
            ? 'Only the operators of this installation can do that'
            : 'Confirm your e-mail address first (see Settings → Profile)',
        ),
        403,
      );
    await next();
  });
}
