import { foldRollupDeltas } from '../../db/queries/call-rollups';
import type { AppDeps } from '../deps';

export const FOLD_CALL_ROLLUPS_JOB = 'fold-call-rollups';

/** Folds every pending rollup delta into the hourly buckets, a bounded batch per transaction. */
export async function foldCallRollups(deps: Pick<AppDeps, 'db'>): Promise<{ folded: number }> {
  let folded = 0;
  for (;;) {
    const n = await foldRollupDeltas(deps.db);
    folded += n;
    if (n === 0) return { folded };
  }
}
