import { markProviderCleanupDone } from '../../db/queries/deletion';
import type { AppDeps } from '../deps';

export const DELETE_PROVIDER_RECORDINGS_JOB = 'delete-provider-recordings';

/**
 * After a team's deletion, removes its recordings at the telephony provider too. Idempotent: a
 * recording the provider no longer has counts as deleted, so a retry after a partial run is safe.
 */
export async function deleteProviderRecordings(deps: AppDeps, input: { deletionId: string; recordingSids: string[] }) {
  for (const sid of input.recordingSids) await deps.telephony.deleteRecording({ recordingSid: sid });
  await markProviderCleanupDone(deps.db, input.deletionId);
  return { deleted: input.recordingSids.length };
}
