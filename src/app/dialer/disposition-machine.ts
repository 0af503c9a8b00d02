import { VOICEMAIL_KEY, leadAfterDisposition } from '../../core/dialer/retry';
import { AppError } from '../../core/errors';
import type { TeamScope } from '../../core/teams/scope';
import { isFinal } from '../../core/telephony/call-status';
import { lockOwnDialingSession, updateOwnDialingSession } from '../../db/queries/dialing-sessions';
import { notifyCallChanged } from '../../db/queries/call-changes';
import { findCallForCallback } from '../../db/queries/calls';
import { applyLeadOutcome, setCallDisposition } from '../../db/queries/lead-dial-writes';
import { getTeamLeadIgnoringVisibility } from '../../db/queries/leads';
import type { AppDeps } from '../deps';
import { loadDialerCampaign } from './dialer-context';

/**
 * Answering-machine detection said "machine" on a dialer call of a campaign with AMD on: the call is hung up and
 * dispositioned Voicemail (retried after the voicemail gap) without reaching the agent, who is back to Ready — in
 * progressive mode their screen dials the next lead by itself. Idempotent: a dispositioned call is left alone.
 */
export async function dispositionMachine(
  deps: Pick<AppDeps, 'db' | 'clock' | 'telephony' | 'log'>,
  /**
   * `leaveCallUp`: a voicemail drop is playing on the call, which ends by itself when it is over (decision 0029).
   * `byAgent`: the agent heard the machine and dropped the message themselves, AMD on or not.
   */
  input: { callId: string | undefined; providerSid: string; leaveCallUp?: boolean; byAgent?: boolean },
): Promise<'dispositioned' | 'skipped'> {
  const call = await findCallForCallback(deps.db, input.callId, input.providerSid);
  if (!call || (!call.amd && !input.byAgent) || call.disposition !== null || !call.agentId) return 'skipped';
  if (!call.campaignId || !call.leadId) return 'skipped';
  const scope: TeamScope = { teamId: call.teamId, userId: call.agentId, role: 'agent' };
  const now = deps.clock.now();
  let campaign;
  try {
    campaign = await loadDialerCampaign(deps, scope, call.campaignId);
  } catch (e) {
    if (e instanceof AppError) return 'skipped';
    throw e;
  }
  const voicemail =
    campaign.dispositions.find((d) => d.key === VOICEMAIL_KEY) ?? campaign.dispositions.find((d) => d.retry);
  const lead = await getTeamLeadIgnoringVisibility(deps.db, scope, call.leadId);
  if (!voicemail || !lead) return 'skipped';
  if (!isFinal(call.status) && call.providerSid && !input.leaveCallUp)
    await deps.telephony.hangUp({ providerSid: call.providerSid });
  const next = leadAfterDisposition({
    disposition: voicemail,
    outcome: 'machine',
    rules: campaign.retryRules,
    attempts: lead.attempts,
    callbackAt: null,
    agentUserId: scope.userId,
    now,
  });
  const done = await deps.db.transaction(async (tx) => {
    // The session row is the lock the agent's own disposition takes too; whoever comes second finds it moved on.
    const session = await lockOwnDialingSession(tx, scope);
    if (session?.callId !== call.id) return false;
    await setCallDisposition(tx, scope, {
      callId: call.id,
      disposition: voicemail.key,
      notes: input.byAgent
        ? 'Answering machine: the agent left the voicemail drop message'
        : 'Answering machine (AMD): dispositioned automatically',
      callbackAt: null,
      consentConfirmed: false,
      now,
      // Nobody wrapped this call up (the machine, or the agent moving straight on): it adds no wrap-up time.
      disposedAt: null,
    });
    await applyLeadOutcome(tx, scope, {
      leadId: lead.id,
      status: next.status,
      nextAttemptAt: next.nextAttemptAt,
      callbackAt: next.callbackAt,
      callbackUserId: next.callbackUserId,
      lastDisposition: voicemail.key,
      dnc: false,
      now,
    });
    await updateOwnDialingSession(tx, scope, { state: 'ready', leadId: null, callId: null }, now);
    await notifyCallChanged(tx, call);
    return true;
  });
  deps.log.info({ callId: call.id }, 'answering machine dispositioned as voicemail');
  return done ? 'dispositioned' : 'skipped';
}
