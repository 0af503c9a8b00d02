import { stateOfNumber } from '../../core/telephony/area-codes';
import { upsertProviderNumbers } from '../../db/queries/caller-ids';
import type { AppDeps } from '../deps';
import { inboundRoute } from './telephony-urls';

/**
 * Copies the provider's numbers (SignalWire: the project's; simulator: SIMULATOR_NUMBERS) into the team's caller IDs.
 * Caps, names and active flags set here survive a re-sync; a number the provider dropped stops being offered.
 */
export async function syncPhoneNumbers(
  deps: Pick<AppDeps, 'db' | 'telephony' | 'calling' | 'clock' | 'settings'>,
  teamId: string,
) {
  const listed = await deps.telephony.listNumbers();
  const numbers = listed.map((n) => ({
    e164: n.e164,
    friendlyName: n.friendlyName ?? '',
    state: stateOfNumber(n.e164) ?? null,
  }));
  const result = await upsertProviderNumbers(deps.db, teamId, deps.calling.provider, numbers, deps.clock.now());
  // Calls back in reach our inbound handler: every sync points the numbers' voice URL at it (decision 0026).
  await deps.telephony.routeInboundCalls(inboundRoute(deps.settings.publicBaseUrl));
  return result;
}
