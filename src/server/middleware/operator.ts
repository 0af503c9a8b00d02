import { createMiddleware } from 'hono/factory';
import type { AppEnv, ServerDeps } from '../context';
import { errorBody } from '../errors';

export const isOperator = (deps: Pick<ServerDeps, 'server'>, email: string) => deps.server.operatorEmails.includes(email.toLowerCase());

/** The installation's operators (OPERATOR_EMAILS): analytics, policy versions, privacy requests. */
export function requireOperator(deps: Pick<ServerDeps, 'server'>) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const user = c.get('user');
    if (!user) return c.json(errorBody('unauthenticated', 'Sign in to continue'), 401);
    if (!isOperator(deps, user.email)) return c.json(errorBody('forbidden', 'Only the operators of this installation can do that'), 403);
    await next();
  });
}
