import { AppError } from '../../core/errors';
import type { TeamScope } from '../../core/teams/scope';
import { getOwnDialingSession } from '../../db/queries/dialing-sessions';
import type { BrowserLegGrant } from '../../ports/agent-audio';
import type { AppDeps } from '../deps';
import { enforceRateLimits, hashedKeyPart } from '../enforce-rate-limits';
import { lineRequired } from './agent-line';
import { connectBrowserLeg } from './browser-leg';

/**
 * The browser dials its leg again without going Ready again: after a page reload (the old page's leg is gone with
 * it) or when the leg was lost and the browser reconnects. A fresh nonce and token for the same agent session; the
 * agent's state is left as it is, and the old leg is replaced (decision 0024).
 */
export async function redialBrowserLeg(
  deps: Pick<AppDeps, 'db' | 'telephony' | 'settings' | 'log' | 'calling' | 'clock'>,
  scope: TeamScope,
): Promise<BrowserLegGrant> {
  const session = await ownBrowserSession(deps, scope);
  await limitBrowserGrants(deps, scope);
  const grant = await connectBrowserLeg(deps, scope, session, { replace: true });
  // With replace a grant is always minted; the guard keeps the type honest.
  if (!grant) throw new AppError('invalid_state', 'Your browser audio could not be dialled again: go Ready');
  return grant;
}

/** The caller's dialing session when it is signed on with the browser leg on a real carrier; else a clear refusal. */
export async function ownBrowserSession(deps: Pick<AppDeps, 'db' | 'calling'>, scope: TeamScope) {
  if (!lineRequired(deps))
    throw new AppError('invalid_state', 'This installation runs on the carrier simulator: there is no browser leg');
  const session = await getOwnDialingSession(deps.db, scope);
  if (!session || session.state === 'offline')
    throw new AppError('invalid_state', 'You are not signed on to dial: go Ready first');
  if (session.audioKind !== 'browser')
    throw new AppError('invalid_state', 'You talk on another line, not this browser: go Ready with the browser chosen');
  return session;
}

/**
 * Each new address or token costs a call to SignalWire: the browser asks for a few an hour (a renewal every two
 * hours, at most five re-dials per lost leg, reloads), so a page stuck in a loop is stopped here.
 */
export async function limitBrowserGrants(deps: Pick<AppDeps, 'db' | 'clock'>, scope: TeamScope): Promise<void> {
  await enforceRateLimits(deps, [
    {
      key: `browser-leg:${hashedKeyPart(scope.userId)}`,
      limit: 20,
      windowSec: 600,
      message: 'Your browser asked for its audio connection too often: wait a few minutes, then go Ready again',
    },
  ]);
}
