import type { DialDecision } from '../../core/compliance';
import { effectiveState } from '../../core/dialer/agent-state';
import { provisionalNextAttempt } from '../../core/dialer/retry';
import { AppError } from '../../core/errors';
import type { TeamScope } from '../../core/teams/scope';
import {
  claimDialingSessionForDial,
  getOwnDialingSession,
  updateOwnDialingSession,
  touchOwnDialingSession,
} from '../../db/queries/dialing-sessions';
import { isOnDncList } from '../../db/queries/dnc';
import {
  claimLeadForDial,
  findCallbackSetter,
  markCallbackKept,
  unclaimLeadDial,
} from '../../db/queries/lead-dial-writes';
import { isCallbackKept } from '../../core/reports/callbacks';
import { getTeamLeadIgnoringVisibility } from '../../db/queries/leads';
import { lineRequired } from './agent-line';
import type { AppDeps } from '../deps';
import { loadDialerCampaign } from './dialer-context';
import { getDialerState, type DialerState } from './get-dialer-state';
import {
  gateLead,
  hasFrequencyCap,
  LEAD_DIAL_MARGIN_MS,
  LEAD_RING_TIMEOUT_SEC,
  recentDials,
  RESERVATION_TTL_MS,
  settleDeniedLead,
} from './reserve-callable-lead';
import { startProviderCall } from '../telephony/start-provider-call';

/** What is stored on the call: the gate's decision at the moment of the dial, with when and how it was dialled. */
export function complianceRecord(decision: DialDecision, now: Date, mode: string): Record<string, unknown> {
  return {
    verdict: decision.allowed ? 'allowed' : 'denied',
    checkedAt: now.toISOString(),
    mode,
    // The call had to stay inside every window from checkedAt until placement and ringing were over.
    marginSec: LEAD_DIAL_MARGIN_MS / 1000,
    reasons: decision.reasons,
    rules: decision.checked,
    zones: decision.zones,
    state: decision.state ?? null,
    nextAllowedAt: decision.nextAllowedAt?.toISOString() ?? null,
  };
}

export type DialResult =
  | ({ ok: true; decision: DialDecision } & DialerState)
  | ({ ok: false; reason: 'denied'; decision: DialDecision; message: string } & DialerState)
  | ({ ok: false; reason: 'no_caller_id' | 'provider_error'; message: string } & DialerState);

/**
 * Dials the lead on the agent's screen: the compliance gate runs again now (time has passed since the preview),
 * the dial is counted against the lead only while the agent still holds it, then the telephony primitive places
 * the call with the gate's decision stored on it. A denied lead leaves the screen with its next allowed time.
 */
