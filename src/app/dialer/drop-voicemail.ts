import { AppError } from '../../core/errors';
import { isFinal } from '../../core/telephony/call-status';
import type { TeamScope } from '../../core/teams/scope';
import { getTeamCall } from '../../db/queries/calls';
import { getOwnDialingSession } from '../../db/queries/dialing-sessions';
import { chosenDropMessage, leadHadVoicemailDrop } from '../../db/queries/drop-messages';
import type { AppDeps } from '../deps';
import { playVoicemailDrop } from '../telephony/voicemail-drop';
import { dispositionMachine } from './disposition-machine';
import { getDialerState, type DialerState } from './get-dialer-state';

/**
 * The agent heard a machine and leaves the campaign's drop message with one key (decision 0029): the live call is
 * redirected to the message, which leaves the agent's conference, and the agent is dispositioned Voicemail and back
 * to Ready at once (in progressive mode their screen dials the next lead by itself). Only the agent's own answered
 * call; 409 with the reason when there is nothing to drop.
 */
export async function dropVoicemail(
  deps: Pick<AppDeps, 'db' | 'clock' | 'telephony' | 'settings' | 'log' | 'calling'>,
  scope: TeamScope,
): Promise<DialerState> {
  const session = await getOwnDialingSession(deps.db, scope);
  const call = session?.callId ? await getTeamCall(deps.db, scope, session.callId) : null;
  if (!call || call.agentId !== scope.userId || isFinal(call.status))
    throw new AppError('invalid_state', 'You are not on a call: a voicemail drop goes into a call that is answered.');
  if (!call.answeredAt || call.status !== 'in-progress')
    throw new AppError(
      'invalid_state',
      'The call has not been answered yet: drop the voicemail once the machine picks up.',
    );
  if (!call.campaignId || !call.leadId)
    throw new AppError('invalid_state', 'This call is not from a campaign, so there is no drop message to leave.');
  if (!(await chosenDropMessage(deps.db, scope.teamId, call.campaignId)))
    throw new AppError(
      'invalid_state',
      'This campaign has no drop message chosen: an admin can choose one in the campaign settings.',
    );
  if (await leadHadVoicemailDrop(deps.db, { teamId: scope.teamId, campaignId: call.campaignId, leadId: call.leadId }))
    throw new AppError(
      'invalid_state',
      'This lead already had the voicemail message from this campaign: hang up and choose a disposition instead.',
    );
  const dropped = await playVoicemailDrop(deps, call, 'agent');
  if (dropped !== 'dropped')
    throw new AppError(
      'invalid_state',
      'The voicemail message could not be played into this call: hang up and choose a disposition instead.',
    );
  await dispositionMachine(deps, {
    callId: call.id,
    providerSid: call.providerSid!,
    leaveCallUp: true,
    byAgent: true,
  });
  return getDialerState(deps, scope);
}
