import { effectiveState, type AgentState } from '../../core/dialer/agent-state';
import type { TeamScope } from '../../core/teams/scope';
import { getOwnDialingSession, touchOwnDialingSession } from '../../db/queries/dialing-sessions';
import { getTeamCall } from '../../db/queries/calls';
import { extendReservation } from '../../db/queries/lead-reservations';
import type { AppDeps } from '../deps';
import { RESERVATION_TTL_MS } from './reserve-callable-lead';
import { isRingOverdue, settleFromProvider } from '../telephony/settle-call';

/**
 * The workspace's heartbeat: keeps the agent present and the lead on their screen reserved. When it stops
 * (tab closed, network gone) the presence sweep puts the agent Not ready and frees the lead. Answers the
 * agent's current state, so a session ended by the sweep shows as such at once. A call of theirs past its ring
 * timeout with no answer has lost its ending callback: it is settled from the provider's record here, within one
 * heartbeat, rather than by the stale-call sweep many minutes later.
 */
export async function agentHeartbeat(
  deps: Pick<AppDeps, 'db' | 'clock' | 'telephony' | 'log'>,
  scope: TeamScope,
  input: { instance: string | null },
): Promise<{ state: AgentState }> {
  const now = deps.clock.now();
  const touched = await touchOwnDialingSession(deps.db, scope, { now, instance: input.instance });
  if (!touched) return { state: 'offline' };
  if (touched.leadId) {
    await extendReservation(deps.db, scope, {
      leadId: touched.leadId,
      userId: scope.userId,
      until: new Date(now.getTime() + RESERVATION_TTL_MS),
    });
  }
  if (touched.callId) {
    const call = await getTeamCall(deps.db, scope, touched.callId);
    if (call && isRingOverdue(call, now)) await settleFromProvider(deps, call, 'heartbeat');
  }
  const session = await getOwnDialingSession(deps.db, scope);
  return {
    state: session
      ? effectiveState(session, session.callStatus ? { status: session.callStatus } : null, now)
      : 'offline',
  };
}
