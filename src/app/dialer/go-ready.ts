import { inCall } from '../../core/dialer/agent-state';
import { AppError } from '../../core/errors';
import type { TeamScope } from '../../core/teams/scope';
import { getCampaign } from '../../db/queries/campaigns';
import { getOwnDialingSession, seatHolderIds, upsertOwnDialingSession } from '../../db/queries/dialing-sessions';
import { releaseLead } from '../../db/queries/lead-reservations';
import type { AudioKind } from '../../core/dialer/agent-audio';
import type { BrowserLegGrant } from '../../ports/agent-audio';
import { audioChoiceFrom, connectAgentAudio } from './agent-audio';
import { assertSeatAvailable } from '../billing/assert-seat-available';
import type { AppDeps } from '../deps';
import { getDialerState, type DialerState } from './get-dialer-state';

/**
 * The agent picks a campaign and goes Ready. Refused with payment_required (HTTP 402) when the team may not dial
 * or every paid seat is taken by other agents; refused while the agent is still working a call. A lead held for
 * another campaign is released. On SignalWire the agent's audio leg (their phone or SIP address) is called unless it is already up.
 */
export async function goReady(
  deps: AppDeps,
  scope: TeamScope,
  input: {
    campaignId: string;
    instance: string | null;
    audioKind?: AudioKind | null;
    linePhone?: string | null;
    sipAddress?: string | null;
  },
): Promise<DialerState & { browserLeg?: BrowserLegGrant }> {
  // Agents see only the campaigns they are assigned to; an unassigned one is "not found" to them.
  const campaign = await getCampaign(deps.db, scope, input.campaignId);
  if (!campaign) throw new AppError('not_found', 'No such campaign');
  if (campaign.archivedAt !== null) throw new AppError('invalid_state', 'This campaign is archived');
  const now = deps.clock.now();
  const current = await getOwnDialingSession(deps.db, scope);
  if (current && inCall(current.state) && current.callId !== null) {
    throw new AppError('invalid_state', 'Finish the current call (disposition it) before going Ready again');
  }
  // On a real carrier the agent needs their own audio leg (decisions 0009, 0014): their choice, remembered from last time.
  const audio = audioChoiceFrom(deps, input, current);
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
  const browserLeg = audio !== null ? await connectAgentAudio(deps, scope, session, audio) : null;
  const state = await getDialerState(deps, scope);
  // The browser's dial-in (token and one-time address) goes to this response only, never into the shared state.
  return browserLeg ? { ...state, browserLeg } : state;
}