export async function dialLead(
  deps: Pick<AppDeps, 'db' | 'clock' | 'telephony' | 'calling' | 'settings' | 'log'>,
  scope: TeamScope,
): Promise<DialResult> {
  const now = deps.clock.now();
  // Acting is being present: it counts as a heartbeat.
  await touchOwnDialingSession(deps.db, scope, { now });
  const session = await getOwnDialingSession(deps.db, scope);
  if (!session || session.campaignId === null || session.leadId === null)
    throw new AppError('invalid_state', 'There is no lead on your screen to dial');
  const state = effectiveState(session, session.callStatus ? { status: session.callStatus } : null, now);
  if (state !== 'ready')
    throw new AppError(
      'invalid_state',
      state === 'offline' ? 'You are offline: go Ready first' : 'A call is already in progress',
    );
  // Never dial a lead nobody can talk to (an abandoned call): on a real carrier the agent's line must be up.
  if (lineRequired(deps) && session.lineStatus !== 'connected') {
    throw new AppError(
      'invalid_state',
      session.lineStatus !== 'ringing'
        ? session.audioKind === 'browser'
          ? 'Your browser audio is not connected: go Ready to reconnect it'
          : 'Your phone line is not connected: go Ready to ring it again'
        : session.audioKind === 'browser'
          ? 'Your browser audio is still connecting: you can dial once it is connected'
          : session.audioKind === 'sip'
            ? `Answer the call on your SIP phone (${session.lineSip ?? 'the address you gave'}) first: you can dial once your line is connected`
            : `Answer your phone (${session.linePhone ?? 'the number you gave'}) first: you can dial once your line is connected`,
    );
  }
  const campaign = await loadDialerCampaign(deps, scope, session.campaignId);
  const lead = await getTeamLeadIgnoringVisibility(deps.db, scope, session.leadId);
  if (!lead || lead.reservedBy !== scope.userId) {
    await updateOwnDialingSession(deps.db, scope, { leadId: null }, now);
    throw new AppError('conflict', 'This lead is no longer held for you; take the next one');
  }

  const recent = hasFrequencyCap(lead) ? await recentDials(deps, scope, lead.id, now) : [];
  const gated = { ...lead, onDncList: await isOnDncList(deps.db, scope, lead.phone) };
  const decision = gateLead(gated, campaign.rawWindow, recent, now);
  if (!decision.allowed) {
    await settleDeniedLead(deps, scope, { leadId: lead.id, userId: scope.userId, decision, now });
    await updateOwnDialingSession(deps.db, scope, { leadId: null }, now);
    const message = `Not dialled: ${decision.reasons.join(', ')}`;
    return { ok: false, reason: 'denied', decision, message, ...(await getDialerState(deps, scope)) };
  }

  // One dial per lead on screen: the session moves Ready → dialing and the lead's attempt is counted together.
  const claimed = await deps.db.transaction(async (tx) => {
    const s = await claimDialingSessionForDial(tx, scope, { leadId: lead.id, now });
    if (!s) return false;
    const l = await claimLeadForDial(tx, scope, {
      leadId: lead.id,
      userId: scope.userId,
      now,
      provisionalNextAttempt: provisionalNextAttempt(campaign.retryRules, now),
      reservedUntil: new Date(now.getTime() + RESERVATION_TTL_MS),
    });
    if (!l) throw new AppError('conflict', 'This lead is no longer held for you; take the next one');
    return true;
  });
  if (!claimed) throw new AppError('conflict', 'This lead is already being dialled');

  const placed = await startProviderCall(deps, {
    teamId: scope.teamId,
    campaignId: campaign.id,
    leadId: lead.id,
    agentId: scope.userId,
    agentSessionId: session.id,
    to: lead.phone,
    leadState: lead.state,
    record: campaign.recordingEnabled,
    amd: campaign.amd,
    ringTimeoutSec: LEAD_RING_TIMEOUT_SEC,
    complianceDecision: complianceRecord(decision, now, campaign.dialMode),
    recheck: (at) => gateLead(gated, campaign.rawWindow, recent, at),
  });
  // The call reached the carrier (placed, or failed there): a callback of the agent's own was dialled.
  const dialled = placed.ok || (placed.reason === 'provider_error' && placed.call !== null);
  if (dialled && lead.status === 'callback' && lead.callbackUserId === scope.userId)
    await markKeptCallback(deps, scope, lead.id, now);
  if (placed.ok) {
    await updateOwnDialingSession(deps.db, scope, { callId: placed.call.id }, now);
    return { ok: true, decision, ...(await getDialerState(deps, scope)) };
  }
  if (placed.reason === 'provider_error' && placed.call) {
    // The call exists and ended failed: it is dispositioned like any other (wrap-up).
    await updateOwnDialingSession(deps.db, scope, { callId: placed.call.id }, now);
    return { ok: false, reason: 'provider_error', message: placed.message, ...(await getDialerState(deps, scope)) };
  }
  if (placed.reason === 'denied') {
    // The window closed while the call was being prepared: it never reached the carrier, so the attempt is not
    // counted; the lead waits for its next allowed time like any denied lead.
    await unclaimLeadDial(deps.db, scope, { lead });
    await settleDeniedLead(deps, scope, {
      leadId: lead.id,
      userId: scope.userId,
      decision: placed.decision,
      now: deps.clock.now(),
    });
    await updateOwnDialingSession(deps.db, scope, { state: 'ready', leadId: null }, now);
    return {
      ok: false,
      reason: 'denied',
      decision: placed.decision,
      message: placed.message,
      ...(await getDialerState(deps, scope)),
    };
  }
  // No call was placed at all: nothing to count, the lead stays on screen.
  await unclaimLeadDial(deps.db, scope, { lead });
  await updateOwnDialingSession(deps.db, scope, { state: 'ready' }, now);
  return { ok: false, reason: placed.reason, message: placed.message, ...(await getDialerState(deps, scope)) };
}

/** The agent dialled their own callback: the call that scheduled it is marked kept when within its due window. */
async function markKeptCallback(deps: Pick<AppDeps, 'db'>, scope: TeamScope, leadId: string, now: Date) {
  const setter = await findCallbackSetter(deps.db, scope, { leadId, agentId: scope.userId });
  if (setter && isCallbackKept(setter.callbackAt, now))
    await markCallbackKept(deps.db, scope, { callId: setter.id, now });
}
