import type { DialDecision } from '../../core/compliance';
import { AppError } from '../../core/errors';
import { assertRingTimeout } from '../../core/telephony/call-status';
import { rankCallerIds, usageDay, withoutResting } from '../../core/telephony/caller-id';
import { callerIdCandidates, countTeamNumbers, takeCallerIdSlot } from '../../db/queries/caller-ids';
import { chosenDropMessage } from '../../db/queries/drop-messages';
import { getCallView, type CallView } from '../../db/queries/call-view';
import { insertQueuedCall, markCallNotPlaced, markCallWithheld, setProviderSid } from '../../db/queries/calls';
import type { AppDeps } from '../deps';
import { syncPhoneNumbers } from './sync-phone-numbers';
import { webhookUrls } from './telephony-urls';

export const DEFAULT_RING_TIMEOUT_SEC = 25;

export type StartProviderCallInput = {
  teamId: string;
  campaignId?: string | null;
  leadId?: string | null;
  agentId?: string | null;
  /** The agent's session; its conference is where the lead is bridged on answer. */
  agentSessionId?: string | null;
  /** E.164. */
  to: string;
  /** The lead's state from its address (local presence's second choice); the number's area code otherwise. */
  leadState?: string | null;
  record: boolean;
  amd: boolean;
  /** At least 15 s (FTC); 25 s by default. */
  ringTimeoutSec?: number;
  /** The compliance gate's decision that allowed this dial, kept with the call. */
  complianceDecision?: Record<string, unknown> | null;
  /**
   * The compliance gate again, at the last moment before the provider request (time passes while the caller ID is
   * picked and the call written). A denial withholds the call: it ends canceled and never reaches the carrier.
   */
  recheck?: (at: Date) => DialDecision;
};

export type StartProviderCallResult =
  | { ok: true; call: CallView }
  | { ok: false; reason: 'no_caller_id'; message: string }
  | { ok: false; reason: 'denied'; message: string; decision: DialDecision; call: CallView | null }
  | { ok: false; reason: 'provider_error'; message: string; call: CallView | null };

/**
 * THE dial primitive, called after the dialer's compliance gate allowed the lead: picks a caller ID (local presence,
 * daily caps), records the call as queued, asks the provider to place it with our callback URLs, and stores the
 * provider's sid. The database transaction never spans the provider request; a refused call ends `failed`.
 */
export async function startProviderCall(
  deps: Pick<AppDeps, 'db' | 'telephony' | 'calling' | 'clock' | 'settings' | 'log'>,
  input: StartProviderCallInput,
): Promise<StartProviderCallResult> {
  const ringTimeoutSec = input.ringTimeoutSec ?? DEFAULT_RING_TIMEOUT_SEC;
  assertRingTimeout(ringTimeoutSec);
  const now = deps.clock.now();
  const day = usageDay(now);
  // A team that never synced its numbers gets them on its first dial, so the simulator works out of the box.
  if ((await countTeamNumbers(deps.db, input.teamId)) === 0) await syncPhoneNumbers(deps, input.teamId);

  const candidates = await callerIdCandidates(deps.db, input.teamId, input.campaignId ?? null, day);
  let callerId: string | undefined;
  for (const choice of rankCallerIds(withoutResting(candidates, now), {
    phone: input.to,
    state: input.leadState ?? null,
  })) {
    if (await takeCallerIdSlot(deps.db, input.teamId, choice.id, day)) {
      callerId = choice.e164;
      break;
    }
  }
  if (callerId === undefined) {
    return {
      ok: false,
      reason: 'no_caller_id',
      message:
        candidates.length === 0 ? 'This team has no active caller ID' : 'Every caller ID has reached its daily cap',
    };
  }

  const call = await insertQueuedCall(deps.db, {
    teamId: input.teamId,
    campaignId: input.campaignId ?? null,
    leadId: input.leadId ?? null,
    agentId: input.agentId ?? null,
    agentSessionId: input.agentSessionId ?? null,
    dialedNumber: input.to,
    callerId,
    provider: deps.calling.provider,
    record: input.record,
    amd: input.amd,
    complianceDecision: input.complianceDecision ?? null,
    queuedAt: now,
  });
  let placedCheck: Record<string, unknown> | undefined;

  if (input.recheck) {
    const at = deps.clock.now();
    const decision = input.recheck(at);
    const check = {
      verdict: decision.allowed ? 'allowed' : 'denied',
      checkedAt: at.toISOString(),
      reasons: decision.reasons,
      zones: decision.zones,
    };
    if (!decision.allowed) {
      deps.log.info(
        { callId: call.id, reasons: decision.reasons },
        'call withheld: the gate denied it just before placing',
      );
      await markCallWithheld(deps.db, call.id, at, check);
      const message = `Not dialled: ${decision.reasons.join(', ')}`;
      return {
        ok: false,
        reason: 'denied',
        message,
        decision,
        call: await getCallView(deps.db, input.teamId, call.id),
      };
    }
    placedCheck = check;
  }

  const urls = webhookUrls(deps.settings.publicBaseUrl);
  // A campaign with a drop message has AMD wait for the machine's beep, to play the drop then (decision 0029);
  // without one, a machine is reported (and hung up on) as soon as it is recognised.
  const amdWaitForBeep =
    input.amd &&
    input.campaignId != null &&
    (await chosenDropMessage(deps.db, input.teamId, input.campaignId)) !== null;
  try {
    const { providerSid } = await deps.telephony.placeCall({
      to: input.to,
      from: callerId,
      callId: call.id,
      answerUrl: urls.answerUrl,
      statusCallbackUrl: urls.statusCallbackUrl,
      ...(input.record ? { recordingCallbackUrl: urls.recordingCallbackUrl } : {}),
      record: input.record,
      amd: input.amd,
      ...(input.amd ? { amdCallbackUrl: urls.amdCallbackUrl } : {}),
      ...(amdWaitForBeep ? { amdWaitForBeep } : {}),
      ringTimeoutSec,
    });
    await setProviderSid(deps.db, call.id, providerSid, placedCheck);
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    deps.log.warn({ callId: call.id, code: err.code, err: err.message }, 'provider refused a call');
    await markCallNotPlaced(deps.db, call.id, deps.clock.now());
    return {
      ok: false,
      reason: 'provider_error',
      message: err.message,
      call: await getCallView(deps.db, input.teamId, call.id),
    };
  }
  const view = await getCallView(deps.db, input.teamId, call.id);
  if (!view) throw new Error('call vanished after placing it');
  return { ok: true, call: view };
}
