import { rebuildRollups, type RebuildResult } from '../../db/queries/call-rollups';
import type { AppDeps } from '../deps';

/**
 * `dialerseat rebuild-rollups`: recomputes the call rollups (hourly buckets and the daily rows per report family) from
 * the calls table (every team, or one) and says how many of each disagreed before. Safe while the app runs: call
 * changes wait for it and then apply on top.
 */
export async function rebuildCallRollups(
  deps: Pick<AppDeps, 'db'>,
  input: { teamId?: string } = {},
): Promise<RebuildResult> {
  return rebuildRollups(deps.db, input.teamId);
}
