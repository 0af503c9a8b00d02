import { AppError, notFound } from '../../core/errors';
import type { TeamScope } from '../../core/teams/scope';
import { getTeamCall } from '../../db/queries/calls';
import { latestRecording } from '../../db/queries/recordings';
import type { RecordingMedia } from '../../ports/telephony';
import type { AppDeps } from '../deps';

export type CallRecordingResult =
  | { status: 'ok'; media: RecordingMedia; recordingId: string; callId: string }
  | { status: 'gone'; reason: 'expired' | 'deleted' };

/**
 * The audio of a call's recording, streamed from the provider (its URL never leaves the server). Another team's
 * call is not found; a recording past its 30 days or deleted is gone.
 */
export async function getCallRecording(
  deps: Pick<AppDeps, 'db' | 'telephony' | 'clock'>,
  scope: TeamScope,
  callId: string,
): Promise<CallRecordingResult> {
  const call = await getTeamCall(deps.db, scope, callId);
  if (!call) throw notFound('No such call');
  const rec = await latestRecording(deps.db, call.id);
  if (!rec) throw notFound('This call has no recording');
  if (rec.deletedAt !== null || rec.status === 'deleted') return { status: 'gone', reason: 'deleted' };
  if (deps.clock.now().getTime() > rec.expiresAt.getTime()) return { status: 'gone', reason: 'expired' };
  if (rec.status === 'absent' || rec.status === 'failed') throw notFound('The call was recorded without audio');
  if (rec.status !== 'completed') throw new AppError('invalid_state', 'The recording is still in progress');
  try {
    const media = await deps.telephony.fetchRecording({ recordingSid: rec.providerSid });
    return { status: 'ok', media, recordingId: rec.id, callId: call.id };
  } catch (err) {
    // The provider no longer has it (deleted there, or a restarted simulator): it is gone for us too.
    if (err instanceof AppError && err.code === 'not_found') return { status: 'gone', reason: 'deleted' };
    throw err;
  }
}
