import { callableZonesNow } from '../../core/compliance';
import { summariseWaitingLeads, type WaitingSummary } from '../../core/dialer/waiting-leads';
import type { TeamScope } from '../../core/teams/scope';
import { countWaitingLeads } from '../../db/queries/waiting-leads';
import type { AppDeps } from '../deps';

/** Why nothing in the campaign may be called now, and when the first lead becomes callable. */
export async function explainNothingCallable(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  scope: TeamScope,
  campaignId: string,
): Promise<WaitingSummary> {
  const now = deps.clock.now();
  const rows = await countWaitingLeads(deps.db, scope, { campaignId, now });
  return summariseWaitingLeads(rows, callableZonesNow(now), now);
}
