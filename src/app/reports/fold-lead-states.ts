import { foldLeadStateDeltas } from '../../db/queries/lead-state-counts';
import type { AppDeps } from '../deps';
import { foldUntilEmpty } from './fold-until-empty';

export const FOLD_LEAD_STATES_JOB = 'fold-lead-states';

/** Folds every pending lead state delta into the counts, a bounded batch per transaction. */
export const foldLeadStates = (deps: Pick<AppDeps, 'db'>) => foldUntilEmpty(() => foldLeadStateDeltas(deps.db));
