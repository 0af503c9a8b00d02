import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { DropLibrary, DropMessageView } from '../../core/api/voicemail-drop.types';
import { AppError, notFound } from '../../core/errors';
import type { TeamScope } from '../../core/teams/scope';
import { DROP_AUDIO_MAX_BYTES, DROP_NAME_MAX, DROP_TEXT_MAX, checkDropAudio } from '../../core/voicemail/drop-audio';
import { findTeamCampaign } from '../../db/queries/campaigns';
import {
  chooseDropMessage,
  countDropMessages,
  deleteDropMessage,
  getDropMessage,
  insertDropMessage,
  listDropMessages,
  type DropMessageRow,
} from '../../db/queries/drop-messages';
import type { AppDeps } from '../deps';

/** A small library: a handful of versions to choose from, not an audio archive. */
export const MAX_DROP_MESSAGES = 20;

const name = z
  .string()
  .trim()
  .min(1, 'Give the message a name')
  .max(DROP_NAME_MAX, `At most ${DROP_NAME_MAX} characters`)
  .refine((s) => !/\p{Cc}/u.test(s), 'No control characters');

export const newDropTextSchema = z.object({
  name,
  text: z.string().trim().min(1, 'Write the words to read').max(DROP_TEXT_MAX, `At most ${DROP_TEXT_MAX} characters`),
});
export const chooseDropMessageSchema = z.object({ messageId: z.string().uuid('Not a message id').nullable() });

export function dropMessageView(m: DropMessageRow): DropMessageView {
  return {
    id: m.id,
    name: m.name,
    kind: m.kind,
    text: m.text,
    contentType: m.contentType,
    sizeBytes: m.sizeBytes,
    chosen: m.chosen,
    createdAt: m.createdAt.toISOString(),
  };
}

async function campaignOf(deps: Pick<AppDeps, 'db'>, scope: TeamScope, campaignId: string) {
  const campaign = await findTeamCampaign(deps.db, scope, campaignId);
  if (!campaign) throw notFound('No such campaign');
  return campaign;
}

async function roomForOneMore(deps: Pick<AppDeps, 'db'>, scope: TeamScope, campaignId: string) {
  if ((await countDropMessages(deps.db, scope, campaignId)) >= MAX_DROP_MESSAGES)
    throw new AppError(
      'invalid_state',
      `This campaign already has ${MAX_DROP_MESSAGES} drop messages: delete one you no longer use first`,
    );
}

export async function getDropLibrary(
  deps: Pick<AppDeps, 'db'>,
  scope: TeamScope,
  campaignId: string,
): Promise<DropLibrary> {
  await campaignOf(deps, scope, campaignId);
  const messages = await listDropMessages(deps.db, scope, campaignId);
  return { messages: messages.map(dropMessageView), maxBytes: DROP_AUDIO_MAX_BYTES, maxMessages: MAX_DROP_MESSAGES };
}

/** Reads at most `max + 1` bytes, so an oversized body is known as such without reading it all. */
async function readCapped(body: ReadableStream<Uint8Array> | null, max: number): Promise<Uint8Array> {
  if (!body) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.length;
      if (size > max) break;
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
  return Buffer.concat(chunks, size);
}

/**
 * Adds an uploaded recording to the campaign's library: the raw request body, at most 5 MB, a WAV or MP3 by its
 * bytes (its name only becomes the default label). The file is stored under the new message's id before the row
 * exists, so a row never names a missing file.
 */
