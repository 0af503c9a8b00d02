import { AppError } from '../../core/errors';
import { expiresAt } from '../../core/retention/periods';
import { parseRecordingCallback } from '../../core/telephony/callbacks';
import { findCallForCallback } from '../../db/queries/calls';
import { applyRecordingEvent } from '../../db/queries/recordings';
import type { AppDeps } from '../deps';
import { callIdOrUndefined, type CallbackResult } from './handle-status-callback';

/**
 * A verified recording-status callback. Idempotent per (recording sid, status); the recording row only moves
 * forward (in progress → completed/absent → deleted); it expires 30 days after the call started.
 */
export async function handleRecordingCallback(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  input: { params: Record<string, string>; url: string },
): Promise<CallbackResult> {
  const event = parseRecordingCallback(input.params, input.url);
  if (event.callId !== undefined && callIdOrUndefined(event.callId) === undefined) {
    throw new AppError('invalid_input', 'Malformed provider callback: callId is not one of ours');
  }
  const call = await findCallForCallback(deps.db, event.callId, event.providerSid);
  if (!call) return { status: 'unknown_call' };
  const result = await applyRecordingEvent(deps.db, {
    call,
    eventKey: `rec:${event.recordingSid}:${event.status}`,
    payload: input.params,
    recordingSid: event.recordingSid,
    status: event.status,
    durationSec: event.durationSec ?? null,
    expiresAt: expiresAt('recording', call.queuedAt),
    now: deps.clock.now(),
  });
  if (!result.inserted) return { status: 'duplicate' };
  return { status: result.updated ? 'applied' : 'unchanged' };
}
