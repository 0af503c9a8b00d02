import { BUILT_IN_POLICY } from '../../core/privacy/policy';
import { pageViewName, usageDay } from '../../core/privacy/usage';
import { currentAndUpcomingPolicy } from '../../db/queries/policy';
import { incrementUsage } from '../../db/queries/usage';
import type { AppDeps } from '../deps';

/** The policy in force (the built-in one until a version is published) and any announced change. */
export async function policyInForce(deps: Pick<AppDeps, 'db' | 'clock'>) {
  const { current, upcoming } = await currentAndUpcomingPolicy(deps.db, deps.clock.now());
  return {
    current: current ? { version: current.version, effectiveAt: current.effectiveAt } : BUILT_IN_POLICY,
    upcoming: upcoming
      ? { version: upcoming.version, effectiveAt: upcoming.effectiveAt, summary: upcoming.summary }
      : null,
  };
}

/** Counts a page view under the route's shape only (ids and query dropped), for today. */
export async function countPageView(deps: Pick<AppDeps, 'db' | 'clock'>, path: string) {
  const name = pageViewName(path);
  if (name) await incrementUsage(deps.db, usageDay(deps.clock.now()), 'page_view', name);
}
