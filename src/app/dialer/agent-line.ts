import { randomUUID } from 'node:crypto';
import { AppError } from '../../core/errors';
import { normalisePhone } from '../../core/leads';
import type { TeamScope } from '../../core/teams/scope';
import { isFinal } from '../../core/telephony/call-status';
import { usageDay } from '../../core/telephony/caller-id';
import { callIdFromUrl, parseStatusCallback } from '../../core/telephony/callbacks';
import { applyLineStatus, findLineSession, setOwnLine, storeLineSid } from '../../db/queries/agent-line';
import type { AudioLegState } from '../../ports/agent-audio';
import { callerIdCandidates, countTeamNumbers } from '../../db/queries/caller-ids';
import type { AppDeps } from '../deps';
import { callIdOrUndefined, type CallbackResult } from '../telephony/handle-status-callback';
import { syncPhoneNumbers } from '../telephony/sync-phone-numbers';
import { conferenceName, webhookUrls } from '../telephony/telephony-urls';

// The agent's own phone line on a real carrier (decision 0009). Going Ready rings the agent's phone; answering it
// puts them in their conference, where every lead they dial joins them; hanging it up (or Stop, or leaving) ends it.
// The simulator carries no audio, so there the line is not needed and none is placed.

/** Ringing the agent's phone: long enough to find it in a pocket, short of a voicemail box picking up. */
const LINE_RING_SEC = 30;

export const lineRequired = (deps: Pick<AppDeps, 'calling'>) => deps.calling.provider === 'signalwire';

/** The phone to ring, typed any way; a clear error naming the field when it is missing or not a number. */
export function linePhoneFrom(raw: string | null | undefined): string {
  if (!raw?.trim()) {
    throw new AppError('invalid_input', 'Enter the phone number we should ring for your calls', {
      fields: { linePhone: 'Enter the phone to ring for your calls' },
    });
  }
  const phone = normalisePhone(raw);
  if (!phone.ok) {
    const why =
      phone.reason === 'too_short' ? 'too short' : phone.reason === 'too_long' ? 'too long' : 'not a valid number';
    throw new AppError('invalid_input', 'That is not a phone number we can ring', {
      fields: { linePhone: `Not a phone we can ring: ${why}` },
    });
  }
  return phone.e164;
}

/** A placed line: to the agent's phone (E.164) or SIP address, answered into their conference alike. */
export type PlacedLineChoice = { kind: 'phone'; phone: string } | { kind: 'sip'; uri: string };

const targetOf = (c: PlacedLineChoice) => (c.kind === 'phone' ? c.phone : c.uri);
const whereTo = (c: PlacedLineChoice) => (c.kind === 'phone' ? 'your phone' : 'your SIP address');

