import { AppError, notFound } from '../../core/errors';
import { isFinal } from '../../core/telephony/call-status';
import type { TeamScope } from '../../core/teams/scope';
import { getTeamCall } from '../../db/queries/calls';
import type { AppDeps } from '../deps';

/**
 * Ends a live call at the provider. The call's row changes when the provider's `completed`/`canceled` callback
 * arrives (the one path every ending takes); an already ended call is left as it is.
 */
export async function hangUpCall(deps: Pick<AppDeps, 'db' | 'telephony'>, scope: TeamScope, callId: string): Promise<{ status: 'hanging_up' | 'already_ended' }> {
  const call = await getTeamCall(deps.db, scope, callId);
  if (!call) throw notFound('No such call');
  if (isFinal(call.status)) return { status: 'already_ended' };
  if (!call.providerSid) throw new AppError('invalid_state', 'The call is still being placed; try again in a moment');
  await deps.telephony.hangUp({ providerSid: call.providerSid });
  return { status: 'hanging_up' };
}