export async function uploadDropAudio(
  deps: Pick<AppDeps, 'db' | 'clock' | 'dropAudioFiles'>,
  scope: TeamScope,
  input: { campaignId: string; name: string; declaredBytes: number | null; body: ReadableStream<Uint8Array> | null },
): Promise<DropMessageView> {
  await campaignOf(deps, scope, input.campaignId);
  const label = name.safeParse(input.name);
  if (!label.success)
    throw new AppError('invalid_input', 'The message needs a name', {
      fields: { name: label.error.issues[0]?.message ?? 'Invalid' },
    });
  const tooLarge = () =>
    new AppError(
      'payload_too_large',
      `The file is larger than ${DROP_AUDIO_MAX_BYTES / 1024 / 1024} MB: shorten or compress it`,
      {
        fields: { file: 'Too large' },
      },
    );
  if (input.declaredBytes !== null && input.declaredBytes > DROP_AUDIO_MAX_BYTES) throw tooLarge();
  await roomForOneMore(deps, scope, input.campaignId);
  const bytes = await readCapped(input.body, DROP_AUDIO_MAX_BYTES);
  if (bytes.length > DROP_AUDIO_MAX_BYTES) throw tooLarge();
  const check = checkDropAudio(bytes);
  if (!check.ok)
    throw new AppError(bytes.length === 0 ? 'invalid_input' : 'unsupported_media_type', check.message, {
      fields: { file: check.message },
    });
  const id = randomUUID();
  const writer = await deps.dropAudioFiles.create(id);
  try {
    await writer.write(bytes);
    await writer.close();
  } catch (e) {
    await writer.abort();
    throw e;
  }
  try {
    const row = await insertDropMessage(deps.db, scope, {
      id,
      campaignId: input.campaignId,
      name: label.data,
      kind: 'audio',
      contentType: check.contentType,
      sizeBytes: bytes.length,
      now: deps.clock.now(),
    });
    return dropMessageView(row);
  } catch (e) {
    await deps.dropAudioFiles.remove(id);
    throw e;
  }
}

/** Adds words the provider reads with text-to-speech. */
export async function addDropText(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  scope: TeamScope,
  campaignId: string,
  input: z.infer<typeof newDropTextSchema>,
): Promise<DropMessageView> {
  await campaignOf(deps, scope, campaignId);
  await roomForOneMore(deps, scope, campaignId);
  const row = await insertDropMessage(deps.db, scope, {
    campaignId,
    name: input.name,
    kind: 'tts',
    text: input.text,
    now: deps.clock.now(),
  });
  return dropMessageView(row);
}

/** Chooses the campaign's drop message (null: no drop; a machine is then simply hung up on). */
export async function chooseCampaignDropMessage(
  deps: Pick<AppDeps, 'db'>,
  scope: TeamScope,
  campaignId: string,
  input: z.infer<typeof chooseDropMessageSchema>,
): Promise<DropLibrary> {
  await campaignOf(deps, scope, campaignId);
  if (input.messageId !== null && !(await getDropMessage(deps.db, scope, campaignId, input.messageId)))
    throw new AppError('not_found', 'No such drop message in this campaign', {
      fields: { messageId: 'Not in this campaign' },
    });
  await chooseDropMessage(deps.db, scope, campaignId, input.messageId);
  return getDropLibrary(deps, scope, campaignId);
}

/** Deletes a message and its recording. Drops already played keep the message's name on their calls. */
export async function removeDropMessage(
  deps: Pick<AppDeps, 'db' | 'dropAudioFiles'>,
  scope: TeamScope,
  campaignId: string,
  messageId: string,
): Promise<void> {
  await campaignOf(deps, scope, campaignId);
  const removed = await deleteDropMessage(deps.db, scope, campaignId, messageId);
  if (!removed) throw notFound('No such drop message');
  if (removed.kind === 'audio') await deps.dropAudioFiles.remove(removed.id);
}

/** The recording of one message, for the library's preview (members of the team only). */
export async function readDropAudio(
  deps: Pick<AppDeps, 'db' | 'dropAudioFiles'>,
  scope: TeamScope,
  campaignId: string,
  messageId: string,
) {
  await campaignOf(deps, scope, campaignId);
  const message = await getDropMessage(deps.db, scope, campaignId, messageId);
  if (!message || message.kind !== 'audio') throw notFound('No such recording');
  return {
    contentType: message.contentType ?? 'application/octet-stream',
    sizeBytes: message.sizeBytes,
    body: deps.dropAudioFiles.read(message.id, { start: 0 }),
  };
}
