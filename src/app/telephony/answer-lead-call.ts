import { routeAnswer, safeHarborWords } from '../../core/compliance/answer-routing';
import { isUuid } from '../../core/ids';
import { answerRoutingFor, recordAnswerRouting } from '../../db/queries/call-connects';
import { findCallForCallback } from '../../db/queries/calls';
import { claimReadyAgent } from '../../db/queries/inbound-calls';
import type { AppDeps } from '../deps';
import { lineRequired } from '../dialer/agent-line';
import { RESERVATION_TTL_MS } from '../dialer/reserve-callable-lead';
import { conferenceName } from './telephony-urls';

/**
 * The provider fetched the answer URL: the lead picked up. A predictive pacer line (a campaign's call placed for no
 * agent, decision 0028) is first given to the campaign's longest-waiting Ready agent. When the agent the call was dialled for is still on it,
 * the cXML that bridges the lead into that agent's per-session conference; otherwise the safe-harbor message (the
 * call is abandoned). Which of the two, and when, is stored on the call: the records the abandon rate is counted
 * from (decision 0025). Null when the callback names a call we do not know (the webhook then hangs up).
 */
export async function answerLeadCall(
  deps: Pick<AppDeps, 'db' | 'telephony' | 'clock' | 'calling' | 'log'>,
  input: { callId: string | undefined; callSid: string },
) {
  const found = input.callSid ? await findCallForCallback(deps.db, input.callId, input.callSid) : null;
  if (!found) return null;
  const call = await matchPacerLine(deps, found);
  const sessionId = call.agentSessionId;
  const routing = await answerRoutingFor(deps.db, call, sessionId !== null && isUuid(sessionId));
  const words = {
    seller: routing.seller,
    callbackNumber: routing.callbackNumber,
    template: routing.template,
    teamName: routing.teamName,
    callerId: call.callerId,
  };
  const verdict = routeAnswer({
    callId: call.id,
    session: routing.session,
    lineRequired: lineRequired(deps),
    ...words,
  });
  const at = deps.clock.now();
  if (verdict.kind === 'connect') {
    // Already given the message (a repeated answer callback after the agent came back): keep it that way.
    if (await recordAnswerRouting(deps.db, call.id, { kind: 'connected', at })) {
      return deps.telephony.conferenceCxml({ conferenceName: conferenceName(call.agentSessionId, call.id) });
    }
  } else {
    deps.log.info({ callId: call.id, reason: verdict.reason }, 'no agent for an answered call: safe-harbor message');
    await recordAnswerRouting(deps.db, call.id, { kind: 'safe_harbor', at });
  }
  return deps.telephony.safeHarborCxml({ message: safeHarborWords(words) });
}

type AnsweredCall = NonNullable<Awaited<ReturnType<typeof findCallForCallback>>>;

/**
 * A pacer line — an outbound call of a campaign dialled for no agent session — takes the campaign's Ready agent who
 * has waited longest (the agent row locked, SKIP LOCKED), with the lead reserved for them and put on their screen.
 * With nobody Ready the call is left without a session and so gets the safe-harbor message. Other calls as they are.
 */
async function matchPacerLine(
  deps: Pick<AppDeps, 'db' | 'telephony' | 'clock' | 'calling'>,
  call: AnsweredCall,
): Promise<AnsweredCall> {
  if (call.agentSessionId !== null || call.campaignId === null || call.direction !== 'outbound') return call;
  const now = deps.clock.now();
  const agent = await claimReadyAgent(deps.db, {
    teamId: call.teamId,
    campaignId: call.campaignId,
    // A callback line names the agent who set the callback: they take it if they are Ready.
    preferUserId: call.agentId,
    call,
    leadId: call.leadId,
    lineRequired: lineRequired(deps),
    now,
    reserveLead: { until: new Date(now.getTime() + RESERVATION_TTL_MS) },
  });
  return agent ? { ...call, agentSessionId: agent.sessionId, agentId: agent.userId } : call;
}
