import {
  findAbandonedUploads,
  findStalledImports,
  importsKeepingFiles,
  updateImport,
} from '../../../db/queries/imports';
import { isImportLocked } from '../../../db/queries/import-merge';
import type { AppDeps } from '../../deps';
import { IMPORT_JOB } from './start-import';

const QUEUED_GRACE_MS = 5 * 60_000;
const UPLOADING_GRACE_MS = 60 * 60_000;
const UPLOADED_KEEP_MS = 24 * 60 * 60_000;
// A failed import's file is kept a week so it can be resumed; then it goes like any other.
const FAILED_KEEP_MS = 7 * 24 * 60 * 60_000;
const ORPHAN_GRACE_MS = 60 * 60_000;

/**
 * Runs every minute on whichever worker gets it. Puts back in the queue any import whose worker
 * died (kill -9, a lost node): its advisory lock is free although it says it is running. Deletes
 * uploads that were never finished or never started, files of imports failed over a week ago, and
 * files whose import is gone (its team was deleted), so lead files do not linger on disk.
 */
export async function importHousekeeping(deps: AppDeps) {
  const now = deps.clock.now();
  let resumed = 0;
  for (const imp of await findStalledImports(deps.db, new Date(now.getTime() - QUEUED_GRACE_MS))) {
    if (await isImportLocked(deps.db, imp.id)) continue;
    // The job is idempotent and takes the lock itself, so a duplicate send is harmless.
    await deps.queue.send(IMPORT_JOB, { importId: imp.id }, { singletonKey: imp.id });
    resumed++;
  }
  let expired = 0;
  const abandoned = await findAbandonedUploads(deps.db, {
    uploadingBefore: new Date(now.getTime() - UPLOADING_GRACE_MS),
    uploadedBefore: new Date(now.getTime() - UPLOADED_KEEP_MS),
  });
  for (const imp of abandoned) {
    await deps.importFiles.remove(imp.id);
    const message =
      imp.status === 'uploading'
        ? 'The upload never finished; nothing was imported. Upload the file again.'
        : 'The file was not imported within a day and has been deleted. Upload it again to import it.';
    if (await updateImport(deps.db, imp.id, { status: 'failed', error: message, finishedAt: now }, [imp.status]))
      expired++;
  }
  let swept = 0;
  const files = (await deps.importFiles.list()).filter((f) => f.modifiedAt.getTime() < now.getTime() - ORPHAN_GRACE_MS);
  const keep = await importsKeepingFiles(
    deps.db,
    files.map((f) => f.id),
    new Date(now.getTime() - FAILED_KEEP_MS),
  );
  for (const f of files) {
    if (keep.has(f.id)) continue;
    await deps.importFiles.remove(f.id);
    swept++;
  }
  return { resumed, expired, swept };
}
