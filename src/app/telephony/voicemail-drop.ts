import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { isUuid } from '../../core/ids';
import { isFinal } from '../../core/telephony/call-status';
import { withCallId } from '../../core/telephony/callbacks';
import type { CallRow } from '../../db/queries/calls';
import { findCallForCallback } from '../../db/queries/calls';
import {
  chosenDropMessage,
  claimVoicemailDrop,
  markVoicemailDropPlayed,
  releaseVoicemailDrop,
  voicemailDropAudio,
  voicemailDropForCall,
} from '../../db/queries/drop-messages';
import type { AppDeps } from '../deps';
import { webhookUrls } from './telephony-urls';

/** How long the provider may fetch a drop's recording after it was handed the URL. */
export const DROP_AUDIO_TOKEN_TTL_MS = 15 * 60_000;

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * Plays the campaign's drop message into a call that reached a machine (decision 0029): claims the lead's one drop
 * in this campaign (the database refuses a second) and redirects the live call to the drop document, which leaves
 * the agent's conference. 'none' when the campaign has no drop message, the lead already had its drop, or the call
 * is over; the caller then hangs up as before.
 */
export async function playVoicemailDrop(
  deps: Pick<AppDeps, 'db' | 'clock' | 'telephony' | 'settings' | 'log'>,
  call: Pick<CallRow, 'id' | 'teamId' | 'campaignId' | 'leadId' | 'providerSid' | 'status'>,
  source: 'amd' | 'agent',
): Promise<'dropped' | 'none'> {
  if (!call.campaignId || !call.leadId || !call.providerSid || isFinal(call.status)) return 'none';
  const message = await chosenDropMessage(deps.db, call.teamId, call.campaignId);
  if (!message) return 'none';
  const claimed = await claimVoicemailDrop(deps.db, {
    teamId: call.teamId,
    campaignId: call.campaignId,
    leadId: call.leadId,
    callId: call.id,
    dropMessageId: message.id,
    messageName: message.name,
    source,
    now: deps.clock.now(),
  });
  if (!claimed) {
    deps.log.info({ callId: call.id }, 'voicemail drop skipped: this lead already had its drop in this campaign');
    return 'none';
  }
  const url = withCallId(webhookUrls(deps.settings.publicBaseUrl).voicemailDropUrl, call.id);
  try {
    await deps.telephony.redirectCall({ providerSid: call.providerSid, url });
  } catch (err) {
    // Not played: the lead keeps its one drop for a later call.
    await releaseVoicemailDrop(deps.db, claimed.id);
    deps.log.warn({ callId: call.id, err: err instanceof Error ? err.message : String(err) }, 'voicemail drop failed');
    return 'none';
  }
  deps.log.info({ callId: call.id, source }, 'voicemail drop started');
  return 'dropped';
}

/**
 * The drop document the provider fetches after the redirect: the recording (from a one-off URL only the provider
 * was given) or the words to read, then hang up. Records when the drop started playing. Null for a call with no
 * drop, or whose message was deleted in between (the webhook then hangs up).
 */
export async function voicemailDropDocument(
  deps: Pick<AppDeps, 'db' | 'clock' | 'telephony' | 'settings'>,
  input: { callId: string | undefined; callSid: string },
): Promise<string | null> {
  const call = input.callSid ? await findCallForCallback(deps.db, input.callId, input.callSid) : null;
  if (!call) return null;
  const drop = await voicemailDropForCall(deps.db, call.id);
  if (!drop || drop.kind === null) return null;
  const at = deps.clock.now();
  if (drop.kind === 'tts') {
    await markVoicemailDropPlayed(deps.db, drop.id, { at, tokenHash: null, expiresAt: null });
    return deps.telephony.voicemailDropCxml({ text: drop.text ?? '' });
  }
  const token = randomBytes(32).toString('base64url');
  await markVoicemailDropPlayed(deps.db, drop.id, {
    at,
    tokenHash: hashToken(token),
    expiresAt: new Date(at.getTime() + DROP_AUDIO_TOKEN_TTL_MS),
  });
  const audioUrl = `${webhookUrls(deps.settings.publicBaseUrl).voicemailDropAudioUrl(drop.id)}?token=${token}`;
  return deps.telephony.voicemailDropCxml({ audioUrl });
}

/**
 * The recording behind a drop's audio URL, for the provider's fetch: no login session, no signature (a carrier's
 * media fetch carries none), only the drop's one-off token until it expires. Null for anything else (404).
 */
export async function readVoicemailDropAudio(
  deps: Pick<AppDeps, 'db' | 'clock' | 'dropAudioFiles'>,
  input: { dropId: string; token: string | undefined },
) {
  if (!isUuid(input.dropId) || !input.token) return null;
  const drop = await voicemailDropAudio(deps.db, input.dropId);
  if (!drop?.tokenHash || !drop.expiresAt || !drop.dropMessageId) return null;
  if (drop.expiresAt.getTime() <= deps.clock.now().getTime()) return null;
  const given = Buffer.from(hashToken(input.token));
  const kept = Buffer.from(drop.tokenHash);
  if (given.length !== kept.length || !timingSafeEqual(given, kept)) return null;
  return {
    contentType: drop.contentType ?? 'application/octet-stream',
    sizeBytes: drop.sizeBytes,
    body: deps.dropAudioFiles.read(drop.dropMessageId, { start: 0 }),
  };
}
