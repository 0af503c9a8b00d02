import { effectiveState, type AgentState } from '../../core/dialer/agent-state';
import type { TeamScope } from '../../core/teams/scope';
import { getOwnDialingSession, touchOwnDialingSession } from '../../db/queries/dialing-sessions';
import { extendReservation } from '../../db/queries/lead-reservations';
import type { AppDeps } from '../deps';
import { RESERVATION_TTL_MS } from './reserve-callable-lead';

/**
 * The workspace's heartbeat: keeps the agent present and the lead on their screen reserved. When it stops
 * (tab closed, network gone) the presence sweep puts the agent Not ready and frees the lead. Answers the
 * agent's current state, so a session ended by the sweep shows as such at once.
 */
export async function agentHeartbeat(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  scope: TeamScope,
  input: { instance: string | null },
): Promise<{ state: AgentState }> {
  const now = deps.clock.now();
  const touched = await touchOwnDialingSession(deps.db, scope, { now, instance: input.instance });
  if (!touched) return { state: 'offline' };
  if (touched.leadId) {
    await extendReservation(deps.db, scope, { leadId: touched.leadId, userId: scope.userId, until: new Date(now.getTime() + RESERVATION_TTL_MS) });
  }
  const session = await getOwnDialingSession(deps.db, scope);
  return { state: session ? effectiveState(session, session.callStatus ? { status: session.callStatus } : null, now) : 'offline' };
}
