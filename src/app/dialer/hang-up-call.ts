import { AppError, notFound } from '../../core/errors';
import { isFinal } from '../../core/telephony/call-status';
import type { TeamScope } from '../../core/teams/scope';
import { closeLostCall, getTeamCall } from '../../db/queries/calls';
import type { AppDeps } from '../deps';
import { settleFromProvider } from '../telephony/settle-call';

/**
 * Ends a live call at the provider, then reads the provider's own record of it: the `completed`/`canceled`
 * callback is the usual path, but it may never come (our 5xx during an outage), and an agent must not stay on a
 * call that has ended. A call the provider no longer knows (it restarted) is closed with what we know.
 */
export async function hangUpCall(
  deps: Pick<AppDeps, 'db' | 'telephony' | 'clock' | 'log'>,
  scope: TeamScope,
  callId: string,
): Promise<{ status: 'hanging_up' | 'ended' | 'already_ended' }> {
  const call = await getTeamCall(deps.db, scope, callId);
  if (!call) throw notFound('No such call');
  if (isFinal(call.status)) return { status: 'already_ended' };
  if (!call.providerSid) throw new AppError('invalid_state', 'The call is still being placed; try again in a moment');
  try {
    await deps.telephony.hangUp({ providerSid: call.providerSid });
  } catch (err) {
    if (!(err instanceof AppError) || err.code !== 'not_found') throw err;
    await closeLostCall(deps.db, call.id, deps.clock.now());
    return { status: 'already_ended' };
  }
  const settled = await settleFromProvider(deps, call, 'hang-up');
  // 'ended': the provider's record says the call is over, and so does ours now.
  return { status: settled === 'final' || settled === 'lost' ? 'ended' : 'hanging_up' };
}
