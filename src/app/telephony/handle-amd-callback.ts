import { AppError } from '../../core/errors';
import { parseAmdCallback } from '../../core/telephony/callbacks';
import { applyAmdVerdict, findCallForCallback } from '../../db/queries/calls';
import type { AppDeps } from '../deps';
import { dispositionMachine } from '../dialer/disposition-machine';
import { callIdOrUndefined, type CallbackResult } from './handle-status-callback';
import { playVoicemailDrop } from './voicemail-drop';

/** The async answering-machine verdict: stored once per call; anything but `human` counts as a machine. */
export async function handleAmdCallback(
  deps: Pick<AppDeps, 'db' | 'clock' | 'telephony' | 'log' | 'settings'>,
  input: { params: Record<string, string>; url: string },
): Promise<CallbackResult> {
  const event = parseAmdCallback(input.params, input.url);
  if (event.callId !== undefined && callIdOrUndefined(event.callId) === undefined) {
    throw new AppError('invalid_input', 'Malformed provider callback: callId is not one of ours');
  }
  const result = await applyAmdVerdict(deps.db, {
    callId: event.callId,
    providerSid: event.providerSid,
    eventKey: event.eventKey,
    payload: input.params,
    answeredBy: event.answeredBy,
    now: deps.clock.now(),
  });
  if (!result.found) return { status: 'unknown_call' };
  if (!result.inserted) return { status: 'duplicate' };
  if (result.updated && event.answeredBy === 'machine') {
    // With a drop message chosen, the verdict came at the machine's beep: the message plays into the recording
    // (once per lead per campaign), and the call ends by itself when it is over (decision 0029).
    const call = await findCallForCallback(deps.db, event.callId, event.providerSid);
    const dropped = call?.amd && call.agentId ? await playVoicemailDrop(deps, call, 'amd') : 'none';
    // The dialer's AMD rule: a machine never reaches the agent. A failure here leaves the call for the
    // agent to disposition by hand; the verdict itself is stored either way.
    await dispositionMachine(deps, {
      callId: event.callId,
      providerSid: event.providerSid,
      leaveCallUp: dropped === 'dropped',
    }).catch((err: unknown) =>
      deps.log.warn({ err: err instanceof Error ? err.message : String(err) }, 'machine disposition failed'),
    );
  }
  return { status: result.updated ? 'applied' : 'unchanged' };
}
