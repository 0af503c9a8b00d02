import { and, desc, eq, sql } from 'drizzle-orm';
import type { TeamScope } from '../../core/teams/scope';
import type { Db, RootDb } from '../client';
import { dropMessages, voicemailDrops } from '../schema';

// Voicemail drop (decision 0029): the campaign's message library and the drops played.

const messageColumns = {
  id: dropMessages.id,
  campaignId: dropMessages.campaignId,
  name: dropMessages.name,
  kind: dropMessages.kind,
  text: dropMessages.text,
  contentType: dropMessages.contentType,
  sizeBytes: dropMessages.sizeBytes,
  chosen: dropMessages.chosen,
  createdAt: dropMessages.createdAt,
};
export type DropMessageRow = {
  id: string;
  campaignId: string;
  name: string;
  kind: 'audio' | 'tts';
  text: string | null;
  contentType: string | null;
  sizeBytes: number | null;
  chosen: boolean;
  createdAt: Date;
};

export async function listDropMessages(db: Db, scope: TeamScope, campaignId: string): Promise<DropMessageRow[]> {
  return db
    .select(messageColumns)
    .from(dropMessages)
    .where(and(eq(dropMessages.teamId, scope.teamId), eq(dropMessages.campaignId, campaignId)))
    .orderBy(desc(dropMessages.createdAt), desc(dropMessages.id));
}

export async function countDropMessages(db: Db, scope: TeamScope, campaignId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(dropMessages)
    .where(and(eq(dropMessages.teamId, scope.teamId), eq(dropMessages.campaignId, campaignId)));
  return row?.n ?? 0;
}

export async function getDropMessage(
  db: Db,
  scope: TeamScope,
  campaignId: string,
  id: string,
): Promise<DropMessageRow | null> {
  const [row] = await db
    .select(messageColumns)
    .from(dropMessages)
    .where(
      and(eq(dropMessages.teamId, scope.teamId), eq(dropMessages.campaignId, campaignId), eq(dropMessages.id, id)),
    );
  return row ?? null;
}

export async function insertDropMessage(
  db: Db,
  scope: TeamScope,
  input: {
    id?: string;
    campaignId: string;
    name: string;
    kind: 'audio' | 'tts';
    text?: string | null;
    contentType?: string | null;
    sizeBytes?: number | null;
    now: Date;
  },
): Promise<DropMessageRow> {
  const [row] = await db
    .insert(dropMessages)
    .values({
      ...(input.id ? { id: input.id } : {}),
      teamId: scope.teamId,
      campaignId: input.campaignId,
      name: input.name,
      kind: input.kind,
      text: input.text ?? null,
      contentType: input.contentType ?? null,
      sizeBytes: input.sizeBytes ?? null,
      createdBy: scope.userId,
      createdAt: input.now,
    })
    .returning(messageColumns);
  return row!;
}

/** Makes `id` the campaign's drop message (null: none); the partial unique index keeps it to one. */
export async function chooseDropMessage(db: RootDb, scope: TeamScope, campaignId: string, id: string | null) {
  await db.transaction(async (tx) => {
    const mine = and(eq(dropMessages.teamId, scope.teamId), eq(dropMessages.campaignId, campaignId));
    await tx
      .update(dropMessages)
      .set({ chosen: false })
      .where(and(mine, eq(dropMessages.chosen, true)));
    if (id !== null)
      await tx
        .update(dropMessages)
        .set({ chosen: true })
        .where(and(mine, eq(dropMessages.id, id)));
  });
}

export async function deleteDropMessage(db: Db, scope: TeamScope, campaignId: string, id: string) {
  const [row] = await db
    .delete(dropMessages)
    .where(and(eq(dropMessages.teamId, scope.teamId), eq(dropMessages.campaignId, campaignId), eq(dropMessages.id, id)))
    .returning({ id: dropMessages.id, kind: dropMessages.kind });
  return row ?? null;
}

/** The campaign's chosen message, read for a call of that team (no member scope: the provider's callbacks). */
export async function chosenDropMessage(db: Db, teamId: string, campaignId: string): Promise<DropMessageRow | null> {
  const [row] = await db
    .select(messageColumns)
    .from(dropMessages)
    .where(
      and(eq(dropMessages.teamId, teamId), eq(dropMessages.campaignId, campaignId), eq(dropMessages.chosen, true)),
    );
  return row ?? null;
}

