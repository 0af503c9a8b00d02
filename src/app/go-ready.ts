import { inCall } from '../core/dialer/agent-state';
import { AppError } from '../core/errors';
import type { TeamScope } from '../core/teams/scope';
import { getCampaign } from '../db/queries/campaigns';
import { getOwnSession, seatHolderIds, upsertOwnSession } from '../db/queries/agent-sessions';
import { releaseLead } from '../db/queries/next-lead';
import { assertAgentAudio } from './assert-agent-audio';
import { assertSeatAvailable } from './assert-seat-available';
import type { AppDeps } from './deps';
import { getDialerState, type DialerState } from './get-dialer-state';

/**
 * The agent picks a campaign and goes Ready. Refused with payment_required (HTTP 402) when the team may not dial
 * or every paid seat is taken by other agents; refused while the agent is still working a call. A lead held for
 * another campaign is released.
 */
export async function goReady(
  deps: AppDeps,
  scope: TeamScope,
  input: { campaignId: string; instance: string | null },
): Promise<DialerState> {
  assertAgentAudio(deps);
  // Agents see only the campaigns they are assigned to; an unassigned one is "not found" to them.
  const campaign = await getCampaign(deps.db, scope, input.campaignId);
  if (!campaign) throw new AppError('not_found', 'No such campaign');
  if (campaign.archivedAt !== null) throw new AppError('invalid_state', 'This campaign is archived');
  const now = deps.clock.now();
  const current = await getOwnSession(deps.db, scope);
  if (current && inCall(current.state) && current.callId !== null) {
    throw new AppError('invalid_state', 'Finish the current call (disposition it) before going Ready again');
  }
  await assertSeatAvailable(deps, scope, { agentId: scope.userId, activeAgentIds: await seatHolderIds(deps.db, scope, now) });
  if (current?.leadId && current.campaignId !== input.campaignId) {
    await releaseLead(deps.db, scope, { leadId: current.leadId, userId: scope.userId, now });
  }
  // Going Ready again on the same campaign (after a reload, or from Not ready) keeps the lead on screen.
  const leadId = current?.leadId && current.campaignId === input.campaignId ? current.leadId : null;
  await upsertOwnSession(deps.db, scope, { campaignId: input.campaignId, state: 'ready', now, instance: input.instance, leadId });
  return getDialerState(deps, scope);
}
