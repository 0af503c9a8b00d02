import { and, desc, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import type { TeamScope } from '../../core/teams/scope';
import type { Db } from '../client';
import { calls, dncNumbers, leads } from '../schema';
import { dncAddedEvent } from './dnc';
import type { LeadRow } from './leads';
import { enqueueWebhookEvents } from './webhooks';

// Writes of the dialing loop that are not the pick itself (src/db/queries/lead-reservations.ts): the dial claim, the
// disposition, the DNC entry a "Do not call" disposition adds. Every statement is scoped by team.

/**
 * Counts the dial against the lead — only while the agent still holds its reservation, so a lead whose
 * reservation was taken over or released is never dialled. The dial turns the lead into a retry that is not due
 * before the provisional next attempt (used if no disposition ever comes) and consumes a scheduled callback, so
 * the lead cannot be picked again while the call runs, even after its reservation lapses.
 */
export async function claimLeadForDial(
  db: Db,
  scope: TeamScope,
  input: { leadId: string; userId: string; now: Date; provisionalNextAttempt: Date; reservedUntil: Date },
): Promise<LeadRow | null> {
  const [row] = await db
    .update(leads)
    .set({
      attempts: sql`${leads.attempts} + 1`,
      status: 'retry',
      lastCalledAt: input.now,
      nextAttemptAt: input.provisionalNextAttempt,
      callbackAt: null,
      callbackUserId: null,
      reservedUntil: input.reservedUntil,
      updatedAt: input.now,
    })
    .where(and(eq(leads.teamId, scope.teamId), eq(leads.id, input.leadId), eq(leads.reservedBy, input.userId)))
    .returning();
  return row ?? null;
}

/** Undoes claimLeadForDial when no call could be placed at all (no caller ID left). */
export async function unclaimLeadDial(db: Db, scope: TeamScope, input: { lead: LeadRow }) {
  const l = input.lead;
  await db
    .update(leads)
    .set({
      attempts: l.attempts,
      status: l.status,
      nextAttemptAt: l.nextAttemptAt,
      lastCalledAt: l.lastCalledAt,
      callbackAt: l.callbackAt,
      callbackUserId: l.callbackUserId,
    })
    .where(and(eq(leads.teamId, scope.teamId), eq(leads.id, l.id)));
}

export async function attachCallToLead(db: Db, scope: TeamScope, input: { callId: string; leadId: string }) {
  await db
    .update(calls)
    .set({ leadId: input.leadId })
    .where(and(eq(calls.teamId, scope.teamId), eq(calls.id, input.callId)));
}

/** The lead after its disposition: out of the reservation, into its next status. */
export async function applyLeadOutcome(
  db: Db,
  scope: TeamScope,
  input: {
    leadId: string;
    status: string;
    nextAttemptAt: Date | null;
    callbackAt: Date | null;
    callbackUserId: string | null;
    lastDisposition: string;
    dnc: boolean;
    now: Date;
  },
): Promise<boolean> {
  const r = await db
    .update(leads)
    .set({
      status: input.status,
      // A retry without a time keeps the provisional next attempt the dial wrote.
      ...(input.nextAttemptAt !== null ? { nextAttemptAt: input.nextAttemptAt } : {}),
      callbackAt: input.callbackAt,
      callbackUserId: input.callbackUserId,
      lastDisposition: input.lastDisposition,
      reservedBy: null,
      reservedUntil: null,
      ...(input.dnc ? { dnc: true } : {}),
      updatedAt: input.now,
    })
    .where(and(eq(leads.teamId, scope.teamId), eq(leads.id, input.leadId)))
    .returning({ id: leads.id });
  return r.length > 0;
}

export async function setCallDisposition(
  db: Db,
  scope: TeamScope,
  input: {
    callId: string;
    disposition: string;
    notes: string | null;
    callbackAt: Date | null;
    consentConfirmed: boolean;
    now: Date;
    /** When the agent gave it (ends their wrap-up); null for an automatic disposition, which has no wrap-up. */
    disposedAt: Date | null;
  },
) {
  const [row] = await db
    .update(calls)
    .set({
      disposition: input.disposition,
      notes: input.notes,
      callbackAt: input.callbackAt,
      disposedAt: input.disposedAt,
      recordingConsentConfirmed: input.consentConfirmed,
      updatedAt: input.now,
    })
    .where(and(eq(calls.teamId, scope.teamId), eq(calls.id, input.callId)))
    .returning();
  return row ?? null;
}

/**
 * The call that scheduled the lead's callback held by this agent: their latest call on the lead with a callback
 * time (a later disposition without one would have ended the callback), unless it was already marked kept.
 */
export async function findCallbackSetter(
  db: Db,
  scope: TeamScope,
  input: { leadId: string; agentId: string },
): Promise<{ id: string; callbackAt: Date } | null> {
  const [row] = await db
    .select({ id: calls.id, callbackAt: calls.callbackAt, keptAt: calls.callbackKeptAt })
    .from(calls)
    .where(
      and(
        eq(calls.teamId, scope.teamId),
        eq(calls.leadId, input.leadId),
        eq(calls.agentId, input.agentId),
        isNotNull(calls.disposition),
      ),
    )
    .orderBy(desc(calls.queuedAt))
    .limit(1);
  if (!row?.callbackAt || row.keptAt) return null;
  return { id: row.id, callbackAt: row.callbackAt };
}

/** Marks the callback scheduled on this call as kept (once: a second dial keeps nothing more). */
export async function markCallbackKept(db: Db, scope: TeamScope, input: { callId: string; now: Date }) {
  await db
    .update(calls)
    .set({ callbackKeptAt: input.now })
    .where(and(eq(calls.teamId, scope.teamId), eq(calls.id, input.callId), isNull(calls.callbackKeptAt)));
}

/** Adds the number to the team's do-not-call list (a second "Do not call" is a no-op). */
export async function addDncFromDisposition(
  db: Db,
  scope: TeamScope,
  input: { phone: string; userId: string; now: Date },
) {
  const added = await db
    .insert(dncNumbers)
    .values({
      teamId: scope.teamId,
      phone: input.phone,
      reason: 'Asked not to be called (disposition)',
      source: 'disposition',
      addedBy: input.userId,
      addedAt: input.now,
    })
    .onConflictDoNothing({ target: [dncNumbers.teamId, dncNumbers.phone] })
    .returning({ id: dncNumbers.id, phone: dncNumbers.phone, reason: dncNumbers.reason });
  await enqueueWebhookEvents(
    db,
    scope.teamId,
    added.map((r) => dncAddedEvent(r, 'disposition', input.now)),
    input.now,
  );
  // Every other lead of the team with that number leaves the queue too.
  await db
    .update(leads)
    .set({ dnc: true, updatedAt: input.now })
    .where(and(eq(leads.teamId, scope.teamId), eq(leads.phone, input.phone), eq(leads.dnc, false)));
}
