import { AppError } from '../../core/errors';
import { isUuid } from '../../core/ids';
import { outcomeOf, statusRank } from '../../core/telephony/call-status';
import { parseStatusCallback } from '../../core/telephony/callbacks';
import { applyStatusChangeBatched } from '../../db/queries/call-status-batch';
import type { AppDeps } from '../deps';

export type CallbackResult = { status: 'applied' | 'unchanged' | 'duplicate' | 'unknown_call' };

/** Our call id from the callback URL, if it is one; anything else is treated as absent (the sid still finds the call). */
export function callIdOrUndefined(callId: string | undefined): string | undefined {
  return callId !== undefined && isUuid(callId) ? callId : undefined;
}

/**
 * A verified status callback. Idempotent per (call sid, status): the event is stored under that key and a
 * redelivery changes nothing; a status never moves a call backwards; a change is published (NOTIFY) once.
 */
export async function handleStatusCallback(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  input: { params: Record<string, string>; url: string },
): Promise<CallbackResult> {
  const event = parseStatusCallback(input.params, input.url);
  if (event.callId !== undefined && callIdOrUndefined(event.callId) === undefined) {
    throw new AppError('invalid_input', 'Malformed provider callback: callId is not one of ours');
  }
  const result = await applyStatusChangeBatched(deps.db, {
    callId: event.callId,
    providerSid: event.providerSid,
    eventKey: event.eventKey,
    payload: input.params,
    status: event.status,
    rank: statusRank(event.status),
    outcome: outcomeOf(event.status, event.answeredBy) ?? null,
    durationSec: event.durationSec ?? null,
    answeredBy: event.answeredBy ?? null,
    now: deps.clock.now(),
  });
  if (!result.found) return { status: 'unknown_call' };
  if (!result.inserted) return { status: 'duplicate' };
  return { status: result.updated ? 'applied' : 'unchanged' };
}
