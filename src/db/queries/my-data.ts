import { and, desc, eq, isNotNull, or } from 'drizzle-orm';
import type { Db } from '../client';
import { agentSessions, calls, members, securityEvents, sessions, teams, users } from '../schema';

/** Everything stored about one person as a user (not the team data they work on), for an access request. */
export async function collectMyData(db: Db, userId: string) {
  const [profile] = await db
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      createdAt: users.createdAt,
      updatedAt: users.updatedAt,
    })
    .from(users)
    .where(eq(users.id, userId));
  const memberships = await db
    .select({ teamId: teams.id, teamName: teams.name, role: members.role, joinedAt: members.createdAt })
    .from(members)
    .innerJoin(teams, eq(teams.id, members.teamId))
    .where(eq(members.userId, userId));
  const mySessions = await db
    .select({
      createdAt: sessions.createdAt,
      lastSeenAt: sessions.updatedAt,
      expiresAt: sessions.expiresAt,
      ipAddress: sessions.ipAddress,
      userAgent: sessions.userAgent,
    })
    .from(sessions)
    .where(eq(sessions.userId, userId));
  const events = await db
    .select({
      type: securityEvents.type,
      at: securityEvents.createdAt,
      ipAddress: securityEvents.ipAddress,
      userAgent: securityEvents.userAgent,
    })
    .from(securityEvents)
    .where(eq(securityEvents.userId, userId))
    .orderBy(desc(securityEvents.createdAt));
  const myCalls = await db
    .select({
      teamId: calls.teamId,
      dialedNumber: calls.dialedNumber,
      callerId: calls.callerId,
      startedAt: calls.queuedAt,
      answeredAt: calls.answeredAt,
      endedAt: calls.endedAt,
      durationSec: calls.durationSec,
      outcome: calls.outcome,
      disposition: calls.disposition,
      notes: calls.notes,
    })
    .from(calls)
    .where(eq(calls.agentId, userId))
    .orderBy(desc(calls.queuedAt));
  // The phone or SIP address the dialer calls for the agent's own line (decisions 0009, 0014), per team.
  const dialerLines = await db
    .select({ teamId: agentSessions.teamId, phone: agentSessions.linePhone, sip: agentSessions.lineSip })
    .from(agentSessions)
    .where(
      and(eq(agentSessions.userId, userId), or(isNotNull(agentSessions.linePhone), isNotNull(agentSessions.lineSip))),
    );
  return {
    profile: profile ?? null,
    memberships,
    sessions: mySessions,
    securityEvents: events,
    calls: myCalls,
    dialerLines,
  };
}
