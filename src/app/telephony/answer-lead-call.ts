import { routeAnswer, safeHarborWords } from '../../core/compliance/answer-routing';
import { isUuid } from '../../core/ids';
import { answerRoutingFor, recordAnswerRouting } from '../../db/queries/call-connects';
import { findCallForCallback } from '../../db/queries/calls';
import type { AppDeps } from '../deps';
import { lineRequired } from '../dialer/agent-line';
import { conferenceName } from './telephony-urls';

/**
 * The provider fetched the answer URL: the lead picked up. When the agent the call was dialled for is still on it,
 * the cXML that bridges the lead into that agent's per-session conference; otherwise the safe-harbor message (the
 * call is abandoned). Which of the two, and when, is stored on the call: the records the abandon rate is counted
 * from (decision 0025). Null when the callback names a call we do not know (the webhook then hangs up).
 */
export async function answerLeadCall(
  deps: Pick<AppDeps, 'db' | 'telephony' | 'clock' | 'calling' | 'log'>,
  input: { callId: string | undefined; callSid: string },
) {
  const call = input.callSid ? await findCallForCallback(deps.db, input.callId, input.callSid) : null;
  if (!call) return null;
  const sessionId = call.agentSessionId;
  const routing = await answerRoutingFor(deps.db, call, sessionId !== null && isUuid(sessionId));
  const words = {
    seller: routing.seller,
    callbackNumber: routing.callbackNumber,
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
