import { INBOUND_NO_KEY, OPT_OUT_KEY, optOutConfirmation, optOutReason } from '../../core/telephony/inbound';
import { callIdFromUrl } from '../../core/telephony/callbacks';
import { addDncNumbers } from '../../db/queries/dnc';
import { findInboundCall, inboundSellerName, noteInboundKey } from '../../db/queries/inbound-calls';
import type { AppDeps } from '../deps';
import { callIdOrUndefined } from './handle-status-callback';

/**
 * The caller pressed a key at the inbound menu. The opt-out key puts their number on the team's DNC list — source
 * `inbound_opt_out`, a reason saying when and on which number, and the team's leads with it flagged — before the
 * confirmation plays; any other key just ends the call. A repeated post adds nothing twice. Null: not our call.
 */
export async function handleInboundKey(
  deps: Pick<AppDeps, 'db' | 'clock' | 'telephony' | 'log'>,
  input: { params: Record<string, string>; url: string },
): Promise<string | null> {
  const callId = callIdOrUndefined(callIdFromUrl(input.url));
  const callSid = input.params.CallSid ?? '';
  if (!callId || !callSid) return null;
  const call = await findInboundCall(deps.db, { callId, providerSid: callSid });
  if (!call) return null;
  const now = deps.clock.now();
  const key = (input.params.Digits ?? '').slice(0, 1);
  if (key !== OPT_OUT_KEY) {
    await noteInboundKey(deps.db, { teamId: call.teamId, callId: call.id, note: `Caller pressed "${key}"`, now });
    return deps.telephony.sayAndHangUpCxml(INBOUND_NO_KEY);
  }
  const added = await addDncNumbers(
    deps.db,
    { teamId: call.teamId, userId: null },
    [{ phone: call.dialedNumber, reason: optOutReason({ to: call.callerId, at: now }) }],
    'inbound_opt_out',
    now,
  );
  await noteInboundKey(deps.db, {
    teamId: call.teamId,
    callId: call.id,
    note: `Caller pressed ${OPT_OUT_KEY}: number added to the Do-not-call list`,
    now,
  });
  deps.log.info({ callId: call.id, added }, 'inbound caller opted out');
  const seller = await inboundSellerName(deps.db, { teamId: call.teamId, campaignId: call.campaignId });
  return deps.telephony.sayAndHangUpCxml(optOutConfirmation(seller));
}
