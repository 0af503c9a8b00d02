import type { TeamScope } from '../../core/teams/scope';
import type { AppDeps } from '../deps';

export const AGENT_TOKEN_TTL_SEC = 2 * 60 * 60;

/** A short-lived browser credential for the agent's audio leg; project credentials never reach the browser. */
export async function mintAgentToken(
  deps: Pick<AppDeps, 'telephony'>,
  scope: TeamScope,
  input: { agentSessionId?: string },
) {
  const agentSessionId = input.agentSessionId ?? `user-${scope.userId}`;
  const token = await deps.telephony.mintAgentToken({ agentSessionId, ttlSec: AGENT_TOKEN_TTL_SEC });
  return { ...token, agentSessionId };
}
