import { AppError } from '../core/errors';
import { parseAmdCallback } from '../core/telephony/callbacks';
import { applyAmdVerdict } from '../db/queries/calls';
import type { AppDeps } from './deps';
import { callIdOrUndefined, type CallbackResult } from './handle-status-callback';

/** The async answering-machine verdict: stored once per call; anything but `human` counts as a machine. */
export async function handleAmdCallback(deps: Pick<AppDeps, 'db' | 'clock'>, input: { params: Record<string, string>; url: string }): Promise<CallbackResult> {
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
  return { status: result.updated ? 'applied' : 'unchanged' };
}
