import { rebuildRollups } from '../../db/queries/call-rollups';
import type { AppDeps } from '../deps';

/**
 * `dialerseat rebuild-rollups`: recomputes the hourly call rollups from the calls table (every team, or one) and says
 * how many buckets disagreed before. Safe while the app runs: call changes wait for it and then apply on top.
 */
export async function rebuildCallRollups(
  deps: Pick<AppDeps, 'db'>,
  input: { teamId?: string } = {},
): Promise<{ buckets: number; disagreed: number }> {
  return rebuildRollups(deps.db, input.teamId);
}
