import { inCall } from '../../core/dialer/agent-state';
import { AppError } from '../../core/errors';
import type { TeamScope } from '../../core/teams/scope';
import { getOwnDialingSession, updateOwnDialingSession } from '../../db/queries/dialing-sessions';
import { releaseLead } from '../../db/queries/lead-reservations';
import { endAgentAudio } from './agent-audio';
import type { AppDeps } from '../deps';
import { getDialerState, type DialerState } from './get-dialer-state';

/**
 * Not ready (`paused`: the agent stays signed in to the campaign and frees their seat) or Stop (`offline`).
 * A lead on screen goes back to the queue for other agents. Refused while a call is being worked: the
 * disposition comes first (it can say "then pause").
 */
export async function pauseAgent(
  deps: Pick<AppDeps, 'db' | 'clock' | 'calling' | 'telephony' | 'settings' | 'log'>,
  scope: TeamScope,
  input: { to: 'paused' | 'offline' },
): Promise<DialerState> {
  const now = deps.clock.now();
  const session = await getOwnDialingSession(deps.db, scope);
  if (!session) return getDialerState(deps, scope);
  if (inCall(session.state) && session.callId !== null) {
    throw new AppError('invalid_state', 'Disposition the current call first');
  }
  if (session.leadId) await releaseLead(deps.db, scope, { leadId: session.leadId, userId: scope.userId, now });
  await updateOwnDialingSession(deps.db, scope, { state: input.to, leadId: null, callId: null, note: null }, now);
  // Not ready keeps the agent's audio leg up for their return; Stop ends it.
  if (input.to === 'offline') await endAgentAudio(deps, scope, session);
  return getDialerState(deps, scope);
}
