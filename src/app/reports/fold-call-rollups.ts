import { foldRollupDeltas } from '../../db/queries/call-rollups';
import type { AppDeps } from '../deps';
import { foldUntilEmpty } from './fold-until-empty';

export const FOLD_CALL_ROLLUPS_JOB = 'fold-call-rollups';

/** Folds every pending rollup delta into the hourly buckets, a bounded batch per transaction. */
export const foldCallRollups = (deps: Pick<AppDeps, 'db'>) => foldUntilEmpty(() => foldRollupDeltas(deps.db));