/** A line already ringing or connected to the same phone or SIP address is kept; otherwise the old one ends and the new one is called. */
export async function ensureAgentLine(
  deps: Pick<AppDeps, 'db' | 'telephony' | 'calling' | 'settings' | 'clock' | 'log'>,
  scope: TeamScope,
  session: Pick<AudioLegState, 'id' | 'audioKind' | 'linePhone' | 'lineSip' | 'lineSid' | 'lineStatus'>,
  choice: PlacedLineChoice,
): Promise<void> {
  const live = session.lineSid !== null && (session.lineStatus === 'ringing' || session.lineStatus === 'connected');
  const current =
    session.audioKind === 'phone' ? session.linePhone : session.audioKind === 'sip' ? session.lineSip : null;
  if (live && session.audioKind === choice.kind && current === targetOf(choice)) return;
  if (live) await hangUpQuietly(deps, session.lineSid!);

  if ((await countTeamNumbers(deps.db, scope.teamId)) === 0) await syncPhoneNumbers(deps, scope.teamId);
  const [from] = await callerIdCandidates(deps.db, scope.teamId, null, usageDay(deps.clock.now()));
  if (!from)
    throw new AppError(
      'invalid_state',
      `This team has no active phone number to call ${whereTo(choice)} from (Settings → Caller IDs)`,
    );

  const lineId = randomUUID();
  const remembered = choice.kind === 'phone' ? { linePhone: choice.phone } : { lineSip: choice.uri };
  await setOwnLine(deps.db, scope, {
    ...remembered,
    audioKind: choice.kind,
    lineId,
    lineSid: null,
    lineStatus: 'ringing',
  });
  const urls = webhookUrls(deps.settings.publicBaseUrl);
  try {
    const { providerSid } = await deps.telephony.placeCall({
      to: targetOf(choice),
      from: from.e164,
      callId: lineId,
      answerUrl: urls.lineAnswerUrl,
      statusCallbackUrl: urls.lineStatusUrl,
      record: false,
      amd: false,
      ringTimeoutSec: LINE_RING_SEC,
    });
    await storeLineSid(deps.db, { lineId, lineSid: providerSid });
  } catch (err) {
    await setOwnLine(deps.db, scope, { lineStatus: 'dropped' });
    const why = err instanceof AppError ? err.message : 'the carrier did not answer';
    throw new AppError('provider_unavailable', `Could not call ${whereTo(choice)}: ${why}`);
  }
}

/** Stop: the line ends with the session. */
export async function endAgentLine(
  deps: Pick<AppDeps, 'db' | 'telephony' | 'log'>,
  scope: TeamScope,
  session: Pick<AudioLegState, 'lineSid' | 'lineStatus'>,
): Promise<void> {
  if (session.lineSid === null) return;
  await setOwnLine(deps.db, scope, { lineId: null, lineSid: null, lineStatus: 'none' });
  if (session.lineStatus === 'ringing' || session.lineStatus === 'connected')
    await hangUpQuietly(deps, session.lineSid);
}

export async function hangUpQuietly(deps: Pick<AppDeps, 'telephony' | 'log'>, providerSid: string): Promise<void> {
  try {
    await deps.telephony.hangUp({ providerSid });
  } catch (err) {
    deps.log.warn({ err: err instanceof Error ? err.message : String(err) }, "could not hang up an agent's phone line");
  }
}

/** The line's answer URL: into the agent's conference, or a hang-up for a line we no longer know. */
export async function agentLineCxml(
  deps: Pick<AppDeps, 'db' | 'telephony'>,
  input: { url: string; params: Record<string, string> },
): Promise<string | null> {
  const lineId = callIdOrUndefined(callIdFromUrl(input.url));
  const sid = input.params.CallSid;
  if (!lineId || !sid) return null;
  const session = await findLineSession(deps.db, { lineId, lineSid: sid });
  if (!session) return null;
  return deps.telephony.conferenceCxml({ conferenceName: conferenceName(session.id, session.id), leg: 'agent' });
}

/** A verified status callback of an agent's line: answered → connected; any end → dropped (see applyLineStatus). */
export async function handleAgentLineStatus(
  deps: Pick<AppDeps, 'db' | 'clock' | 'telephony' | 'log'>,
  input: { url: string; params: Record<string, string> },
): Promise<CallbackResult> {
  const event = parseStatusCallback(input.params, input.url);
  const lineId = callIdOrUndefined(event.callId);
  if (!lineId) return { status: 'unknown_call' };
  const session = await findLineSession(deps.db, { lineId, lineSid: event.providerSid });
  if (!session) return { status: 'unknown_call' };
  const status = event.status === 'in-progress' ? 'connected' : isFinal(event.status) ? 'dropped' : null;
  if (status === null) return { status: 'unchanged' };
  const { changed, liveCallSid } = await applyLineStatus(deps.db, { lineId, status, now: deps.clock.now() });
  // The agent is gone from the conference: a lead still ringing would answer into silence.
  if (liveCallSid !== null) await hangUpQuietly(deps, liveCallSid);
  return { status: changed ? 'applied' : 'unchanged' };
}
