import { z } from 'zod';
import { AppError } from '../../core/errors';
import type { TeamScope } from '../../core/teams/scope';
import { countTeamNumbers, teamNumberByE164 } from '../../db/queries/caller-ids';
import type { AppDeps } from '../deps';
import { syncPhoneNumbers } from './sync-phone-numbers';

const e164 = z.string().regex(/^\+[1-9]\d{6,14}$/, 'Give the number in international format, e.g. +12125550147');

export const simulatedInboundCallSchema = z.object({
  from: e164,
  to: e164,
  pressKey: z
    .string()
    .regex(/^[0-9*#]$/, 'One key: 0–9, * or #')
    .nullable()
    .default(null),
  hangUpAfterSec: z.number().int().min(1, 'At least 1 second').max(3600, 'At most an hour').default(60),
});

/**
 * A test call into one of the team's numbers, placed by the embedded simulator (the Caller IDs page's test form
 * and the tests): it reaches our inbound handler exactly as a provider's would. Refused on a real carrier.
 */
export async function placeSimulatedInboundCall(
  deps: Pick<AppDeps, 'db' | 'telephony' | 'calling' | 'clock' | 'settings' | 'inboundSimulator'>,
  scope: TeamScope,
  raw: unknown,
): Promise<{ providerSid: string }> {
  if (!deps.inboundSimulator)
    throw new AppError(
      'invalid_state',
      'Test calls in come from the built-in simulator only: on SignalWire, ring one of your numbers from a phone',
    );
  const input = simulatedInboundCallSchema.parse(raw);
  if ((await countTeamNumbers(deps.db, scope.teamId)) === 0) await syncPhoneNumbers(deps, scope.teamId);
  if (!(await teamNumberByE164(deps.db, scope, input.to)))
    throw new AppError('invalid_input', 'That number is not one of your caller IDs', {
      fields: { to: 'Pick one of your caller IDs' },
    });
  return deps.inboundSimulator.placeInboundCall(input);
}
