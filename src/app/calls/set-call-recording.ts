import { AppError, notFound } from '../../core/errors';
import type { TeamScope } from '../../core/teams/scope';
import { notifyCallChanged } from '../../db/queries/call-changes';
import { getTeamCall } from '../../db/queries/calls';
import { latestRecording, setRecordingLiveState } from '../../db/queries/recordings';
import type { RecordingAction } from '../../ports/telephony';
import type { AppDeps } from '../deps';

/**
 * Pause (the span becomes silence), resume or stop the call's recording — "the contact asked", or a card number
 * is being read out. Stop is final and is confirmed by the provider's recording callback; pause and resume are
 * reported by nobody else, so they are recorded here and published.
 */
export async function setCallRecording(
  deps: Pick<AppDeps, 'db' | 'telephony' | 'clock'>,
  scope: TeamScope,
  input: { callId: string; action: RecordingAction },
): Promise<{ action: RecordingAction; recordingStatus: string }> {
  const call = await getTeamCall(deps.db, scope, input.callId);
  if (!call) throw notFound('No such call');
  if (!call.providerSid) throw new AppError('invalid_state', 'The call is still being placed');
  if (!call.record) throw new AppError('invalid_state', 'This call is not being recorded');
  const rec = await latestRecording(deps.db, call.id);
  await deps.telephony.setRecording({
    providerSid: call.providerSid,
    action: input.action,
    ...(rec ? { recordingSid: rec.providerSid } : {}),
  });
  if (input.action === 'stop' || !rec)
    return {
      action: input.action,
      recordingStatus: input.action === 'stop' ? 'stopping' : input.action === 'pause' ? 'paused' : 'in-progress',
    };
  const updated = await setRecordingLiveState(
    deps.db,
    rec.id,
    input.action === 'pause' ? 'paused' : 'in-progress',
    deps.clock.now(),
  );
  if (updated) await notifyCallChanged(deps.db, call);
  return { action: input.action, recordingStatus: updated?.status ?? rec.status };
}
