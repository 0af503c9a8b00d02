import { and, asc, desc, eq, gt, inArray, isNull, lt, sql } from 'drizzle-orm';
import type { TeamScope } from '../../core/teams/scope';
import type { Db } from '../client';
import { isAbandoned, isLiveAnswer, ringMs } from './compliance';
import { calls, campaigns, dataExports, dncNumbers, leads, members, recordings, teams, users } from '../schema';

export async function createExport(db: Db, scope: TeamScope) {
  const [row] = await db.insert(dataExports).values({ teamId: scope.teamId, requestedBy: scope.userId }).returning();
  return row!;
}

export async function listExports(db: Db, scope: TeamScope) {
  return db
    .select({
      id: dataExports.id,
      status: dataExports.status,
      sizeBytes: dataExports.sizeBytes,
      counts: dataExports.counts,
      error: dataExports.error,
      createdAt: dataExports.createdAt,
      finishedAt: dataExports.finishedAt,
      expiresAt: dataExports.expiresAt,
      requestedBy: users.name,
    })
    .from(dataExports)
    .leftJoin(users, eq(users.id, dataExports.requestedBy))
    .where(eq(dataExports.teamId, scope.teamId))
    .orderBy(desc(dataExports.createdAt))
    .limit(20);
}

export async function getExport(db: Db, scope: TeamScope, id: string) {
  const [row] = await db
    .select()
    .from(dataExports)
    .where(and(eq(dataExports.teamId, scope.teamId), eq(dataExports.id, id)));
  return row ?? null;
}

/** For the job, which runs outside a request: the row tells which team it belongs to. */
export async function getExportForJob(db: Db, id: string) {
  const [row] = await db.select().from(dataExports).where(eq(dataExports.id, id));
  return row ?? null;
}

export async function updateExport(db: Db, id: string, set: Partial<typeof dataExports.$inferInsert>) {
  await db.update(dataExports).set(set).where(eq(dataExports.id, id));
}

export async function expiredExports(db: Db, now: Date, limit = 200) {
  return db
    .select({ id: dataExports.id })
    .from(dataExports)
    .where(and(eq(dataExports.status, 'done'), lt(dataExports.expiresAt, now)))
    .limit(limit);
}

/** Of the given export ids, those that still have a row (a file without one is an orphan). */
export async function existingExportIds(db: Db, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.select({ id: dataExports.id }).from(dataExports).where(inArray(dataExports.id, ids));
  return new Set(rows.map((r) => r.id));
}

export async function teamSettings(db: Db, scope: TeamScope) {
  const [team] = await db.select().from(teams).where(eq(teams.id, scope.teamId));
  const campaignRows = await db
    .select()
    .from(campaigns)
    .where(eq(campaigns.teamId, scope.teamId))
    .orderBy(asc(campaigns.createdAt));
  return { team, campaigns: campaignRows };
}

export async function teamMembersForExport(db: Db, scope: TeamScope) {
  return db
    .select({ name: users.name, email: users.email, role: members.role, joinedAt: members.createdAt })
    .from(members)
    .innerJoin(users, eq(users.id, members.userId))
    .where(eq(members.teamId, scope.teamId))
    .orderBy(asc(members.createdAt));
}

export async function teamDnc(db: Db, scope: TeamScope) {
  return db
    .select({
      phone: dncNumbers.phone,
      reason: dncNumbers.reason,
      source: dncNumbers.source,
      addedAt: dncNumbers.addedAt,
      addedBy: users.name,
    })
    .from(dncNumbers)
    .leftJoin(users, eq(users.id, dncNumbers.addedBy))
    .where(eq(dncNumbers.teamId, scope.teamId))
    .orderBy(asc(dncNumbers.addedAt));
}

/** One page of the team's calls by id, so the export streams however many there are. */
export async function callsPage(db: Db, scope: TeamScope, afterId: string | null, limit: number) {
  return db
    .select({
      id: calls.id,
      queuedAt: calls.queuedAt,
      answeredAt: calls.answeredAt,
      endedAt: calls.endedAt,
      durationSec: calls.durationSec,
      dialedNumber: calls.dialedNumber,
      callerId: calls.callerId,
      agent: users.name,
      campaign: campaigns.name,
      leadFirstName: leads.firstName,
      leadLastName: leads.lastName,
      status: calls.status,
      outcome: calls.outcome,
      disposition: calls.disposition,
      notes: calls.notes,
      callbackAt: calls.callbackAt,
      decision: calls.complianceDecision,
      // The safe-harbor records (decision 0025), kept with the call for as long as the call.
      ringingAt: calls.ringingAt,
      ringMs,
      amdResult: calls.amdResult,
      agentConnectedAt: calls.agentConnectedAt,
      safeHarborAt: calls.safeHarborAt,
      abandoned: sql<boolean | null>`case when ${calls.connectRecorded} and ${isLiveAnswer} and ${calls.statusRank} = 4
        then ${isAbandoned} end`,
      direction: calls.direction,
    })
    .from(calls)
    .leftJoin(users, eq(users.id, calls.agentId))
    .leftJoin(campaigns, eq(campaigns.id, calls.campaignId))
    .leftJoin(leads, eq(leads.id, calls.leadId))
    .where(and(eq(calls.teamId, scope.teamId), afterId ? gt(calls.id, afterId) : undefined))
    .orderBy(asc(calls.id))
    .limit(limit);
}

/** Recordings still retained (not expired, not deleted): the export includes their audio. */
export async function retainedRecordings(db: Db, scope: TeamScope, now: Date) {
  return db
    .select({ callId: recordings.callId, providerSid: recordings.providerSid })
    .from(recordings)
    .where(
      and(
        eq(recordings.teamId, scope.teamId),
        isNull(recordings.deletedAt),
        gt(recordings.expiresAt, now),
        sql`${recordings.status} = 'completed'`,
      ),
    )
    .orderBy(asc(recordings.createdAt));
}

export async function countTeamLeads(db: Db, scope: TeamScope) {
  return db.$count(leads, eq(leads.teamId, scope.teamId));
}

export async function userEmail(db: Db, userId: string) {
  const [u] = await db.select({ email: users.email }).from(users).where(eq(users.id, userId));
  return u?.email ?? null;
}
