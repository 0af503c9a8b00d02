import { rebuildRollups, type RebuildResult } from '../../db/queries/call-rollups';
import { rebuildLeadStates, type LeadStateRebuild } from '../../db/queries/lead-state-counts';
import type { AppDeps } from '../deps';

/**
 * `dialerseat rebuild-rollups`: recomputes the call rollups (hourly buckets and the daily rows per report family) from
 * the calls table (every team, or one), and the lead state counts behind list penetration from the leads (decision
 * 0036), and says how many of each disagreed before. Safe while the app runs: call and lead changes wait for it and
 * then apply on top.
 */
export async function rebuildCallRollups(
  deps: Pick<AppDeps, 'db'>,
  input: { teamId?: string } = {},
): Promise<RebuildResult & LeadStateRebuild> {
  const calls = await rebuildRollups(deps.db, input.teamId);
  return { ...calls, ...(await rebuildLeadStates(deps.db, input.teamId)) };
}
