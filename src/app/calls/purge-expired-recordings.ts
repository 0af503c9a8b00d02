import { AppError } from '../../core/errors';
import { listExpiredRecordings, markRecordingDeleted } from '../../db/queries/recordings';
import type { AppDeps } from '../deps';

/** Recordings are kept 30 days after the call (privacy policy), then deleted at the provider and marked deleted. */
export async function purgeExpiredRecordings(
  deps: Pick<AppDeps, 'db' | 'telephony' | 'clock' | 'log'>,
  opts: { batch?: number } = {},
) {
  const now = deps.clock.now();
  const expired = await listExpiredRecordings(deps.db, now, opts.batch ?? 500);
  let deleted = 0;
  let failed = 0;
  for (const rec of expired) {
    try {
      await deps.telephony.deleteRecording({ recordingSid: rec.providerSid });
      await markRecordingDeleted(deps.db, rec.id, now);
      deleted++;
    } catch (err) {
      failed++;
      deps.log.warn(
        { recordingId: rec.id, err: err instanceof AppError ? err.message : String(err) },
        'recording purge failed; retried next run',
      );
    }
  }
  return { deleted, failed };
}
