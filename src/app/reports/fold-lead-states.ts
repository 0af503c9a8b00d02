import { foldLeadStateDeltas } from '../../db/queries/lead-state-counts';
import type { AppDeps } from '../deps';

export const FOLD_LEAD_STATES_JOB = 'fold-lead-states';

/** Folds every pending lead state delta into the counts, a bounded batch per transaction. */
export async function foldLeadStates(deps: Pick<AppDeps, 'db'>): Promise<{ folded: number }> {
  let folded = 0;
  for (;;) {
    const n = await foldLeadStateDeltas(deps.db);
    folded += n;
    if (n === 0) return { folded };
  }
}
