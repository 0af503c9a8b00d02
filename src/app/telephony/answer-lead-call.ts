import { findCallForCallback } from '../../db/queries/calls';
import type { AppDeps } from '../deps';
import { conferenceName } from './telephony-urls';

/**
 * The provider fetched the answer URL: the lead picked up. The cXML that bridges them into their agent's per-session
 * conference, or null when the callback names a call we do not know (the webhook then hangs up).
 */
export async function answerLeadCall(
  deps: Pick<AppDeps, 'db' | 'telephony'>,
  input: { callId: string | undefined; callSid: string },
) {
  const call = input.callSid ? await findCallForCallback(deps.db, input.callId, input.callSid) : null;
  if (!call) return null;
  return deps.telephony.conferenceCxml({ conferenceName: conferenceName(call.agentSessionId, call.id) });
}
