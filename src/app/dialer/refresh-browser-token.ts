import type { TeamScope } from '../../core/teams/scope';
import type { AppDeps } from '../deps';
import { AGENT_TOKEN_TTL_SEC } from '../telephony/mint-agent-token';
import { limitBrowserGrants, ownBrowserSession } from './redial-browser-leg';

/**
 * A new subscriber token for the browser leg before the old one runs out (the SDK sets no timer of its own): minted
 * for the same agent session, so the leg keeps its identity. Only the token and its expiry reach the browser.
 */
export async function refreshBrowserToken(
  deps: Pick<AppDeps, 'db' | 'telephony' | 'calling' | 'clock'>,
  scope: TeamScope,
): Promise<{ token: string; expiresAt: Date }> {
  const session = await ownBrowserSession(deps, scope);
  await limitBrowserGrants(deps, scope);
  const { token, expiresAt } = await deps.telephony.mintAgentToken({
    agentSessionId: session.id,
    ttlSec: AGENT_TOKEN_TTL_SEC,
  });
  return { token, expiresAt };
}
