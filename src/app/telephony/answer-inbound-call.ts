import { INBOUND_NO_KEY, inboundPrompt, isOptOutCaller } from '../../core/telephony/inbound';
import { withCallId } from '../../core/telephony/callbacks';
import {
  campaignCallbackRouting,
  claimReadyAgentForInbound,
  findInboundOrigin,
  inboundSellerName,
  insertInboundCall,
} from '../../db/queries/inbound-calls';
import { lineRequired } from '../dialer/agent-line';
import type { AppDeps } from '../deps';
import { conferenceName, webhookUrls } from './telephony-urls';

const NOT_IN_SERVICE = 'Sorry, this number cannot take calls. Goodbye.';

export type InboundAnswer = {
  cxml: string;
  /** What happened, for the log: connected to an agent, the menu, or refused (nobody's number). */
  outcome: 'agent' | 'menu' | 'unknown_number';
  callId: string | null;
};

/**
 * Someone called one of our numbers and the provider fetched its voice URL (decision 0026). The call belongs to the
 * team that last dialled the caller (or the number's only team); as the campaign's call-back routing says, a Ready
 * agent of the campaign that last called them takes it — that call's agent first, or whoever has waited longest —
 * with the lead on their screen, or nobody does. With nobody Ready, the caller hears who called
 * and may press the opt-out key (handled by `handleInboundKey`). Idempotent per call sid.
 */
export async function answerInboundCall(
  deps: Pick<AppDeps, 'db' | 'clock' | 'telephony' | 'calling' | 'settings' | 'log'>,
  input: { params: Record<string, string> },
): Promise<InboundAnswer> {
  const from = input.params.From ?? '';
  const to = input.params.To ?? '';
  const callSid = input.params.CallSid ?? '';
  const origin = callSid && to ? await findInboundOrigin(deps.db, { from, to }) : null;
  if (!origin)
    return { cxml: deps.telephony.sayAndHangUpCxml(NOT_IN_SERVICE), outcome: 'unknown_number', callId: null };
  const now = deps.clock.now();
  const { call, created } = await insertInboundCall(deps.db, {
    teamId: origin.teamId,
    campaignId: origin.campaignId,
    leadId: origin.leadId,
    from,
    to,
    provider: deps.calling.provider,
    providerSid: callSid,
    now,
  });

  let sessionId = call.agentSessionId;
  const routing = origin.campaignId
    ? await campaignCallbackRouting(deps.db, { teamId: origin.teamId, campaignId: origin.campaignId })
    : 'last_agent_first';
  if (created && origin.campaignId && routing !== 'message_only') {
    const agent = await claimReadyAgentForInbound(deps.db, {
      teamId: origin.teamId,
      campaignId: origin.campaignId,
      preferUserId: routing === 'last_agent_first' ? origin.lastAgentId : null,
      call,
      leadId: origin.leadId,
      lineRequired: lineRequired(deps),
      now,
    });
    sessionId = agent?.sessionId ?? null;
  }
  if (sessionId) {
    deps.log.info({ callId: call.id }, 'inbound call connected to an agent');
    return {
      cxml: deps.telephony.conferenceCxml({ conferenceName: conferenceName(sessionId, call.id) }),
      outcome: 'agent',
      callId: call.id,
    };
  }
  const seller = await inboundSellerName(deps.db, { teamId: origin.teamId, campaignId: origin.campaignId });
  const canOptOut = isOptOutCaller(from);
  return {
    cxml: deps.telephony.inboundMenuCxml({
      prompt: inboundPrompt(seller, canOptOut),
      actionUrl: canOptOut ? withCallId(webhookUrls(deps.settings.publicBaseUrl).inboundKeyUrl, call.id) : null,
      noKey: INBOUND_NO_KEY,
    }),
    outcome: 'menu',
    callId: call.id,
  };
}