/** The ids the team's drop recordings are stored under (deleted with the team). */
export async function teamDropAudioIds(db: Db, teamId: string): Promise<string[]> {
  const rows = await db
    .select({ id: dropMessages.id })
    .from(dropMessages)
    .where(and(eq(dropMessages.teamId, teamId), eq(dropMessages.kind, 'audio')));
  return rows.map((r) => r.id);
}

/**
 * Claims the lead's one drop in this campaign for `callId`. Null when the lead already had it (or this call already
 * claimed one): the unique index on (campaign, lead) decides, so two racing callbacks cannot both play it.
 */
export async function claimVoicemailDrop(
  db: Db,
  input: {
    teamId: string;
    campaignId: string;
    leadId: string;
    callId: string;
    dropMessageId: string;
    messageName: string;
    source: 'amd' | 'agent';
    now: Date;
  },
): Promise<{ id: string } | null> {
  const [row] = await db
    .insert(voicemailDrops)
    .values({
      teamId: input.teamId,
      campaignId: input.campaignId,
      leadId: input.leadId,
      callId: input.callId,
      dropMessageId: input.dropMessageId,
      messageName: input.messageName,
      source: input.source,
      requestedAt: input.now,
    })
    .onConflictDoNothing()
    .returning({ id: voicemailDrops.id });
  return row ?? null;
}

/** A drop claimed but never started (the redirect failed): the lead may have it another time. */
export async function releaseVoicemailDrop(db: Db, dropId: string) {
  await db.delete(voicemailDrops).where(and(eq(voicemailDrops.id, dropId), sql`${voicemailDrops.playedAt} is null`));
}

/** The drop of a call, with what its message is now (the message may have been deleted since: then nulls). */
export async function voicemailDropForCall(db: Db, callId: string) {
  const [row] = await db
    .select({
      id: voicemailDrops.id,
      teamId: voicemailDrops.teamId,
      dropMessageId: voicemailDrops.dropMessageId,
      messageName: voicemailDrops.messageName,
      playedAt: voicemailDrops.playedAt,
      kind: dropMessages.kind,
      text: dropMessages.text,
    })
    .from(voicemailDrops)
    .leftJoin(dropMessages, eq(dropMessages.id, voicemailDrops.dropMessageId))
    .where(eq(voicemailDrops.callId, callId));
  return row ?? null;
}

/** The provider fetched the drop document: it plays from now; its audio URL's token (hashed) is good until `expiresAt`. */
export async function markVoicemailDropPlayed(
  db: Db,
  dropId: string,
  input: { at: Date; tokenHash: string | null; expiresAt: Date | null },
) {
  await db
    .update(voicemailDrops)
    .set({
      playedAt: sql`coalesce(${voicemailDrops.playedAt}, ${input.at.toISOString()}::timestamptz)`,
      audioTokenHash: input.tokenHash,
      audioTokenExpiresAt: input.expiresAt,
    })
    .where(eq(voicemailDrops.id, dropId));
}

/** What the audio URL of a drop may serve: the token to check and the recording it names. */
export async function voicemailDropAudio(db: Db, dropId: string) {
  const [row] = await db
    .select({
      tokenHash: voicemailDrops.audioTokenHash,
      expiresAt: voicemailDrops.audioTokenExpiresAt,
      dropMessageId: voicemailDrops.dropMessageId,
      contentType: dropMessages.contentType,
      sizeBytes: dropMessages.sizeBytes,
    })
    .from(voicemailDrops)
    .innerJoin(dropMessages, eq(dropMessages.id, voicemailDrops.dropMessageId))
    .where(and(eq(voicemailDrops.id, dropId), eq(dropMessages.kind, 'audio')));
  return row ?? null;
}

/** Whether the lead already had its one drop in this campaign (so an agent's drop would play nothing). */
export async function leadHadVoicemailDrop(
  db: Db,
  input: { teamId: string; campaignId: string; leadId: string },
): Promise<boolean> {
  const [row] = await db
    .select({ id: voicemailDrops.id })
    .from(voicemailDrops)
    .where(
      and(
        eq(voicemailDrops.teamId, input.teamId),
        eq(voicemailDrops.campaignId, input.campaignId),
        eq(voicemailDrops.leadId, input.leadId),
      ),
    )
    .limit(1);
  return !!row;
}
