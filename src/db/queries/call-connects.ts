import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { agentSessions, calls, campaigns, teams } from '../schema';
import { notifyCallChanged } from './call-changes';

// What happens to a callee the moment they answer (decision 0025): joined to their agent, or given the safe-harbor
// message. Reached from the provider's answer callback, which names a call, not a team: every read is keyed by the
// call's own team id.

export type AnswerRouting = {
  /** The agent session the call was dialled for, as it stands now; null when it is gone or the call had none. */
  session: Pick<typeof agentSessions.$inferSelect, 'state' | 'callId' | 'lineStatus'> | null;
  /** The campaign's safe-harbor settings (empty when unset) and the team's name, its fallback. */
  seller: string;
  callbackNumber: string;
  /** The campaign's wording of the message; empty for the default. */
  template: string;
  teamName: string;
};

export async function answerRoutingFor(
  db: Db,
  call: { teamId: string; campaignId: string | null; agentSessionId: string | null },
  sessionIsId: boolean,
): Promise<AnswerRouting> {
  const [names] = await db
    .select({
      teamName: teams.name,
      seller: sql<string>`coalesce(${campaigns.safeHarborSeller}, '')`,
      callbackNumber: sql<string>`coalesce(${campaigns.safeHarborCallbackNumber}, '')`,
      template: sql<string>`coalesce(${campaigns.safeHarborTemplate}, '')`,
    })
    .from(teams)
    .leftJoin(campaigns, and(eq(campaigns.teamId, teams.id), eq(campaigns.id, sql`${call.campaignId}::uuid`)))
    .where(eq(teams.id, call.teamId));
  const [session] =
    sessionIsId && call.agentSessionId !== null
      ? await db
          .select({ state: agentSessions.state, callId: agentSessions.callId, lineStatus: agentSessions.lineStatus })
          .from(agentSessions)
          .where(and(eq(agentSessions.teamId, call.teamId), eq(agentSessions.id, call.agentSessionId)))
      : [];
  return {
    session: session ?? null,
    seller: names?.seller ?? '',
    callbackNumber: names?.callbackNumber ?? '',
    template: names?.template ?? '',
    teamName: names?.teamName ?? '',
  };
}

/**
 * Stores how the answer was routed, once: a call is either connected or given the message, never both, and a
 * repeated answer callback keeps the first time. Returns false when the call was already routed the other way.
 */
export async function recordAnswerRouting(
  db: Db,
  callId: string,
  routing: { kind: 'connected' | 'safe_harbor'; at: Date },
): Promise<boolean> {
  const [row] =
    routing.kind === 'connected'
      ? await db
          .update(calls)
          .set({ agentConnectedAt: sql`coalesce(${calls.agentConnectedAt}, ${routing.at.toISOString()}::timestamptz)` })
          .where(and(eq(calls.id, callId), isNull(calls.safeHarborAt)))
          .returning({ teamId: calls.teamId, id: calls.id, agentId: calls.agentId })
      : await db
          .update(calls)
          .set({ safeHarborAt: sql`coalesce(${calls.safeHarborAt}, ${routing.at.toISOString()}::timestamptz)` })
          .where(and(eq(calls.id, callId), isNull(calls.agentConnectedAt)))
          .returning({ teamId: calls.teamId, id: calls.id, agentId: calls.agentId });
  if (row) await notifyCallChanged(db, row);
  return row !== undefined;
}
