import { inCall } from '../../core/dialer/agent-state';
import { AppError } from '../../core/errors';
import type { TeamScope } from '../../core/teams/scope';
import { getCampaign } from '../../db/queries/campaigns';
import { getOwnDialingSession, seatHolderIds, upsertOwnDialingSession } from '../../db/queries/dialing-sessions';
import { releaseLead } from '../../db/queries/lead-reservations';
import { ensureAgentLine, lineRequired, linePhoneFrom } from './agent-line';
import { assertSeatAvailable } from '../billing/assert-seat-available';
import type { AppDeps } from '../deps';
import { getDialerState, type DialerState } from './get-dialer-state';

/**
 * The agent picks a campaign and goes Ready. Refused with payment_required (HTTP 402) when the team may not dial
 * or every paid seat is taken by other agents; refused while the agent is still working a call. A lead held for
 * another campaign is released. On SignalWire the agent's phone is rung (their line) unless it is already up.
 */
export async function goReady(
  deps: AppDeps,
  scope: TeamScope,
  input: { campaignId: string; instance: string | null; linePhone?: string | null },
): Promise<DialerState> {
  // Agents see only the campaigns they are assigned to; an unassigned one is "not found" to them.
  const campaign = await getCampaign(deps.db, scope, input.campaignId);
  if (!campaign) throw new AppError('not_found', 'No such campaign');
  if (campaign.archivedAt !== null) throw new AppError('invalid_state', 'This campaign is archived');
  const now = deps.clock.now();
  const current = await getOwnDialingSession(deps.db, scope);
  if (current && inCall(current.state) && current.callId !== null) {
    throw new AppError('invalid_state', 'Finish the current call (disposition it) before going Ready again');
  }
  // On a real carrier the agent needs their own line (decision 0009): the phone we ring, remembered from last time.
  const linePhone = lineRequired(deps) ? linePhoneFrom(input.linePhone ?? current?.linePhone) : null;
  await assertSeatAvailable(deps, scope, {
    agentId: scope.userId,
    activeAgentIds: await seatHolderIds(deps.db, scope, now),
  });
  if (current?.leadId && current.campaignId !== input.campaignId) {
    await releaseLead(deps.db, scope, { leadId: current.leadId, userId: scope.userId, now });
  }
  // Going Ready again on the same campaign (after a reload, or from Not ready) keeps the lead on screen.
  const leadId = current?.leadId && current.campaignId === input.campaignId ? current.leadId : null;
  const session = await upsertOwnDialingSession(deps.db, scope, {
    campaignId: input.campaignId,
    state: 'ready',
    now,
    instance: input.instance,
    leadId,
  });
  if (linePhone !== null) await ensureAgentLine(deps, scope, session, linePhone);
  return getDialerState(deps, scope);
}
