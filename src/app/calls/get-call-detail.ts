import { notFound } from '../../core/errors';
import type { TeamScope } from '../../core/teams/scope';
import { getCallDetail, type CallDetail } from '../../db/queries/call-log';
import type { AppDeps } from '../deps';

/** The call page: what happened, the compliance decision that allowed the dial, notes, and the recording's state. */
export async function getCall(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  scope: TeamScope,
  callId: string,
): Promise<CallDetail & { recordingPlayable: boolean }> {
  const call = await getCallDetail(deps.db, scope, callId);
  if (!call) throw notFound('No such call');
  const rec = call.recording;
  const recordingPlayable =
    rec !== null &&
    rec.status === 'completed' &&
    rec.deletedAt === null &&
    rec.expiresAt.getTime() > deps.clock.now().getTime();
  return { ...call, recordingPlayable };
}
